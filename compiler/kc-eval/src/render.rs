//! Rendering diagnostics for people (rustc style, via codespan-reporting) and for machines
//! (the JSON object of SPEC §4).

use std::cell::RefCell;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use kc_syntax::{Diagnostic, FileId, Severity};
use rustc_hash::FxHashMap;

use crate::db::Database;

/// The files of a database as codespan sees them, with names relative to the project root.
///
/// codespan asks for a line several times per label; the start of every line of a file is
/// computed once and found by binary search, since a check may report 100,000 diagnostics
/// against one file.
pub struct DatabaseFiles<'d> {
    db: &'d Database,
    root: &'d Path,
    line_starts: RefCell<FxHashMap<FileId, Rc<[usize]>>>,
}

impl<'d> DatabaseFiles<'d> {
    pub fn new(db: &'d Database, root: &'d Path) -> Self {
        DatabaseFiles {
            db,
            root,
            line_starts: RefCell::default(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset, as
    /// [`kc_syntax::line_column`] computes them, from the cached line starts.
    pub fn line_column(&self, id: FileId, offset: usize) -> Option<(u32, u32)> {
        let starts = self.line_starts(id).ok()?;
        let text = self.text(id).ok()?;
        let offset = offset.min(text.len());
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts[line - 1];
        let column = String::from_utf8_lossy(&text.as_bytes()[line_start..offset])
            .chars()
            .count()
            + 1;
        Some((line as u32, column as u32))
    }

    /// The byte offset where each line of the file starts (the first is 0).
    fn line_starts(&self, id: FileId) -> Result<Rc<[usize]>, FilesError> {
        if let Some(starts) = self.line_starts.borrow().get(&id) {
            return Ok(starts.clone());
        }
        let text = self.text(id)?;
        let starts: Rc<[usize]> = std::iter::once(0)
            .chain(offsets_after_newlines(&text))
            .collect();
        self.line_starts.borrow_mut().insert(id, starts.clone());
        Ok(starts)
    }

    fn text(&self, id: FileId) -> Result<std::sync::Arc<str>, FilesError> {
        self.db
            .file(id)
            .map(|f| f.text(self.db).clone())
            .ok_or(FilesError::FileMissing)
    }

    pub fn name_of(&self, id: FileId) -> String {
        match self.db.file(id) {
            Some(file) => {
                let path = file.path(self.db);
                let base = if crate::stdlib::is_stdlib_path(path) {
                    Path::new("/")
                } else {
                    self.root
                };
                path.strip_prefix(base)
                    .unwrap_or(path)
                    .display()
                    .to_string()
            }
            None => "<builtin>".to_owned(),
        }
    }
}

impl<'d> Files<'d> for DatabaseFiles<'d> {
    type FileId = FileId;
    type Name = String;
    type Source = std::sync::Arc<str>;

    fn name(&'d self, id: FileId) -> Result<String, FilesError> {
        if self.db.file(id).is_none() {
            return Err(FilesError::FileMissing);
        }
        Ok(self.name_of(id))
    }

    fn source(&'d self, id: FileId) -> Result<Self::Source, FilesError> {
        self.text(id)
    }

    fn line_index(&'d self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let starts = self.line_starts(id)?;
        // The number of newlines before `byte_index`: lines that start at or before it, less
        // the first.
        Ok(starts.partition_point(|&start| start <= byte_index) - 1)
    }

    fn line_range(&'d self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let starts = self.line_starts(id)?;
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = match starts.get(line_index + 1) {
            Some(&next) => next,
            None => self.text(id)?.len(),
        };
        Ok(start..end)
    }
}

/// The offsets just after each newline of `text`.
fn offsets_after_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

fn to_codespan(diagnostic: &Diagnostic, files: &DatabaseFiles<'_>) -> cs::Diagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    if let Some(primary) = &diagnostic.primary {
        if files.db.file(primary.span.file).is_some() {
            labels.push(
                cs::Label::primary(primary.span.file, primary.span.range)
                    .with_message(&*primary.message),
            );
        }
    }
    for secondary in &diagnostic.secondary {
        if files.db.file(secondary.span.file).is_some() {
            labels.push(
                cs::Label::secondary(secondary.span.file, secondary.span.range)
                    .with_message(&secondary.message),
            );
        }
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(
            diagnostic
                .notes
                .iter()
                .map(|note| note.to_string())
                .collect(),
        )
}

/// Renders diagnostics in rustc style; `color` adds ANSI colors.
pub fn render_human(db: &Database, root: &Path, diagnostics: &[Diagnostic], color: bool) -> String {
    let files = DatabaseFiles::new(db, root);
    let config = term::Config::default();
    let mut buffer: Vec<u8> = Vec::new();
    for diagnostic in diagnostics {
        let converted = to_codespan(diagnostic, &files);
        let result = if color {
            let mut writer = term::termcolor::Ansi::new(&mut buffer);
            term::emit_to_write_style(&mut writer, &config, &files, &converted)
        } else {
            term::emit_to_io_write(&mut buffer, &config, &files, &converted)
        };
        if result.is_err() {
            buffer.extend_from_slice(
                format!(
                    "{}[{}]: {}\n",
                    severity_name(diagnostic.severity),
                    diagnostic.code,
                    diagnostic.message
                )
                .as_bytes(),
            );
        }
    }
    String::from_utf8_lossy(&buffer).into_owned()
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One diagnostic as the JSON object of SPEC §4 (without env/resource/path, which the checker
/// adds). Reports of many diagnostics make one [`DatabaseFiles`] and call
/// [`diagnostic_json_in`], which keeps each file's line starts.
pub fn diagnostic_json(db: &Database, root: &Path, diagnostic: &Diagnostic) -> serde_json::Value {
    diagnostic_json_in(&DatabaseFiles::new(db, root), diagnostic)
}

/// [`diagnostic_json`] with the files of a report.
pub fn diagnostic_json_in(files: &DatabaseFiles<'_>, diagnostic: &Diagnostic) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("severity".into(), severity_name(diagnostic.severity).into());
    object.insert("code".into(), diagnostic.code.into());
    object.insert("message".into(), diagnostic.message.clone().into());
    if let Some(primary) = &diagnostic.primary {
        let file = primary.span.file;
        if let (Some((line, column)), Some((end_line, end_column))) = (
            files.line_column(file, primary.span.range.start().into()),
            files.line_column(file, primary.span.range.end().into()),
        ) {
            object.insert("file".into(), files.name_of(file).into());
            object.insert("line".into(), line.into());
            object.insert("column".into(), column.into());
            object.insert("end_line".into(), end_line.into());
            object.insert("end_column".into(), end_column.into());
        }
    }
    let mut notes: Vec<serde_json::Value> =
        diagnostic.notes.iter().map(|n| n.clone().into()).collect();
    for secondary in &diagnostic.secondary {
        let file = secondary.span.file;
        if let Some((line, column)) = files.line_column(file, secondary.span.range.start().into()) {
            notes.push(
                format!(
                    "{} ({}:{line}:{column})",
                    secondary.message,
                    files.name_of(file)
                )
                .into(),
            );
        }
    }
    object.insert("notes".into(), notes.into());
    serde_json::Value::Object(object)
}
