//! The schema registry of kc: built-in Kubernetes kinds and CustomResourceDefinitions.
//!
//! A [`Registry`] maps an (apiVersion, kind) to the root of a schema tree stored in an arena.
//! The built-in kinds come from k8s-openapi's schemars definitions, amended by the kc-owned
//! tables in `tables.rs`; nothing is generated until a kind is first looked up, so creating a
//! registry costs nothing. CustomResourceDefinitions are added with [`Registry::add_crd`].

mod arena;
mod builtin;
mod convert;
mod crd;
pub mod schema;
mod tables;

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use kc_syntax::suggest::edit_distance;

use crate::arena::Arena;
use crate::builtin::{BuiltinState, BUILTIN_KINDS};
use crate::convert::{Converter, Leaves};
pub use crate::schema::{
    ArraySchema, Field, ListType, NumberSchema, ObjectSchema, Schema, SchemaId, StringSchema,
};

/// How many kind names a "did you mean" offers at most.
const MAX_SUGGESTIONS: usize = 5;

/// All schemas kc checks objects against.
///
/// Lookups take `&self`: the built-in schema of a kind is generated on its first lookup behind
/// a mutex, and nodes are stored in an append-only arena, so references returned by
/// [`Registry::schema`] stay valid. The registry is `Send + Sync`.
pub struct Registry {
    arena: Arena,
    leaves: Leaves,
    builtin: Mutex<BuiltinState>,
    /// The root of each built-in kind (by index in `BUILTIN_KINDS`) once generated: looked up
    /// for every object, from several threads, without taking the lock.
    builtin_roots: Box<[OnceLock<SchemaId>]>,
    crds: BTreeMap<(String, String), CrdKind>,
}

struct CrdKind {
    root: SchemaId,
    namespaced: bool,
}

/// The outcome of looking up an (apiVersion, kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(KindInfo),
    /// No apiVersion serves this kind; `suggestions` are known kinds with a similar name, closest
    /// first.
    UnknownKind {
        suggestions: Vec<String>,
    },
    /// The kind exists, but not in this apiVersion. `known_api_versions` (sorted) serve it;
    /// `note` explains a removed API, such as extensions/v1beta1 Deployment. A removed kind with
    /// no successor (PodSecurityPolicy) has no known apiVersions but a note.
    UnknownApiVersion {
        known_api_versions: Vec<String>,
        note: Option<String>,
    },
}

/// A known kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindInfo {
    pub root: SchemaId,
    pub namespaced: bool,
    pub api_version: String,
    pub kind: String,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::new()
    }
}

impl Registry {
    /// Cheap: nothing about the built-in Kubernetes schema is computed until the first lookup.
    pub fn new() -> Registry {
        Registry {
            arena: Arena::new(),
            leaves: Leaves::default(),
            builtin: Mutex::new(BuiltinState::default()),
            builtin_roots: BUILTIN_KINDS.iter().map(|_| OnceLock::new()).collect(),
            crds: BTreeMap::new(),
        }
    }

