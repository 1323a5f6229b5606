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
