//! KC03xx: an object against its schema — the built-in Kubernetes schema or a CRD's.
//!
//! The walk reads the object's tree, so every finding points at the expression that wrote the
//! offending value (or key), wherever in the project that was.

use std::collections::HashSet;

use kc_project::tree::{Entry, Node, NodeValue};
use kc_schema::{ListType, Registry, Resolution, Schema, SchemaId, StringSchema};
use kc_syntax::Diagnostic;

use crate::path::FieldPath;
use crate::quantity::parse_quantity;
use crate::Sink;

/// The path of the value being checked, borrowed from the walk's stack frames: building it
/// costs nothing, and it becomes a [`FieldPath`] only when something is reported.
#[derive(Clone, Copy)]
enum PathRef<'p> {
    Root,
    Key(&'p PathRef<'p>, &'p str),
    Index(&'p PathRef<'p>, usize),
}

impl PathRef<'_> {
    fn to_path(self) -> FieldPath {
        match self {
            PathRef::Root => FieldPath::root(),
            PathRef::Key(parent, key) => parent.to_path().key(key),
            PathRef::Index(parent, index) => parent.to_path().index(index),
        }
    }

    fn is_root(self) -> bool {
        matches!(self, PathRef::Root)
    }
}

impl std::fmt::Display for PathRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_path().fmt(f)
    }
}

/// Checks one object: resolves its kind, then walks its fields.
pub fn check_object(sink: &mut Sink<'_>, registry: &Registry) {
    let object = sink.object;
    let tree = &object.tree;
    let api_version = object.identity.api_version.as_str();
    let kind = object.identity.kind.as_str();
    match registry.resolve(api_version, kind) {
        Resolution::Found(info) => walk(sink, registry, info.root, tree, PathRef::Root),
        Resolution::UnknownKind { suggestions } => {
            let node = tree.get("kind").unwrap_or(tree);
            let mut diagnostic = Diagnostic::error("KC0305", format!("unknown kind '{kind}'"))
                .with_primary(node.origin, "no built-in kind or CRD has this name");
            diagnostic = match suggestions.first() {
                Some(best) => diagnostic.with_note(format!("did you mean '{best}'?")),
                None => diagnostic.with_note("for a custom resource, add its CustomResourceDefinition to `schemas` (default ./crds)"),
            };
            sink.report(diagnostic, Some(&FieldPath::root().key("kind")));
        }
        Resolution::UnknownApiVersion {
            known_api_versions,
            note,
        } => {
            let node = tree.get("apiVersion").unwrap_or(tree);
            let mut diagnostic = Diagnostic::error(
                "KC0306",
                format!("{kind} does not exist in apiVersion '{api_version}'"),
            )
            .with_primary(
                node.origin,
                match known_api_versions.first() {
                    Some(best) => format!("use {best}"),
                    None => "unknown apiVersion".to_owned(),
                },
            );
            if let Some(note) = note {
                diagnostic = diagnostic.with_note(note);
            }
            if !known_api_versions.is_empty() {
                diagnostic = diagnostic.with_note(format!(
                    "{kind} is served as: {}",
                    known_api_versions.join(", ")
                ));
            }
            sink.report(diagnostic, Some(&FieldPath::root().key("apiVersion")));
        }
    }
}

fn type_error(sink: &mut Sink<'_>, expected: &str, node: &Node, path: PathRef<'_>) {
    let mut diagnostic = Diagnostic::error(
        "KC0302",
        format!("{path} must be {expected}, not {}", node.type_name()),
    )
    .with_primary(node.origin, format!("expected {expected}"));
    match (&node.value, expected) {
        (NodeValue::Int(i), "a string") => {
            diagnostic = diagnostic.with_note(format!("quote it: \"{i}\""))
        }
        (NodeValue::Bool(b), "a string") => {
            diagnostic = diagnostic.with_note(format!("quote it: \"{b}\""))
        }
        (NodeValue::String(s), "an integer") if s.parse::<i64>().is_ok() => {
            diagnostic = diagnostic.with_note(format!("remove the quotes: {s}"))
        }
        (NodeValue::String(s), "a Boolean") if &**s == "true" || &**s == "false" => {
            diagnostic = diagnostic.with_note(format!("remove the quotes: {s}"))
        }
        (NodeValue::Object(_), "a list") => {
            diagnostic = diagnostic.with_note("wrap it in a list: [ { ... } ]")
        }
        _ => {}
    }
    sink.report(diagnostic, Some(&path.to_path()));
}

