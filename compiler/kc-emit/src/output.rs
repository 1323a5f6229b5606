//! Replacing the output directory atomically.
//!
//! The new tree is assembled in a sibling temporary directory: files whose bytes did not
//! change are hard links to the old files (so they keep their inode and modification time),
//! changed and new files are written fresh. Then the temporary directory and the output
//! directory trade places in one `renameat2(RENAME_EXCHANGE)` on Linux (two renames
//! elsewhere), and the old tree is deleted. A reader of the output directory sees the old tree
//! or the new one, never a mix; a build that fails before this point changes nothing; files of
//! objects that no longer exist are gone because they were never linked into the new tree.
//!
//! When every file is unchanged and none is stale, the directory already is the new output and
//! is left alone: linking 30,000 files into a new tree and unlinking the old one costs more
//! than the rest of a build.
//!
//! kc owns the output directory. To avoid wiping a directory that was never kc's (a mistyped
//! `--out`), a non-empty directory is replaced only when it holds kc's marker file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The marker file that says a directory is kc's output.
pub const MARKER_FILE: &str = ".kc-output";
const MARKER_TEXT: &str =
    "This directory is written by `kc build` and replaced on every build; do not edit it.\n";

/// One file of the new output, relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: Vec<u8>,
    /// The caller already found these contents at `path` in the old output (`kc build`
    /// compares each object's file while the project still evaluates).
    pub known_unchanged: bool,
}

/// What a replacement did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplaceSummary {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

