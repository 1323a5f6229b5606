//! The built-in Kubernetes kinds: the generated kind table and their lazy schema generation.

use std::collections::HashMap;

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::JsonSchema;

use crate::arena::Arena;
use crate::convert::{Converter, Definitions, Leaves};
use crate::schema::SchemaId;

/// A built-in (apiVersion, kind) and how to generate its schema.
pub(crate) struct BuiltinKind {
    pub(crate) api_version: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) namespaced: bool,
    /// Adds the kind's schemars definitions to a generator and returns a `$ref` to its root.
    pub(crate) generate: fn(&mut SchemaGenerator) -> schemars::Schema,
}

fn generate_schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<T>()
}

// `K8S_OPENAPI_VERSION`, `KUBERNETES_VERSION` and `BUILTIN_KINDS`, sorted by (apiVersion, kind).
include!(concat!(env!("OUT_DIR"), "/kinds.rs"));

/// The index in [`BUILTIN_KINDS`] of a built-in kind.
pub(crate) fn find(api_version: &str, kind: &str) -> Option<usize> {
    BUILTIN_KINDS
        .binary_search_by(|entry| (entry.api_version, entry.kind).cmp(&(api_version, kind)))
        .ok()
}

/// What the registry has generated of the built-in schema so far.
#[derive(Default)]
pub(crate) struct BuiltinState {
    /// Created on the first lookup; it keeps every definition generated so far, so types shared
    /// by several kinds (ObjectMeta, PodSpec) are generated and converted once.
    generator: Option<SchemaGenerator>,
    definition_ids: HashMap<String, SchemaId>,
    kind_roots: HashMap<usize, SchemaId>,
    /// How many times a schema was generated with schemars (for tests of laziness).
    pub(crate) generated_count: usize,
}

impl BuiltinState {
    /// The root node of the built-in kind at `index` in [`BUILTIN_KINDS`].
    pub(crate) fn kind_root(&mut self, arena: &Arena, leaves: &Leaves, index: usize) -> SchemaId {
        if let Some(root) = self.kind_roots.get(&index) {
            return *root;
        }
        let root = self.generate(arena, leaves, BUILTIN_KINDS[index].generate);
        self.kind_roots.insert(index, root);
        root
    }

    /// The node of a definition converted already.
    #[cfg(test)]
    pub(crate) fn definition_id(&self, name: &str) -> Option<SchemaId> {
        self.definition_ids.get(name).copied()
    }

    /// The node of ObjectMeta, which CRD roots share.
    pub(crate) fn object_meta(&mut self, arena: &Arena, leaves: &Leaves) -> SchemaId {
        self.generate(
            arena,
            leaves,
            generate_schema::<k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>,
        )
    }

    fn generate(
        &mut self,
        arena: &Arena,
        leaves: &Leaves,
        generate: fn(&mut SchemaGenerator) -> schemars::Schema,
    ) -> SchemaId {
        self.generated_count += 1;
        let generator = self.generator.get_or_insert_with(|| {
            // OpenAPI 3 settings put definitions under `#/components/schemas/`. The transforms
            // only reshape the output for OpenAPI documents (moving `$ref` siblings into `allOf`
            // and the like); the converter reads the raw k8s-openapi schemas instead.
            SchemaSettings::openapi3()
                .with(|settings| settings.transforms.clear())
                .into_generator()
        });
        let reference = generate(generator);
        let mut converter = Converter {
            arena,
            leaves,
            definitions: Some(Definitions {
                schemas: generator.definitions(),
                ids: &mut self.definition_ids,
            }),
        };
        converter.convert(reference.as_value())
    }
}
