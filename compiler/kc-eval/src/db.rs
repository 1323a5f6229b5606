//! The salsa database: source files are inputs, lowering is a tracked query. The CLI and the
//! language server share it; the server sets file texts from unsaved buffers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kc_syntax::{FileId, LoweredFile};
use salsa::Setter;

use crate::fs::FileSystem;
use crate::stdlib::{StdlibFileSystem, StdlibSource};

#[salsa::input]
pub struct SourceFile {
    #[returns(ref)]
    pub path: PathBuf,
    #[returns(ref)]
    pub text: Arc<str>,
    pub id: FileId,
}

/// Parses and lowers one file.
#[salsa::tracked(returns(ref), no_eq)]
pub fn lowered_file(db: &dyn salsa::Database, file: SourceFile) -> Arc<LoweredFile> {
    let path = file.path(db);
    let directory = path
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "/".to_owned());
    Arc::new(kc_syntax::lower_file(
        *file.id(db),
        file.text(db),
        &directory,
        &crate::builtins::is_global_name,
    ))
}

#[derive(Default)]
struct FileRegistry {
    by_path: HashMap<PathBuf, SourceFile>,
    by_id: Vec<SourceFile>,
}

#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    files: Arc<Mutex<FileRegistry>>,
    fs: Arc<dyn FileSystem>,
}

#[salsa::db]
impl salsa::Database for Database {}

impl Database {
    /// A database over `fs`, with the embedded standard library laid over it.
    pub fn new(fs: Arc<dyn FileSystem>) -> Database {
        Database::with_stdlib(fs, StdlibSource::Embedded)
    }

    /// A database whose standard library comes from `source`.
    pub fn with_stdlib(fs: Arc<dyn FileSystem>, source: StdlibSource) -> Database {
        Database {
            storage: salsa::Storage::default(),
            files: Arc::default(),
            fs: Arc::new(StdlibFileSystem::new(fs, source)),
        }
    }

    pub fn fs(&self) -> &dyn FileSystem {
        &*self.fs
    }

    fn registry(&self) -> std::sync::MutexGuard<'_, FileRegistry> {
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The file at `path` (absolute, canonical), read through the file system the first time.
    pub fn load(&self, path: &Path) -> std::io::Result<SourceFile> {
        if let Some(file) = self.registry().by_path.get(path) {
            return Ok(*file);
        }
        let bytes = self.fs.read(path)?;
        let text: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
        Ok(self.register(path, text))
    }

    /// Registers a file with the given text (an unsaved buffer, or an `--expr`).
    pub fn register(&self, path: &Path, text: Arc<str>) -> SourceFile {
        let mut registry = self.registry();
        if let Some(file) = registry.by_path.get(path) {
            return *file;
        }
        let id = FileId(registry.by_id.len() as u32);
        let file = SourceFile::new(self, path.to_path_buf(), text, id);
        registry.by_path.insert(path.to_path_buf(), file);
        registry.by_id.push(file);
        file
    }

    /// Replaces a file's text; dependent queries are recomputed on next use.
    pub fn set_text(&mut self, path: &Path, text: Arc<str>) -> SourceFile {
        let existing = self.registry().by_path.get(path).copied();
        match existing {
            Some(file) => {
                file.set_text(self).to(text);
                file
            }
            None => self.register(path, text),
        }
    }

    pub fn file(&self, id: FileId) -> Option<SourceFile> {
        self.registry().by_id.get(id.0 as usize).copied()
    }
}
