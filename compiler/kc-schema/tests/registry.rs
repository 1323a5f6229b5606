//! Registry tests against the built-in schema, CRDs and the shared corpus of real manifests.

use std::path::{Path, PathBuf};

use kc_schema::{ListType, Registry, Resolution, Schema, SchemaId};
use serde_json::Value;

fn found(registry: &Registry, api_version: &str, kind: &str) -> kc_schema::KindInfo {
    match registry.resolve(api_version, kind) {
        Resolution::Found(info) => info,
        other => panic!("{api_version} {kind} did not resolve: {other:?}"),
    }
}

/// Follows a path of property names from `root`; `[]` steps into array items and `*` into map
/// values.
fn at<'a>(registry: &'a Registry, root: SchemaId, path: &str) -> &'a Schema {
    let mut id = root;
    for step in path.split('.') {
        id = match (step, registry.schema(id)) {
            ("[]", Schema::Array(array)) => array.items,
            ("*", Schema::Object(object)) => object.additional_properties.expect("a map"),
            (name, Schema::Object(object)) => match object.properties.get(name) {
                Some(field) => field.schema,
                None => panic!("no property {name} in {path}"),
            },
            (step, other) => panic!("cannot take {step} of {other:?} in {path}"),
        };
    }
    registry.schema(id)
}

#[test]
fn deployment_structure() {
    let registry = Registry::new();
    let deployment = found(&registry, "apps/v1", "Deployment");
    assert!(deployment.namespaced);
    let Schema::Array(containers) = at(&registry, deployment.root, "spec.template.spec.containers")
    else {
        panic!("containers is an array")
    };
    assert_eq!(
        containers.list_type,
        ListType::Map {
            keys: vec!["name".to_owned()]
        }
    );
    let Schema::Object(container) = registry.schema(containers.items) else {
        panic!("a container is an object")
    };
    assert!(container.properties.contains_key("name"));
    assert!(container.required.iter().any(|required| required == "name"));
    let image = &container.properties["image"];
    assert!(image
        .description
        .as_deref()
        .is_some_and(|description| description.contains("Container image name")));

    let Schema::String(pull_policy) = at(
        &registry,
        deployment.root,
        "spec.template.spec.containers.[].imagePullPolicy",
    ) else {
        panic!("imagePullPolicy is a string")
    };
    assert_eq!(pull_policy.enum_values, ["Always", "IfNotPresent", "Never"]);
    assert!(matches!(
        at(
            &registry,
            deployment.root,
            "spec.template.spec.containers.[].ports.[].containerPort"
        ),
        Schema::Integer(_)
    ));
    assert!(matches!(
        at(
            &registry,
            deployment.root,
            "spec.template.spec.containers.[].resources.limits.*"
        ),
        Schema::Quantity
    ));
    assert!(matches!(
        at(
            &registry,
            deployment.root,
            "spec.strategy.rollingUpdate.maxSurge"
        ),
        Schema::IntOrString(_)
    ));
    let Schema::Object(labels) = at(&registry, deployment.root, "metadata.labels") else {
        panic!("labels is a map")
    };
    assert!(matches!(
        labels.additional_properties.map(|id| registry.schema(id)),
        Some(Schema::String(_))
    ));
    let Schema::Array(ports) = at(
        &registry,
        deployment.root,
        "spec.template.spec.containers.[].ports",
    ) else {
        panic!("ports is an array")
    };
    assert_eq!(
        ports.list_type,
        ListType::Map {
            keys: vec!["containerPort".to_owned(), "protocol".to_owned()]
        }
    );
}

