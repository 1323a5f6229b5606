//! Cross-object warnings: KC0420, a Service that selects no pod template of the environment;
//! KC0421, a reference to a ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim or
//! Service that the environment does not define.
//!
//! Each object is first summarized on its own ([`summarize`]: its selector, its pod template's
//! labels, the names it refers to), while its tree is at hand; the checks then compare the
//! summaries of the whole environment. Walking 30,000 trees again once they have left the
//! processor's caches took most of this check's time.

use kc_project::tree::{Node, NodeValue};
use kc_project::{Environment, Object};
use kc_syntax::{Diagnostic, Span};

use crate::path::FieldPath;
use crate::workload::{pod_spec, template_labels};
use crate::Finding;

/// What the cross-object checks need to know of one object. The hashes let [`check`] index an
/// environment without reading each object's strings again; every match is then confirmed on
/// the strings.
#[derive(Debug, Clone, Default)]
pub struct References {
    /// The hash of the object's (kind, namespace, name).
    identity_hash: u64,
    /// The hash of (namespace, key, value) for each string label of the pod template.
    template_label_hashes: Vec<u64>,
    /// A Service's selector, if it has one that is a non-empty object.
    selector: Option<Selector>,
    /// A workload's pod template labels (a Pod's own labels): every key, with its value when it
    /// is a string.
    template_labels: Option<Vec<(&'static str, Option<String>)>>,
    /// The names this object refers to and that must be defined in the environment.
    references: Vec<Reference>,
}

#[derive(Debug, Clone)]
struct Selector {
    /// Each `key: value`, with the value when it is a string.
    entries: Vec<(&'static str, Option<String>)>,
    origin: Span,
}

#[derive(Debug, Clone)]
struct Reference {
    kind: &'static str,
    name: String,
    origin: Span,
    path: String,
}

/// The summary of one object that [`check`] compares with the rest of its environment.
pub fn summarize(object: &Object) -> References {
    let mut references = Vec::new();
    pod_references(object, &mut references);
    ingress_backends(object, &mut references);
    let namespace = namespace_of(object);
    let template_labels = pod_template_labels(object);
    let template_label_hashes = template_labels
        .iter()
        .flatten()
        .filter_map(|(key, value)| Some(hash_of(&(namespace, *key, value.as_deref()?))))
        .collect();
    References {
        identity_hash: identity_hash(&object.identity.kind, namespace, &object.identity.name),
        template_label_hashes,
        selector: service_selector(object),
        template_labels,
        references,
    }
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(value)
}

fn identity_hash(kind: &str, namespace: &str, name: &str) -> u64 {
    hash_of(&(kind, namespace, name))
}

/// Sorted (hash, object index) pairs: an index with no string in it.
struct HashIndex(Vec<(u64, usize)>);

impl HashIndex {
    fn new(mut pairs: Vec<(u64, usize)>) -> HashIndex {
        pairs.sort_unstable();
        HashIndex(pairs)
    }

