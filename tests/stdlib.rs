//! The standard library (`lib-nix/`): its tests written in the DSL pass, every public function
//! is documented, `docs/stdlib.md` is generated from the doc comments and current, and each
//! helper's fixture project builds to its golden output.

mod support;

use std::path::Path;

use support::{run_kc, update_expect, workspace_root};

/// The name under which a library file's bindings are reached from `kc.nix`.
fn prefix_of(file: &str, items: &[kc_syntax::doc_comments::DocItem]) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file == "lib/versions.nix" {
        // Like nixpkgs, `lib.versions.*` is not merged into `lib` itself.
        return "lib.versions.".to_owned();
    }
    if file.starts_with("lib/") {
        return "lib.".to_owned();
    }
    if file == "kc/default.nix" {
        return "kc.".to_owned();
    }
    if let Some(area) = file
        .strip_prefix("kc/")
        .and_then(|f| f.strip_suffix(".nix"))
    {
        // A file whose only binding is named like the file (`app.nix` → `app`) is the function
        // itself; other files are namespaces (`k8s.nix` → `kc.k8s.*`).
        let single = items.len() == 1 && items[0].path == [stem.clone()];
        return if single {
            "kc.".to_owned()
        } else {
            format!("kc.{area}.")
        };
    }
    String::new()
}

