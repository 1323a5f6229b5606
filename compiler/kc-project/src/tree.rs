//! Evaluated objects as owned trees that remember where each value and key was written.
//!
//! Checking, policies and emitting work on these trees rather than on evaluator values: a tree
//! is plain data (`Send`, comparable, cacheable per object), and converting forces the value
//! deeply, so every evaluation error surfaces here with its span.

use kc_eval::error::{ErrorExt, EvalResult};
use kc_eval::value::Value;
use kc_eval::Evaluator;
use kc_syntax::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    /// The expression that produced this value.
    pub origin: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Shared text: policies read objects as Rego values, whose strings are the same `Arc`s.
    String(std::sync::Arc<str>),
    /// Boxed slices, not vectors: a tree is built once and rarely changed, and without a
    /// capacity a node takes 40 bytes instead of 48 (a project holds millions of them).
    List(Box<[Node]>),
    /// Entries sorted by key, as Nix sorts attribute names.
    Object(Box<[Entry]>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Attribute names are interned for the life of the process, so keys are shared text
    /// that costs nothing to copy: objects repeat the same few dozen keys thousands of times.
    pub key: &'static str,
    /// Where the key was written.
    pub key_span: Span,
    pub value: Node,
}

impl NodeValue {
    /// A list node's value.
    pub fn list(items: Vec<Node>) -> NodeValue {
        NodeValue::List(items.into_boxed_slice())
    }

    /// An object node's value; `entries` are sorted by key.
    pub fn object(entries: Vec<Entry>) -> NodeValue {
        NodeValue::Object(entries.into_boxed_slice())
    }
}

impl Node {
    /// The tree as JSON (for readers that take JSON: CRDs, policy data).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            NodeValue::Null => serde_json::Value::Null,
            NodeValue::Bool(b) => serde_json::Value::Bool(*b),
            NodeValue::Int(i) => serde_json::Value::from(*i),
            NodeValue::Float(f) => serde_json::Value::from(*f),
            NodeValue::String(s) => serde_json::Value::String(s.to_string()),
            NodeValue::List(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            NodeValue::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Object(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Object(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The node at a path of keys.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a Boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a float",
            NodeValue::String(_) => "a string",
            NodeValue::List(_) => "a list",
            NodeValue::Object(_) => "an object",
        }
    }

    /// Sets `key` in an object node, keeping entries sorted; returns false if not an object.
    pub fn insert(&mut self, entry: Entry) -> bool {
        let NodeValue::Object(entries) = &mut self.value else {
            return false;
        };
        match entries.binary_search_by(|e| (*e.key).cmp(&*entry.key)) {
            Ok(index) => entries[index] = entry,
            Err(index) => {
                let mut grown = std::mem::take(entries).into_vec();
                grown.insert(index, entry);
                *entries = grown.into_boxed_slice();
            }
        }
        true
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.value {
            NodeValue::Object(entries) => entries
                .iter_mut()
                .find(|e| e.key == key)
                .map(|e| &mut e.value),
            _ => None,
        }
    }
}

/// The text of an attribute name. Interned names live as long as the process; a name that is
/// not UTF-8 is shown with replacement characters, converted once.
fn key_text(name: kc_syntax::Symbol) -> &'static str {
    match std::str::from_utf8(name.as_bytes()) {
        Ok(text) => text,
        Err(_) => lossy_key_text(name),
    }
}

fn lossy_key_text(name: kc_syntax::Symbol) -> &'static str {
    static LOSSY: std::sync::Mutex<rustc_hash::FxHashMap<kc_syntax::Symbol, &'static str>> =
        std::sync::Mutex::new(rustc_hash::FxHashMap::with_hasher(
            rustc_hash::FxBuildHasher,
        ));
    let mut lossy = LOSSY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    lossy
        .entry(name)
        .or_insert_with(|| Box::leak(name.as_str_lossy().into_owned().into_boxed_str()))
}

/// A string's text; bytes that are not UTF-8 become replacement characters. Checking first
/// is faster than `from_utf8_lossy`, and almost every string is UTF-8.
fn text_of(bytes: &[u8]) -> std::sync::Arc<str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::sync::Arc::from(text),
        Err(_) => std::sync::Arc::from(String::from_utf8_lossy(bytes)),
    }
}

