//! KC0409: a container's requests do not exceed its limits.

use kc_project::tree::NodeValue;

use super::error_at;
use crate::quantity::parse_quantity;
use crate::workload::pod_spec;
use crate::Sink;

fn quantity(node: &kc_project::tree::Node) -> Option<f64> {
    match &node.value {
        NodeValue::String(s) => parse_quantity(s),
        NodeValue::Int(i) => Some(*i as f64),
        NodeValue::Float(f) => Some(*f),
        _ => None,
    }
}

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let Some((spec, spec_path)) = pod_spec(&object.tree, &object.identity.kind) else {
        return;
    };
    for list in ["containers", "initContainers"] {
        let Some(NodeValue::List(containers)) = spec.get(list).map(|n| &n.value) else {
            continue;
        };
        for (index, container) in containers.iter().enumerate() {
            let Some(requests) = container.at(&["resources", "requests"]) else {
                continue;
            };
            let Some(limits) = container.at(&["resources", "limits"]) else {
                continue;
            };
            let NodeValue::Object(entries) = &requests.value else {
                continue;
            };
            for entry in entries {
                let Some(limit_node) = limits.get(entry.key) else {
                    continue;
                };
                let (Some(request), Some(limit)) = (quantity(&entry.value), quantity(limit_node))
                else {
                    continue;
                };
                if request > limit {
                    let shown = |n: &kc_project::tree::Node| match &n.value {
                        NodeValue::String(s) => s.to_string(),
                        NodeValue::Int(i) => i.to_string(),
                        NodeValue::Float(f) => f.to_string(),
                        _ => String::new(),
                    };
                    let diagnostic = error_at(
                        "KC0409",
                        format!("{} request {} is above its limit {}", entry.key, shown(&entry.value), shown(limit_node)),
                        &entry.value,
                        "requested more than the limit allows",
                    )
                    .with_secondary(limit_node.origin, "the limit")
                    .with_note("a container may request at most its limit; raise the limit or lower the request");
                    let path = spec_path
                        .key(list)
                        .index(index)
                        .key("resources")
                        .key("requests")
                        .key(entry.key);
                    sink.report(diagnostic, Some(&path));
                }
            }
        }
    }
}
