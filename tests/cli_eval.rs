//! End-to-end tests of `kc eval` on projects made on the fly: the hermetic sandbox (symlinks,
//! `..`, absolute paths, `--allow-env`), the project root, `--attr`, `--expr` and exit codes.

mod support;

use std::fs;
use std::path::Path;

use support::*;

fn temp_project(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kc-cli-eval-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn symlink_leaving_the_project_is_rejected() {
    let outside = temp_project("outside");
    fs::write(outside.join("secret.nix"), "42").expect("write");
    let project = temp_project("symlink");
    fs::write(project.join("kc.nix"), "import ./link.nix").expect("write");
    std::os::unix::fs::symlink(outside.join("secret.nix"), project.join("link.nix"))
        .expect("symlink");
    let output = run_kc(&["eval", "kc.nix"], &project);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).starts_with("error[KC0220]"),
        "{}",
        stderr_of(&output)
    );
    // A symlink that stays inside the project is fine.
    fs::write(project.join("inner.nix"), "7").expect("write");
    fs::remove_file(project.join("link.nix")).expect("remove");
    std::os::unix::fs::symlink(project.join("inner.nix"), project.join("link.nix"))
        .expect("symlink");
    let output = run_kc(&["eval", "kc.nix"], &project);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "7\n",
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn project_root_is_the_nearest_kc_nix() {
    let project = temp_project("root");
    fs::create_dir_all(project.join("apps/api")).expect("dirs");
    fs::write(project.join("kc.nix"), "{ }").expect("write");
    fs::write(project.join("shared.nix"), "{ replicas = 3; }").expect("write");
    fs::write(
        project.join("apps/api/main.nix"),
        "(import ../../shared.nix).replicas",
    )
    .expect("write");
    let output = run_kc(&["eval", "apps/api/main.nix"], &project);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "3\n",
        "{}",
        stderr_of(&output)
    );
    // Without kc.nix the root is the file's own directory, so the same import escapes.
    fs::remove_file(project.join("kc.nix")).expect("remove");
    let output = run_kc(&["eval", "apps/api/main.nix"], &project);
    assert!(
        stderr_of(&output).starts_with("error[KC0220]"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn get_env_needs_allow_env() {
    let project = temp_project("env");
    let denied = support::run_kc(
        &["eval", "--expr", "builtins.getEnv \"KC_TEST_VAR\""],
        &project,
    );
    assert!(
        stderr_of(&denied).starts_with("error[KC0222]"),
        "{}",
        stderr_of(&denied)
    );
    let allowed = std::process::Command::new(kc_binary())
        .args([
            "eval",
            "--allow-env",
            "KC_TEST_VAR",
            "--expr",
            "builtins.getEnv \"KC_TEST_VAR\"",
        ])
        .current_dir(&project)
        .env("KC_TEST_VAR", "hello")
        .output()
        .expect("kc runs");
    assert_eq!(
        String::from_utf8_lossy(&allowed.stdout),
        "\"hello\"\n",
        "{}",
        stderr_of(&allowed)
    );
}

#[test]
fn attr_selects_and_json_has_no_trailing_newline() {
    let project = temp_project("attr");
    let output = run_kc(
        &[
            "eval",
            "--json",
            "--attr",
            "a.b.1",
            "--expr",
            "{ a.b = [ 1 { c = 2; } ]; }",
        ],
        &project,
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "{\"c\":2}",
        "{}",
        stderr_of(&output)
    );
    let missing = run_kc(
        &["eval", "--attr", "a.x", "--expr", "{ a.b = 1; }"],
        &project,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr_of(&missing).starts_with("error[KC0202]"),
        "{}",
        stderr_of(&missing)
    );
}

#[test]
fn usage_errors_exit_with_two() {
    let project = temp_project("usage");
    let output = run_kc(&["eval", "does-not-exist.nix"], &project);
    assert_eq!(output.status.code(), Some(2));
    let output = run_kc(&["eval"], &project);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn list_builtins_names_every_builtin() {
    let output = run_kc(&["eval", "--list-builtins"], Path::new("."));
    let text = String::from_utf8_lossy(&output.stdout);
    for name in [
        "map",
        "foldl'",
        "fromTOML",
        "hashString",
        "tryEval",
        "currentTime",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name} missing from:\n{text}"
        );
    }
    assert!(!text.contains("__builtinsSelf"));
}

#[test]
fn builtins_newer_than_the_oracle_work() {
    // `warn` and `readFileType` arrived after Nix 2.8, so the differential corpus cannot cover
    // them; their behaviour follows current Nix.
    let project = temp_project("newer");
    fs::write(project.join("data.txt"), "x").expect("write");
    let output = run_kc(
        &["eval", "--expr", "builtins.warn \"careful\" [ (builtins.readFileType ./data.txt) (builtins.readFileType ./.) ]"],
        &project,
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "[ \"regular\" \"directory\" ]\n"
    );
    assert!(
        stderr_of(&output).contains("evaluation warning: careful"),
        "{}",
        stderr_of(&output)
    );
}
