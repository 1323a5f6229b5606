//! From a violation's `path` (keys and indices, or a JSON pointer) to the node of the tree it
//! names, and so to the `.nix` expression that produced it.

use kc_project::tree::{Node, NodeValue};

/// One step of a path. Keys share the text of the Rego strings they come from: a finding's
/// path costs no allocation per key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(std::sync::Arc<str>),
    Index(usize),
}

/// Parses `["spec", "containers", 0]` or `"/spec/containers/0"`.
pub fn parse_path(value: &regorus::Value) -> Option<Vec<Step>> {
    match value {
        regorus::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                regorus::Value::String(key) => Some(Step::Key(key.clone())),
                regorus::Value::Number(_) => {
                    item.as_u64().ok().map(|index| Step::Index(index as usize))
                }
                _ => None,
            })
            .collect(),
        regorus::Value::String(pointer) => parse_pointer(pointer),
        _ => None,
    }
}

/// A JSON pointer (RFC 6901): `/spec/containers/0/image`, with `~1` for `/` and `~0` for `~`.
fn parse_pointer(pointer: &str) -> Option<Vec<Step>> {
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|part| {
                let key = part.replace("~1", "/").replace("~0", "~");
                match key.parse::<usize>() {
                    Ok(index) if !key.starts_with('+') => Step::Index(index),
                    _ => Step::Key(key.into()),
                }
            })
            .collect(),
    )
}

/// The deepest node the path reaches, and whether it reached all of it.
pub fn resolve<'n>(tree: &'n Node, steps: &[Step]) -> (&'n Node, bool) {
    let mut node = tree;
    for step in steps {
        let next = match (step, &node.value) {
            (Step::Key(key), NodeValue::Object(_)) => node.get(key),
            (Step::Index(index), NodeValue::List(items)) => items.get(*index),
            // Keys written as numbers in a JSON pointer into an object.
            (Step::Index(index), NodeValue::Object(_)) => node.get(&index.to_string()),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return (node, false),
        }
    }
    (node, true)
}

/// `spec.template.spec.containers[0].image`, as kc writes field paths; keys that are not
/// plain are quoted: `metadata.labels["app.kubernetes.io/name"]`.
pub fn display(steps: &[Step]) -> String {
    use std::fmt::Write;
    // Sized once: a check makes one of these for each of 100,000 findings.
    let length: usize = steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => key.len() + 1,
            Step::Index(_) => 4,
        })
        .sum();
    let mut out = String::with_capacity(length);
    for step in steps {
        match step {
            Step::Key(key) if kc_project::tree::is_plain_key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Key(key) => {
                let _ = write!(out, "[{key:?}]");
            }
            Step::Index(index) => {
                out.push('[');
                push_number(&mut out, *index);
                out.push(']');
            }
        }
    }
    out
}

/// `number` in decimal, without the formatting machinery `write!` goes through.
fn push_number(out: &mut String, number: usize) {
    if number >= 10 {
        push_number(out, number / 10);
    }
    // A digit is ASCII.
    out.push(char::from(b'0' + (number % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_and_lists_parse_to_the_same_steps() {
        let list = regorus::Value::from(vec![
            regorus::Value::from("spec"),
            regorus::Value::from("containers"),
            regorus::Value::from(0u64),
        ]);
        let pointer = regorus::Value::from("/spec/containers/0");
        assert_eq!(parse_path(&list), parse_path(&pointer));
        assert_eq!(
            display(&parse_path(&list).unwrap_or_default()),
            "spec.containers[0]"
        );
        let label = [
            Step::Key("metadata".into()),
            Step::Key("labels".into()),
            Step::Key("app.kubernetes.io/name".into()),
        ];
        assert_eq!(
            display(&label),
            r#"metadata.labels["app.kubernetes.io/name"]"#
        );
        assert_eq!(
            parse_path(&regorus::Value::from("/metadata/annotations/a~1b")),
            Some(vec![
                Step::Key("metadata".into()),
                Step::Key("annotations".into()),
                Step::Key("a/b".into())
            ])
        );
    }

    #[test]
    fn indices_are_written_in_decimal() {
        for (index, text) in [(0, "[0]"), (7, "[7]"), (10, "[10]"), (1203, "[1203]")] {
            let steps = [Step::Key("items".into()), Step::Index(index)];
            assert_eq!(display(&steps), format!("items{text}"));
        }
        assert_eq!(display(&[Step::Index(42)]), "[42]");
    }
}
