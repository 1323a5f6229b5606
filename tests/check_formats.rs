//! `kc check` output formats: the JSON object of SPEC §4 and SARIF 2.1.0 (the properties the
//! SARIF 2.1.0 schema requires, and what code-scanning tools read), plus exit codes.

mod support;

use std::collections::HashSet;

use support::*;

fn fixture(name: &str) -> std::path::PathBuf {
    workspace_root().join("fixtures/check").join(name)
}

#[test]
fn json_has_the_spec_fields() {
    let output = run_kc(
        &["check", "--format", "json", "."],
        &fixture("semantic-selector-mismatch"),
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics array");
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        for key in [
            "severity",
            "code",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "env",
            "resource",
            "path",
            "notes",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
        assert!(d["line"].as_u64().unwrap_or(0) >= 1 && d["column"].as_u64().unwrap_or(0) >= 1);
        assert!(
            !d["file"].as_str().unwrap_or("/").starts_with('/'),
            "file is relative to the root"
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count() as u64;
    assert_eq!(json["summary"]["errors"].as_u64(), Some(errors));
}

#[test]
fn sarif_is_a_valid_2_1_0_log() {
    let output = run_kc(
        &["check", "--format", "sarif", "."],
        &fixture("semantic-selector-mismatch"),
    );
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "kc");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "rule ids are unique"
    );
    for rule in rules {
        assert!(rule["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
    }
    let results = runs[0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let rule = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids.get(index), Some(&rule), "ruleIndex points at ruleId");
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning" | "note" | "none")
        ));
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let location = &result["locations"][0]["physicalLocation"];
        assert!(location["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| !u.starts_with('/')));
        let region = &location["region"];
        assert!(region["startLine"].as_u64().unwrap_or(0) >= 1);
        assert!(region["startColumn"].as_u64().unwrap_or(0) >= 1);
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
    }
}

#[test]
fn exit_codes_follow_the_spec() {
    let clean = run_kc(&["check", "."], &fixture("schema-valid-workloads"));
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let warnings_only = run_kc(
        &["check", "."],
        &fixture("semantic-service-selects-nothing"),
    );
    assert_eq!(warnings_only.status.code(), Some(0));
    let denied = run_kc(
        &["check", "--deny-warnings", "."],
        &fixture("semantic-service-selects-nothing"),
    );
    assert_eq!(denied.status.code(), Some(1));
    let missing = run_kc(&["check", "/nonexistent-kc-project"], &workspace_root());
    assert_eq!(missing.status.code(), Some(2));
    let no_project = run_kc(&["check", "."], &workspace_root().join("docs"));
    assert_eq!(no_project.status.code(), Some(2));
}
