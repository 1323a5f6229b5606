//! Policies end to end, beyond the fixture projects: `kc explain` of a built-in policy, unknown
//! packs, Rego syntax errors at their line, and `kc build` stopping on a violation.

mod support;

use support::{fixture_projects, kc_binary, parallel_map, policy_arguments, run_kc};

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
fn a_policy_with_very_long_lines_loads() {
    // Generated policies and long allow-lists have lines regorus would refuse by default.
    let registries: Vec<String> = (0..200)
        .map(|i| format!("\"registry-{i}.example.com\""))
        .collect();
    let policy = format!(
        "package main\nimport rego.v1\nallowed := {{{}}}\n\
         deny contains \"privileged\" if input.spec.containers[_].securityContext.privileged\n",
        registries.join(", ")
    );
    assert!(policy.lines().any(|line| line.len() > 4000));
    let project = Scratch::new("long-lines", PRIVILEGED);
    std::fs::write(project.0.join("policies/long.rego"), policy).expect("writable");
    let output = run_kc(&["check", ".", "--format", "json"], &project.0);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("KC0501"), "{stdout}");
    assert!(stdout.contains("KC0510"), "{stdout}");
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
fn a_syntax_error_in_a_gatekeeper_template_points_into_its_yaml() {
    let project = Scratch::new("template", PRIVILEGED);
    let template = r#"apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: broken
spec:
  crd:
    spec:
      names:
        kind: Broken
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package broken

        violation[{"msg": msg}] {
          msg := "x" +
        }
"#;
    std::fs::write(project.0.join("policies/template.yaml"), template).expect("writable");
    std::fs::write(
        project.0.join("policies/constraint.yaml"),
        "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: Broken\nmetadata:\n  name: b\n",
    )
    .expect("writable");
    let output = run_kc(&["check", ".", "--format", "json"], &project.0);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // The constraint is not reported again for lacking its (broken) template.
    assert_eq!(codes, ["KC0501"], "{json}");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["file"], "policies/template.yaml", "{json}");
    assert!(
        diagnostic["line"]
            .as_u64()
            .is_some_and(|l| (15..=17).contains(&l)),
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

/// docs/policies-builtin.md: each pack's METADATA (description and parameters) and its policy
/// ids, from the pack sources.
fn builtin_markdown() -> String {
    let mut out = String::from(
        "# The built-in policy pack\n\n\
         Generated from the packs' sources (`compiler/kc-policy/builtin/`) by\n\
         `UPDATE_EXPECT=1 cargo test -p kc --test policies`; a test fails when it is stale.\n\
         Select a pack with `--policy builtin:NAME` or `policies = [ \"builtin:NAME\" ];` in\n\
         kc.nix, set parameters with `policyParameters.NAME = { ... };`, and see any policy's\n\
         rules with `kc explain ID`. See [policies.md](policies.md) for how policies work.\n",
    );
    for pack in kc_policy::builtin::PACKS {
        out.push_str(&format!("\n## builtin:{}\n\n", pack.name));
        let metadata: Vec<&str> = pack
            .source
            .lines()
            .take_while(|l| l.starts_with('#'))
            .skip(1)
            .map(|l| {
                l.strip_prefix("# ")
                    .or_else(|| l.strip_prefix('#'))
                    .unwrap_or(l)
            })
            .collect();
        let text = metadata.join("\n");
        let description: String = text
            .split("custom:")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with("title:") && !l.starts_with("description:"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n");
        out.push_str(description.trim());
        out.push_str("\n\n### Policies\n\n");
        let mut ids: Vec<String> = Vec::new();
        let prefix = format!("\"{}.", pack.name);
        for (start, _) in pack.source.match_indices(&prefix) {
            let rest = &pack.source[start + 1..];
            let id: String = rest.chars().take_while(|c| *c != '"').collect();
            if !ids.contains(&id)
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            {
                ids.push(id);
            }
        }
        for id in &ids {
            out.push_str(&format!("- `{id}` (`kc explain {id}`)\n"));
        }
        if let Some(parameters) = text.split("custom:").nth(1) {
            out.push_str("\n### Parameters\n\n```yaml\n");
            out.push_str(parameters.trim_matches('\n'));
            out.push_str("\n```\n");
        }
    }
    out
}

#[test]
fn docs_policies_builtin_is_current() {
    let path = support::workspace_root().join("docs/policies-builtin.md");
    let generated = builtin_markdown();
    if support::update_expect() {
        std::fs::write(&path, &generated).expect("written");
        return;
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == generated,
        "docs/policies-builtin.md is stale: run UPDATE_EXPECT=1 cargo test -p kc --test policies"
    );
}

/// The policy fixtures run on regorus's bytecode machine; the interpreter (its fallback, forced
/// with `KC_REGO_INTERPRETER=1`) must report exactly the same.
#[test]
fn the_bytecode_machine_and_the_interpreter_agree_on_every_policy_fixture() {
    let dirs = fixture_projects("fixtures/policy");
    assert!(dirs.len() >= 20, "only {} policy fixtures", dirs.len());
    let differences: Vec<String> = parallel_map(&dirs, |dir| {
        let kc_nix = std::fs::read_to_string(dir.join("kc.nix")).unwrap_or_default();
        let mut args = vec!["check".to_owned(), "--format".to_owned(), "json".to_owned()];
        args.extend(policy_arguments(&kc_nix));
        args.push(".".to_owned());
        let run = |interpreter: bool| {
            let mut command = std::process::Command::new(kc_binary());
            command.args(&args).current_dir(dir);
            if interpreter {
                command.env("KC_REGO_INTERPRETER", "1");
            }
            command.output().expect("kc runs").stdout
        };
        let machine = run(false);
        let interpreter = run(true);
        (machine != interpreter).then(|| {
            format!(
                "{}:\nbytecode machine: {}\ninterpreter: {}",
                dir.display(),
                String::from_utf8_lossy(&machine),
                String::from_utf8_lossy(&interpreter)
            )
        })
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
}
