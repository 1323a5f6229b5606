//! Cross-object warnings: KC0420, a Service that selects no pod template of the environment;
//! KC0421, a reference to a ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim or
//! Service that the environment does not define.

use rustc_hash::{FxHashMap, FxHashSet};

use kc_project::tree::{Node, NodeValue};
use kc_project::{Environment, Object};
use kc_syntax::Diagnostic;

use crate::path::FieldPath;
use crate::workload::{pod_spec, template_labels};
use crate::Finding;

struct Index<'e> {
    names: FxHashSet<(&'e str, &'e str, &'e str)>,
}

impl Index<'_> {
    fn has(&self, kind: &str, namespace: &str, name: &str) -> bool {
        self.names.contains(&(kind, namespace, name))
    }
}

fn namespace_of(object: &Object) -> &str {
    object.identity.namespace.as_deref().unwrap_or("")
}

fn finding(env: &Environment, object: &Object, diagnostic: Diagnostic, path: FieldPath) -> Finding {
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
        path: Some(path.to_string()),
    }
}

pub fn check(environment: &Environment) -> Vec<Finding> {
    let index = Index {
        names: environment
            .objects
            .iter()
            .map(|o| {
                (
                    o.identity.kind.as_str(),
                    namespace_of(o),
                    o.identity.name.as_str(),
                )
            })
            .collect(),
    };
    let templates = templates(environment);
    let mut findings = Vec::new();
    for object in &environment.objects {
        check_service_selects_pods(environment, &templates, object, &mut findings);
        check_pod_references(environment, &index, object, &mut findings);
        check_ingress_backends(environment, &index, object, &mut findings);
    }
    findings
}

/// Pod template labels by namespace and by each of their `key: value` pairs, computed once
/// per environment: a Service's selector is then compared only with the templates that have
/// its first pair, not with every template of the namespace.
type Templates<'e> = FxHashMap<(&'e str, &'e str, &'e str), Vec<&'e Node>>;

fn templates(environment: &Environment) -> Templates<'_> {
    let mut by_label: Templates<'_> = FxHashMap::default();
    for object in &environment.objects {
        if crate::workload::pod_spec_location(&object.identity.kind).is_none() {
            continue;
        }
        let Some(labels) = template_labels(&object.tree, &object.identity.kind) else {
            continue;
        };
        let NodeValue::Object(entries) = &labels.value else {
            continue;
        };
        for entry in entries {
            if let Some(value) = entry.value.as_str() {
                by_label
                    .entry((namespace_of(object), &*entry.key, value))
                    .or_default()
                    .push(labels);
            }
        }
    }
    by_label
}

/// Whether every `key: value` of a Service selector is among the labels.
fn selects(selector: &[kc_project::tree::Entry], labels: Option<&Node>) -> bool {
    selector.iter().all(|entry| {
        labels
            .and_then(|l| l.get(&entry.key))
            .and_then(Node::as_str)
            == entry.value.as_str()
    })
}

fn check_service_selects_pods(
    environment: &Environment,
    templates: &Templates<'_>,
    service: &Object,
    findings: &mut Vec<Finding>,
) {
    if service.identity.kind != "Service" {
        return;
    }
    let Some(selector) = service.tree.at(&["spec", "selector"]) else {
        return;
    };
    let NodeValue::Object(entries) = &selector.value else {
        return;
    };
    if entries.is_empty() {
        return;
    }
    let first = &entries[0];
    let candidates = first
        .value
        .as_str()
        .and_then(|value| templates.get(&(namespace_of(service), &*first.key, value)))
        .map(Vec::as_slice)
        .unwrap_or_default();
    if !candidates
        .iter()
        .any(|labels| selects(entries, Some(labels)))
    {
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
            FieldPath::root().key("spec").key("selector"),
        ));
    }
}

fn check_pod_references(
    environment: &Environment,
    index: &Index<'_>,
    object: &Object,
    findings: &mut Vec<Finding>,
) {
    let Some((spec, spec_path)) = pod_spec(&object.tree, &object.identity.kind) else {
        return;
    };
    let namespace = namespace_of(object);
    // Paths are built only for a reference that is reported: most references resolve.
    let mut report = |kind: &str, node: &Node, path: &dyn Fn() -> FieldPath, optional: bool| {
        let Some(name) = node.as_str() else { return };
        if optional || index.has(kind, namespace, name) {
            return;
        }
        let path = path();
        let diagnostic = Diagnostic::warning(
            "KC0421",
            format!("{kind} '{name}' is not defined in this environment"),
        )
        .with_primary(
            node.origin,
            format!("no {kind} named '{name}' in namespace '{namespace}'"),
        )
        .with_note(format!(
            "add the {kind} to the environment's resources, or fix the name"
        ));
        findings.push(finding(environment, object, diagnostic, path));
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

fn check_ingress_backends(
    environment: &Environment,
    index: &Index<'_>,
    object: &Object,
    findings: &mut Vec<Finding>,
) {
    if object.identity.kind != "Ingress" {
        return;
    }
    let namespace = namespace_of(object);
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
        if !index.has("Service", namespace, name) {
            let diagnostic = Diagnostic::warning(
                "KC0421",
                format!("Service '{name}' is not defined in this environment"),
            )
            .with_primary(
                node.origin,
                format!("no Service named '{name}' in namespace '{namespace}'"),
            )
            .with_note("add the Service to the environment's resources, or fix the name");
            findings.push(finding(environment, object, diagnostic, path));
        }
    }
}
