//! The schema nodes a registry stores in its arena, shared by built-in kinds and CRDs.

use std::collections::BTreeMap;

/// Index of a schema node in a registry's arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SchemaId(pub u32);

/// One node of a schema: what a value at some position of an object may be.
#[derive(Debug, Clone)]
pub enum Schema {
    Object(ObjectSchema),
    Array(ArraySchema),
    String(StringSchema),
    Integer(NumberSchema),
    Number(NumberSchema),
    Boolean,
    /// x-kubernetes-int-or-string (e.g. IntOrString ports, maxSurge), with the constraints
    /// that apply to string values (controller-gen puts a quantity `pattern` here).
    IntOrString(StringSchema),
    /// resource.Quantity: a string (or number) in Kubernetes quantity grammar.
    Quantity,
    /// Anything goes (x-kubernetes-preserve-unknown-fields without properties, or no schema).
    Any,
}

/// An object with named properties, or a map when `additional_properties` is set.
#[derive(Debug, Clone, Default)]
pub struct ObjectSchema {
    pub properties: BTreeMap<String, Field>,
    pub required: Vec<String>,
    /// Schema of values of a map (additionalProperties), e.g. labels: string.
    pub additional_properties: Option<SchemaId>,
    /// x-kubernetes-preserve-unknown-fields: unknown fields are allowed.
    pub preserve_unknown_fields: bool,
    /// x-kubernetes-embedded-resource: apiVersion/kind/metadata allowed.
    pub embedded_resource: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

/// A property of an object schema.
#[derive(Debug, Clone)]
pub struct Field {
    pub schema: SchemaId,
    pub description: Option<String>,
}

/// A list and how the API server merges it.
#[derive(Debug, Clone)]
pub struct ArraySchema {
    pub items: SchemaId,
    pub list_type: ListType,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// x-kubernetes-list-type, with the keys of a list-map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListType {
    Atomic,
    Set,
    Map { keys: Vec<String> },
}

/// Constraints on a string.
#[derive(Debug, Clone, Default)]
pub struct StringSchema {
    pub enum_values: Vec<String>,
    pub format: Option<String>,
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
}

/// Constraints on an integer or a number.
#[derive(Debug, Clone, Default)]
pub struct NumberSchema {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub enum_values: Vec<f64>,
}
