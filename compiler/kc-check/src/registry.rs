//! Filling the schema registry with a project's CRDs: from the `schemas` paths (YAML or JSON
//! files, or directories of them) and from CustomResourceDefinition objects in the project.

use std::path::Path;

use kc_eval::fs::{FileKind, FileSystem};
use kc_project::Project;
use kc_schema::Registry;
use kc_syntax::Diagnostic;

fn is_crd(json: &serde_json::Value) -> bool {
    json.get("kind").and_then(|k| k.as_str()) == Some("CustomResourceDefinition")
        && json
            .get("apiVersion")
            .and_then(|k| k.as_str())
            .is_some_and(|v| v.starts_with("apiextensions.k8s.io/"))
}

/// Documents of a YAML or JSON file, as JSON values.
fn documents(fs: &dyn FileSystem, path: &Path) -> Result<Vec<serde_json::Value>, String> {
    let bytes = fs
        .read(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(&text) {
        let value: serde_json::Value = serde::Deserialize::deserialize(document)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(ref map)
                if map.get("kind").and_then(|k| k.as_str()) == Some("List") =>
            {
                if let Some(serde_json::Value::Array(items)) = map.get("items") {
                    out.extend(items.iter().cloned());
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Adds the CRDs of the project to the registry; problems are `KC0312` diagnostics. Files are
/// read through the project's file system, like every other read of the core.
pub fn add_project_crds(
    registry: &mut Registry,
    project: &Project,
    fs: &dyn FileSystem,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for source in &project.schemas {
        if fs.kind(source).ok() == Some(FileKind::Directory) {
            let mut entries: Vec<_> = fs
                .read_dir(source)
                .into_iter()
                .flatten()
                .map(|(name, _)| source.join(name))
                .collect();
            entries.sort();
            files.extend(entries.into_iter().filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            }));
        } else {
            files.push(source.clone());
        }
    }
    for file in files {
        // `schemas` paths obey the same hermetic rule as imports.
        let inside = fs
            .canonicalize(&file)
            .is_ok_and(|canonical| canonical.starts_with(&project.root));
        if !inside {
            problems.push(Diagnostic::error(
                "KC0312",
                format!(
                    "schemas path '{}' is outside the project root or does not exist",
                    file.display()
                ),
            ));
            continue;
        }
        match documents(fs, &file) {
            Ok(documents) => {
                for document in documents.iter().filter(|d| is_crd(d)) {
                    if let Err(problem) = registry.add_crd(document) {
                        problems.push(Diagnostic::error(
                            "KC0312",
                            format!("cannot use a CRD from {}: {problem}", file.display()),
                        ));
                    }
                }
            }
            Err(problem) => problems.push(Diagnostic::error(
                "KC0312",
                format!("cannot read schemas: {problem}"),
            )),
        }
    }
    for environment in &project.environments {
        for object in &environment.objects {
            if object.identity.kind != "CustomResourceDefinition" {
                continue;
            }
            let json = object.tree.to_json();
            if let Err(problem) = registry.add_crd(&json) {
                problems.push(
                    Diagnostic::error(
                        "KC0312",
                        format!("cannot use CRD '{}': {problem}", object.identity.name),
                    )
                    .with_primary(object.tree.origin, "this CustomResourceDefinition"),
                );
            }
        }
    }
    problems
}
