//! kc projects (SPEC §3): evaluate `kc.nix` and turn its value into environments of
//! Kubernetes objects, each an owned [`tree::Node`] that remembers where every value came from.
//!
//! This crate knows the project's shape — environments, the `resources` shorthand, nested lists,
//! `List` objects, default namespaces, environment labels, identities — but nothing of schemas:
//! whether a kind is namespaced is asked through [`ProjectOptions::is_namespaced`].

pub mod parallel;
mod reported;
pub mod tree;

pub use reported::Reported;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use kc_eval::error::{ErrorExt, EvalError, EvalResult};
use kc_eval::sandbox::Sandbox;
use kc_eval::value::{Attrs, Thunk, Value};
use kc_eval::{Database, Evaluator, FileArena};
use kc_syntax::{Diagnostic, FileId, Span, Symbol};

use tree::{Entry, Node, NodeValue};

/// Group/version, kind, namespace and name: what makes an object unique in an environment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl std::fmt::Display for Identity {
    /// `apps/v1/Deployment/prod/api`, or `v1/Namespace/_cluster/prod` for cluster-scoped ones.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let namespace = self.namespace.as_deref().unwrap_or("_cluster");
        write!(
            f,
            "{}/{}/{}/{}",
            self.api_version, self.kind, namespace, self.name
        )
    }
}

#[derive(Debug, Clone)]
pub struct Object {
    pub identity: Identity,
    /// Shared, so that a caller can check or render the object on another thread while the
    /// rest of the project evaluates ([`ProjectOptions::on_object`]).
    pub tree: std::sync::Arc<Node>,
    /// The environment's namespace was filled in (the object did not set one).
    pub namespace_defaulted: bool,
    /// Where the object entered the environment (its element of `resources`), as opposed to
    /// `tree.origin`, where its value was written (perhaps inside a helper function).
    pub listed_at: Span,
    /// The project let go of the tree once [`ProjectOptions::on_object`] had it
    /// ([`TreeUse::Release`]): `tree` is an empty node at the same place, and the caller
    /// computed what it needs of the object from the tree it was given.
    pub tree_released: bool,
}

/// Whether the project keeps an object's tree after [`ProjectOptions::on_object`] has seen it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeUse {
    Keep,
    /// The caller does all it needs with the tree it was given, so the project holds an empty
    /// node instead: trees are a third of a large project's memory, and touching fresh memory
    /// is slow on a virtual machine.
    Release,
}

impl Object {
    /// Lets go of the tree, keeping an empty node at the same place: for a caller that has
    /// done all it needs with the tree (see [`TreeUse::Release`]).
    pub fn release_tree(&mut self) {
        self.tree = std::sync::Arc::new(Node {
            value: NodeValue::Null,
            origin: self.tree.origin,
        });
        self.tree_released = true;
    }
}

impl Project {
    /// Re-decides which objects live in a namespace once more kinds are known (CRDs found in
    /// the project): a defaulted namespace is removed from objects of cluster-scoped kinds.
    ///
    /// Returns the objects it changed, as (environment index, object index).
    pub fn apply_scopes(
        &mut self,
        is_namespaced: &dyn Fn(&str, &str) -> Option<bool>,
    ) -> Vec<(usize, usize)> {
        let mut changed = Vec::new();
        // Objects come in runs of one kind: ask once per run.
        let mut last: Option<(String, String, Option<bool>)> = None;
        for (environment_index, environment) in self.environments.iter_mut().enumerate() {
            for (object_index, object) in environment.objects.iter_mut().enumerate() {
                let identity = &mut object.identity;
                if identity.namespace.is_none() {
                    continue;
                }
                let namespaced = match &last {
                    Some((api_version, kind, namespaced))
                        if *api_version == identity.api_version && *kind == identity.kind =>
                    {
                        *namespaced
                    }
                    _ => {
                        let namespaced = is_namespaced(&identity.api_version, &identity.kind);
                        last = Some((
                            identity.api_version.clone(),
                            identity.kind.clone(),
                            namespaced,
                        ));
                        namespaced
                    }
                };
                if namespaced != Some(false) {
                    continue;
                }
                identity.namespace = None;
                changed.push((environment_index, object_index));
                if object.namespace_defaulted {
                    if let Some(NodeValue::Object(entries)) =
                        std::sync::Arc::make_mut(&mut object.tree)
                            .get_mut("metadata")
                            .map(|m| &mut m.value)
                    {
                        let mut kept = std::mem::take(entries).into_vec();
                        kept.retain(|e| e.key != "namespace");
                        *entries = kept.into_boxed_slice();
                    }
                    object.namespace_defaulted = false;
                }
            }
        }
        changed
    }
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub name: String,
    pub objects: Vec<Object>,
}

