//! The standard library (`lib-nix/`) as files under a virtual root, [`STDLIB_ROOT`].
//!
//! The library is embedded in the binary at build time. [`StdlibFileSystem`] lays it over the
//! real file system, so the evaluator imports library files through the same single door as
//! project files, and the sandbox lets programs read them. For working on the library itself,
//! the files can instead come from a directory on disk (`KC_LIB_NIX`, read by the CLI), so a
//! change shows up without rebuilding kc.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::fs::{FileKind, FileSystem};

/// Where the library's files appear. The angle brackets keep it apart from any real directory
/// and make it recognisable in messages (`<kc-lib>/kc/app.nix`).
pub const STDLIB_ROOT: &str = "/<kc-lib>";

/// The embedded files: `(path relative to lib-nix/, contents)`, sorted by path.
static EMBEDDED_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/stdlib_files.rs"));

/// The entry file of the library.
pub fn entry_path() -> PathBuf {
    Path::new(STDLIB_ROOT).join("default.nix")
}

/// True when `path` names something inside the library.
pub fn is_stdlib_path(path: &Path) -> bool {
    path.starts_with(STDLIB_ROOT)
}

/// The embedded files, for tools that list or document them.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    EMBEDDED_FILES
}

/// Where the library's files come from.
#[derive(Clone, Debug)]
pub enum StdlibSource {
    /// The copy compiled into the binary.
    Embedded,
    /// A `lib-nix` directory on disk, for developing the library.
    Directory(PathBuf),
}

/// A file system that serves the library under [`STDLIB_ROOT`] and passes every other path to
/// the file system beneath it.
pub struct StdlibFileSystem {
    inner: Arc<dyn FileSystem>,
    source: StdlibSource,
}

impl StdlibFileSystem {
    pub fn new(inner: Arc<dyn FileSystem>, source: StdlibSource) -> StdlibFileSystem {
        StdlibFileSystem { inner, source }
    }

    /// The path relative to the library root, or `None` for paths outside the library.
    fn library_relative(path: &Path) -> Option<String> {
        let relative = path.strip_prefix(STDLIB_ROOT).ok()?;
        let parts: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    fn embedded_kind(relative: &str) -> Option<FileKind> {
        if relative.is_empty() {
            return Some(FileKind::Directory);
        }
        let directory_prefix = format!("{relative}/");
        for (path, _) in EMBEDDED_FILES {
            if *path == relative {
                return Some(FileKind::Regular);
            }
            if path.starts_with(&directory_prefix) {
                return Some(FileKind::Directory);
            }
        }
        None
    }
}

fn not_found() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        "no such file in the kc standard library",
    )
}

impl FileSystem for StdlibFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let Some(relative) = Self::library_relative(path) else {
            return self.inner.read(path);
        };
        match &self.source {
            StdlibSource::Directory(directory) => self.inner.read(&directory.join(relative)),
            StdlibSource::Embedded => EMBEDDED_FILES
                .iter()
                .find(|(name, _)| *name == relative)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(not_found),
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileKind)>> {
        let Some(relative) = Self::library_relative(path) else {
            return self.inner.read_dir(path);
        };
        match &self.source {
            StdlibSource::Directory(directory) => self.inner.read_dir(&directory.join(relative)),
            StdlibSource::Embedded => {
                if Self::embedded_kind(&relative) != Some(FileKind::Directory) {
                    return Err(not_found());
                }
                let prefix = if relative.is_empty() {
                    String::new()
                } else {
                    format!("{relative}/")
                };
                let mut entries: Vec<(String, FileKind)> = Vec::new();
                for (name, _) in EMBEDDED_FILES {
                    let Some(rest) = name.strip_prefix(&prefix) else {
                        continue;
                    };
                    let entry = match rest.split_once('/') {
                        Some((directory, _)) => (directory.to_owned(), FileKind::Directory),
                        None => (rest.to_owned(), FileKind::Regular),
                    };
                    if !entries.contains(&entry) {
                        entries.push(entry);
                    }
                }
                Ok(entries)
            }
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        // Library paths are already canonical: the library has no symlinks worth resolving,
        // and resolving them would leave the virtual root.
        match Self::library_relative(path) {
            Some(_) => self.kind(path).map(|_| path.to_path_buf()),
            None => self.inner.canonicalize(path),
        }
    }

    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        let Some(relative) = Self::library_relative(path) else {
            return self.inner.kind(path);
        };
        match &self.source {
            StdlibSource::Directory(directory) => self.inner.kind(&directory.join(relative)),
            StdlibSource::Embedded => Self::embedded_kind(&relative).ok_or_else(not_found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::RealFileSystem;

    #[test]
    fn the_embedded_library_has_an_entry_file() {
        let fs = StdlibFileSystem::new(Arc::new(RealFileSystem), StdlibSource::Embedded);
        assert_eq!(fs.kind(&entry_path()).ok(), Some(FileKind::Regular));
        assert!(fs.read(&entry_path()).is_ok_and(|bytes| !bytes.is_empty()));
        let root = fs.read_dir(Path::new(STDLIB_ROOT)).unwrap_or_default();
        assert!(root.contains(&("default.nix".to_owned(), FileKind::Regular)));
    }

    #[test]
    fn paths_outside_the_library_reach_the_real_file_system() {
        let fs = StdlibFileSystem::new(Arc::new(RealFileSystem), StdlibSource::Embedded);
        assert!(fs.kind(Path::new("/<kc-lib>/no-such-file.nix")).is_err());
        assert_eq!(
            fs.kind(Path::new(env!("CARGO_MANIFEST_DIR"))).ok(),
            Some(FileKind::Directory)
        );
    }
}