#[derive(Debug)]
pub enum OutputError {
    /// The directory exists, is not empty and is not kc's output.
    NotKcOutput(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::NotKcOutput(path) => write!(
                f,
                "'{}' exists and was not written by kc (it has no {MARKER_FILE} file); \
                 refusing to replace it. Choose another --out directory, or empty this one",
                path.display()
            ),
            OutputError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |error| OutputError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Makes `out` hold exactly `files`, plus the top-level entries of the old `out` named in
/// `carried_over` (environments this build did not touch), atomically.
pub fn replace_directory(
    out: &Path,
    files: &[OutputFile],
    carried_over: &[PathBuf],
) -> Result<ReplaceSummary, OutputError> {
    let old_exists = out.is_dir();
    if old_exists && !is_replaceable(out).map_err(io_error(out))? {
        return Err(OutputError::NotKcOutput(out.to_path_buf()));
    }
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let unchanged: Vec<bool> = if old_exists {
        kc_project::parallel::map(files, |file| {
            file.known_unchanged || same_contents(&out.join(&file.path), &file.contents)
        })
    } else {
        vec![false; files.len()]
    };
    if old_exists
        && unchanged.iter().all(|&same| same)
        && !has_stale_files(out, files, carried_over)
    {
        return Ok(ReplaceSummary {
            written: 0,
            unchanged: files.len(),
            removed: 0,
        });
    }
    let out_name = out
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned());
    let staging = parent.join(format!(".{out_name}.kc-new-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
    }
    let result = assemble(out, old_exists, &staging, files, &unchanged, carried_over)
        .and_then(|summary| swap_into_place(&staging, out, old_exists).map(|()| summary));
    if result.is_err() {
        // The output directory is untouched; only the staging directory needs to go.
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Whether the old output holds a file that the new one does not (besides the environments
/// carried over, and the marker); an unreadable directory counts as stale.
///
/// Called only when every new file already is in the old output: the old output then has no
/// other file exactly when it has as many. Counting spares building and hashing the paths
/// of 30,000 files.
fn has_stale_files(out: &Path, files: &[OutputFile], carried_over: &[PathBuf]) -> bool {
    if !out.join(MARKER_FILE).is_file() {
        return true;
    }
    let Ok(entries) = fs::read_dir(out) else {
        return true;
    };
    let mut count = 0;
    for entry in entries {
        let Ok(entry) = entry else { return true };
        let name = entry.file_name();
        if name == MARKER_FILE || carried_over.iter().any(|kept| kept.as_os_str() == name) {
            continue;
        }
        match count_files(&entry) {
            Ok(files) => count += files,
            Err(_) => return true,
        }
    }
    count != files.len()
}

/// The files at or below a directory entry.
fn count_files(entry: &fs::DirEntry) -> io::Result<usize> {
    if !entry.file_type()?.is_dir() {
        return Ok(1);
    }
    let mut count = 0;
    for inner in fs::read_dir(entry.path())? {
        count += count_files(&inner?)?;
    }
    Ok(count)
}

fn is_replaceable(out: &Path) -> io::Result<bool> {
    if out.join(MARKER_FILE).is_file() {
        return Ok(true);
    }
    Ok(fs::read_dir(out)?.next().is_none())
}

fn assemble(
    out: &Path,
    old_exists: bool,
    staging: &Path,
    files: &[OutputFile],
    unchanged: &[bool],
    carried_over: &[PathBuf],
) -> Result<ReplaceSummary, OutputError> {
    fs::create_dir_all(staging).map_err(io_error(staging))?;
    // The marker is kept like any other unchanged file, so a rebuild touches nothing it need not.
    let marker = OutputFile {
        path: PathBuf::from(MARKER_FILE),
        contents: MARKER_TEXT.as_bytes().to_vec(),
        known_unchanged: false,
    };
    let marker_unchanged = old_exists && same_contents(&out.join(MARKER_FILE), &marker.contents);
    place_one(out, staging, &marker, marker_unchanged)?;
    let mut directories: Vec<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    directories.sort();
    directories.dedup();
    for directory in directories {
        let directory = staging.join(directory);
        fs::create_dir_all(&directory).map_err(io_error(&directory))?;
    }
    let mut summary = place_files(out, staging, files, unchanged)?;
    let mut kept: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| f.path.clone()).collect();
    for entry in carried_over {
        let old = out.join(entry);
        if old.exists() {
            keep_tree(&old, &staging.join(entry))?;
            for path in relative_files(&old, entry).map_err(io_error(&old))? {
                kept.insert(path);
            }
        }
    }
    if old_exists {
        summary.removed = relative_files(out, Path::new(""))
            .map_err(io_error(out))?
            .into_iter()
            .filter(|path| path != Path::new(MARKER_FILE) && !kept.contains(path))
            .count();
    }
    Ok(summary)
}

/// Writes or links every file into the staging tree, on every core: creating many small files
/// is most of the cost of a build, and it is mostly waiting on the file system.
fn place_files(
    out: &Path,
    staging: &Path,
    files: &[OutputFile],
    unchanged: &[bool],
) -> Result<ReplaceSummary, OutputError> {
    let indexes: Vec<usize> = (0..files.len()).collect();
    let placed = kc_project::parallel::map(&indexes, |&index| {
        place_one(out, staging, &files[index], unchanged[index])
    });
    let mut summary = ReplaceSummary::default();
    for unchanged in placed {
        if unchanged? {
            summary.unchanged += 1;
        } else {
            summary.written += 1;
        }
    }
    Ok(summary)
}

/// Puts one file into the staging tree, linking the old one when it is `unchanged`; returns
/// `unchanged`.
fn place_one(
    out: &Path,
    staging: &Path,
    file: &OutputFile,
    unchanged: bool,
) -> Result<bool, OutputError> {
    let target = staging.join(&file.path);
    if unchanged {
        keep_file(&out.join(&file.path), &target)?;
        Ok(true)
    } else {
        fs::write(&target, &file.contents).map_err(io_error(&target))?;
        Ok(false)
    }
}

/// Whether the file at `path` holds exactly `contents` (the size is compared first, without
/// reading).
pub fn same_contents(path: &Path, contents: &[u8]) -> bool {
    same_contents_using(path, contents, &mut Vec::new())
}

/// [`same_contents`], reading into `buffer`: comparing many files through one buffer keeps
/// the reads in the processor's cache instead of touching fresh memory for each file. Four
/// system calls per file (open, fstat, read, close): on a virtual machine each one is
/// felt by the evaluator on the other core.
pub fn same_contents_using(path: &Path, contents: &[u8], buffer: &mut Vec<u8>) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    match file.metadata() {
        Ok(metadata) if metadata.is_file() && metadata.len() == contents.len() as u64 => {}
        _ => return false,
    }
    buffer.clear();
    buffer.resize(contents.len(), 0);
    // The size was just compared; a file that changes while kc reads it is a race that a
    // second read could not close either.
    file.read_exact(buffer).is_ok() && *buffer == contents
}

/// Puts the old file into the new tree without touching it: a hard link, or, where links are
/// impossible, a copy with the old modification time.
fn keep_file(old: &Path, target: &Path) -> Result<(), OutputError> {
    if fs::hard_link(old, target).is_ok() {
        return Ok(());
    }
    fs::copy(old, target).map_err(io_error(target))?;
    let modified = fs::metadata(old)
        .and_then(|m| m.modified())
        .map_err(io_error(old))?;
    let file = fs::File::options()
        .write(true)
        .open(target)
        .map_err(io_error(target))?;
    file.set_modified(modified).map_err(io_error(target))
}

fn keep_tree(old: &Path, target: &Path) -> Result<(), OutputError> {
    if old.is_dir() {
        fs::create_dir_all(target).map_err(io_error(target))?;
        for entry in fs::read_dir(old).map_err(io_error(old))? {
            let entry = entry.map_err(io_error(old))?;
            keep_tree(&entry.path(), &target.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        keep_file(old, target)
    }
}

/// Every file below `directory`, relative to it and prefixed with `prefix`.
fn relative_files(directory: &Path, prefix: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if directory.is_file() {
        files.push(prefix.to_path_buf());
        return Ok(files);
    }
    for entry in fs::read_dir(directory)? {
        let entry = entry?;
        let path = prefix.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            files.extend(relative_files(&entry.path(), &path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

fn swap_into_place(staging: &Path, out: &Path, old_exists: bool) -> Result<(), OutputError> {
    if !old_exists {
        return fs::rename(staging, out).map_err(io_error(out));
    }
    exchange(staging, out).map_err(io_error(out))?;
    // `staging` now holds the old tree. Failing to delete it leaves litter, not a wrong output.
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

/// Swaps two directories in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Old kernels and some file systems lack the flag: fall back to two renames.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => exchange_with_renames(a, b),
        Err(error) => Err(error.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_with_renames(a, b)
}

/// Two renames: the output directory is briefly absent, but never partial.
fn exchange_with_renames(a: &Path, b: &Path) -> io::Result<()> {
    let parked = a.with_extension("kc-old");
    fs::rename(b, &parked)?;
    if let Err(error) = fs::rename(a, b) {
        let _ = fs::rename(&parked, b);
        return Err(error);
    }
    fs::rename(&parked, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary_directory(name: &str) -> PathBuf {
        let directory = std::env::temp_dir().join(format!(
            "kc-emit-output-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = fs::remove_dir_all(&directory);
        fs::create_dir_all(&directory).expect("temp dir is writable");
        directory
    }

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            contents: contents.as_bytes().to_vec(),
            known_unchanged: false,
        }
    }

    #[test]
    fn unchanged_files_keep_their_time_and_stale_files_go() {
        let base = temporary_directory("replace");
        let out = base.join("out");
        let first = replace_directory(
            &out,
            &[file("dev/a.yaml", "a: 1\n"), file("dev/b.yaml", "b: 1\n")],
            &[],
        )
        .expect("first build");
        assert_eq!(first.written, 2);
        let before = fs::metadata(out.join("dev/a.yaml"))
            .and_then(|m| m.modified())
            .ok();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = replace_directory(
            &out,
            &[file("dev/a.yaml", "a: 1\n"), file("dev/c.yaml", "c: 1\n")],
            &[],
        )
        .expect("second build");
        assert_eq!(
            second,
            ReplaceSummary {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        let after = fs::metadata(out.join("dev/a.yaml"))
            .and_then(|m| m.modified())
            .ok();
        assert_eq!(before, after);
        assert!(!out.join("dev/b.yaml").exists());
        assert_eq!(
            fs::read_to_string(out.join("dev/c.yaml")).ok().as_deref(),
            Some("c: 1\n")
        );
        let leftovers: Vec<_> = fs::read_dir(&base)
            .into_iter()
            .flatten()
            .flatten()
            .collect();
        assert_eq!(leftovers.len(), 1, "only out/ remains: {leftovers:?}");
        let _ = fs::remove_dir_all(&base);
    }

    #[test]
    fn stale_files_are_found_at_any_depth_but_not_in_carried_over_environments() {
        let base = temporary_directory("stale");
        let out = base.join("out");
        let files = [
            file("dev/a.yaml", "a: 1\n"),
            file("dev/ns/b.yaml", "b: 1\n"),
        ];
        let kept = [PathBuf::from("prod")];
        for (path, contents) in [
            (MARKER_FILE, MARKER_TEXT),
            ("dev/a.yaml", "a: 1\n"),
            ("dev/ns/b.yaml", "b: 1\n"),
            ("prod/ns/c.yaml", "c: 1\n"),
        ] {
            let path = out.join(path);
            fs::create_dir_all(path.parent().expect("in out")).expect("writable");
            fs::write(path, contents).expect("writable");
        }
        assert!(!has_stale_files(&out, &files, &kept));
        assert!(
            has_stale_files(&out, &files, &[]),
            "prod is not carried over"
        );
        fs::write(out.join("dev/ns/old.yaml"), "old: 1\n").expect("writable");
        assert!(has_stale_files(&out, &files, &kept));
        fs::remove_file(out.join("dev/ns/old.yaml")).expect("removable");
        fs::remove_file(out.join(MARKER_FILE)).expect("removable");
        assert!(
            has_stale_files(&out, &files, &kept),
            "not marked as kc output"
        );
        let _ = fs::remove_dir_all(&base);
    }

    #[test]
    fn a_rebuild_that_changes_nothing_leaves_the_directory_alone() {
        use std::os::unix::fs::MetadataExt;
        let base = temporary_directory("unchanged");
        let out = base.join("out");
        let files = [file("dev/a.yaml", "a: 1\n"), file("prod/a.yaml", "a: 2\n")];
        replace_directory(&out, &files, &[]).expect("first build");
        let inode = |path: &Path| fs::metadata(path).map(|m| m.ino()).ok();
        let directory_before = inode(&out);
        let again = replace_directory(&out, &files, &[]).expect("second build");
        assert_eq!(
            again,
            ReplaceSummary {
                written: 0,
                unchanged: 2,
                removed: 0
            }
        );
        assert_eq!(
            inode(&out),
            directory_before,
            "the directory was not swapped"
        );
        // A stale file is a change: the directory is replaced and the file goes.
        fs::write(out.join("dev/stale.yaml"), "x: 1\n").expect("writable");
        let third = replace_directory(&out, &files, &[]).expect("third build");
        assert_eq!(third.removed, 1);
        assert!(!out.join("dev/stale.yaml").exists());
        assert_ne!(inode(&out), directory_before);
        let _ = fs::remove_dir_all(&base);
    }

    #[test]
    fn environments_not_rebuilt_are_carried_over() {
        let base = temporary_directory("carry");
        let out = base.join("out");
        replace_directory(
            &out,
            &[file("dev/a.yaml", "a\n"), file("prod/a.yaml", "p\n")],
            &[],
        )
        .expect("first build");
        replace_directory(
            &out,
            &[file("dev/a.yaml", "new\n")],
            &[PathBuf::from("prod")],
        )
        .expect("dev-only build");
        assert_eq!(
            fs::read_to_string(out.join("prod/a.yaml")).ok().as_deref(),
            Some("p\n")
        );
        assert_eq!(
            fs::read_to_string(out.join("dev/a.yaml")).ok().as_deref(),
            Some("new\n")
        );
        let _ = fs::remove_dir_all(&base);
    }

    #[test]
    fn a_directory_that_is_not_kc_output_is_refused() {
        let base = temporary_directory("refuse");
        let out = base.join("src");
        fs::create_dir_all(&out).expect("writable");
        fs::write(out.join("main.rs"), "fn main() {}").expect("writable");
        let result = replace_directory(&out, &[file("dev/a.yaml", "a\n")], &[]);
        assert!(matches!(result, Err(OutputError::NotKcOutput(_))));
        assert!(out.join("main.rs").exists());
        let _ = fs::remove_dir_all(&base);
    }
}
