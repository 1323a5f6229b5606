//! Embeds the standard library (`lib-nix/` at the workspace root) into the binary: writes
//! `OUT_DIR/stdlib_files.rs`, a sorted table of `(relative path, contents)` built with
//! `include_str!`, so a change to any library file rebuilds the crate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let library = manifest.join("../../lib-nix");
    println!("cargo::rerun-if-changed={}", library.display());
    let mut files = Vec::new();
    if library.is_dir() {
        collect(&library, &library, &mut files);
    }
    files.sort();
    let mut table = String::from("&[\n");
    for relative in &files {
        let absolute = library.join(relative);
        println!("cargo::rerun-if-changed={}", absolute.display());
        let _ = writeln!(
            table,
            "    ({relative:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    table.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("stdlib_files.rs"), table).expect("OUT_DIR is writable");
}

/// Every `.nix` file below `directory`, as `/`-separated paths relative to `base`.
fn collect(base: &Path, directory: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    println!("cargo::rerun-if-changed={}", directory.display());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            // The library's own tests are run by `cargo test`, not shipped.
            if entry.file_name() != "tests" {
                collect(base, &path, files);
            }
        } else if path.extension().is_some_and(|e| e == "nix") {
            if let Ok(relative) = path.strip_prefix(base) {
                let relative: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push(relative.join("/"));
            }
        }
    }
}
