//! Reading CustomResourceDefinitions: the served versions, the scope and the schema of each.

use serde_json::Value;

/// One served version of a CRD, before its schema is converted.
pub(crate) struct CrdVersion<'a> {
    pub(crate) api_version: String,
    pub(crate) kind: String,
    pub(crate) namespaced: bool,
    /// `schema.openAPIV3Schema`; absent means anything goes.
    pub(crate) schema: Option<&'a Value>,
}

/// The served versions of a CRD given as its JSON value, or why it is not a usable CRD.
pub(crate) fn served_versions(crd: &Value) -> Result<Vec<CrdVersion<'_>>, String> {
    let api_version = crd.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = crd.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind != "CustomResourceDefinition" {
        return Err(format!(
            "expected kind CustomResourceDefinition, found {kind:?}"
        ));
    }
    if api_version != "apiextensions.k8s.io/v1" {
        return Err(format!(
            "CustomResourceDefinition apiVersion {api_version:?} is not supported; use apiextensions.k8s.io/v1"
        ));
    }
    let spec = crd
        .get("spec")
        .ok_or("the CustomResourceDefinition has no spec")?;
    let group = spec
        .get("group")
        .and_then(Value::as_str)
        .ok_or("spec.group is missing")?;
    let kind = spec
        .get("names")
        .and_then(|names| names.get("kind"))
        .and_then(Value::as_str)
        .ok_or("spec.names.kind is missing")?;
    let namespaced = match spec.get("scope").and_then(Value::as_str) {
        Some("Namespaced") => true,
        Some("Cluster") => false,
        Some(other) => {
            return Err(format!(
                "spec.scope must be Namespaced or Cluster, found {other:?}"
            ))
        }
        None => return Err("spec.scope is missing".to_owned()),
    };
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .ok_or("spec.versions is missing")?;
    let mut served = Vec::new();
    for version in versions {
        let name = version
            .get("name")
            .and_then(Value::as_str)
            .ok_or("a version in spec.versions has no name")?;
        if !version
            .get("served")
            .and_then(Value::as_bool)
            .unwrap_or(false)
        {
            continue;
        }
        served.push(CrdVersion {
            api_version: format!("{group}/{name}"),
            kind: kind.to_owned(),
            namespaced,
            schema: version
                .get("schema")
                .and_then(|schema| schema.get("openAPIV3Schema")),
        });
    }
    if served.is_empty() {
        return Err(format!("{kind}.{group} serves no version"));
    }
    Ok(served)
}