/// Doc comment text with its Markdown headings moved below the item's own heading level.
fn demote_headings(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            out.push_str("###");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn stdlib_markdown() -> String {
    let mut out = String::from(
        "# The standard library\n\n\
         `kc.nix` files that are functions receive `{ kc, lib }`: `lib` is a nixpkgs-compatible\n\
         subset with the same names and semantics, `kc` holds the Kubernetes constructors, `kc.app`\n\
         and the ecosystem helpers. The library is written in kc's own language (`lib-nix/`) and\n\
         embedded in the binary. This page is generated from its doc comments:\n\
         `UPDATE_EXPECT=1 cargo test -p kc --test stdlib` rewrites it, and a test fails when it is\n\
         stale.\n",
    );
    let files: Vec<(&str, &str)> = kc_eval::stdlib::embedded_files()
        .iter()
        .copied()
        .filter(|(name, _)| *name != "default.nix" && *name != "lib/default.nix")
        .collect();
    out.push_str("\n## Contents\n\n");
    for (name, _) in &files {
        let anchor = name.replace(['/', '.'], "");
        out.push_str(&format!("- [`{name}`](#{anchor})\n"));
    }
    for (name, text) in files {
        let docs = kc_syntax::doc_comments::doc_comments(text);
        let prefix = prefix_of(name, &docs.items);
        out.push_str(&format!("\n## {name}\n\n"));
        if let Some(file_doc) = &docs.file {
            out.push_str(&demote_headings(file_doc));
        }
        for item in &docs.items {
            out.push_str(&format!("\n### `{prefix}{}`\n\n", item.path.join(".")));
            out.push_str(&demote_headings(&item.text));
        }
    }
    out
}

#[test]
fn docs_stdlib_is_generated_from_the_doc_comments() {
    let path = workspace_root().join("docs/stdlib.md");
    let generated = stdlib_markdown();
    if update_expect() {
        std::fs::write(&path, &generated).expect("docs/stdlib.md written");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/stdlib.md is stale: run UPDATE_EXPECT=1 cargo test -p kc --test stdlib"
    );
}

/// The names a library file's value exposes, from evaluating it.
fn evaluated_names(expression: &str) -> Vec<String> {
    let lib_nix = workspace_root().join("lib-nix");
    let output = run_kc(&["eval", "--json", "--expr", expression], &lib_nix);
    assert!(
        output.status.success(),
        "{expression}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_default()
}

#[test]
fn every_public_function_is_documented() {
    let mut documented: Vec<String> = Vec::new();
    for (name, text) in kc_eval::stdlib::embedded_files() {
        let docs = kc_syntax::doc_comments::doc_comments(text);
        let prefix = prefix_of(name, &docs.items);
        documented.extend(
            docs.items
                .iter()
                .map(|item| format!("{prefix}{}", item.path.join("."))),
        );
    }
    let kc = "(import ./kc { lib = import ./lib; readYAML = x: x; })";
    let lib = "(import ./lib)";
    // `lib.lists`, `lib.strings`, ...: each is documented by its file's own comment, and each
    // member either by its flat `lib.NAME` entry or, for `lib.versions`, under its own name.
    let lib_namespaces = evaluated_names(&format!(
        "builtins.filter (n: builtins.isAttrs {lib}.${{n}}) (builtins.attrNames {lib})"
    ));
    let mut public: Vec<String> = evaluated_names(&format!("builtins.attrNames {lib}"))
        .into_iter()
        .filter(|name| !lib_namespaces.contains(name))
        .map(|name| format!("lib.{name}"))
        .collect();
    for namespace in &lib_namespaces {
        for name in evaluated_names(&format!("builtins.attrNames {lib}.{namespace}")) {
            let flat = format!("lib.{name}");
            let qualified = format!("lib.{namespace}.{name}");
            if !documented.contains(&flat) && !documented.contains(&qualified) {
                public.push(qualified);
            }
        }
    }
    for name in evaluated_names(&format!("builtins.attrNames {kc}")) {
        public.push(format!("kc.{name}"));
    }
    // Namespaces of `kc` (sets of functions) document each of their members too.
    let namespaces = evaluated_names(&format!(
        "builtins.filter (n: builtins.isAttrs {kc}.${{n}}) (builtins.attrNames {kc})"
    ));
    for namespace in namespaces {
        for name in evaluated_names(&format!("builtins.attrNames {kc}.{namespace}")) {
            public.push(format!("kc.{namespace}.{name}"));
        }
    }
    // A flat name re-exported from a namespace (`lib.splitVersion`) is documented there.
    let is_documented = |name: &String| {
        documented.contains(name)
            || name.strip_prefix("lib.").is_some_and(|flat| {
                lib_namespaces
                    .iter()
                    .any(|namespace| documented.contains(&format!("lib.{namespace}.{flat}")))
            })
    };
    let undocumented: Vec<&String> = public.iter().filter(|name| !is_documented(name)).collect();
    assert!(
        public.len() > 100,
        "only {} public names found",
        public.len()
    );
    assert!(
        undocumented.is_empty(),
        "public library names without a doc comment: {undocumented:?}"
    );
}

#[test]
fn library_tests_written_in_the_dsl_pass() {
    let lib_nix = workspace_root().join("lib-nix");
    let output = run_kc(
        &["eval", "--json", "--expr", "import ./tests/run.nix"],
        &lib_nix,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("run.nix gives JSON");
    let total = result["total"].as_u64().unwrap_or(0);
    assert!(total >= 150, "only {total} library tests ran");
    let failures = result["failures"].as_array().cloned().unwrap_or_default();
    assert!(
        failures.is_empty(),
        "{} of {total} library tests failed:\n{}",
        failures.len(),
        serde_json::to_string_pretty(&failures).unwrap_or_default()
    );
}

/// `fixtures/stdlib/<helper>/`: each builds (`--stdout`) to its `expected.yaml`.
#[test]
fn every_helper_fixture_builds_to_its_golden_output() {
    let root = workspace_root().join("fixtures/stdlib");
    let mut projects: Vec<_> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("kc.nix").is_file())
        .collect();
    projects.sort();
    assert!(
        projects.len() >= 8,
        "only {} helper fixtures",
        projects.len()
    );
    let mut stale = Vec::new();
    for project in &projects {
        let output = run_kc(&["build", "--stdout", "."], project);
        let name = project
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        assert!(
            output.status.success(),
            "{name:?} does not build:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected_path = project.join("expected.yaml");
        if update_expect() {
            std::fs::write(&expected_path, &output.stdout).expect("golden written");
            continue;
        }
        let expected = std::fs::read(&expected_path).unwrap_or_default();
        if expected != output.stdout {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from expected.yaml in {stale:?}; review and run UPDATE_EXPECT=1 cargo test -p kc --test stdlib"
    );
}