#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    pub environments: Vec<Environment>,
    /// CRD sources: `schemas`, default `./crds` when it exists.
    pub schemas: Vec<PathBuf>,
    /// Policy sources: `policies`, default `./policies` when it exists.
    pub policies: Vec<PathBuf>,
    /// `policyParameters`: parameters of the policies (`data.kc.parameters`), such as
    /// `hygiene.requiredLabels`.
    pub policy_parameters: Option<Node>,
    /// Problems with the project itself; with errors, `environments` may be incomplete.
    pub diagnostics: Vec<ProjectDiagnostic>,
}

/// A diagnostic plus the environment and object it concerns.
#[derive(Debug, Clone)]
pub struct ProjectDiagnostic {
    pub diagnostic: Diagnostic,
    pub env: Option<String>,
    pub resource: Option<String>,
}

pub struct ProjectOptions<'o> {
    /// Environments to load; empty means all.
    pub environments: Vec<String>,
    pub allowed_env: Vec<String>,
    /// Whether objects of this apiVersion and kind live in a namespace; `None` when unknown.
    pub is_namespaced: &'o (dyn Fn(&str, &str) -> Option<bool> + Sync),
    /// Free the evaluated values before returning. One-shot commands say no: the process exit
    /// releases them at once, where freeing them value by value takes a noticeable time.
    pub release_memory: bool,
    /// Called on the evaluating thread with each object as soon as it is evaluated, with its
    /// environment and its index there, so that a caller can check or render it on another
    /// core while the rest of the project evaluates. [`Project::apply_scopes`] may still
    /// change the object afterwards, and says which ones it changed. The hook may let the
    /// project release the object's tree ([`TreeUse::Release`]).
    pub on_object: Option<OnObject<'o>>,
    /// Called on the evaluating thread once `kc.nix`'s own settings (`schemas`, `policies`,
    /// `policyParameters`) are known, before any environment evaluates, with the project so
    /// far (no environments yet).
    pub on_settings: Option<OnSettings<'o>>,
}

/// See [`ProjectOptions::on_settings`].
pub type OnSettings<'f> = &'f (dyn Fn(&Project) + Sync);

/// See [`ProjectOptions::on_object`]: called with the environment's name, the object's index
/// there, and the object; says whether the project keeps the object's tree.
pub type OnObject<'f> = &'f (dyn Fn(&str, usize, &Object) -> TreeUse + Sync);

/// Evaluates the project whose root directory (holding `kc.nix`) is `root`.
pub fn load_project(db: &Database, root: &Path, options: &ProjectOptions<'_>) -> Project {
    let db = db.clone();
    kc_eval::run_with_large_stack(move || load_on_this_thread(&db, root, options))
}

fn load_on_this_thread(db: &Database, root: &Path, options: &ProjectOptions<'_>) -> Project {
    let mut project = Project {
        root: root.to_path_buf(),
        ..Project::default()
    };
    let entry = root.join("kc.nix");
    if db.fs().kind(&entry).is_err() {
        project.diagnostics.push(ProjectDiagnostic {
            diagnostic: Diagnostic::error("KC0601", format!("no kc.nix in '{}'", root.display()))
                .with_note(
                    "a kc project is a directory with a kc.nix at its root; `kc init` creates one",
                ),
            env: None,
            resource: None,
        });
        return project;
    }
    let arena = FileArena::default();
    let evaluator = Evaluator::new(
        db,
        &arena,
        Sandbox::new(root.to_path_buf(), options.allowed_env.clone()),
    );
    let mut loader = Loader {
        ev: &evaluator,
        options,
        project: &mut project,
    };
    if let Err(error) = loader.load(&entry) {
        loader.report_eval(*error, None, None);
    }
    if options.release_memory {
        evaluator.collect_garbage();
    } else {
        std::mem::forget(evaluator);
    }
    project
}