#[test]
fn service_and_scopes() {
    let registry = Registry::new();
    let service = found(&registry, "v1", "Service");
    assert!(matches!(
        at(&registry, service.root, "spec.ports.[].targetPort"),
        Schema::IntOrString(_)
    ));
    let Schema::String(service_type) = at(&registry, service.root, "spec.type") else {
        panic!("type is a string")
    };
    assert!(service_type
        .enum_values
        .iter()
        .any(|value| value == "LoadBalancer"));
    assert!(!found(&registry, "v1", "Namespace").namespaced);
    assert!(!found(&registry, "rbac.authorization.k8s.io/v1", "ClusterRole").namespaced);
    assert!(found(&registry, "v1", "ConfigMap").namespaced);
    let pvc = found(&registry, "v1", "PersistentVolumeClaim");
    let Schema::String(access_mode) = at(&registry, pvc.root, "spec.accessModes.[]") else {
        panic!("access modes are strings")
    };
    assert!(access_mode
        .enum_values
        .iter()
        .any(|value| value == "ReadWriteOncePod"));
}

#[test]
fn recursive_types_terminate() {
    let registry = Registry::new();
    let crd = found(
        &registry,
        "apiextensions.k8s.io/v1",
        "CustomResourceDefinition",
    );
    let schema = at(
        &registry,
        crd.root,
        "spec.versions.[].schema.openAPIV3Schema",
    );
    let Schema::Object(props) = schema else {
        panic!("JSONSchemaProps is an object")
    };
    let Schema::Object(nested) = registry.schema(props.properties["properties"].schema) else {
        panic!("properties is a map")
    };
    assert!(nested.additional_properties.is_some());
}

