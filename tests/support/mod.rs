//! Shared helpers for kc's end-to-end tests: locating fixtures, running the `kc` binary, and
//! deciding whether an external tool is required.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root exists")
}

pub fn kc_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kc"))
}

pub fn run_kc(args: &[&str], cwd: &Path) -> Output {
    Command::new(kc_binary())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("kc runs")
}

/// True when the tool is on PATH. Under `CI=true` a missing tool fails the test; elsewhere the
/// test is skipped with a loud message.
pub fn require_tool(tool: &str, package: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if found {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{tool} is required under CI=true: install the Debian package `{package}`");
    }
    eprintln!("\n!!!!! SKIPPED: {tool} is not installed (Debian package `{package}`); this check did not run !!!!!\n");
    false
}

/// Whether expected files should be rewritten instead of compared.
pub fn update_expect() -> bool {
    std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1")
}

/// Runs `job` over `items` on all cores, collecting failures.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(1);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&job).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    })
}

/// The fixture projects (directories with a `kc.nix`) under `directory` of the workspace,
/// sorted.
pub fn fixture_projects(directory: &str) -> Vec<PathBuf> {
    let root = workspace_root().join(directory);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|error| panic!("{}: {error}", root.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("kc.nix").exists())
        .collect();
    dirs.sort();
    dirs
}

/// A fixture's `# policy: builtin:baseline` header lines, as `--policy` arguments.
pub fn policy_arguments(kc_nix: &str) -> Vec<String> {
    kc_nix
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# policy:"))
        .flat_map(|p| ["--policy".to_owned(), p.trim().to_owned()])
        .collect()
}
