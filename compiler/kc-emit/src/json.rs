//! JSON output (`kc build --format json`): the same key order as YAML, two-space indentation.

use kc_project::tree::{Entry, Node, NodeValue};

/// The object as pretty JSON, ending with a newline.
pub fn to_string(object: &Node) -> String {
    let mut out = String::new();
    write_node(object, 0, true, &mut out);
    out.push('\n');
    out
}

/// Several objects as one `v1` `List`, which kubectl applies like a stream of documents.
pub fn list_to_string(objects: &[&Node]) -> String {
    let mut out =
        String::from("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [");
    for (index, object) in objects.iter().enumerate() {
        out.push_str(if index == 0 { "\n    " } else { ",\n    " });
        write_node(object, 4, true, &mut out);
    }
    if !objects.is_empty() {
        out.push_str("\n  ");
    }
    out.push_str("]\n}\n");
    out
}

fn write_node(node: &Node, indent: usize, top_level: bool, out: &mut String) {
    match &node.value {
        NodeValue::Null => out.push_str("null"),
        NodeValue::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        NodeValue::Int(value) => out.push_str(&value.to_string()),
        NodeValue::Float(value) => out.push_str(&kc_eval::print::format_float_json(*value)),
        NodeValue::String(text) => write_string(text, out),
        NodeValue::List(items) if items.is_empty() => out.push_str("[]"),
        NodeValue::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(indent + 2, out);
                write_node(item, indent + 2, false, out);
            }
            newline(indent, out);
            out.push(']');
        }
        NodeValue::Object(entries) if entries.is_empty() => out.push_str("{}"),
        NodeValue::Object(entries) => {
            let ordered = if top_level {
                ordered_entries(entries, &["apiVersion", "kind", "metadata"])
            } else {
                entries.iter().collect()
            };
            out.push('{');
            for (index, entry) in ordered.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(indent + 2, out);
                write_string(entry.key, out);
                out.push_str(": ");
                if top_level && entry.key == "metadata" {
                    write_metadata(&entry.value, indent + 2, out);
                } else {
                    write_node(&entry.value, indent + 2, false, out);
                }
            }
            newline(indent, out);
            out.push('}');
        }
    }
}

fn write_metadata(metadata: &Node, indent: usize, out: &mut String) {
    let NodeValue::Object(entries) = &metadata.value else {
        return write_node(metadata, indent, false, out);
    };
    if entries.is_empty() {
        return out.push_str("{}");
    }
    out.push('{');
    for (index, entry) in ordered_entries(entries, &["name", "namespace"])
        .iter()
        .enumerate()
    {
        if index > 0 {
            out.push(',');
        }
        newline(indent + 2, out);
        write_string(entry.key, out);
        out.push_str(": ");
        write_node(&entry.value, indent + 2, false, out);
    }
    newline(indent, out);
    out.push('}');
}

fn ordered_entries<'n>(entries: &'n [Entry], pinned: &[&str]) -> Vec<&'n Entry> {
    let mut ordered: Vec<&Entry> = pinned
        .iter()
        .filter_map(|key| entries.iter().find(|e| e.key == *key))
        .collect();
    ordered.extend(entries.iter().filter(|e| !pinned.contains(&e.key)));
    ordered
}

fn newline(indent: usize, out: &mut String) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_string(text: &str, out: &mut String) {
    // serde_json's escaping is the standard one; a string always serializes.
    out.push_str(&serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use kc_syntax::Span;

    fn node(value: NodeValue) -> Node {
        Node {
            value,
            origin: Span::new(kc_syntax::FileId(0), Default::default()),
        }
    }

    fn entry(key: &'static str, value: Node) -> Entry {
        Entry {
            key,
            key_span: Span::new(kc_syntax::FileId(0), Default::default()),
            value,
        }
    }

    #[test]
    fn objects_print_with_pinned_keys_first_and_read_back() {
        let object = node(NodeValue::object(vec![
            entry("apiVersion", node(NodeValue::String("v1".into()))),
            entry(
                "data",
                node(NodeValue::object(vec![entry(
                    "a",
                    node(NodeValue::Float(1.0)),
                )])),
            ),
            entry("kind", node(NodeValue::String("ConfigMap".into()))),
            entry(
                "metadata",
                node(NodeValue::object(vec![
                    entry("labels", node(NodeValue::object(vec![]))),
                    entry("name", node(NodeValue::String("x\"y".into()))),
                ])),
            ),
        ]));
        let text = to_string(&object);
        assert_eq!(
            text,
            "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\",\n  \"metadata\": {\n    \"name\": \"x\\\"y\",\n    \"labels\": {}\n  },\n  \"data\": {\n    \"a\": 1.0\n  }\n}\n"
        );
        let list = list_to_string(&[&object, &object]);
        let parsed: serde_json::Value = serde_json::from_str(&list).expect("valid JSON");
        assert_eq!(parsed["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(parsed["items"][1]["metadata"]["name"], "x\"y");
    }
}