#[test]
fn unknown_kinds_and_api_versions() {
    let registry = Registry::new();
    match registry.resolve("apps/v1", "Deploymnet") {
        Resolution::UnknownKind { suggestions } => {
            assert_eq!(suggestions.first().map(String::as_str), Some("Deployment"))
        }
        other => panic!("unexpected {other:?}"),
    }
    match registry.resolve("v1", "configmap") {
        Resolution::UnknownKind { suggestions } => {
            assert_eq!(suggestions.first().map(String::as_str), Some("ConfigMap"))
        }
        other => panic!("unexpected {other:?}"),
    }
    match registry.resolve("apps/v2", "Deployment") {
        Resolution::UnknownApiVersion {
            known_api_versions,
            note,
        } => {
            assert_eq!(known_api_versions, ["apps/v1"]);
            assert_eq!(note, None);
        }
        other => panic!("unexpected {other:?}"),
    }
    match registry.resolve("extensions/v1beta1", "Deployment") {
        Resolution::UnknownApiVersion {
            known_api_versions,
            note,
        } => {
            assert_eq!(known_api_versions, ["apps/v1"]);
            assert_eq!(
                note.as_deref(),
                Some("extensions/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    match registry.resolve("policy/v1beta1", "PodSecurityPolicy") {
        Resolution::UnknownApiVersion {
            known_api_versions,
            note,
        } => {
            assert!(known_api_versions.is_empty());
            assert!(note.is_some_and(|note| note.contains("1.25")));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        matches!(registry.resolve("v1", "Zzzzzzzz"), Resolution::UnknownKind { suggestions } if suggestions.is_empty())
    );
    let kinds = registry.kinds();
    assert!(kinds.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(kinds.contains(&("apps/v1".to_owned(), "Deployment".to_owned())));
    assert!(!kinds
        .iter()
        .any(|(_, kind)| kind.ends_with("List") || kind == "Status" || kind == "Scale"));
}

fn corpus_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// Every YAML document of a file as JSON values (empty documents dropped). A few upstream files
/// are not strict YAML (duplicate keys); serde_yaml rejects those documents, which are skipped.
fn documents(path: &Path) -> Vec<Value> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut values = Vec::new();
    for document in serde_yaml::Deserializer::from_str(&text) {
        match <serde_yaml::Value as serde::Deserialize>::deserialize(document) {
            Ok(value) => {
                let value = serde_json::to_value(value)
                    .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                if !value.is_null() {
                    values.push(value);
                }
            }
            Err(error) => eprintln!("skipped a document of {}: {error}", path.display()),
        }
    }
    values
}

/// The objects of a document: itself, or the items of a `kind: List`.
fn objects(document: Value) -> Vec<Value> {
    if document.get("kind").and_then(Value::as_str) == Some("List") {
        match document.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        }
    } else {
        vec![document]
    }
}

fn corpus_objects() -> Vec<(PathBuf, Value)> {
    let Ok(entries) = std::fs::read_dir(corpus_directory()) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml" || extension == "yml")
        })
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for path in paths {
        for document in documents(&path) {
            for object in objects(document) {
                all.push((path.clone(), object));
            }
        }
    }
    all
}

#[test]
fn argo_cd_crds() {
    let path = corpus_directory().join("argoproj-argo-cd__manifests_install.yaml");
    if !path.exists() {
        eprintln!("skipped: {} is missing", path.display());
        return;
    }
    let mut registry = Registry::new();
    for document in documents(&path) {
        if document.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition") {
            registry.add_crd(&document).expect("a usable CRD");
        }
    }
    let application = found(&registry, "argoproj.io/v1alpha1", "Application");
    assert!(application.namespaced);
    let Schema::String(_) = at(&registry, application.root, "spec.source.repoURL") else {
        panic!("repoURL is a string")
    };
    assert!(matches!(
        at(&registry, application.root, "metadata.labels.*"),
        Schema::String(_)
    ));
    assert!(registry
        .kinds()
        .contains(&("argoproj.io/v1alpha1".to_owned(), "AppProject".to_owned())));
    match registry.resolve("argoproj.io/v1", "Application") {
        Resolution::UnknownApiVersion {
            known_api_versions, ..
        } => assert_eq!(known_api_versions, ["argoproj.io/v1alpha1"]),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn is_namespaced_answers_like_resolve() {
    let mut registry = Registry::new();
    assert_eq!(registry.is_namespaced("apps/v1", "Deployment"), Some(true));
    assert_eq!(registry.is_namespaced("v1", "Namespace"), Some(false));
    assert_eq!(registry.is_namespaced("example.com/v1", "Widget"), None);
    let widget = serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "spec": {"group": "example.com", "scope": "Cluster", "names": {"kind": "Widget"}, "versions": [
            {"name": "v1", "served": true, "storage": true}
        ]}
    });
    registry.add_crd(&widget).expect("a usable CRD");
    assert_eq!(
        registry.is_namespaced("example.com/v1", "Widget"),
        Some(false)
    );
    assert_eq!(
        Some(found(&registry, "example.com/v1", "Widget").namespaced),
        registry.is_namespaced("example.com/v1", "Widget")
    );
}

#[test]
fn rejects_unusable_crds() {
    let mut registry = Registry::new();
    assert!(registry
        .add_crd(&serde_json::json!({"kind": "ConfigMap"}))
        .is_err());
    let no_versions = serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "spec": {"group": "example.com", "scope": "Namespaced", "names": {"kind": "Widget"}, "versions": []}
    });
    assert!(registry.add_crd(&no_versions).is_err());
    let cluster_scoped = serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "spec": {"group": "example.com", "scope": "Cluster", "names": {"kind": "Widget"}, "versions": [
            {"name": "v1", "served": true, "storage": true},
            {"name": "v0", "served": false, "storage": false}
        ]}
    });
    assert_eq!(
        registry.add_crd(&cluster_scoped),
        Ok(vec![("example.com/v1".to_owned(), "Widget".to_owned())])
    );
    let widget = found(&registry, "example.com/v1", "Widget");
    assert!(!widget.namespaced);
    let Schema::Object(root) = registry.schema(widget.root) else {
        panic!("the root is an object")
    };
    assert!(root.preserve_unknown_fields && root.properties.contains_key("metadata"));
}

