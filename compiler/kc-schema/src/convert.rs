//! Conversion of JSON schemas (schemars output and CRD structural schemas) into arena nodes.
//!
//! Both sources speak OpenAPI v3 schema keywords, so one converter serves both. For the built-in
//! schema it also follows `$ref`s to schemars definitions, converting each definition once (a
//! definition's id is reserved before its body is converted, so recursive types terminate), and
//! applies the kc-owned tables of `crate::tables`.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::arena::Arena;
use crate::schema::{
    ArraySchema, Field, ListType, NumberSchema, ObjectSchema, Schema, SchemaId, StringSchema,
};
use crate::tables::{self, DefinitionOverride, ListTypeEntry};

/// Shared nodes for the schemas without constraints, which occur thousands of times.
#[derive(Default)]
pub(crate) struct Leaves {
    string: OnceLock<SchemaId>,
    boolean: OnceLock<SchemaId>,
    integer: OnceLock<SchemaId>,
    number: OnceLock<SchemaId>,
    any: OnceLock<SchemaId>,
    int_or_string: OnceLock<SchemaId>,
    quantity: OnceLock<SchemaId>,
}

impl Leaves {
    /// The shared node equal to `schema`, when `schema` is a leaf without constraints.
    fn shared(&self, arena: &Arena, schema: &Schema) -> Option<SchemaId> {
        let (cell, node) = match schema {
            Schema::String(string) if is_unconstrained_string(string) => {
                (&self.string, Schema::String(StringSchema::default()))
            }
            Schema::Integer(number) if is_unconstrained_number(number) => {
                (&self.integer, Schema::Integer(NumberSchema::default()))
            }
            Schema::Number(number) if is_unconstrained_number(number) => {
                (&self.number, Schema::Number(NumberSchema::default()))
            }
            Schema::Boolean => (&self.boolean, Schema::Boolean),
            Schema::Any => (&self.any, Schema::Any),
            Schema::IntOrString(string) if is_unconstrained_string(string) => (
                &self.int_or_string,
                Schema::IntOrString(StringSchema::default()),
            ),
            Schema::Quantity => (&self.quantity, Schema::Quantity),
            _ => return None,
        };
        Some(*cell.get_or_init(|| arena.alloc(node)))
    }

    pub(crate) fn string(&self, arena: &Arena) -> SchemaId {
        *self
            .string
            .get_or_init(|| arena.alloc(Schema::String(StringSchema::default())))
    }

    pub(crate) fn any(&self, arena: &Arena) -> SchemaId {
        *self.any.get_or_init(|| arena.alloc(Schema::Any))
    }
}

fn is_unconstrained_string(string: &StringSchema) -> bool {
    string.enum_values.is_empty()
        && string.format.is_none()
        && string.pattern.is_none()
        && string.min_length.is_none()
        && string.max_length.is_none()
}

fn is_unconstrained_number(number: &NumberSchema) -> bool {
    number.minimum.is_none() && number.maximum.is_none() && number.enum_values.is_empty()
}

/// The schemars definitions of the built-in schema and the ids of those converted so far.
pub(crate) struct Definitions<'a> {
    pub(crate) schemas: &'a Map<String, Value>,
    pub(crate) ids: &'a mut HashMap<String, SchemaId>,
}

/// A conversion in progress.
pub(crate) struct Converter<'a> {
    pub(crate) arena: &'a Arena,
    pub(crate) leaves: &'a Leaves,
    /// Present for the built-in schema, absent for CRDs (structural schemas have no `$ref`).
    pub(crate) definitions: Option<Definitions<'a>>,
}

/// A converted schema before it gets an id: either an existing node or a new one.
enum Built {
    Existing(SchemaId),
    New(Schema),
}