struct Loader<'l, 'a, 'o> {
    ev: &'l Evaluator<'a>,
    options: &'l ProjectOptions<'o>,
    project: &'l mut Project,
}

fn no_span() -> Span {
    Span::new(FileId(u32::MAX), Default::default())
}

impl<'a> Loader<'_, 'a, '_> {
    fn report(&mut self, diagnostic: Diagnostic, env: Option<&str>, resource: Option<&str>) {
        self.project.diagnostics.push(ProjectDiagnostic {
            diagnostic,
            env: env.map(str::to_owned),
            resource: resource.map(str::to_owned),
        });
    }

    fn report_eval(&mut self, error: EvalError, env: Option<&str>, resource: Option<&str>) {
        for diagnostic in error.into_diagnostics() {
            self.report(diagnostic, env, resource);
        }
    }

    fn load(&mut self, entry: &Path) -> EvalResult<()> {
        let ev = self.ev;
        // Problems with the project's shape point at the expression that produced kc.nix's value.
        let (mut value, mut root_span) =
            ev.import_file_traced(&entry.to_string_lossy(), no_span())?;
        if value.is_function() {
            (value, root_span) = ev.call_traced(&value, self.arguments(root_span)?, root_span)?;
        }
        let Value::Attrs(top) = &value else {
            return Err(EvalError::new(
                "KC0602",
                format!("kc.nix must evaluate to a set, not {}", value.type_name()),
                root_span,
            )
            .note(
                "write `{ environments.dev.resources = [ ... ]; }` or `{ kc, lib, ... }: { ... }`",
            ));
        };
        self.project.schemas = self.paths(top, "schemas", "crds")?;
        self.project.policies = self.paths(top, "policies", "policies")?;
        if let Some(attr) = top.get(Symbol::intern(b"policyParameters")) {
            let forced = ev.force(&attr.value.clone())?;
            self.project.policy_parameters = Some(tree::to_tree(ev, &forced, attr.value.origin())?);
        }
        if let Some(on_settings) = self.options.on_settings {
            on_settings(self.project);
        }
        let environments = match top.get(Symbol::intern(b"environments")) {
            Some(attr) => {
                let span = attr.value.origin();
                match ev.force(&attr.value.clone())? {
                    Value::Attrs(envs) => envs
                        .entries()
                        .iter()
                        .map(|e| (e.name.as_str_lossy().into_owned(), e.value.clone()))
                        .collect(),
                    other => {
                        return Err(ev
                            .type_error("a set of environments", &other, span)
                            .note("environments.<name> = { resources = [ ... ]; namespace = ...; }"))
                    }
                }
            }
            None if top.get(Symbol::intern(b"resources")).is_some() => {
                vec![("default".to_owned(), Thunk::done(value.clone(), root_span))]
            }
            None => {
                return Err(EvalError::new("KC0602", "kc.nix defines neither `environments` nor `resources`", root_span)
                    .note("add `environments.<name>.resources = [ ... ];` (or a top-level `resources` for one environment)"))
            }
        };
        for wanted in &self.options.environments {
            if !environments.iter().any(|(name, _)| name == wanted) {
                let known: Vec<&str> = environments.iter().map(|(n, _)| n.as_str()).collect();
                let mut diagnostic =
                    Diagnostic::error("KC0606", format!("no environment named '{wanted}'"));
                if let Some(suggestion) = kc_syntax::suggest::closest(wanted, known.iter().copied())
                {
                    diagnostic = diagnostic.with_note(format!("did you mean '{suggestion}'?"));
                }
                diagnostic =
                    diagnostic.with_note(format!("the project defines: {}", known.join(", ")));
                self.report(diagnostic, None, None);
            }
        }
        for (name, thunk) in environments {
            if !self.options.environments.is_empty() && !self.options.environments.contains(&name) {
                continue;
            }
            let environment = match self.load_environment(&name, &thunk) {
                Ok(environment) => environment,
                Err(error) => {
                    self.report_eval(*error, Some(&name), None);
                    continue;
                }
            };
            self.project.environments.push(environment);
        }
        Ok(())
    }