    /// The objects whose entry has this hash (most often the ones looked for).
    fn candidates(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let start = self.0.partition_point(|&(h, _)| h < hash);
        self.0[start..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, index)| index)
    }
}

fn string_entries(entries: &[kc_project::tree::Entry]) -> Vec<(&'static str, Option<String>)> {
    entries
        .iter()
        .map(|entry| (entry.key, entry.value.as_str().map(str::to_owned)))
        .collect()
}

fn service_selector(service: &Object) -> Option<Selector> {
    if service.identity.kind != "Service" {
        return None;
    }
    let selector = service.tree.at(&["spec", "selector"])?;
    match &selector.value {
        NodeValue::Object(entries) if !entries.is_empty() => Some(Selector {
            entries: string_entries(entries),
            origin: selector.origin,
        }),
        _ => None,
    }
}

fn pod_template_labels(object: &Object) -> Option<Vec<(&'static str, Option<String>)>> {
    crate::workload::pod_spec_location(&object.identity.kind)?;
    match &template_labels(&object.tree, &object.identity.kind)?.value {
        NodeValue::Object(entries) => Some(string_entries(entries)),
        _ => None,
    }
}

fn namespace_of(object: &Object) -> &str {
    object.identity.namespace.as_deref().unwrap_or("")
}

fn finding(env: &Environment, object: &Object, diagnostic: Diagnostic, path: String) -> Finding {
    let origin = object.listed_at;
    let inside =
        |span: kc_syntax::Span| span.file == origin.file && origin.range.contains_range(span.range);
    let diagnostic = if diagnostic.primary.as_ref().is_some_and(|l| !inside(l.span)) {
        diagnostic.with_secondary(object.listed_at, "in this object")
    } else {
        diagnostic
    };
    Finding {
        diagnostic,
        env: env.name.clone(),
        resource: object.identity.to_string(),
        path: Some(path),
    }
}

/// The cross-object checks of `environment`, given the [`summarize`] of each of its objects,
/// in order.
pub fn check(environment: &Environment, summaries: &[References]) -> Vec<Finding> {
    let objects = &environment.objects;
    let names = HashIndex::new(
        summaries
            .iter()
            .enumerate()
            .map(|(index, summary)| (summary.identity_hash, index))
            .collect(),
    );
    let is_defined = |kind: &str, namespace: &str, name: &str| {
        names
            .candidates(identity_hash(kind, namespace, name))
            .any(|index| {
                let identity = &objects[index].identity;
                identity.kind == kind
                    && namespace_of(&objects[index]) == namespace
                    && identity.name == name
            })
    };
    let templates = HashIndex::new(
        summaries
            .iter()
            .enumerate()
            .flat_map(|(index, summary)| {
                summary
                    .template_label_hashes
                    .iter()
                    .map(move |&hash| (hash, index))
            })
            .collect(),
    );
    let mut findings = Vec::new();
    for (object, summary) in objects.iter().zip(summaries) {
        if let Some(selector) = &summary.selector {
            let namespace = namespace_of(object);
            let (first_key, first_value) = &selector.entries[0];
            let selected = first_value.as_deref().is_some_and(|first_value| {
                templates
                    .candidates(hash_of(&(namespace, *first_key, first_value)))
                    .any(|index| {
                        namespace_of(&objects[index]) == namespace
                            && summaries[index]
                                .template_labels
                                .as_deref()
                                .is_some_and(|labels| selects(&selector.entries, labels))
                    })
            });
            if !selected {
                report_unselected(environment, object, selector, &mut findings);
            }
        }
        let namespace = namespace_of(object);
        for reference in &summary.references {
            if is_defined(reference.kind, namespace, &reference.name) {
                continue;
            }
            let (kind, name) = (reference.kind, &reference.name);
            let diagnostic = Diagnostic::warning(
                "KC0421",
                format!("{kind} '{name}' is not defined in this environment"),
            )
            .with_primary(
                reference.origin,
                format!("no {kind} named '{name}' in namespace '{namespace}'"),
            )
            .with_note(format!(
                "add the {kind} to the environment's resources, or fix the name"
            ));
            findings.push(finding(
                environment,
                object,
                diagnostic,
                reference.path.clone(),
            ));
        }
    }
    findings
}

type Labels = [(&'static str, Option<String>)];

/// Whether every `key: value` of a Service selector is among the labels.
fn selects(selector: &Labels, labels: &Labels) -> bool {
    selector.iter().all(|(key, value)| {
        labels
            .iter()
            .find(|(label, _)| label == key)
            .and_then(|(_, label_value)| label_value.as_ref())
            == value.as_ref()
    })
}

/// KC0420: no pod template of the namespace has every `key: value` of the Service's selector.
fn report_unselected(
    environment: &Environment,
    service: &Object,
    selector: &Selector,
    findings: &mut Vec<Finding>,
) {
    let diagnostic = Diagnostic::warning(
        "KC0420",
        format!(
            "Service '{}' selects no pods of this environment",
            service.identity.name
        ),
    )
    .with_primary(
        selector.origin,
        "no pod template in the namespace has all these labels",
    )
    .with_note("check the selector against the workload's spec.template.metadata.labels");
    findings.push(finding(
        environment,
        service,
        diagnostic,
        FieldPath::root().key("spec").key("selector").to_string(),
    ));
}

/// The names a pod spec refers to (unless marked optional).
fn pod_references(object: &Object, out: &mut Vec<Reference>) {
    let Some((spec, spec_path)) = pod_spec(&object.tree, &object.identity.kind) else {
        return;
    };
    let mut report =
        |kind: &'static str, node: &Node, path: &dyn Fn() -> FieldPath, optional: bool| {
            let Some(name) = node.as_str() else { return };
            if optional {
                return;
            }
            out.push(Reference {
                kind,
                name: name.to_owned(),
                origin: node.origin,
                path: path().to_string(),
            });
        };
    let optional = |node: &Node| {
        matches!(
            node.get("optional").map(|o| &o.value),
            Some(NodeValue::Bool(true))
        )
    };
    if let Some(account) = spec.get("serviceAccountName") {
        if account.as_str() != Some("default") {
            report(
                "ServiceAccount",
                account,
                &|| spec_path.key("serviceAccountName"),
                false,
            );
        }
    }
    if let Some(NodeValue::List(volumes)) = spec.get("volumes").map(|v| &v.value) {
        for (i, volume) in volumes.iter().enumerate() {
            let base = || spec_path.key("volumes").index(i);
            if let Some(config_map) = volume.get("configMap") {
                if let Some(name) = config_map.get("name") {
                    report(
                        "ConfigMap",
                        name,
                        &|| base().key("configMap").key("name"),
                        optional(config_map),
                    );
                }
            }
            if let Some(secret) = volume.get("secret") {
                if let Some(name) = secret.get("secretName") {
                    report(
                        "Secret",
                        name,
                        &|| base().key("secret").key("secretName"),
                        optional(secret),
                    );
                }
            }
            if let Some(claim) = volume.at(&["persistentVolumeClaim", "claimName"]) {
                report(
                    "PersistentVolumeClaim",
                    claim,
                    &|| base().key("persistentVolumeClaim").key("claimName"),
                    false,
                );
            }
            if let Some(NodeValue::List(sources)) =
                volume.at(&["projected", "sources"]).map(|v| &v.value)
            {
                for (j, source) in sources.iter().enumerate() {
                    let source_path = || base().key("projected").key("sources").index(j);
                    for (field, kind) in [("configMap", "ConfigMap"), ("secret", "Secret")] {
                        if let Some(reference) = source.get(field) {
                            if let Some(name) = reference.get("name") {
                                report(
                                    kind,
                                    name,
                                    &|| source_path().key(field).key("name"),
                                    optional(reference),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    for list in ["containers", "initContainers"] {
        let Some(NodeValue::List(containers)) = spec.get(list).map(|v| &v.value) else {
            continue;
        };
        for (i, container) in containers.iter().enumerate() {
            let base = || spec_path.key(list).index(i);
            if let Some(NodeValue::List(sources)) = container.get("envFrom").map(|v| &v.value) {
                for (j, source) in sources.iter().enumerate() {
                    for (field, kind) in [("configMapRef", "ConfigMap"), ("secretRef", "Secret")] {
                        if let Some(reference) = source.get(field) {
                            if let Some(name) = reference.get("name") {
                                report(
                                    kind,
                                    name,
                                    &|| base().key("envFrom").index(j).key(field).key("name"),
                                    optional(reference),
                                );
                            }
                        }
                    }
                }
            }
            if let Some(NodeValue::List(variables)) = container.get("env").map(|v| &v.value) {
                for (j, variable) in variables.iter().enumerate() {
                    for (field, kind) in
                        [("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")]
                    {
                        if let Some(reference) = variable.at(&["valueFrom", field]) {
                            if let Some(name) = reference.get("name") {
                                let path = || {
                                    base()
                                        .key("env")
                                        .index(j)
                                        .key("valueFrom")
                                        .key(field)
                                        .key("name")
                                };
                                report(kind, name, &path, optional(reference));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The Services an Ingress sends traffic to.
fn ingress_backends(object: &Object, out: &mut Vec<Reference>) {
    if object.identity.kind != "Ingress" {
        return;
    }
    let mut backends: Vec<(&Node, FieldPath)> = Vec::new();
    if let Some(service) = object
        .tree
        .at(&["spec", "defaultBackend", "service", "name"])
    {
        backends.push((
            service,
            FieldPath::parse("spec.defaultBackend.service.name"),
        ));
    }
    if let Some(NodeValue::List(rules)) = object.tree.at(&["spec", "rules"]).map(|r| &r.value) {
        for (i, rule) in rules.iter().enumerate() {
            let Some(NodeValue::List(paths)) = rule.at(&["http", "paths"]).map(|p| &p.value) else {
                continue;
            };
            for (j, path) in paths.iter().enumerate() {
                if let Some(service) = path.at(&["backend", "service", "name"]) {
                    backends.push((
                        service,
                        FieldPath::parse(&format!(
                            "spec.rules[{i}].http.paths[{j}].backend.service.name"
                        )),
                    ));
                }
            }
        }
    }
    for (node, path) in backends {
        let Some(name) = node.as_str() else { continue };
        out.push(Reference {
            kind: "Service",
            name: name.to_owned(),
            origin: node.origin,
            path: path.to_string(),
        });
    }
}
