//! `fixtures/example`, the realistic project the README builds first: its rendered output is
//! checked in as `fixtures/example/out/` (the rendered-manifests pattern), and a fresh build
//! must reproduce it byte for byte.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use support::{run_kc, update_expect, workspace_root};

fn files_below(directory: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, directory: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(directory).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, files);
            } else if let Ok(relative) = path.strip_prefix(base) {
                files.insert(
                    relative.display().to_string(),
                    std::fs::read(&path).unwrap_or_default(),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(directory, directory, &mut files);
    files
}

#[test]
fn the_example_builds_to_its_checked_in_output() {
    let example = workspace_root().join("fixtures/example");
    let golden = example.join("out");
    if update_expect() {
        let output = run_kc(&["build", "."], &example);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let scratch = std::env::temp_dir().join(format!("kc-example-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let out = scratch.to_string_lossy().into_owned();
    let output = run_kc(&["build", ".", "--out", &out], &example);
    assert!(
        output.status.success(),
        "the example does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let built = files_below(&scratch);
    let expected = files_below(&golden);
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        built.len() > 20,
        "the example has only {} files",
        built.len()
    );
    let built_names: Vec<&String> = built.keys().collect();
    let expected_names: Vec<&String> = expected.keys().collect();
    assert_eq!(
        built_names, expected_names,
        "the set of output files changed"
    );
    for (name, bytes) in &built {
        assert!(
            expected.get(name) == Some(bytes),
            "{name} differs from fixtures/example/out; review and run UPDATE_EXPECT=1 cargo test -p kc --test example"
        );
    }
}

#[test]
fn the_example_checks_without_warnings() {
    let example = workspace_root().join("fixtures/example");
    let output = run_kc(&["check", ".", "--deny-warnings"], &example);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