    /// `{ kc, lib }` for a `kc.nix` that is a function: the standard library (`lib-nix/`),
    /// given the builtins only kc has.
    fn arguments(&self, span: Span) -> EvalResult<Value<'a>> {
        standard_library_arguments(self.ev, span)
    }

    fn paths(&mut self, top: &Attrs<'a>, name: &str, default: &str) -> EvalResult<Vec<PathBuf>> {
        let ev = self.ev;
        let Some(attr) = top.get(Symbol::intern(name.as_bytes())) else {
            let fallback = self.project.root.join(default);
            return Ok(if ev.db.fs().kind(&fallback).is_ok() {
                vec![fallback]
            } else {
                Vec::new()
            });
        };
        let span = attr.value.origin();
        let items = match ev.force(&attr.value.clone())? {
            Value::List(items) => items,
            other => return Err(ev.type_error("a list of paths", &other, span)),
        };
        let mut paths = Vec::new();
        for item in items.iter() {
            match ev.force(item)? {
                Value::Path(p) => paths.push(PathBuf::from(&*p)),
                Value::String(s) if s.starts_with(b"builtin:") => {
                    paths.push(PathBuf::from(String::from_utf8_lossy(&s).into_owned()))
                }
                other => return Err(ev.type_error("a path", &other, item.origin())),
            }
        }
        Ok(paths)
    }

    fn load_environment(&mut self, name: &str, thunk: &Rc<Thunk<'a>>) -> EvalResult<Environment> {
        let ev = self.ev;
        let config = match ev.force(thunk)? {
            Value::Attrs(config) => config,
            other => {
                return Err(ev
                    .type_error("a set", &other, thunk.origin())
                    .label(format!("environment '{name}'")))
            }
        };
        let namespace = self.optional_tree(&config, "namespace")?;
        let labels = self.optional_tree(&config, "labels")?;
        let annotations = self.optional_tree(&config, "annotations")?;
        let mut objects = Vec::new();
        let mut identities = IdentityIndex::default();
        let mut duplicates = Vec::new();
        if let Some(resources) = config.get(Symbol::intern(b"resources")) {
            let mut flat = Vec::new();
            self.flatten(&resources.value.clone(), &mut flat)?;
            for (value, origin, listed_at) in flat {
                let tree = match tree::to_tree(ev, &value, origin) {
                    Ok(tree) => tree,
                    Err(error) => {
                        self.report_eval(*error, Some(name), None);
                        continue;
                    }
                };
                if let Some(object) = self.finish_object(
                    name,
                    tree,
                    listed_at,
                    namespace.as_ref(),
                    labels.as_ref(),
                    annotations.as_ref(),
                ) {
                    let mut object = object;
                    if let Some(on_object) = self.options.on_object {
                        if on_object(name, objects.len(), &object) == TreeUse::Release {
                            object.release_tree();
                        }
                    }
                    objects.push(object);
                    // Indexed now, while the object's strings are in the processor's cache.
                    if let Some(first) = identities.insert(&objects, objects.len() - 1) {
                        duplicates.push((first, objects.len() - 1));
                    }
                }
            }
        }
        for (first, again) in duplicates {
            self.report_duplicate(name, &objects[first], &objects[again]);
        }
        Ok(Environment {
            name: name.to_owned(),
            objects,
        })
    }

    fn optional_tree(&mut self, config: &Attrs<'a>, key: &str) -> EvalResult<Option<Node>> {
        let Some(attr) = config.get(Symbol::intern(key.as_bytes())) else {
            return Ok(None);
        };
        let value = self.ev.force(&attr.value.clone())?;
        if matches!(value, Value::Null) {
            return Ok(None);
        }
        tree::to_tree(self.ev, &value, attr.value.origin()).map(Some)
    }

    /// Resources in order: nested lists flattened, `null` skipped, `v1 List` objects replaced
    /// by their items. Each comes with where its value was written and where it was listed.
    fn flatten(
        &mut self,
        thunk: &Rc<Thunk<'a>>,
        out: &mut Vec<(Value<'a>, Span, Span)>,
    ) -> EvalResult<()> {
        let ev = self.ev;
        ev.check_stack(thunk.origin())?;
        let listed_at = thunk.origin();
        let value = ev.force(thunk)?;
        match &value {
            Value::Null => {}
            Value::List(items) => {
                for item in items.iter() {
                    self.flatten(item, out)?;
                }
            }
            Value::Attrs(attrs) => {
                let is_list = |key: &[u8], expected: &[u8]| -> EvalResult<bool> {
                    match attrs.get(Symbol::intern(key)) {
                        Some(attr) => Ok(
                            matches!(ev.force(&attr.value.clone())?, Value::String(s) if &*s == expected),
                        ),
                        None => Ok(false),
                    }
                };
                let items = attrs.get(Symbol::intern(b"items")).map(|a| a.value.clone());
                match items {
                    Some(items) if is_list(b"kind", b"List")? && is_list(b"apiVersion", b"v1")? => {
                        self.flatten(&items, out)?
                    }
                    _ => out.push((value.clone(), thunk.origin(), listed_at)),
                }
            }
            function if function.is_function() => {
                return Err(EvalError::new(
                    "KC0602",
                    "a function is listed in `resources`",
                    listed_at,
                )
                .label("this is a function, not a Kubernetes object")
                .note("did you forget to call it with its arguments?"))
            }
            other => {
                return Err(ev
                    .type_error("a Kubernetes object (a set)", other, thunk.origin())
                    .label("listed in `resources`"))
            }
        }
        Ok(())
    }

    /// Checks an object can be identified, applies the environment's namespace, labels and
    /// annotations, and computes its identity.
    fn finish_object(
        &mut self,
        env: &str,
        mut tree: Node,
        listed_at: Span,
        namespace: Option<&Node>,
        labels: Option<&Node>,
        annotations: Option<&Node>,
    ) -> Option<Object> {
        let origin = tree.origin;
        let api_version = tree
            .get("apiVersion")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let kind = tree.get("kind").and_then(Node::as_str).map(str::to_owned);
        let name = tree
            .at(&["metadata", "name"])
            .and_then(Node::as_str)
            .map(str::to_owned);
        let (Some(api_version), Some(kind), Some(name)) = (api_version, kind, name) else {
            let mut missing = Vec::new();
            if tree.get("apiVersion").and_then(Node::as_str).is_none() {
                missing.push("apiVersion");
            }
            if tree.get("kind").and_then(Node::as_str).is_none() {
                missing.push("kind");
            }
            if tree
                .at(&["metadata", "name"])
                .and_then(Node::as_str)
                .is_none()
            {
                missing.push("metadata.name");
            }
            self.report(
                Diagnostic::error("KC0604", format!("this object has no {}", missing.join(", ")))
                    .with_primary(origin, "every Kubernetes object needs apiVersion, kind and metadata.name (strings)")
                    .with_note("e.g. { apiVersion = \"v1\"; kind = \"ConfigMap\"; metadata.name = \"settings\"; }"),
                Some(env),
                None,
            );
            return None;
        };
        let namespaced = (self.options.is_namespaced)(&api_version, &kind).unwrap_or(true);
        if tree
            .get("metadata")
            .is_some_and(|m| !matches!(m.value, NodeValue::Object(_)))
        {
            // The checker reports the wrong type; nothing to merge into.
            return Some(Object {
                identity: Identity {
                    api_version,
                    kind,
                    namespace: None,
                    name,
                },
                tree: std::sync::Arc::new(tree),
                namespace_defaulted: false,
                listed_at,
                tree_released: false,
            });
        }
        let metadata = tree.get_mut("metadata")?;
        let mut namespace_defaulted = false;
        if namespaced && metadata.get("namespace").is_none() {
            if let Some(namespace) = namespace {
                metadata.insert(Entry {
                    key: "namespace",
                    key_span: namespace.origin,
                    value: namespace.clone(),
                });
                namespace_defaulted = true;
            }
        }
        for (key, defaults) in [("labels", labels), ("annotations", annotations)] {
            let Some(defaults) = defaults else { continue };
            let NodeValue::Object(default_entries) = &defaults.value else {
                continue;
            };
            if metadata.get(key).is_none() {
                metadata.insert(Entry {
                    key,
                    key_span: defaults.origin,
                    value: Node {
                        value: NodeValue::Object(Box::default()),
                        origin: defaults.origin,
                    },
                });
            }
            if let Some(target) = metadata.get_mut(key) {
                // The object's own labels win over the environment's.
                for entry in default_entries {
                    if target.get(entry.key).is_none() {
                        target.insert(entry.clone());
                    }
                }
            }
        }
        let namespace = if namespaced {
            Some(
                tree.at(&["metadata", "namespace"])
                    .and_then(Node::as_str)
                    .unwrap_or("default")
                    .to_owned(),
            )
        } else {
            None
        };
        Some(Object {
            identity: Identity {
                api_version,
                kind,
                namespace,
                name,
            },
            tree: std::sync::Arc::new(tree),
            namespace_defaulted,
            listed_at,
            tree_released: false,
        })
    }

    fn report_duplicate(&mut self, env: &str, first: &Object, again: &Object) {
        let identity = again.identity.to_string();
        self.report(
            Diagnostic::error("KC0605", format!("two objects are {identity}"))
                .with_primary(again.listed_at, "defined again here")
                .with_secondary(first.listed_at, "first defined here")
                .with_note("an environment may hold one object per apiVersion, kind, namespace and name; rename one or remove the duplicate"),
            Some(env),
            Some(&identity),
        );
    }
}

