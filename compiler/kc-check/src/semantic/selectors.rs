//! KC0406: a workload's selector matches the labels of its own pod template (the API server
//! rejects it otherwise).

use kc_project::tree::{Node, NodeValue};

use super::error_at;
use crate::path::FieldPath;
use crate::workload::template_labels;
use crate::Sink;

/// Whether a label selector (`matchLabels` / `matchExpressions`, or a plain map) selects a
/// set of labels. Returns the first failing requirement as text.
pub fn selector_mismatch(
    selector: &Node,
    labels: Option<&Node>,
    plain_map: bool,
) -> Option<(String, Node)> {
    let label = |key: &str| labels.and_then(|l| l.get(key)).and_then(Node::as_str);
    let match_labels = if plain_map {
        Some(selector)
    } else {
        selector.get("matchLabels")
    };
    if let Some(Node {
        value: NodeValue::Object(entries),
        ..
    }) = match_labels
    {
        for entry in entries {
            let wanted = entry.value.as_str().unwrap_or_default();
            if label(entry.key) != Some(wanted) {
                let found = match label(entry.key) {
                    Some(actual) => format!("the template has {}={actual}", entry.key),
                    None => format!("the template has no label {}", entry.key),
                };
                return Some((
                    format!("{}={wanted} does not match: {found}", entry.key),
                    entry.value.clone(),
                ));
            }
        }
    }
    if plain_map {
        return None;
    }
    if let Some(Node {
        value: NodeValue::List(expressions),
        ..
    }) = selector.get("matchExpressions")
    {
        for expression in expressions {
            let key = expression
                .get("key")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let operator = expression
                .get("operator")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let values: Vec<&str> = match expression.get("values").map(|v| &v.value) {
                Some(NodeValue::List(items)) => items.iter().filter_map(Node::as_str).collect(),
                _ => Vec::new(),
            };
            let actual = label(key);
            let matches = match operator {
                "In" => actual.is_some_and(|a| values.contains(&a)),
                "NotIn" => actual.is_none_or(|a| !values.contains(&a)),
                "Exists" => actual.is_some(),
                "DoesNotExist" => actual.is_none(),
                _ => true,
            };
            if !matches {
                return Some((format!("the requirement `{key} {operator} {values:?}` does not hold for the template"), expression.clone()));
            }
        }
    }
    None
}

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let kind = object.identity.kind.as_str();
    let plain_map = match kind {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" => false,
        "ReplicationController" => true,
        _ => return,
    };
    let Some(selector) = object.tree.at(&["spec", "selector"]) else {
        return;
    };
    let labels = template_labels(&object.tree, kind);
    if let Some((problem, node)) = selector_mismatch(selector, labels, plain_map) {
        let mut diagnostic = error_at("KC0406", format!("the {kind}'s selector does not select its own pod template"), &node, problem)
            .with_note("spec.selector must match spec.template.metadata.labels; define the labels once and use them in both places");
        if let Some(labels) = labels {
            diagnostic = diagnostic.with_secondary(labels.origin, "the template's labels");
        }
        sink.report(
            diagnostic,
            Some(&FieldPath::root().key("spec").key("selector")),
        );
    }
}