/// Whether a key reads as it is in a field path (`spec.containers`). Other keys are quoted
/// (`metadata.labels["app.kubernetes.io/name"]`): a dot or a slash inside a key would read as
/// a step of the path.
pub fn is_plain_key(key: &str) -> bool {
    // By bytes: every allowed character is ASCII, and a byte of a multi-byte character is
    // never an ASCII letter, digit, `_` or `-`.
    key.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Forces `value` deeply into a tree. Attributes whose value is `null` are left out (SPEC §3:
/// `if cond then x else null` means "unset"); `null` inside lists is kept.
pub fn to_tree<'a>(ev: &Evaluator<'a>, value: &Value<'a>, origin: Span) -> EvalResult<Node> {
    ev.check_stack(origin)?;
    let node_value = match value {
        Value::Null => NodeValue::Null,
        Value::Bool(b) => NodeValue::Bool(*b),
        Value::Int(i) => NodeValue::Int(*i),
        Value::Float(f) => NodeValue::Float(*f),
        Value::String(s) => NodeValue::String(text_of(s)),
        Value::Path(_) => return Err(kc_eval::error::EvalError::new(
            "KC0602",
            "a path cannot be a field of a Kubernetes object",
            origin,
        )
        .label("this is a path")
        .note(
            "use `builtins.readFile ./file` for its contents, or `toString ./file` for its text",
        )),
        Value::List(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for item in items.iter() {
                nodes.push(ev.with_forced(item, |forced| to_tree(ev, forced, item.origin()))?);
            }
            NodeValue::List(nodes.into_boxed_slice())
        }
        Value::Attrs(attrs) => {
            let mut out: Option<String> = None;
            if attrs.get(kc_syntax::symbol::known::to_string()).is_some() {
                // A set with __toString stands for its string (kc.image references, later).
                let mut bytes = Vec::new();
                ev.coerce_to_string(
                    value,
                    origin,
                    kc_eval::eval::CoerceMode::Interpolation,
                    &mut bytes,
                )?;
                out = Some(String::from_utf8_lossy(&bytes).into_owned());
            }
            match out {
                Some(text) => NodeValue::String(text.into()),
                None => {
                    let mut entries = Vec::with_capacity(attrs.len());
                    for attr in attrs.entries() {
                        let entry =
                            ev.with_forced(&attr.value, |forced| entry_of(ev, attr, forced))?;
                        entries.extend(entry);
                    }
                    NodeValue::Object(entries.into_boxed_slice())
                }
            }
        }
        Value::Lambda(_) | Value::PrimOp(_) => {
            return Err(kc_eval::error::EvalError::new(
                "KC0602",
                "a function cannot be part of a Kubernetes object",
                origin,
            ))
        }
    };
    Ok(Node {
        value: node_value,
        origin,
    })
}

/// The entry of an object for the attribute `attr`, whose value is `forced`; `None` for a
/// null value, which a Kubernetes object leaves out.
fn entry_of<'a>(
    ev: &Evaluator<'a>,
    attr: &kc_eval::value::Attr<'a>,
    forced: &Value<'a>,
) -> EvalResult<Option<Entry>> {
    if matches!(forced, Value::Null) {
        return Ok(None);
    }
    if forced.is_function() || matches!(forced, Value::Path(_)) {
        let what = if forced.is_function() {
            "a function"
        } else {
            "a path"
        };
        return Err(kc_eval::error::EvalError::new(
            "KC0602",
            format!(
                "the field '{}' is {what}, which a Kubernetes object cannot hold",
                attr.name
            ),
            attr.key_span,
        )
        .label(format!("this field is {what}"))
        .note(if forced.is_function() {
            "did you forget to call the function with its arguments?"
        } else {
            "use `builtins.readFile ./file` for its contents, or `toString ./file` for its text"
        }));
    }
    Ok(Some(Entry {
        key: key_text(attr.name),
        key_span: attr.key_span,
        value: to_tree(ev, forced, attr.value.origin())?,
    }))
}

#[cfg(test)]
mod tests {
    /// A project holds millions of nodes: a field more in them is tens of megabytes.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn nodes_stay_small() {
        assert_eq!(std::mem::size_of::<super::Node>(), 40);
        assert_eq!(std::mem::size_of::<super::Entry>(), 72);
    }

    #[test]
    fn inserting_keeps_entries_sorted_and_replaces_equal_keys() {
        use super::{Entry, Node, NodeValue};
        let span = kc_syntax::span::Span::new(kc_syntax::span::FileId(0), Default::default());
        let leaf = |n| Node {
            value: NodeValue::Int(n),
            origin: span,
        };
        let entry = |key, n| Entry {
            key,
            key_span: span,
            value: leaf(n),
        };
        let mut object = Node {
            value: NodeValue::object(vec![entry("a", 1), entry("c", 3)]),
            origin: span,
        };
        assert!(object.insert(entry("b", 2)));
        assert!(object.insert(entry("c", 4)));
        let NodeValue::Object(entries) = &object.value else {
            panic!("still an object");
        };
        let keys: Vec<(&str, i64)> = entries
            .iter()
            .map(|e| match e.value.value {
                NodeValue::Int(n) => (e.key, n),
                _ => (e.key, -1),
            })
            .collect();
        assert_eq!(keys, [("a", 1), ("b", 2), ("c", 4)]);
        assert!(!leaf(0).insert(entry("x", 0)));
    }
}
