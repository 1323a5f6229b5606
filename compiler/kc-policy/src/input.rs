//! Objects as Rego values: `input` for conftest and kc-native policies (the object, plus
//! `input.kc = { env, resources }`), and Gatekeeper's `input.review`.

use std::collections::BTreeMap;

use kc_project::tree::{Node, NodeValue};
use regorus::Value;

/// The object as a Rego value.
pub fn to_value(node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::from(*b),
        NodeValue::Int(i) => Value::from(*i),
        NodeValue::Float(f) => Value::from(*f),
        NodeValue::String(s) => Value::String(s.clone()),
        NodeValue::List(items) => Value::from(items.iter().map(to_value).collect::<Vec<_>>()),
        NodeValue::Object(entries) => {
            // The entries are sorted by key already, as regorus orders strings: inserting them
            // in turn skips `collect`'s copy into a vector, sort and deduplication.
            let mut map = BTreeMap::new();
            for entry in entries.iter() {
                map.insert(Value::String(shared_key(entry.key)), to_value(&entry.value));
            }
            object_value(map)
        }
    }
}

/// The map as a Rego object, kept as the map: `Value::from(map)` copies it into regorus's
/// compact form, a second allocation and copy of every object of every input, which saved
/// nothing here: each input is read by one run of the policies and then dropped.
fn object_value(map: BTreeMap<Value, Value>) -> Value {
    Value::Object(regorus::Rc::new(regorus::value::Object::from(map)))
}

/// A key as a regorus string, made once per key on each thread and then shared: objects
/// repeat the same few dozen keys thousands of times.
pub(crate) fn shared_key(key: &'static str) -> std::sync::Arc<str> {
    thread_local! {
        static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<(usize, usize), std::sync::Arc<str>>> =
            Default::default();
    }
    // Keys are interned or literals: the same address and length is always the same text.
    KEYS.with(|keys| {
        keys.borrow_mut()
            .entry((key.as_ptr() as usize, key.len()))
            .or_insert_with(|| std::sync::Arc::from(key))
            .clone()
    })
}

/// `input` for conftest and kc-native policies: the object's own fields and `kc`. Built in
/// one map, with shared keys and the environment's shared name: this runs for every object.
pub fn native_input(object: &Value, env: &std::sync::Arc<str>, resources: &Value) -> Value {
    let kc = BTreeMap::from([
        (Value::String(shared_key("env")), Value::String(env.clone())),
        (Value::String(shared_key("resources")), resources.clone()),
    ]);
    let mut fields: BTreeMap<Value, Value> = object
        .as_object()
        .into_iter()
        .flat_map(|fields| fields.iter())
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    fields.insert(Value::String(shared_key("kc")), object_value(kc));
    object_value(fields)
}