    /// e.g. "1.37": the Kubernetes version of the built-in schema (k8s-openapi feature `latest`).
    pub fn kubernetes_version() -> &'static str {
        builtin::KUBERNETES_VERSION
    }

    /// The version of the k8s-openapi crate the built-in schema comes from, e.g. "0.29.0".
    pub fn k8s_openapi_version() -> &'static str {
        builtin::K8S_OPENAPI_VERSION
    }

    pub fn schema(&self, id: SchemaId) -> &Schema {
        self.arena.get(id)
    }

    /// Registers every served version of a CustomResourceDefinition (given as its JSON value);
    /// returns the (apiVersion, kind) pairs added, or a message when it is not a usable CRD.
    /// Registering a CRD again replaces the versions it serves.
    pub fn add_crd(&mut self, crd: &serde_json::Value) -> Result<Vec<(String, String)>, String> {
        let versions = crd::served_versions(crd)?;
        let builtin = self
            .builtin
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let object_meta = builtin.object_meta(&self.arena, &self.leaves);
        let mut added = Vec::new();
        for version in versions {
            let converted = version.schema.map(|schema| {
                Converter {
                    arena: &self.arena,
                    leaves: &self.leaves,
                    definitions: None,
                }
                .convert(schema)
            });
            let mut root = match converted.map(|id| self.arena.get(id)) {
                Some(Schema::Object(object)) => object.clone(),
                // No schema, or a root that is not an object: accept any content.
                _ => ObjectSchema {
                    preserve_unknown_fields: true,
                    ..ObjectSchema::default()
                },
            };
            // The API server accepts apiVersion, kind and metadata on every custom resource,
            // whatever the CRD's schema says about them.
            let string = self.leaves.string(&self.arena);
            root.properties.insert(
                "apiVersion".to_owned(),
                Field {
                    schema: string,
                    description: Some(API_VERSION_DESCRIPTION.to_owned()),
                },
            );
            root.properties.insert(
                "kind".to_owned(),
                Field {
                    schema: string,
                    description: Some(KIND_DESCRIPTION.to_owned()),
                },
            );
            root.properties.insert(
                "metadata".to_owned(),
                Field {
                    schema: object_meta,
                    description: Some(METADATA_DESCRIPTION.to_owned()),
                },
            );
            let root = self.arena.alloc(Schema::Object(root));
            self.crds.insert(
                (version.api_version.clone(), version.kind.clone()),
                CrdKind {
                    root,
                    namespaced: version.namespaced,
                },
            );
            added.push((version.api_version, version.kind));
        }
        Ok(added)
    }

    pub fn resolve(&self, api_version: &str, kind: &str) -> Resolution {
        if let Some(found) = self.lookup(api_version, kind) {
            return Resolution::Found(found);
        }
        let mut known_api_versions: Vec<String> = self
            .kind_entries()
            .filter(|(_, known_kind)| *known_kind == kind)
            .map(|(known_api_version, _)| known_api_version.to_owned())
            .collect();
        let note = tables::removed_api_note(api_version, kind);
        if !known_api_versions.is_empty() || note.is_some() {
            known_api_versions.sort();
            known_api_versions.dedup();
            return Resolution::UnknownApiVersion {
                known_api_versions,
                note,
            };
        }
        Resolution::UnknownKind {
            suggestions: self.suggest_kinds(api_version, kind),
        }
    }

    /// All known (apiVersion, kind) pairs, built-in and CRDs, sorted.
    pub fn kinds(&self) -> Vec<(String, String)> {
        let mut kinds: Vec<(String, String)> = self
            .kind_entries()
            .map(|(api_version, kind)| (api_version.to_owned(), kind.to_owned()))
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    fn lookup(&self, api_version: &str, kind: &str) -> Option<KindInfo> {
        if !self.crds.is_empty() {
            let key = (api_version.to_owned(), kind.to_owned());
            if let Some(crd) = self.crds.get(&key) {
                return Some(KindInfo {
                    root: crd.root,
                    namespaced: crd.namespaced,
                    api_version: key.0,
                    kind: key.1,
                });
            }
        }
        let index = builtin::find(api_version, kind)?;
        let root = match self.builtin_roots[index].get() {
            Some(root) => *root,
            None => {
                let mut builtin = self.builtin.lock().unwrap_or_else(PoisonError::into_inner);
                let root = builtin.kind_root(&self.arena, &self.leaves, index);
                // Another thread may have set the same root meanwhile: under the lock, it
                // is the one `kind_root` returned.
                let _ = self.builtin_roots[index].set(root);
                root
            }
        };
        Some(KindInfo {
            root,
            namespaced: BUILTIN_KINDS[index].namespaced,
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
        })
    }

    /// Whether objects of a kind live in a namespace; `None` for a kind the registry does not
    /// know. Cheaper than [`Registry::resolve`]: nothing is generated, locked or suggested.
    pub fn is_namespaced(&self, api_version: &str, kind: &str) -> Option<bool> {
        if !self.crds.is_empty() {
            if let Some(crd) = self.crds.get(&(api_version.to_owned(), kind.to_owned())) {
                return Some(crd.namespaced);
            }
        }
        builtin::find(api_version, kind).map(|index| BUILTIN_KINDS[index].namespaced)
    }

    fn kind_entries(&self) -> impl Iterator<Item = (&str, &str)> {
        let builtin = BUILTIN_KINDS
            .iter()
            .map(|entry| (entry.api_version, entry.kind));
        let crds = self
            .crds
            .keys()
            .map(|(api_version, kind)| (api_version.as_str(), kind.as_str()));
        builtin.chain(crds)
    }

    /// Known kinds close to `kind`, closest first; kinds served in the requested group win ties.
    fn suggest_kinds(&self, api_version: &str, kind: &str) -> Vec<String> {
        let wanted = kind.to_lowercase();
        let limit = (wanted.chars().count() / 3).max(1);
        let group = group_of(api_version);
        let mut ranked: Vec<(usize, bool, &str)> = Vec::new();
        for (candidate_api_version, candidate) in self.kind_entries() {
            // Case differences cost nothing: `configmap` is surely `ConfigMap`.
            let distance = edit_distance(&wanted, &candidate.to_lowercase());
            if distance > limit || distance >= wanted.chars().count() {
                continue;
            }
            let other_group = group_of(candidate_api_version) != group;
            ranked.push((distance, other_group, candidate));
        }
        ranked.sort();
        let mut suggestions: Vec<String> = Vec::new();
        for (_, _, candidate) in ranked {
            if !suggestions.iter().any(|known| known == candidate) {
                suggestions.push(candidate.to_owned());
            }
        }
        suggestions.truncate(MAX_SUGGESTIONS);
        suggestions
    }

    /// How many times schemars generated a built-in schema (laziness tests).
    #[cfg(test)]
    fn generated_count(&self) -> usize {
        self.builtin
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .generated_count
    }
}

