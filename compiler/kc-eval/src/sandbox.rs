//! Hermetic file access: every path the program touches must stay inside the project root,
//! lexically and after resolving symlinks.

use std::path::{Path, PathBuf};

use kc_syntax::paths::normalize_absolute;

use crate::fs::FileSystem;
use crate::stdlib::{is_stdlib_path, STDLIB_ROOT};

/// The project root: the nearest ancestor of the entry file holding `kc.nix`, else the entry
/// file's own directory.
pub fn find_project_root(fs: &dyn FileSystem, entry_directory: &Path) -> PathBuf {
    let mut current = Some(entry_directory);
    while let Some(dir) = current {
        if fs.kind(&dir.join("kc.nix")).is_ok() {
            return dir.to_path_buf();
        }
        current = dir.parent();
    }
    entry_directory.to_path_buf()
}

#[derive(Debug, Clone)]
pub struct Sandbox {
    /// Canonical (symlink-free) absolute root.
    pub root: PathBuf,
    /// Environment variables `builtins.getEnv` may read.
    pub allowed_env: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum AccessError {
    /// The path is outside the project root (lexically, or through a symlink).
    Escapes {
        resolved: String,
    },
    NotFound,
}

impl Sandbox {
    pub fn new(root: PathBuf, allowed_env: Vec<String>) -> Sandbox {
        Sandbox { root, allowed_env }
    }

    /// Checks an absolute, normalised path and returns its canonical form.
    pub fn check(&self, fs: &dyn FileSystem, path: &str) -> Result<PathBuf, AccessError> {
        let lexical = PathBuf::from(normalize_absolute(path));
        // The standard library is readable from every project.
        let allowed_root = if is_stdlib_path(&lexical) {
            Path::new(STDLIB_ROOT)
        } else {
            &self.root
        };
        if !lexical.starts_with(allowed_root) {
            return Err(AccessError::Escapes {
                resolved: lexical.display().to_string(),
            });
        }
        let canonical = fs
            .canonicalize(&lexical)
            .map_err(|_| AccessError::NotFound)?;
        if !canonical.starts_with(allowed_root) {
            return Err(AccessError::Escapes {
                resolved: canonical.display().to_string(),
            });
        }
        Ok(canonical)
    }

    /// The path relative to the root, for messages.
    /// Library files show as `<kc-lib>/...`.
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        if is_stdlib_path(path) {
            return path.strip_prefix("/").unwrap_or(path);
        }
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}