fn walk(sink: &mut Sink<'_>, registry: &Registry, id: SchemaId, node: &Node, path: PathRef<'_>) {
    match registry.schema(id) {
        Schema::Any => {}
        Schema::Object(object) => {
            let NodeValue::Object(entries) = &node.value else {
                return type_error(sink, "an object", node, path);
            };
            for entry in entries {
                let entry_path = PathRef::Key(&path, entry.key);
                if let Some(field) = object.properties.get(entry.key) {
                    walk(sink, registry, field.schema, &entry.value, entry_path);
                } else if let Some(values) = object.additional_properties {
                    walk(sink, registry, values, &entry.value, entry_path);
                } else if object.preserve_unknown_fields
                    || (object.embedded_resource
                        && matches!(entry.key, "apiVersion" | "kind" | "metadata"))
                {
                } else {
                    unknown_field(
                        sink,
                        object.properties.keys().map(String::as_str),
                        entry,
                        path,
                    );
                }
            }
            for required in &object.required {
                if !entries.iter().any(|e| *e.key == **required) {
                    let diagnostic =
                        Diagnostic::error("KC0303", format!("missing required field '{required}'"))
                            .with_primary(
                                node.origin,
                                format!(
                                    "{} needs '{required}'",
                                    if path.is_root() {
                                        "the object".to_owned()
                                    } else {
                                        path.to_string()
                                    }
                                ),
                            );
                    sink.report(diagnostic, Some(&path.to_path().key(required)));
                }
            }
            let count = entries.len() as u64;
            if object.min_properties.is_some_and(|min| count < min)
                || object.max_properties.is_some_and(|max| count > max)
            {
                let diagnostic = Diagnostic::error("KC0310", format!("{path} has {count} fields"))
                    .with_primary(
                        node.origin,
                        format!(
                            "allowed: {} to {}",
                            bound(object.min_properties),
                            bound(object.max_properties)
                        ),
                    );
                sink.report(diagnostic, Some(&path.to_path()));
            }
        }
        Schema::Array(array) => {
            let NodeValue::List(items) = &node.value else {
                return type_error(sink, "a list", node, path);
            };
            for (index, item) in items.iter().enumerate() {
                walk(
                    sink,
                    registry,
                    array.items,
                    item,
                    PathRef::Index(&path, index),
                );
            }
            match &array.list_type {
                ListType::Map { keys } => duplicate_keys(sink, items, keys, path),
                ListType::Set => duplicate_values(sink, items, path),
                ListType::Atomic => {}
            }
            let count = items.len() as u64;
            if array.min_items.is_some_and(|min| count < min)
                || array.max_items.is_some_and(|max| count > max)
            {
                let diagnostic = Diagnostic::error("KC0310", format!("{path} has {count} items"))
                    .with_primary(
                        node.origin,
                        format!(
                            "allowed: {} to {}",
                            bound(array.min_items),
                            bound(array.max_items)
                        ),
                    );
                sink.report(diagnostic, Some(&path.to_path()));
            }
        }
        Schema::String(string) => {
            let NodeValue::String(text) = &node.value else {
                return type_error(sink, "a string", node, path);
            };
            check_string(sink, string, text, node, path);
        }
        Schema::Integer(number) => match &node.value {
            NodeValue::Int(i) => check_range(sink, number, *i as f64, node, path),
            _ => type_error(sink, "an integer", node, path),
        },
        Schema::Number(number) => match &node.value {
            NodeValue::Int(i) => check_range(sink, number, *i as f64, node, path),
            NodeValue::Float(f) => check_range(sink, number, *f, node, path),
            _ => type_error(sink, "a number", node, path),
        },
        Schema::Boolean => {
            if !matches!(node.value, NodeValue::Bool(_)) {
                type_error(sink, "a Boolean", node, path);
            }
        }
        Schema::IntOrString(string) => match &node.value {
            NodeValue::Int(_) => {}
            NodeValue::String(text) => check_string(sink, string, text, node, path),
            _ => type_error(sink, "an integer or a string", node, path),
        },
        Schema::Quantity => match &node.value {
            NodeValue::Int(_) | NodeValue::Float(_) => {}
            NodeValue::String(text) => {
                if parse_quantity(text).is_none() {
                    let mut diagnostic = Diagnostic::error(
                        "KC0307",
                        format!("'{text}' is not a Kubernetes quantity"),
                    )
                    .with_primary(
                        node.origin,
                        "expected a number with an optional suffix like 500m, 128Mi or 2Gi",
                    );
                    if let Some(fixed) = suggest_quantity(text) {
                        diagnostic = diagnostic.with_note(format!("did you mean '{fixed}'?"));
                    }
                    sink.report(diagnostic, Some(&path.to_path()));
                }
            }
            _ => type_error(
                sink,
                "a quantity (a string like \"500m\" or a number)",
                node,
                path,
            ),
        },
    }
}