/// The objects of an environment by identity, to find duplicates: hashes of identities, with
/// every match confirmed on the identities themselves.
#[derive(Default)]
struct IdentityIndex {
    /// The first object with each hash.
    first: rustc_hash::FxHashMap<u64, usize>,
    /// Objects whose hash an object with another identity had first (a hash collision).
    collided: Vec<usize>,
}

impl IdentityIndex {
    /// Adds `objects[index]`; returns the object that already has its identity, if any.
    fn insert(&mut self, objects: &[Object], index: usize) -> Option<usize> {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(&objects[index].identity);
        self.insert_hashed(objects, index, hash)
    }

    fn insert_hashed(&mut self, objects: &[Object], index: usize, hash: u64) -> Option<usize> {
        use std::collections::hash_map::Entry;
        let identity = &objects[index].identity;
        match self.first.entry(hash) {
            Entry::Vacant(vacant) => {
                vacant.insert(index);
                None
            }
            Entry::Occupied(occupied) => {
                let first = *occupied.get();
                if objects[first].identity == *identity {
                    return Some(first);
                }
                let earlier = self
                    .collided
                    .iter()
                    .copied()
                    .find(|&other| objects[other].identity == *identity);
                if earlier.is_none() {
                    self.collided.push(index);
                }
                earlier
            }
        }
    }
}