impl Converter<'_> {
    /// Converts a schema and stores it.
    pub(crate) fn convert(&mut self, value: &Value) -> SchemaId {
        let built = self.build(value, None);
        self.finish(built)
    }

    /// Converts the schemars definition called `name` (once) and returns its node.
    pub(crate) fn definition(&mut self, name: &str) -> Option<SchemaId> {
        let definitions = self.definitions.as_mut()?;
        if let Some(id) = definitions.ids.get(name) {
            return Some(*id);
        }
        let schemas = definitions.schemas;
        let value = schemas.get(name)?;
        if let Some(replacement) = tables::definition_override(name) {
            let node = match replacement {
                DefinitionOverride::IntOrString => Schema::IntOrString(StringSchema::default()),
                DefinitionOverride::Quantity => Schema::Quantity,
                DefinitionOverride::Any => Schema::Any,
            };
            let id = self
                .leaves
                .shared(self.arena, &node)
                .unwrap_or_else(|| self.arena.alloc(node));
            definitions.ids.insert(name.to_owned(), id);
            return Some(id);
        }
        let id = self.arena.reserve();
        definitions.ids.insert(name.to_owned(), id);
        let node = match self.build(value, Some(name)) {
            Built::New(node) => node,
            // A definition that is only a reference to another one gets a copy of its node.
            Built::Existing(other) => self.arena.get(other).clone(),
        };
        self.arena.fill(id, node);
        Some(id)
    }

    fn finish(&mut self, built: Built) -> SchemaId {
        match built {
            Built::Existing(id) => id,
            Built::New(node) => self
                .leaves
                .shared(self.arena, &node)
                .unwrap_or_else(|| self.arena.alloc(node)),
        }
    }

    /// Converts one schema. `definition` names the schemars definition whose body this is, so
    /// that the kc tables for its properties apply.
    fn build(&mut self, value: &Value, definition: Option<&str>) -> Built {
        let Some(object) = value.as_object() else {
            // `true`, `false` or garbage: nothing to validate against.
            return Built::New(Schema::Any);
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let name = definition_name(reference);
            return match self.definition(&name) {
                Some(id) => Built::Existing(id),
                None => Built::New(Schema::Any),
            };
        }
        if let Some(Value::Array(all_of)) = object.get("allOf") {
            if let [only] = all_of.as_slice() {
                if !object.contains_key("type") {
                    return self.build(only, None);
                }
            }
        }
        if flag(object, "x-kubernetes-int-or-string") {
            return Built::New(Schema::IntOrString(string_schema(object)));
        }
        let schema_type = match object.get("type") {
            Some(Value::String(schema_type)) => Some(schema_type.as_str()),
            // JSON Schema allows a list of types; `["string", "null"]` is a nullable string.
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|schema_type| *schema_type != "null"),
            _ => None,
        };
        let looks_like_object =
            object.contains_key("properties") || object.contains_key("additionalProperties");
        let node = match schema_type {
            Some("object") => Schema::Object(self.object(object, definition)),
            None if looks_like_object => Schema::Object(self.object(object, definition)),
            Some("array") => Schema::Array(self.array(object)),
            Some("string")
                if object.get("format").and_then(Value::as_str) == Some("int-or-string") =>
            {
                Schema::IntOrString(string_schema(object))
            }
            Some("string") => Schema::String(string_schema(object)),
            Some("integer") => Schema::Integer(number_schema(object)),
            Some("number") => Schema::Number(number_schema(object)),
            Some("boolean") => Schema::Boolean,
            // No type: preserve-unknown-fields, anyOf/oneOf unions, or an empty schema.
            _ => Schema::Any,
        };
        Built::New(node)
    }

    fn object(&mut self, object: &Map<String, Value>, definition: Option<&str>) -> ObjectSchema {
        let mut properties = BTreeMap::new();
        if let Some(Value::Object(property_schemas)) = object.get("properties") {
            for (property, value) in property_schemas {
                let field = self.property(value, definition, property);
                properties.insert(property.clone(), field);
            }
        }
        let additional_properties = match object.get("additionalProperties") {
            Some(Value::Bool(true)) => Some(self.leaves.any(self.arena)),
            Some(value @ Value::Object(_)) => Some(self.convert(value)),
            _ => None,
        };
        ObjectSchema {
            properties,
            required: string_list(object.get("required")),
            additional_properties,
            preserve_unknown_fields: flag(object, "x-kubernetes-preserve-unknown-fields"),
            embedded_resource: flag(object, "x-kubernetes-embedded-resource"),
            min_properties: unsigned(object, "minProperties"),
            max_properties: unsigned(object, "maxProperties"),
        }
    }

    /// Converts a property, applying the kc tables when it belongs to a built-in definition.
    fn property(&mut self, value: &Value, definition: Option<&str>, property: &str) -> Field {
        let mut built = self.build(value, None);
        if let (Some(definition), Built::New(node)) = (definition, &mut built) {
            self.apply_tables(node, definition, property);
        }
        let description = value
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                // A bare `$ref` property is described by the definition it refers to.
                let reference = value.get("$ref").and_then(Value::as_str)?;
                let definitions = self.definitions.as_ref()?;
                let target = definitions.schemas.get(&definition_name(reference))?;
                target
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
        Field {
            schema: self.finish(built),
            description,
        }
    }

    fn apply_tables(&mut self, node: &mut Schema, definition: &str, property: &str) {
        if let Some(values) = tables::field_enum(definition, property) {
            let enum_values: Vec<String> = values.iter().map(|value| (*value).to_owned()).collect();
            match node {
                Schema::String(string) => string.enum_values = enum_values,
                Schema::Array(array) => {
                    // Only lists of strings take enum values; the shared item node stays as it is.
                    if let Schema::String(items) = self.arena.get(array.items) {
                        let mut items = items.clone();
                        items.enum_values = enum_values;
                        array.items = self.arena.alloc(Schema::String(items));
                    }
                }
                _ => {}
            }
        }
        if let (Some(list_type), Schema::Array(array)) =
            (tables::field_list_type(definition, property), node)
        {
            array.list_type = match list_type {
                ListTypeEntry::Set => ListType::Set,
                ListTypeEntry::Map(keys) => ListType::Map {
                    keys: keys.iter().map(|key| (*key).to_owned()).collect(),
                },
            };
        }
    }

    fn array(&mut self, object: &Map<String, Value>) -> ArraySchema {
        let items = match object.get("items") {
            Some(items) => self.convert(items),
            None => self.leaves.any(self.arena),
        };
        let list_type = match object.get("x-kubernetes-list-type").and_then(Value::as_str) {
            Some("set") => ListType::Set,
            Some("map") => ListType::Map {
                keys: string_list(object.get("x-kubernetes-list-map-keys")),
            },
            _ => ListType::Atomic,
        };
        ArraySchema {
            items,
            list_type,
            min_items: unsigned(object, "minItems"),
            max_items: unsigned(object, "maxItems"),
        }
    }
}

