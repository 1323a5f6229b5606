//! `kc check --format sarif` validated against the official SARIF 2.1.0 JSON schema
//! (`fixtures/sarif/`), for every fixture project and for a project whose directory name needs
//! percent-encoding in URIs.

mod support;

use std::process::Command;

use support::{run_kc, workspace_root};

/// A Python that has `jsonschema` (with `rfc3987` for the `uri` format). The first `python3`
/// on the PATH may be a separately installed one without Debian's packages, so the system
/// interpreter is tried too.
fn validator_python() -> Option<&'static str> {
    for python in ["python3", "/usr/bin/python3"] {
        let probe = Command::new(python)
            .args(["-c", "import jsonschema, rfc3987"])
            .output();
        if probe.is_ok_and(|o| o.status.success()) {
            return Some(python);
        }
    }
    let message =
        "python3 with jsonschema and rfc3987 (Debian: python3-jsonschema python3-rfc3987) \
                   is missing: the SARIF schema validation is SKIPPED";
    assert!(
        std::env::var_os("CI").is_none(),
        "{message}, and CI requires it"
    );
    eprintln!("\n!!!!! {message} !!!!!\n");
    None
}

#[test]
fn sarif_output_is_valid_against_the_official_schema() {
    let Some(python) = validator_python() else {
        return;
    };
    let root = workspace_root();
    let scratch = std::env::temp_dir().join(format!("kc-sarif-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("temp dir is writable");

    let mut projects: Vec<_> = std::fs::read_dir(root.join("fixtures/check"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("kc.nix").is_file())
        .collect();
    projects.sort();
    // A project in a directory whose name has a space and a non-ASCII letter.
    let awkward = scratch.join("my prøject");
    std::fs::create_dir_all(&awkward).expect("writable");
    std::fs::write(
        awkward.join("kc.nix"),
        "{ resources = [ { apiVersion = \"v1\"; kind = \"ConfigMap\"; metadata.name = \"Bad_Name\"; } ]; }\n",
    )
    .expect("writable");
    projects.push(awkward);

    let mut files = Vec::new();
    let mut with_results = 0;
    for (index, project) in projects.iter().enumerate() {
        let output = run_kc(&["check", "--format", "sarif", "."], project);
        let log: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|_| panic!("{}: not JSON", project.display()));
        if log["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
        {
            with_results += 1;
        }
        let file = scratch.join(format!("{index}.sarif"));
        std::fs::write(&file, &output.stdout).expect("writable");
        files.push(file);
    }
    assert!(with_results > 60, "only {with_results} logs have results");
    let output = Command::new(python)
        .arg(root.join("fixtures/sarif/validate.py"))
        .arg(root.join("fixtures/sarif/sarif-schema-2.1.0.json"))
        .args(&files)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        output.status.success(),
        "SARIF output violates the schema:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_validator_rejects_invalid_logs() {
    let Some(python) = validator_python() else {
        return;
    };
    let root = workspace_root();
    let file = std::env::temp_dir().join(format!("kc-sarif-bad-{}.sarif", std::process::id()));
    let bad = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "kc"}},
        "results": [{"level": "fatal", "message": {"text": "x"}}]}]}"#;
    std::fs::write(&file, bad).expect("writable");
    let output = Command::new(python)
        .arg(root.join("fixtures/sarif/validate.py"))
        .arg(root.join("fixtures/sarif/sarif-schema-2.1.0.json"))
        .arg(&file)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&file);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an invalid level must be rejected"
    );
}
