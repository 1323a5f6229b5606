//! kc's evaluator: a lazy, hermetic implementation of the Nix language over the salsa database.
//!
//! Entry point for tools: [`evaluate`], which runs on a thread with a large stack so that deep
//! recursion ends in a `KC0204` diagnostic rather than a crash.

mod arith;
pub mod builtins;
mod coerce;
mod compare;
pub mod db;
pub mod error;
pub mod eval;
pub mod fs;
pub mod print;
pub mod render;
pub mod sandbox;
pub mod stdlib;
pub mod value;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kc_syntax::{Diagnostic, Span, Symbol};

pub use db::Database;
pub use eval::{Evaluator, FileArena};
pub use value::Value;

/// The stack the evaluator thread gets: the budget of [`eval::STACK_BUDGET_BYTES`] plus room
/// for the work done after the check (printing, dropping deep values).
pub const EVALUATOR_STACK_BYTES: usize = eval::STACK_BUDGET_BYTES + (128 << 20);

/// Runs `work` on a thread with a large stack and returns its result.
pub fn run_with_large_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("kc-eval".to_owned())
            .stack_size(EVALUATOR_STACK_BYTES)
            .spawn_scoped(scope, work);
        match handle {
            Ok(handle) => match handle.join() {
                Ok(value) => value,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(error) => panic!("cannot start the evaluator thread: {error}"),
        }
    })
}

/// What to evaluate.
pub enum Source {
    File(PathBuf),
    /// An expression given on the command line, evaluated as if written in a file in `directory`.
    Expr {
        text: String,
        directory: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// `nix-instantiate --eval --strict`
    Nix,
    /// `nix-instantiate --eval --strict --json`
    Json,
}

pub struct EvalRequest {
    pub source: Source,
    pub attr_path: Option<String>,
    pub allowed_env: Vec<String>,
    pub format: OutputFormat,
}

/// The result of `kc eval`: the printed value, or diagnostics; `root` names files in messages.
pub struct EvalOutcome {
    pub output: Result<Vec<u8>, Vec<Diagnostic>>,
    pub root: PathBuf,
    pub traces: Vec<String>,
}

/// Evaluates a file or expression strictly and prints it.
pub fn evaluate(db: &Database, request: &EvalRequest) -> EvalOutcome {
    // The database is not `Sync`; the evaluator thread works on a handle of its own.
    let db = db.clone();
    run_with_large_stack(move || evaluate_on_this_thread(&db, request, None))
}

/// Like [`evaluate`], but prints the value into `sink` as it goes (after forcing it deeply, so
/// an error never leaves half an output); the outcome's bytes are then empty.
pub fn evaluate_to(
    db: &Database,
    request: &EvalRequest,
    sink: &mut (dyn std::io::Write + Send),
) -> EvalOutcome {
    let db = db.clone();
    run_with_large_stack(move || evaluate_on_this_thread(&db, request, Some(sink)))
}

fn evaluate_on_this_thread(
    db: &Database,
    request: &EvalRequest,
    sink: Option<&mut (dyn std::io::Write + Send)>,
) -> EvalOutcome {
    let fs = db.fs();
    let (entry_dir, entry) = match &request.source {
        Source::File(path) => {
            let absolute = absolute_path(path);
            let dir = absolute
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("/"));
            (dir, Some(absolute))
        }
        Source::Expr { directory, .. } => (absolute_path(directory), None),
    };
    let entry_dir = fs.canonicalize(&entry_dir).unwrap_or(entry_dir);
    let root = sandbox::find_project_root(fs, &entry_dir);
    let sandbox = sandbox::Sandbox::new(root.clone(), request.allowed_env.clone());
    let arena = FileArena::default();
    let evaluator = Evaluator::new(db, &arena, sandbox);
    let no_span = Span::new(kc_syntax::FileId(u32::MAX), Default::default());
    let result = (|| {
        let value = match (&request.source, entry) {
            (Source::File(_), Some(path)) => {
                let file = entry_dir.join(path.file_name().unwrap_or_default());
                evaluator.import_file(&file.to_string_lossy(), no_span)?
            }
            (Source::Expr { text, .. }, _) => {
                let file = db.register(&entry_dir.join("«expr»"), Arc::from(text.as_str()));
                let lowered = db::lowered_file(db, file).clone();
                evaluator.eval_root(lowered)?
            }
            (Source::File(_), None) => unreachable!("files always have an entry path"),
        };
        let value = match &request.attr_path {
            Some(path) => select_attr_path(&evaluator, value, path, no_span)?,
            None => value,
        };
        match request.format {
            _ if sink.is_some() => {
                evaluator.deep_force(&value, no_span)?;
                let Some(sink) = sink else {
                    return Ok(Vec::new());
                };
                let written = match request.format {
                    OutputFormat::Nix => print::print_nix_to(&evaluator, &value, no_span, sink)?,
                    OutputFormat::Json => print::to_json_to(&evaluator, &value, no_span, sink)?,
                };
                // A closed pipe or full disk is the caller's business, not a diagnostic.
                let _ = written;
                Ok(Vec::new())
            }
            OutputFormat::Nix => print::print_nix(&evaluator, &value, no_span),
            OutputFormat::Json => print::to_json(&evaluator, &value, no_span),
        }
    })();
    evaluator.collect_garbage();
    let traces = evaluator.trace_messages.borrow().clone();
    let output = result.map_err(|error| error.into_diagnostics());
    EvalOutcome {
        output,
        root,
        traces,
    }
}

fn select_attr_path<'a>(
    ev: &Evaluator<'a>,
    mut value: Value<'a>,
    path: &str,
    span: Span,
) -> error::EvalResult<Value<'a>> {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        value = match &value {
            Value::Attrs(attrs) => match attrs.get(Symbol::intern(part.as_bytes())) {
                Some(attr) => ev.force(&attr.value.clone())?,
                None => {
                    return Err(ev.missing_attribute(Symbol::intern(part.as_bytes()), attrs, span))
                }
            },
            Value::List(items) => match part.parse::<usize>().ok().and_then(|i| items.get(i)) {
                Some(item) => ev.force(&item.clone())?,
                None => {
                    return Err(error::EvalError::new(
                        "KC0211",
                        format!("--attr: '{part}' is not an index of this list"),
                        span,
                    ))
                }
            },
            other => return Err(ev.type_error("a set", other, span)),
        };
    }
    Ok(value)
}

fn absolute_path(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}