fn string_schema(object: &Map<String, Value>) -> StringSchema {
    let enum_values = match object.get("enum") {
        Some(Value::Array(values)) => values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    StringSchema {
        enum_values,
        format: object
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned),
        pattern: object
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned),
        min_length: unsigned(object, "minLength"),
        max_length: unsigned(object, "maxLength"),
    }
}

fn number_schema(object: &Map<String, Value>) -> NumberSchema {
    let mut number = NumberSchema {
        minimum: object.get("minimum").and_then(Value::as_f64),
        maximum: object.get("maximum").and_then(Value::as_f64),
        exclusive_minimum: flag(object, "exclusiveMinimum"),
        exclusive_maximum: flag(object, "exclusiveMaximum"),
        enum_values: match object.get("enum") {
            Some(Value::Array(values)) => values.iter().filter_map(Value::as_f64).collect(),
            _ => Vec::new(),
        },
    };
    // JSON Schema draft 6 and later spell an exclusive bound as a number instead of a flag.
    if let Some(bound) = object.get("exclusiveMinimum").and_then(Value::as_f64) {
        number.minimum = Some(bound);
        number.exclusive_minimum = true;
    }
    if let Some(bound) = object.get("exclusiveMaximum").and_then(Value::as_f64) {
        number.maximum = Some(bound);
        number.exclusive_maximum = true;
    }
    number
}

fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn unsigned(object: &Map<String, Value>, key: &str) -> Option<u64> {
    let value = object.get(key)?;
    // YAML authors sometimes write `maxLength: 63.0`; a whole float is as good as an integer.
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|float| *float >= 0.0 && float.fract() == 0.0)
            .map(|float| float as u64)
    })
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(values)) => values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The definition name at the end of a `$ref` JSON pointer such as
/// `#/components/schemas/io.k8s.api.core.v1.Pod`, undoing the pointer and percent encodings.
fn definition_name(reference: &str) -> String {
    let encoded = reference.rsplit('/').next().unwrap_or(reference);
    let mut bytes = Vec::with_capacity(encoded.len());
    let raw = encoded.as_bytes();
    let mut index = 0;
    while index < raw.len() {
        match raw[index] {
            b'~' if raw.get(index + 1) == Some(&b'1') => {
                bytes.push(b'/');
                index += 2;
            }
            b'~' if raw.get(index + 1) == Some(&b'0') => {
                bytes.push(b'~');
                index += 2;
            }
            b'%' => {
                let decoded = encoded
                    .get(index + 1..index + 3)
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                match decoded {
                    Some(byte) => {
                        bytes.push(byte);
                        index += 3;
                    }
                    None => {
                        bytes.push(b'%');
                        index += 1;
                    }
                }
            }
            byte => {
                bytes.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn convert_crd_schema(arena: &Arena, leaves: &Leaves, value: &Value) -> SchemaId {
        Converter {
            arena,
            leaves,
            definitions: None,
        }
        .convert(value)
    }

    #[test]
    fn decodes_definition_names() {
        assert_eq!(
            definition_name("#/components/schemas/io.k8s.api.core.v1.Pod"),
            "io.k8s.api.core.v1.Pod"
        );
        assert_eq!(
            definition_name("#/components/schemas/a~1b~0c%20d"),
            "a/b~c d"
        );
    }

    #[test]
    fn converts_structural_keywords() {
        let arena = Arena::new();
        let leaves = Leaves::default();
        let schema = json!({
            "type": "object",
            "required": ["size"],
            "properties": {
                "size": {"type": "integer", "minimum": 1, "exclusiveMaximum": true, "maximum": 10},
                "mode": {"type": "string", "enum": ["a", "b"], "maxLength": 3.0},
                "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
                "items": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                          "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "anything": {"x-kubernetes-preserve-unknown-fields": true},
            }
        });
        let root = convert_crd_schema(&arena, &leaves, &schema);
        let Schema::Object(object) = arena.get(root) else {
            panic!("root is an object")
        };
        assert_eq!(object.required, ["size"]);
        let property = |name: &str| arena.get(object.properties[name].schema);
        let Schema::Integer(size) = property("size") else {
            panic!("size is an integer")
        };
        assert_eq!(
            (size.minimum, size.maximum, size.exclusive_maximum),
            (Some(1.0), Some(10.0), true)
        );
        let Schema::String(mode) = property("mode") else {
            panic!("mode is a string")
        };
        assert_eq!((mode.enum_values.len(), mode.max_length), (2, Some(3)));
        assert!(matches!(property("port"), Schema::IntOrString(_)));
        let Schema::Array(items) = property("items") else {
            panic!("items is an array")
        };
        assert_eq!(
            items.list_type,
            ListType::Map {
                keys: vec!["name".to_owned()]
            }
        );
        let Schema::Object(labels) = property("labels") else {
            panic!("labels is an object")
        };
        assert!(matches!(
            labels.additional_properties.map(|id| arena.get(id)),
            Some(Schema::String(_))
        ));
        let Schema::Object(free) = property("free") else {
            panic!("free is an object")
        };
        assert!(free.preserve_unknown_fields);
        assert!(matches!(property("anything"), Schema::Any));
    }
}
