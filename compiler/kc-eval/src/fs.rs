//! The one door to the file system. The core reads files only through [`FileSystem`], so the
//! language server can overlay unsaved buffers and the sandbox has a single place to guard.

use std::io;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Regular,
    Directory,
    Symlink,
    Unknown,
}

impl FileKind {
    /// The name `builtins.readDir` uses.
    pub fn nix_name(self) -> &'static str {
        match self {
            FileKind::Regular => "regular",
            FileKind::Directory => "directory",
            FileKind::Symlink => "symlink",
            FileKind::Unknown => "unknown",
        }
    }
}

pub trait FileSystem: Send + Sync {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Entries of a directory with their kinds (symlinks are not followed).
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileKind)>>;
    /// The path with every symlink resolved; fails when it does not exist.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// The kind of the file at `path`, following symlinks.
    fn kind(&self, path: &Path) -> io::Result<FileKind>;
}

/// The real disk.
pub struct RealFileSystem;

impl FileSystem for RealFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileKind)>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let kind = entry.file_type().map(kind_of).unwrap_or(FileKind::Unknown);
            entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
        }
        Ok(entries)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }

    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        std::fs::metadata(path).map(|m| kind_of(m.file_type()))
    }
}

fn kind_of(file_type: std::fs::FileType) -> FileKind {
    if file_type.is_symlink() {
        FileKind::Symlink
    } else if file_type.is_dir() {
        FileKind::Directory
    } else if file_type.is_file() {
        FileKind::Regular
    } else {
        FileKind::Unknown
    }
}
