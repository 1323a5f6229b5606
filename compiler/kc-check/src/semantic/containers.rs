//! KC0407: a pod has at least one container; KC0410: container names are unique across
//! containers and init containers.

use kc_project::tree::NodeValue;

use super::error_at;
use crate::workload::pod_spec;
use crate::Sink;

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let Some((spec, spec_path)) = pod_spec(&object.tree, &object.identity.kind) else {
        return;
    };
    match spec.get("containers").map(|n| &n.value) {
        Some(NodeValue::List(items)) if !items.is_empty() => {}
        Some(NodeValue::List(_)) => {
            let node = spec.get("containers").unwrap_or(spec);
            let diagnostic = error_at("KC0407", "the pod has no containers".to_owned(), node, "this list is empty")
                .with_note("a pod needs at least one container: containers = [ { name = \"app\"; image = \"...\"; } ];");
            sink.report(diagnostic, Some(&spec_path.key("containers")));
            return;
        }
        // A missing or mistyped list is a schema error.
        _ => return,
    }
    // Duplicates within one list are the schema's list-map check (KC0311); this one catches a
    // name shared by an init container and a container.
    let mut seen: Vec<(&str, &str, &kc_project::tree::Node)> = Vec::new();
    for list in ["initContainers", "containers"] {
        let Some(NodeValue::List(items)) = spec.get(list).map(|n| &n.value) else {
            continue;
        };
        for (index, container) in items.iter().enumerate() {
            let Some(name_node) = container.get("name") else {
                continue;
            };
            let Some(name) = name_node.as_str() else {
                continue;
            };
            if let Some((_, _, first)) = seen.iter().find(|(l, n, _)| *n == name && *l != list) {
                let diagnostic = error_at(
                    "KC0410",
                    format!("two containers are named '{name}'"),
                    name_node,
                    "this name is already used",
                )
                .with_secondary(first.origin, "first used here")
                .with_note("container names must be unique within a pod, init containers included");
                sink.report(
                    diagnostic,
                    Some(&spec_path.key(list).index(index).key("name")),
                );
            } else {
                seen.push((list, name, name_node));
            }
        }
    }
}
