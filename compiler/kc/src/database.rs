//! The database every command starts from: the real disk with the standard library over it.

use std::path::PathBuf;
use std::sync::Arc;

use kc_eval::fs::RealFileSystem;
use kc_eval::stdlib::StdlibSource;
use kc_eval::Database;

/// The environment variable that points kc at a `lib-nix` directory on disk instead of the
/// embedded copy, so library changes are seen without rebuilding kc.
pub const LIBRARY_DIRECTORY_VARIABLE: &str = "KC_LIB_NIX";

pub fn open_database() -> Database {
    let source = match std::env::var_os(LIBRARY_DIRECTORY_VARIABLE) {
        Some(directory) if !directory.is_empty() => {
            let directory = PathBuf::from(directory);
            StdlibSource::Directory(directory.canonicalize().unwrap_or(directory))
        }
        _ => StdlibSource::Embedded,
    };
    Database::with_stdlib(Arc::new(RealFileSystem), source)
}
