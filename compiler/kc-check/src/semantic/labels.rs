//! KC0402 and KC0403: label and annotation keys and values, as the API server validates them.

use kc_project::tree::{Node, NodeValue};

use super::names::is_dns1123_subdomain;
use crate::path::FieldPath;
use crate::workload::pod_spec_location;
use crate::Sink;

/// `name` or `prefix/name`: the name is at most 63 characters of `[A-Za-z0-9_.-]`, starting
/// and ending alphanumeric; the prefix a DNS subdomain. Returns why it is invalid.
pub fn qualified_name_problem(key: &str) -> Option<String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix {
        if !is_dns1123_subdomain(prefix) {
            return Some(format!(
                "the prefix '{prefix}' must be a DNS subdomain (lower-case, like example.com)"
            ));
        }
    }
    if name.is_empty() {
        return Some("the name part is empty".to_owned());
    }
    if name.len() > 63 {
        return Some(format!(
            "the name part is {} characters long (at most 63)",
            name.len()
        ));
    }
    label_value_problem(name)
}

/// Label values: empty, or at most 63 characters of `[A-Za-z0-9_.-]` starting and ending
/// alphanumeric.
pub fn label_value_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if value.len() > 63 {
        return Some(format!(
            "it is {} characters long (at most 63)",
            value.len()
        ));
    }
    let bytes = value.as_bytes();
    if !bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Some("only letters, digits, '-', '_' and '.' are allowed".to_owned());
    }
    if !bytes[0].is_ascii_alphanumeric() || !bytes[bytes.len() - 1].is_ascii_alphanumeric() {
        return Some("it must start and end with a letter or digit".to_owned());
    }
    None
}

fn check_map(sink: &mut Sink<'_>, node: &Node, path: &FieldPath, annotations: bool) {
    let NodeValue::Object(entries) = &node.value else {
        return;
    };
    let code = if annotations { "KC0403" } else { "KC0402" };
    let what = if annotations { "annotation" } else { "label" };
    let mut total = 0usize;
    for entry in entries {
        // The entry's path is only built for a reported problem: most labels are valid.
        if let Some(problem) = qualified_name_problem(entry.key) {
            let diagnostic =
                kc_syntax::Diagnostic::error(code, format!("invalid {what} key '{}'", entry.key))
                    .with_primary(entry.key_span, problem);
            sink.report(diagnostic, Some(&path.key(entry.key)));
        }
        let Some(value) = entry.value.as_str() else {
            continue;
        };
        total += entry.key.len() + value.len();
        if !annotations {
            if let Some(problem) = label_value_problem(value) {
                let diagnostic = super::error_at(
                    code,
                    format!("invalid value '{value}' for label '{}'", entry.key),
                    &entry.value,
                    problem,
                )
                .with_note("label values are short identifiers; put free text in an annotation");
                sink.report(diagnostic, Some(&path.key(entry.key)));
            }
        }
    }
    if annotations && total > 256 * 1024 {
        let diagnostic = super::error_at(
            code,
            format!("annotations total {total} bytes"),
            node,
            "at most 256 KiB in total",
        );
        sink.report(diagnostic, Some(path));
    }
}

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let tree = &object.tree;
    let metadata = FieldPath::root().key("metadata");
    if let Some(labels) = tree.at(&["metadata", "labels"]) {
        check_map(sink, labels, &metadata.key("labels"), false);
    }
    if let Some(annotations) = tree.at(&["metadata", "annotations"]) {
        check_map(sink, annotations, &metadata.key("annotations"), true);
    }
    if object.identity.kind == "Service" {
        // The API server validates a Service selector like labels.
        if let Some(selector) = tree.at(&["spec", "selector"]) {
            check_map(
                sink,
                selector,
                &FieldPath::root().key("spec").key("selector"),
                false,
            );
        }
    }
    if let Some(location) = pod_spec_location(&object.identity.kind) {
        if let Some(template) = location.template_metadata {
            let base = crate::workload::field_path(template);
            if let Some(labels) = tree.at(template).and_then(|m| m.get("labels")) {
                check_map(sink, labels, &base.key("labels"), false);
            }
            if let Some(annotations) = tree.at(template).and_then(|m| m.get("annotations")) {
                check_map(sink, annotations, &base.key("annotations"), true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_rules() {
        assert_eq!(qualified_name_problem("app.kubernetes.io/name"), None);
        assert_eq!(qualified_name_problem("app"), None);
        assert!(qualified_name_problem("App.Example.com/name").is_some());
        assert!(qualified_name_problem("a/b/c").is_some());
        assert_eq!(label_value_problem(""), None);
        assert!(label_value_problem("-x").is_some());
        assert!(label_value_problem("has space").is_some());
    }
}
