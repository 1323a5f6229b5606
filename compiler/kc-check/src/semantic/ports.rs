//! KC0404: port numbers are 1–65535; KC0405: named ports follow IANA service-name rules (at
//! most 15 characters, lower-case letters, digits and '-', at least one letter).

use kc_project::tree::{Node, NodeValue};

use super::error_at;
use crate::path::FieldPath;
use crate::workload::pod_spec;
use crate::Sink;

pub fn port_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 15 {
        return Some("a port name has 1 to 15 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("a port name has only lower-case letters, digits and '-'");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        return Some("a port name needs at least one letter");
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Some("a port name cannot start or end with '-' or contain '--'");
    }
    None
}

fn check_number(sink: &mut Sink<'_>, node: &Node, path: &FieldPath, what: &str) {
    let NodeValue::Int(port) = node.value else {
        return;
    };
    // hostPort, targetPort and nodePort 0 mean "unset" to the API server.
    if port == 0 && matches!(what, "hostPort" | "targetPort" | "nodePort") {
        return;
    }
    if !(1..=65535).contains(&port) {
        let diagnostic = error_at(
            "KC0404",
            format!("{what} {port} is out of range"),
            node,
            "ports are 1 to 65535",
        );
        sink.report(diagnostic, Some(path));
    }
}

fn check_name(sink: &mut Sink<'_>, node: &Node, path: &FieldPath) {
    let Some(name) = node.as_str() else { return };
    if let Some(problem) = port_name_problem(name) {
        let diagnostic = error_at(
            "KC0405",
            format!("invalid port name '{name}'"),
            node,
            problem,
        );
        sink.report(diagnostic, Some(path));
    }
}

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let tree = &object.tree;
    if let Some((spec, spec_path)) = pod_spec(tree, &object.identity.kind) {
        for list in ["containers", "initContainers"] {
            let Some(NodeValue::List(containers)) = spec.get(list).map(|n| &n.value) else {
                continue;
            };
            for (index, container) in containers.iter().enumerate() {
                let Some(NodeValue::List(ports)) = container.get("ports").map(|n| &n.value) else {
                    continue;
                };
                for (port_index, port) in ports.iter().enumerate() {
                    let path = spec_path
                        .key(list)
                        .index(index)
                        .key("ports")
                        .index(port_index);
                    for field in ["containerPort", "hostPort"] {
                        if let Some(number) = port.get(field) {
                            check_number(sink, number, &path.key(field), field);
                        }
                    }
                    if let Some(name) = port.get("name") {
                        check_name(sink, name, &path.key("name"));
                    }
                }
            }
        }
    }
    if object.identity.kind == "Service" {
        let Some(NodeValue::List(ports)) = tree.at(&["spec", "ports"]).map(|n| &n.value) else {
            return;
        };
        for (index, port) in ports.iter().enumerate() {
            let path = FieldPath::root().key("spec").key("ports").index(index);
            if let Some(number) = port.get("port") {
                check_number(sink, number, &path.key("port"), "port");
            }
            if let Some(target) = port.get("targetPort") {
                match &target.value {
                    NodeValue::Int(_) => {
                        check_number(sink, target, &path.key("targetPort"), "targetPort")
                    }
                    NodeValue::String(_) => check_name(sink, target, &path.key("targetPort")),
                    _ => {}
                }
            }
            if let Some(node_port) = port.get("nodePort") {
                check_number(sink, node_port, &path.key("nodePort"), "nodePort");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::port_name_problem;

    #[test]
    fn iana_names() {
        assert_eq!(port_name_problem("http"), None);
        assert_eq!(port_name_problem("metrics-2"), None);
        assert!(port_name_problem("http-metrics-long").is_some());
        assert!(port_name_problem("HTTP").is_some());
        assert!(port_name_problem("8080").is_some());
        assert!(port_name_problem("a--b").is_some());
    }
}