#[test]
fn every_corpus_object_resolves() {
    let objects = corpus_objects();
    if objects.is_empty() {
        eprintln!("skipped: the corpus is missing");
        return;
    }
    let mut registry = Registry::new();
    for (path, object) in &objects {
        if object.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition") {
            if let Err(message) = registry.add_crd(object) {
                panic!("{}: {message}", path.display());
            }
        }
    }
    let mut failures = Vec::new();
    for (path, object) in &objects {
        let api_version = object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
        if let resolution
        @ (Resolution::UnknownKind { .. } | Resolution::UnknownApiVersion { .. }) =
            registry.resolve(api_version, kind)
        {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            failures.push(format!("{name}: {api_version} {kind}: {resolution:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "unresolved corpus objects:\n{}",
        failures.join("\n")
    );
    assert!(objects.len() > 100);
}

/// A minimal structural validator, enough to show that the registry's schemas (and the kc
/// tables: enums, int-or-string, quantities) accept every real object of the corpus.
fn validate(
    registry: &Registry,
    id: SchemaId,
    value: &Value,
    path: &str,
    problems: &mut Vec<String>,
) {
    if value.is_null() {
        return;
    }
    let mut problem = |message: String| problems.push(format!("{path}: {message}"));
    match (registry.schema(id), value) {
        (Schema::Any, _) | (Schema::Boolean, Value::Bool(_)) => {}
        (Schema::Object(object), Value::Object(fields)) => {
            for required in &object.required {
                if !fields.contains_key(required) {
                    problem(format!("missing required {required}"));
                }
            }
            for (name, field_value) in fields {
                let child_path = format!("{path}.{name}");
                if let Some(field) = object.properties.get(name) {
                    validate(registry, field.schema, field_value, &child_path, problems);
                } else if let Some(values) = object.additional_properties {
                    validate(registry, values, field_value, &child_path, problems);
                } else {
                    let envelope = ["apiVersion", "kind", "metadata"].contains(&name.as_str());
                    let allowed =
                        object.preserve_unknown_fields || (object.embedded_resource && envelope);
                    if !allowed {
                        problems.push(format!("{child_path}: unknown field"));
                    }
                }
            }
        }
        (Schema::Array(array), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                validate(
                    registry,
                    array.items,
                    item,
                    &format!("{path}[{index}]"),
                    problems,
                );
            }
        }
        (Schema::String(string), Value::String(text)) => {
            if !string.enum_values.is_empty() && !string.enum_values.contains(text) {
                problem(format!("{text:?} is not one of {:?}", string.enum_values));
            }
        }
        (Schema::Integer(_), Value::Number(number)) if number.is_i64() || number.is_u64() => {}
        (Schema::Number(_), Value::Number(_)) => {}
        (Schema::IntOrString(_), Value::String(_)) => {}
        (Schema::IntOrString(_), Value::Number(number)) if number.is_i64() || number.is_u64() => {}
        (Schema::Quantity, Value::String(_) | Value::Number(_)) => {}
        (schema, value) => problem(format!("{value} does not match {schema:?}")),
    }
}

#[test]
fn schemas_accept_the_corpus() {
    let objects = corpus_objects();
    let mut registry = Registry::new();
    for (_, object) in &objects {
        if object.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition") {
            registry.add_crd(object).expect("a usable CRD");
        }
    }
    let mut problems = Vec::new();
    for (path, object) in &objects {
        let api_version = object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
        if let Resolution::Found(info) = registry.resolve(api_version, kind) {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            validate(
                &registry,
                info.root,
                object,
                &format!("{name} {kind}"),
                &mut problems,
            );
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(objects.len() > 100);

    // The validator itself finds mistakes.
    let broken = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
        "spec": {"replcias": 1, "selector": {}, "template": {"spec": {"containers": [
            {"name": "a", "imagePullPolicy": "Sometimes", "ports": [{"containerPort": "80"}]}
        ]}}}
    });
    let deployment = found(&registry, "apps/v1", "Deployment");
    validate(&registry, deployment.root, &broken, "broken", &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}");
}
