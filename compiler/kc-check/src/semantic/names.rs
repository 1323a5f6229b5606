//! KC0401: object and container names follow the DNS rules the API server enforces.

use kc_project::tree::Node;

use super::error_at;
use crate::path::FieldPath;
use crate::workload::pod_spec;
use crate::Sink;

/// How a name is validated.
#[derive(Clone, Copy, PartialEq)]
enum Rule {
    Subdomain,
    Label,
    /// A label that starts with a letter (Service names).
    Dns1035,
}

fn rule_for_kind(kind: &str) -> Rule {
    match kind {
        "Service" => Rule::Dns1035,
        "Namespace" => Rule::Label,
        _ => Rule::Subdomain,
    }
}

pub fn is_dns1123_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
}

/// Like a label, but dots separate parts and the whole name may be 253 characters long (the
/// parts themselves have no 63-character limit, as in Kubernetes' `IsDNS1123Subdomain`).
pub fn is_dns1123_subdomain(name: &str) -> bool {
    let part_ok = |part: &str| {
        let bytes = part.as_bytes();
        !bytes.is_empty()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            && bytes[0].is_ascii_alphanumeric()
            && bytes[bytes.len() - 1].is_ascii_alphanumeric()
    };
    name.len() <= 253 && name.split('.').all(part_ok)
}

/// Service names are DNS-1035 labels: a DNS-1123 label that starts with a letter.
pub fn is_dns1035_label(name: &str) -> bool {
    is_dns1123_label(name) && name.as_bytes()[0].is_ascii_lowercase()
}

fn explain(name: &str, label: bool) -> String {
    let limit = if label { 63 } else { 253 };
    let mut reasons = Vec::new();
    if name.len() > limit {
        reasons.push(format!(
            "it is {} characters long (at most {limit})",
            name.len()
        ));
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        reasons.push("it has upper-case letters".to_owned());
    }
    if name
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    {
        reasons.push("it has characters other than a-z, 0-9, '-' and '.'".to_owned());
    }
    if label && name.contains('.') {
        reasons.push("it contains '.'".to_owned());
    }
    if name.starts_with(['-', '.']) || name.ends_with(['-', '.']) {
        reasons.push("it starts or ends with a non-alphanumeric character".to_owned());
    } else if label && name.starts_with(|c: char| c.is_ascii_digit()) {
        reasons.push("it starts with a digit".to_owned());
    }
    if reasons.is_empty() {
        reasons.push(if name.is_empty() {
            "it is empty".to_owned()
        } else {
            "it has an empty part between dots".to_owned()
        });
    }
    reasons.join(", ")
}

fn check_name(sink: &mut Sink<'_>, node: &Node, path: &FieldPath, kind_rule: Rule, what: &str) {
    let Some(name) = node.as_str() else { return };
    let valid = match kind_rule {
        Rule::Subdomain => is_dns1123_subdomain(name),
        Rule::Label => is_dns1123_label(name),
        Rule::Dns1035 => is_dns1035_label(name),
    };
    if valid {
        return;
    }
    let label = kind_rule != Rule::Subdomain;
    let rule = match kind_rule {
        Rule::Subdomain => "a DNS-1123 subdomain",
        Rule::Label => "a DNS-1123 label",
        Rule::Dns1035 => "a DNS-1035 label (starting with a letter)",
    };
    let suggestion = name.to_ascii_lowercase().replace(
        |c: char| !(c.is_ascii_alphanumeric() || c == '-' || (c == '.' && !label)),
        "-",
    );
    let suggestion = suggestion.trim_matches(|c| c == '-' || c == '.').to_owned();
    let mut diagnostic = error_at(
        "KC0401",
        format!("{what} '{name}' is not {rule}"),
        node,
        format!("not {rule}: {}", explain(name, label)),
    );
    if !suggestion.is_empty() && suggestion != name {
        diagnostic = diagnostic.with_note(format!("did you mean '{suggestion}'?"));
    }
    sink.report(diagnostic, Some(path));
}

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let tree = &object.tree;
    let kind = object.identity.kind.as_str();
    let metadata = FieldPath::root().key("metadata");
    if let Some(name) = tree.at(&["metadata", "name"]) {
        check_name(
            sink,
            name,
            &metadata.key("name"),
            rule_for_kind(kind),
            &format!("{kind} name"),
        );
    }
    if let Some(namespace) = tree.at(&["metadata", "namespace"]) {
        check_name(
            sink,
            namespace,
            &metadata.key("namespace"),
            Rule::Label,
            "namespace",
        );
    }
    if let Some((spec, spec_path)) = pod_spec(tree, kind) {
        for list in ["containers", "initContainers"] {
            let Some(kc_project::tree::NodeValue::List(items)) = spec.get(list).map(|n| &n.value)
            else {
                continue;
            };
            for (index, container) in items.iter().enumerate() {
                if let Some(name) = container.get("name") {
                    let path = spec_path.key(list).index(index).key("name");
                    check_name(sink, name, &path, Rule::Label, "container name");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_rules() {
        assert!(is_dns1123_label("api-v2"));
        assert!(!is_dns1123_label("api.v2"));
        assert!(!is_dns1123_label("API"));
        assert!(!is_dns1123_label("-api"));
        assert!(is_dns1123_subdomain("api.example.com"));
        assert!(!is_dns1123_subdomain("api..com"));
        assert!(!is_dns1123_subdomain(&"a".repeat(254)));
        assert!(is_dns1123_subdomain(&"a".repeat(71)));
        assert!(!is_dns1035_label("2fa-gateway"));
        assert!(is_dns1035_label("gateway-2fa"));
    }
}
