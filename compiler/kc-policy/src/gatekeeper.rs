//! Gatekeeper: ConstraintTemplates and their Constraints, read from YAML in the policy paths,
//! and the `spec.match` rules that say which objects a constraint applies to.

use std::path::Path;

use kc_eval::Database;
use kc_syntax::Diagnostic;

use crate::load::{add_module, Embedding, LoadedPolicies};

/// A ConstraintTemplate: the constraint kind it defines and the Rego package implementing it.
#[derive(Clone, Debug)]
pub struct Template {
    pub kind: String,
    pub package: String,
    pub origin: String,
}

/// A Constraint: an instance of a template with parameters and a match.
#[derive(Clone, Debug)]
pub struct Constraint {
    pub kind: String,
    pub name: String,
    /// The package of its template, once known.
    pub package: Option<String>,
    pub matcher: Match,
    pub parameters: serde_json::Value,
    /// `deny` (errors) or `warn`/`dryrun` (warnings), from `spec.enforcementAction`.
    pub warn_only: bool,
    pub origin: String,
}

/// `spec.match` of a constraint.
#[derive(Clone, Debug, Default)]
pub struct Match {
    /// (apiGroups, kinds) pairs; empty means every kind.
    pub kinds: Vec<(Vec<String>, Vec<String>)>,
    pub namespaces: Vec<String>,
    pub excluded_namespaces: Vec<String>,
    pub label_selector: Option<serde_json::Value>,
}

/// Reads the ConstraintTemplates and Constraints of one YAML file; other documents are ignored.
pub fn read_yaml(
    loaded: &mut LoadedPolicies,
    db: &Database,
    path: &Path,
    relative: &str,
    text: &str,
) {
    for document in serde_yaml::Deserializer::from_str(text) {
        let value: serde_json::Value = match serde::Deserialize::deserialize(document) {
            Ok(value) => value,
            Err(error) => {
                loaded.diagnostics.push(Diagnostic::error(
                    "KC0501",
                    format!("the policy file {relative} is not valid YAML: {error}"),
                ));
                return;
            }
        };
        let api_version = value["apiVersion"].as_str().unwrap_or_default();
        let kind = value["kind"].as_str().unwrap_or_default();
        if kind == "ConstraintTemplate" && api_version.starts_with("templates.gatekeeper.sh/") {
            read_template(loaded, db, path, relative, text, &value);
        } else if api_version.starts_with("constraints.gatekeeper.sh/") {
            loaded.constraints.push(read_constraint(relative, &value));
        }
    }
}

fn read_template(
    loaded: &mut LoadedPolicies,
    db: &Database,
    path: &Path,
    relative: &str,
    file_text: &str,
    value: &serde_json::Value,
) {
    let name = value["metadata"]["name"].as_str().unwrap_or("template");
    let Some(kind) = value["spec"]["crd"]["spec"]["names"]["kind"].as_str() else {
        loaded.diagnostics.push(Diagnostic::error(
            "KC0501",
            format!("the ConstraintTemplate {name} in {relative} has no spec.crd.spec.names.kind"),
        ));
        return;
    };
    let Some(targets) = value["spec"]["targets"].as_array() else {
        return;
    };
    for target in targets {
        for (index, library) in target["libs"].as_array().into_iter().flatten().enumerate() {
            if let Some(library) = library.as_str() {
                let label = format!("{relative}#{name}.libs[{index}]");
                let embedding = embedding(path, file_text, library);
                add_module(
                    loaded,
                    db,
                    &path.with_extension(format!("lib{index}.rego")),
                    library,
                    &label,
                    embedding.as_ref(),
                );
            }
        }
        let Some(rego) = target["rego"].as_str() else {
            continue;
        };
        let label = format!("{relative}#{name}");
        let embedding = embedding(path, file_text, rego);
        if let Some(package) = add_module(
            loaded,
            db,
            &path.with_extension("template.rego"),
            rego,
            &label,
            embedding.as_ref(),
        ) {
            loaded.templates.push(Template {
                kind: kind.to_owned(),
                package,
                origin: relative.to_owned(),
            });
        } else {
            loaded.broken_template_kinds.push(kind.to_owned());
        }
    }
}

