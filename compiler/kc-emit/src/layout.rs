//! Where each object goes: `<env>/<namespace>/<kind>-<name>.<ext>`, `_cluster/` for
//! cluster-scoped objects, kind in lower case.
//!
//! Two objects can share kind, namespace and name and differ only in group (Istio's `Gateway`
//! and the Gateway API's `Gateway`); their file names then carry version and group the way
//! kubectl names resources, `<kind>.<version>.<group>-<name>`, for every object in the clash, so no file silently overwrites
//! another and the names do not depend on the order objects were listed in.
//! Namespaced objects that have no namespace (no `namespace` in the object or its environment)
//! go to `_default/`: kubectl puts them in the namespace of its current context.

use rustc_hash::FxHashMap;
use std::path::PathBuf;

use kc_project::Identity;

/// The directory of cluster-scoped objects.
pub const CLUSTER_DIRECTORY: &str = "_cluster";
/// The directory of namespaced objects without a namespace.
pub const UNSET_NAMESPACE_DIRECTORY: &str = "_default";

/// The scope of an object's kind, from the schema registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Namespaced,
    Cluster,
}

/// The directory of an object's file, in the environment's directory.
fn directory(identity: &Identity, scope: Scope) -> &str {
    match (scope, identity.namespace.as_deref()) {
        (Scope::Cluster, _) => CLUSTER_DIRECTORY,
        (Scope::Namespaced, Some(namespace)) => namespace,
        (Scope::Namespaced, None) => UNSET_NAMESPACE_DIRECTORY,
    }
}

/// `<directory>/<kind>-<name>.<extension>`, built in one allocation.
fn unqualified_path(
    identity: &Identity,
    scope: Scope,
    lowercase_kind: &str,
    extension: &str,
) -> String {
    let directory = directory(identity, scope);
    let mut path = String::with_capacity(
        directory.len() + lowercase_kind.len() + identity.name.len() + extension.len() + 3,
    );
    for part in [
        directory,
        "/",
        lowercase_kind,
        "-",
        &identity.name,
        ".",
        extension,
    ] {
        path.push_str(part);
    }
    path
}

/// The file of an object whose name clashes with no other's, relative to the environment's
/// directory: what [`file_names`] gives it unless another object differs from it only in
/// group.
pub fn unqualified_file_name(identity: &Identity, scope: Scope, extension: &str) -> PathBuf {
    PathBuf::from(unqualified_path(
        identity,
        scope,
        &identity.kind.to_lowercase(),
        extension,
    ))
}

/// The file of each object, relative to the environment's directory, in the input order.
pub fn file_names(objects: &[(&Identity, Scope)], extension: &str) -> Vec<PathBuf> {
    // Objects come in runs of one kind: lower-case each kind once per run.
    let mut lowercase_kind: Option<(&str, String)> = None;
    let paths: Vec<String> = objects
        .iter()
        .map(|(identity, scope)| {
            let kind = match &lowercase_kind {
                Some((kind, lowercase)) if *kind == identity.kind => lowercase,
                _ => {
                    &lowercase_kind
                        .insert((&identity.kind, identity.kind.to_lowercase()))
                        .1
                }
            };
            unqualified_path(identity, *scope, kind, extension)
        })
        .collect();
    let mut uses: FxHashMap<&str, usize> = FxHashMap::default();
    for path in &paths {
        *uses.entry(path).or_default() += 1;
    }
    let clashes: Vec<bool> = paths.iter().map(|path| uses[path.as_str()] > 1).collect();
    objects
        .iter()
        .zip(paths)
        .zip(clashes)
        .map(|(((identity, scope), path), clash)| {
            if !clash {
                return PathBuf::from(path);
            }
            let qualifier = match identity.api_version.split_once('/') {
                Some((group, version)) => format!("{version}.{group}"),
                None => identity.api_version.clone(),
            };
            PathBuf::from(directory(identity, *scope)).join(format!(
                "{}.{qualifier}-{}.{extension}",
                identity.kind.to_lowercase(),
                identity.name
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(api_version: &str, kind: &str, namespace: Option<&str>, name: &str) -> Identity {
        Identity {
            api_version: api_version.into(),
            kind: kind.into(),
            namespace: namespace.map(Into::into),
            name: name.into(),
        }
    }

    #[test]
    fn files_by_namespace_and_scope_with_groups_only_on_clashes() {
        let a = identity("apps/v1", "Deployment", Some("shop"), "web");
        let b = identity("v1", "Namespace", None, "shop");
        let c = identity("networking.istio.io/v1", "Gateway", Some("shop"), "main");
        let d = identity(
            "gateway.networking.k8s.io/v1",
            "Gateway",
            Some("shop"),
            "main",
        );
        let e = identity("v1", "ConfigMap", None, "loose");
        let names = file_names(
            &[
                (&a, Scope::Namespaced),
                (&b, Scope::Cluster),
                (&c, Scope::Namespaced),
                (&d, Scope::Namespaced),
                (&e, Scope::Namespaced),
            ],
            "yaml",
        );
        let names: Vec<String> = names.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "shop/deployment-web.yaml",
                "_cluster/namespace-shop.yaml",
                "shop/gateway.v1.networking.istio.io-main.yaml",
                "shop/gateway.v1.gateway.networking.k8s.io-main.yaml",
                "_default/configmap-loose.yaml",
            ]
        );
        assert_eq!(
            unqualified_file_name(&a, Scope::Namespaced, "yaml"),
            PathBuf::from("shop/deployment-web.yaml")
        );
        assert_eq!(
            unqualified_file_name(&b, Scope::Cluster, "json"),
            PathBuf::from("_cluster/namespace-shop.json")
        );
    }
}