/// The API group of an apiVersion: "" for the core group ("v1").
fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

const API_VERSION_DESCRIPTION: &str =
    "APIVersion defines the versioned schema of this representation of an object.";
const KIND_DESCRIPTION: &str =
    "Kind is a string value representing the REST resource this object represents.";
const METADATA_DESCRIPTION: &str = "Standard object's metadata.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_generates_nothing() {
        let registry = Registry::new();
        assert_eq!(registry.generated_count(), 0);
        assert_eq!(registry.arena.len(), 0);
        assert!(!registry.kinds().is_empty());
        assert_eq!(
            registry.generated_count(),
            0,
            "listing kinds generates no schema"
        );
        assert!(matches!(
            registry.resolve("apps/v1", "Deployment"),
            Resolution::Found(_)
        ));
        assert_eq!(registry.generated_count(), 1);
        let nodes_after_deployment = registry.arena.len();
        assert!(matches!(
            registry.resolve("apps/v1", "Deployment"),
            Resolution::Found(_)
        ));
        assert_eq!(
            registry.generated_count(),
            1,
            "a second lookup reuses the schema"
        );
        assert!(matches!(
            registry.resolve("apps/v1", "StatefulSet"),
            Resolution::Found(_)
        ));
        assert_eq!(registry.generated_count(), 2);
        // StatefulSet shares PodTemplateSpec and ObjectMeta with Deployment: few new nodes.
        assert!(registry.arena.len() - nodes_after_deployment < nodes_after_deployment / 2);
    }

    #[test]
    fn registry_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Registry>();
    }

    #[test]
    fn every_table_entry_names_an_existing_field() {
        let registry = Registry::new();
        for entry in BUILTIN_KINDS {
            assert!(matches!(
                registry.resolve(entry.api_version, entry.kind),
                Resolution::Found(_)
            ));
        }
        let builtin = registry
            .builtin
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let field = |definition: &str, property: &str| -> Option<&Schema> {
            let Schema::Object(object) = registry.schema(builtin.definition_id(definition)?) else {
                return None;
            };
            Some(registry.schema(object.properties.get(property)?.schema))
        };
        for (definition, property, _) in tables::FIELD_ENUMS {
            let has_enum = match field(definition, property) {
                Some(Schema::String(string)) => !string.enum_values.is_empty(),
                Some(Schema::Array(array)) => matches!(
                    registry.schema(array.items),
                    Schema::String(items) if !items.enum_values.is_empty()
                ),
                _ => false,
            };
            assert!(has_enum, "no string field {definition}.{property}");
        }
        for (definition, fields) in tables::FIELD_LIST_TYPES {
            for (property, _) in *fields {
                let is_typed_list = matches!(
                    field(definition, property),
                    Some(Schema::Array(array)) if array.list_type != ListType::Atomic
                );
                assert!(is_typed_list, "no list field {definition}.{property}");
            }
        }
        for (definition, _) in tables::DEFINITION_OVERRIDES {
            assert!(
                builtin.definition_id(definition).is_some(),
                "no definition {definition}"
            );
        }
    }
}