/// Where the Rego of a template sits in its YAML file: the lines of the block scalar, found by
/// matching every line of the module against the file's lines (less their indentation).
fn embedding<'e>(path: &'e Path, file_text: &'e str, rego: &str) -> Option<Embedding<'e>> {
    let rego_lines: Vec<&str> = rego.lines().collect();
    let first_content = rego_lines.iter().position(|l| !l.trim().is_empty())?;
    let wanted = rego_lines[first_content].trim_start();
    let file_lines: Vec<&str> = file_text.lines().collect();
    for (index, line) in file_lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if line.trim_start() != wanted || index < first_content {
            continue;
        }
        let first_line = index - first_content;
        let matches = rego_lines.iter().enumerate().all(|(offset, rego_line)| {
            file_lines
                .get(first_line + offset)
                .is_some_and(|file_line| {
                    rego_line.trim().is_empty() || file_line.get(indent..) == Some(*rego_line)
                })
        });
        if matches {
            return Some(Embedding {
                file: path,
                file_text,
                first_line,
                indent,
            });
        }
    }
    None
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn read_constraint(relative: &str, value: &serde_json::Value) -> Constraint {
    let spec = &value["spec"];
    let matcher = &spec["match"];
    let kinds = matcher["kinds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| (strings(&entry["apiGroups"]), strings(&entry["kinds"])))
        .collect();
    let action = spec["enforcementAction"].as_str().unwrap_or("deny");
    Constraint {
        kind: value["kind"].as_str().unwrap_or_default().to_owned(),
        name: value["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        package: None,
        matcher: Match {
            kinds,
            namespaces: strings(&matcher["namespaces"]),
            excluded_namespaces: strings(&matcher["excludedNamespaces"]),
            label_selector: matcher.get("labelSelector").cloned(),
        },
        parameters: spec
            .get("parameters")
            .cloned()
            .unwrap_or(serde_json::Value::Object(Default::default())),
        warn_only: matches!(action, "warn" | "dryrun"),
        origin: relative.to_owned(),
    }
}

/// Connects each constraint to its template; a constraint without one is `KC0502`.
pub fn add_templates(loaded: &mut LoadedPolicies) {
    let templates = loaded.templates.clone();
    for constraint in &mut loaded.constraints {
        match templates.iter().find(|t| t.kind == constraint.kind) {
            Some(template) => constraint.package = Some(template.package.clone()),
            None if loaded.broken_template_kinds.contains(&constraint.kind) => {}
            None => loaded.diagnostics.push(
                Diagnostic::error(
                    "KC0502",
                    format!(
                        "the constraint {} {} in {} has no ConstraintTemplate",
                        constraint.kind, constraint.name, constraint.origin
                    ),
                )
                .with_note("add the ConstraintTemplate that defines this kind to the policy paths"),
            ),
        }
    }
}

fn matches_pattern(pattern: &str, value: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => value.starts_with(prefix),
        None => pattern == value,
    }
}

impl Match {
    /// Whether an object of this group, kind, namespace and labels is matched.
    pub fn applies(
        &self,
        group: &str,
        kind: &str,
        namespace: Option<&str>,
        labels: &serde_json::Value,
    ) -> bool {
        let kind_ok = self.kinds.is_empty()
            || self.kinds.iter().any(|(groups, kinds)| {
                (groups.is_empty() || groups.iter().any(|g| g == "*" || g == group))
                    && (kinds.is_empty() || kinds.iter().any(|k| k == "*" || k == kind))
            });
        if !kind_ok {
            return false;
        }
        if let Some(namespace) = namespace {
            if !self.namespaces.is_empty()
                && !self
                    .namespaces
                    .iter()
                    .any(|p| matches_pattern(p, namespace))
            {
                return false;
            }
            if self
                .excluded_namespaces
                .iter()
                .any(|p| matches_pattern(p, namespace))
            {
                return false;
            }
        }
        match &self.label_selector {
            Some(selector) => selector_matches(selector, labels),
            None => true,
        }
    }
}

/// A Kubernetes label selector (`matchLabels`, `matchExpressions`) against labels.
fn selector_matches(selector: &serde_json::Value, labels: &serde_json::Value) -> bool {
    let label = |key: &str| labels.get(key).and_then(|v| v.as_str());
    if let Some(required) = selector["matchLabels"].as_object() {
        if required
            .iter()
            .any(|(key, value)| label(key) != value.as_str())
        {
            return false;
        }
    }
    selector["matchExpressions"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|expression| {
            let key = expression["key"].as_str().unwrap_or_default();
            let values = strings(&expression["values"]);
            let current = label(key);
            match expression["operator"].as_str().unwrap_or_default() {
                "In" => current.is_some_and(|c| values.iter().any(|v| v == c)),
                "NotIn" => current.is_none_or(|c| !values.iter().any(|v| v == c)),
                "Exists" => current.is_some(),
                "DoesNotExist" => current.is_none(),
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_kinds_namespaces_and_selectors() {
        let matcher = Match {
            kinds: vec![(vec!["apps".into()], vec!["Deployment".into()])],
            namespaces: vec!["shop-*".into()],
            excluded_namespaces: vec!["shop-test".into()],
            label_selector: Some(json!({
                "matchLabels": { "team": "web" },
                "matchExpressions": [ { "key": "tier", "operator": "NotIn", "values": ["db"] } ]
            })),
        };
        let labels = json!({ "team": "web" });
        assert!(matcher.applies("apps", "Deployment", Some("shop-dev"), &labels));
        assert!(!matcher.applies("", "Pod", Some("shop-dev"), &labels));
        assert!(!matcher.applies("apps", "Deployment", Some("shop-test"), &labels));
        assert!(!matcher.applies("apps", "Deployment", Some("other"), &labels));
        assert!(!matcher.applies(
            "apps",
            "Deployment",
            Some("shop-dev"),
            &json!({ "team": "db" })
        ));
        assert!(!matcher.applies(
            "apps",
            "Deployment",
            Some("shop-dev"),
            &json!({ "team": "web", "tier": "db" })
        ));
    }
}
