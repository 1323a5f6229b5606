//! Policies end to end, beyond the fixture projects: `kc explain` of a built-in policy, unknown
//! packs, Rego syntax errors at their line, and `kc build` stopping on a violation.

mod support;

use support::run_kc;

struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str, kc_nix: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("kc-policy-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("policies")).expect("writable");
        std::fs::write(path.join("kc.nix"), kc_nix).expect("writable");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PRIVILEGED: &str = r#"{ resources = [ { apiVersion = "v1"; kind = "Pod"; metadata.name = "p";
  spec.containers = [ { name = "c"; image = "registry.example.com/c:1";
    securityContext.privileged = true; } ]; } ]; }
"#;

#[test]
fn explain_shows_a_built_in_policy_source() {
    let output = run_kc(
        &["explain", "baseline.privileged"],
        std::path::Path::new("."),
    );
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("builtin:baseline"), "{text}");
    assert!(text.contains("\"baseline.privileged\""), "{text}");
    assert!(text.contains("privileged"), "{text}");
}

#[test]
fn an_unknown_pack_is_reported_with_a_suggestion() {
    let project = Scratch::new("unknown-pack", PRIVILEGED);
    let output = run_kc(&["check", ".", "--policy", "builtin:baselin"], &project.0);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("KC0503"), "{stderr}");
    assert!(
        stderr.contains("did you mean 'builtin:baseline'?"),
        "{stderr}"
    );
}

#[test]
fn a_rego_syntax_error_points_at_its_line() {
    let project = Scratch::new("syntax", PRIVILEGED);
    std::fs::write(
        project.0.join("policies/broken.rego"),
        "package main\n\ndeny contains msg if {\n  msg := \"x\" +\n}\n",
    )
    .expect("writable");
    let output = run_kc(&["check", ".", "--format", "json"], &project.0);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostic = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "KC0501")
        .cloned()
        .unwrap_or_default();
    assert_eq!(diagnostic["file"], "policies/broken.rego", "{json}");
    assert!(
        diagnostic["line"]
            .as_u64()
            .is_some_and(|l| (4..=5).contains(&l)),
        "{json}"
    );
}

#[test]
fn a_violation_stops_the_build_and_a_warning_does_not() {
    let project = Scratch::new("build", PRIVILEGED);
    let output = run_kc(&["build", ".", "--policy", "builtin:baseline"], &project.0);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !project.0.join("out").exists(),
        "a failing build writes nothing"
    );
    std::fs::write(
        project.0.join("policies/warn.rego"),
        "package main\n\nwarn contains \"pods should be workloads\" if input.kind == \"Pod\"\n",
    )
    .expect("writable");
    let output = run_kc(&["build", "."], &project.0);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("KC0511"));
    assert!(project.0.join("out/default/default/pod-p.yaml").is_file());
}
