//! Differential tests of the evaluator against real Nix.
//!
//! `fixtures/eval/ok/*.nix` must print exactly the checked-in `.out` (`nix-instantiate --eval
//! --strict`) and `.json` (`--json`) outputs; `fixtures/eval/err/*.nix` must fail with the code
//! and line in their `# expect:` header and the rendered diagnostic in `.stderr`. When
//! `nix-instantiate` is installed (always under CI) the expected files are re-derived from Nix,
//! except for the documented divergences in `fixtures/eval/nix-2.8-divergences.txt`.

mod support;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("fixture directory exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .collect();
    files.sort();
    files
}

fn divergences() -> HashSet<String> {
    let text = fs::read_to_string(workspace_root().join("fixtures/eval/nix-2.8-divergences.txt"))
        .expect("divergence list");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split(':').next())
        .map(|s| s.trim().to_owned())
        .collect()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn ok_fixtures_print_like_nix() {
    let dir = workspace_root().join("fixtures/eval/ok");
    let files = fixtures(&dir);
    assert!(
        files.len() >= 200,
        "the differential corpus has {} programs",
        files.len()
    );
    let failures: Vec<String> = parallel_map(&files, |file| {
        let name = stem(file);
        let mut problems = Vec::new();
        for (flag, extension) in [(None, "out"), (Some("--json"), "json")] {
            let expected_path = file.with_extension(extension);
            let expected = fs::read(&expected_path).unwrap_or_default();
            let mut args = vec!["eval"];
            args.extend(flag);
            let file_name = format!("{name}.nix");
            args.push(&file_name);
            let output = run_kc(&args, &dir);
            let actual = output.stdout.clone();
            if !output.status.success() || actual != expected {
                problems.push(format!(
                    "{name} ({extension}):\n  expected: {}\n  actual:   {}\n  stderr: {}",
                    String::from_utf8_lossy(&expected).trim_end(),
                    String::from_utf8_lossy(&actual).trim_end(),
                    String::from_utf8_lossy(&output.stderr)
                        .lines()
                        .take(6)
                        .collect::<Vec<_>>()
                        .join("\n          ")
                ));
            }
        }
        problems
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn err_fixtures_fail_with_expected_code_and_line() {
    let dir = workspace_root().join("fixtures/eval/err");
    let files = fixtures(&dir);
    assert!(
        files.len() >= 50,
        "the failing corpus has {} programs",
        files.len()
    );
    let failures: Vec<String> = parallel_map(&files, |file| {
        let name = stem(file);
        let source = fs::read_to_string(file).expect("fixture readable");
        let header = source.lines().next().unwrap_or("");
        let Some(rest) = header.strip_prefix("# expect: ") else {
            return Some(format!("{name}: missing `# expect: CODE line N` header"));
        };
        let mut words = rest.split_whitespace();
        let code = words.next().unwrap_or("");
        let line: u32 = words.nth(1).and_then(|l| l.parse().ok()).unwrap_or(0);
        let output = run_kc(&["eval", &format!("{name}.nix")], &dir);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if output.status.code() != Some(1) {
            return Some(format!("{name}: expected exit code 1, got {:?}; stdout: {}", output.status.code(), String::from_utf8_lossy(&output.stdout)));
        }
        let first = stderr.lines().next().unwrap_or("");
        if !first.starts_with(&format!("error[{code}]")) {
            return Some(format!("{name}: expected {code}, got: {first}"));
        }
        let location = format!("{name}.nix:{line}:");
        let first_location = stderr.lines().find(|l| l.contains("┌─")).unwrap_or("");
        if !first_location.contains(&location) {
            return Some(format!("{name}: expected the primary label at line {line}, got: {first_location}\n{stderr}"));
        }
        let snapshot = file.with_extension("stderr");
        if update_expect() {
            fs::write(&snapshot, &stderr).expect("snapshot written");
        } else {
            let expected = fs::read_to_string(&snapshot).unwrap_or_default();
            if expected != stderr {
                return Some(format!("{name}: rendered diagnostic differs from {name}.stderr (UPDATE_EXPECT=1 rewrites):\n{stderr}"));
            }
        }
        None
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn expected_outputs_are_what_nix_prints() {
    if !require_tool("nix-instantiate", "nix-bin") {
        return;
    }
    let dir = workspace_root().join("fixtures/eval/ok");
    let skip = divergences();
    let files = fixtures(&dir);
    let failures: Vec<String> = parallel_map(&files, |file| {
        let name = stem(file);
        let mut problems = Vec::new();
        for (json, extension) in [(false, "out"), (true, "json")] {
            if json && skip.contains(&name) {
                continue;
            }
            let mut command = Command::new("nix-instantiate");
            command
                .args(["--eval", "--strict"])
                .current_dir(&dir)
                .env("NIX_REMOTE", "")
                .env("HOME", std::env::temp_dir());
            if json {
                command.arg("--json");
            }
            let output = command
                .arg(format!("{name}.nix"))
                .output()
                .expect("nix-instantiate runs");
            let expected = fs::read(file.with_extension(extension)).unwrap_or_default();
            if output.stdout != expected {
                problems.push(format!(
                    "{name}.{extension}: nix prints {}",
                    String::from_utf8_lossy(&output.stdout)
                ));
            }
        }
        problems
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        failures.is_empty(),
        "checked-in outputs disagree with Nix:\n{}",
        failures.join("\n")
    );
}

#[test]
fn err_fixtures_also_fail_in_nix() {
    if !require_tool("nix-instantiate", "nix-bin") {
        return;
    }
    let dir = workspace_root().join("fixtures/eval/err");
    let skip = divergences();
    let files: Vec<PathBuf> = fixtures(&dir)
        .into_iter()
        .filter(|f| !skip.contains(&stem(f)))
        .collect();
    let unexpected: Vec<String> = parallel_map(&files, |file| {
        let output = Command::new("nix-instantiate")
            .args(["--eval", "--strict"])
            .arg(file)
            .env("HOME", std::env::temp_dir())
            .output()
            .expect("nix-instantiate runs");
        output.status.success().then(|| stem(file))
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        unexpected.is_empty(),
        "Nix accepts these failing fixtures: {unexpected:?}"
    );
}
