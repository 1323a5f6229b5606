//! What the evaluator's integration tests share: a project directory written for one test.

use std::path::PathBuf;

/// A fresh directory named after `name` (and this process) holding `files`, as
/// `(relative path, text)`; returned canonical, as the evaluator's paths are.
pub fn project_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (path, text) in files {
        std::fs::write(dir.join(path), text).expect("write");
    }
    dir.canonicalize().expect("canonical")
}