fn bound(value: Option<u64>) -> String {
    value.map_or_else(|| "any".to_owned(), |v| v.to_string())
}

fn check_range(
    sink: &mut Sink<'_>,
    number: &kc_schema::NumberSchema,
    value: f64,
    node: &Node,
    path: PathRef<'_>,
) {
    let below = number.minimum.is_some_and(|min| {
        if number.exclusive_minimum {
            value <= min
        } else {
            value < min
        }
    });
    let above = number.maximum.is_some_and(|max| {
        if number.exclusive_maximum {
            value >= max
        } else {
            value > max
        }
    });
    if below || above {
        let range = format!(
            "{}{} to {}{}",
            if number.exclusive_minimum {
                "above "
            } else {
                ""
            },
            number.minimum.map_or("any".to_owned(), |m| m.to_string()),
            if number.exclusive_maximum {
                "below "
            } else {
                ""
            },
            number.maximum.map_or("any".to_owned(), |m| m.to_string()),
        );
        let diagnostic = Diagnostic::error("KC0309", format!("{path} is out of range"))
            .with_primary(node.origin, format!("allowed: {range}"));
        sink.report(diagnostic, Some(&path.to_path()));
    }
}

fn unknown_field<'s>(
    sink: &mut Sink<'_>,
    known: impl Iterator<Item = &'s str> + Clone,
    entry: &Entry,
    path: PathRef<'_>,
) {
    let mut diagnostic = Diagnostic::error("KC0301", format!("unknown field '{}'", entry.key))
        .with_primary(
            entry.key_span,
            if path.is_root() {
                "not a field of this kind".to_owned()
            } else {
                format!("not a field of {path}")
            },
        );
    if let Some(best) = kc_syntax::suggest::closest(entry.key, known.clone()) {
        diagnostic = diagnostic.with_note(format!("did you mean '{best}'?"));
    } else if let Some(best) = known.clone().find(|k| k.eq_ignore_ascii_case(entry.key)) {
        diagnostic = diagnostic.with_note(format!(
            "did you mean '{best}'? field names are case-sensitive"
        ));
    } else {
        let names: Vec<&str> = known.collect();
        if !names.is_empty() && names.len() <= 12 {
            diagnostic = diagnostic.with_note(format!("known fields: {}", names.join(", ")));
        }
    }
    sink.report(diagnostic, Some(&path.to_path().key(entry.key)));
}

fn not_in_enum(
    sink: &mut Sink<'_>,
    allowed: &[String],
    text: &str,
    node: &Node,
    path: PathRef<'_>,
) {
    let mut diagnostic = Diagnostic::error(
        "KC0304",
        format!("'{text}' is not a valid value for {path}"),
    )
    .with_primary(
        node.origin,
        format!("expected one of: {}", allowed.join(", ")),
    );
    if let Some(best) = allowed.iter().find(|a| a.eq_ignore_ascii_case(text)) {
        diagnostic =
            diagnostic.with_note(format!("did you mean '{best}'? values are case-sensitive"));
    } else if let Some(best) = kc_syntax::suggest::closest(text, allowed.iter().map(String::as_str))
    {
        diagnostic = diagnostic.with_note(format!("did you mean '{best}'?"));
    }
    sink.report(diagnostic, Some(&path.to_path()));
}

