//! Data-driven tests of `kc check`: every directory in `fixtures/check/` is a project. Its
//! `kc.nix` starts with `# expect:` lines naming the diagnostics `--format json` must report,
//! as `CODE FILE:LINE` (exactly that set, order free; `# expect: none` for a clean project).
//! The human output is snapshotted in `expected.txt` beside it (UPDATE_EXPECT=1 rewrites).
//! `fixtures/policy/` works the same way; its `# policy: P` lines become `--policy P`.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use support::*;

fn expectations(kc_nix: &str) -> BTreeSet<String> {
    kc_nix
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(str::trim)
        .filter(|e| *e != "none")
        .map(str::to_owned)
        .collect()
}

fn check_one(dir: &Path) -> Option<String> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    let kc_nix = fs::read_to_string(dir.join("kc.nix")).ok()?;
    let policies = policy_arguments(&kc_nix);
    let with_policies = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|a| a.to_string())
            .chain(policies.iter().cloned())
            .collect()
    };
    let expected = expectations(&kc_nix);
    if expected.is_empty() && !kc_nix.contains("# expect: none") {
        return Some(format!("{name}: kc.nix has no `# expect:` header"));
    }
    let json_args = with_policies(&["check", "--format", "json", "."]);
    let output = run_kc(
        &json_args.iter().map(String::as_str).collect::<Vec<_>>(),
        dir,
    );
    let json: serde_json::Value = match serde_json::from_slice(&output.stdout) {
        Ok(json) => json,
        Err(error) => {
            return Some(format!(
                "{name}: no JSON ({error}): {}",
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    };
    let mut actual = BTreeSet::new();
    for diagnostic in json["diagnostics"].as_array().into_iter().flatten() {
        let code = diagnostic["code"].as_str().unwrap_or_default();
        let file = diagnostic["file"].as_str().unwrap_or("-");
        let line = diagnostic["line"].as_u64().unwrap_or(0);
        actual.insert(format!("{code} {file}:{line}"));
        for key in ["severity", "message"] {
            if diagnostic[key].as_str().is_none_or(str::is_empty) {
                return Some(format!("{name}: diagnostic without {key}: {diagnostic}"));
            }
        }
    }
    if actual != expected {
        return Some(format!(
            "{name}: expected {expected:?}, kc reported {actual:?}"
        ));
    }
    let errors = json["summary"]["errors"].as_u64().unwrap_or(0);
    let expected_exit = if errors > 0 { 1 } else { 0 };
    if output.status.code() != Some(expected_exit) {
        return Some(format!(
            "{name}: exit code {:?}, expected {expected_exit}",
            output.status.code()
        ));
    }
    let human_args = with_policies(&["check", "."]);
    let human = run_kc(
        &human_args.iter().map(String::as_str).collect::<Vec<_>>(),
        dir,
    );
    let text = String::from_utf8_lossy(&human.stderr).into_owned();
    let snapshot = dir.join("expected.txt");
    if update_expect() {
        fs::write(&snapshot, &text).ok()?;
    } else if fs::read_to_string(&snapshot).unwrap_or_default() != text {
        return Some(format!(
            "{name}: human output differs from expected.txt (UPDATE_EXPECT=1 rewrites):\n{text}"
        ));
    }
    None
}

#[test]
fn check_fixtures_report_exactly_what_they_expect() {
    run_fixtures("fixtures/check", 60);
}

#[test]
fn policy_fixtures_report_exactly_what_they_expect() {
    run_fixtures("fixtures/policy", 20);
}

fn run_fixtures(directory: &str, at_least: usize) {
    let dirs = fixture_projects(directory);
    assert!(
        dirs.len() >= at_least,
        "only {} fixtures in {directory}",
        dirs.len()
    );
    let failures: Vec<String> = parallel_map(&dirs, |dir| check_one(dir))
        .into_iter()
        .flatten()
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures fail:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}