/// The `{ kc, lib }` set a `kc.nix` function is called with: the standard library's entry file
/// applied to the builtins only kc has (`readYAML`).
pub fn standard_library_arguments<'a>(ev: &Evaluator<'a>, span: Span) -> EvalResult<Value<'a>> {
    let entry = kc_eval::stdlib::entry_path();
    let library = ev.import_file(&entry.to_string_lossy(), span)?;
    let read_yaml = kc_eval::builtins::primop_value("__kcReadYAML").unwrap_or(Value::Null);
    let primitives = ev.make_attrs(vec![("readYAML", read_yaml)], span);
    let (arguments, _) = ev.call_traced(&library, primitives, span)?;
    Ok(arguments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(kind: &str, name: &str) -> Object {
        let span = Span::new(FileId(0), Default::default());
        Object {
            identity: Identity {
                api_version: "v1".to_owned(),
                kind: kind.to_owned(),
                namespace: Some("default".to_owned()),
                name: name.to_owned(),
            },
            tree: std::sync::Arc::new(Node {
                value: NodeValue::Null,
                origin: span,
            }),
            namespace_defaulted: false,
            listed_at: span,
            tree_released: false,
        }
    }

    #[test]
    fn every_repeat_of_an_identity_is_matched_with_its_first_object() {
        let objects = [
            object("ConfigMap", "a"),
            object("Secret", "a"),
            object("ConfigMap", "a"),
            object("ConfigMap", "b"),
            object("ConfigMap", "a"),
            object("Secret", "a"),
        ];
        let mut index = IdentityIndex::default();
        let found: Vec<Option<usize>> = (0..objects.len())
            .map(|i| index.insert(&objects, i))
            .collect();
        assert_eq!(found, [None, None, Some(0), None, Some(0), Some(1)]);
    }

    #[test]
    fn a_hash_shared_by_two_identities_is_told_apart() {
        let objects = [
            object("ConfigMap", "a"),
            object("ConfigMap", "b"),
            object("ConfigMap", "b"),
        ];
        // All three under one hash, as if two identities collided.
        let mut index = IdentityIndex::default();
        let mut insert = |i: usize| index.insert_hashed(&objects, i, 7);
        assert_eq!(insert(0), None);
        assert_eq!(insert(1), None);
        assert_eq!(insert(2), Some(1));
    }
}