/// The text of a scalar for comparing list keys.
fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::String(s) => Some(s.to_string()),
        NodeValue::Int(i) => Some(i.to_string()),
        NodeValue::Bool(b) => Some(b.to_string()),
        NodeValue::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn duplicate_keys(sink: &mut Sink<'_>, items: &[Node], keys: &[String], path: PathRef<'_>) {
    let mut seen: Vec<(Vec<Option<String>>, &Node)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        // Missing key fields default (protocol defaults to TCP) the way the API server does.
        let key: Vec<Option<String>> = keys
            .iter()
            .map(|k| {
                item.get(k)
                    .and_then(scalar_text)
                    .or_else(|| (k == "protocol").then(|| "TCP".to_owned()))
            })
            .collect();
        if key.iter().all(Option::is_none) {
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let shown: Vec<String> = keys
                .iter()
                .zip(&key)
                .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("unset")))
                .collect();
            let diagnostic = Diagnostic::error(
                "KC0311",
                format!("two items of {path} have the same key {}", shown.join(", ")),
            )
            .with_primary(item.origin, "duplicate key")
            .with_secondary(first.origin, "first item with this key");
            sink.report(diagnostic, Some(&path.to_path().index(index)));
        } else {
            seen.push((key, item));
        }
    }
}

fn duplicate_values(sink: &mut Sink<'_>, items: &[Node], path: PathRef<'_>) {
    let mut seen = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        let Some(text) = scalar_text(item) else {
            continue;
        };
        if !seen.insert(text.clone()) {
            let diagnostic = Diagnostic::error("KC0311", format!("{path} lists '{text}' twice"))
                .with_primary(item.origin, "duplicate item of a set");
            sink.report(diagnostic, Some(&path.to_path().index(index)));
        }
    }
}

/// `512MB` → `512M`, `2GiB` → `2Gi`, `1.5 Gi` → `1.5Gi`.
fn suggest_quantity(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let candidates = [
        compact.clone(),
        compact.trim_end_matches('B').to_owned(),
        compact.trim_end_matches("iB").to_owned() + "i",
        compact.replace("mb", "Mi").replace("gb", "Gi"),
    ];
    candidates
        .into_iter()
        .find(|c| c != text && parse_quantity(c).is_some())
}

fn cached_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Result<regex::Regex, regex::Error>>> = Default::default();
    }
    CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry(pattern.to_owned())
            .or_insert_with(|| regex::Regex::new(pattern))
            .clone()
    })
}

/// Enum, length and pattern constraints of a string value.
fn check_string(
    sink: &mut Sink<'_>,
    string: &StringSchema,
    text: &str,
    node: &Node,
    path: PathRef<'_>,
) {
    if !string.enum_values.is_empty() && !string.enum_values.iter().any(|v| v == text) {
        not_in_enum(sink, &string.enum_values, text, node, path);
        return;
    }
    // Counting characters reads the whole string: only strings with a bound pay for it (most
    // have none, and the large ones, such as a ConfigMap's data, never do).
    let bounded = string.min_length.is_some() || string.max_length.is_some();
    let length = if bounded {
        text.chars().count() as u64
    } else {
        0
    };
    let too_short = string.min_length.is_some_and(|min| length < min);
    let too_long = string.max_length.is_some_and(|max| length > max);
    if too_short || too_long {
        let diagnostic = Diagnostic::error("KC0308", format!("{path} has {length} characters"))
            .with_primary(
                node.origin,
                format!(
                    "allowed: {} to {} characters",
                    bound(string.min_length),
                    bound(string.max_length)
                ),
            );
        sink.report(diagnostic, Some(&path.to_path()));
    } else if let Some(pattern) = &string.pattern {
        if let Ok(regex) = cached_regex(pattern) {
            if !regex.is_match(text) {
                let diagnostic = Diagnostic::error(
                    "KC0308",
                    format!("{path} does not match the pattern {pattern}"),
                )
                .with_primary(node.origin, format!("must match {pattern}"));
                sink.report(diagnostic, Some(&path.to_path()));
            }
        }
    }
}
