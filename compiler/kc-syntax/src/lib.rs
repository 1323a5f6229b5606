//! kc's syntax layer: parse with rnix, then lower to a scope-resolved tree with diagnostics.
//!
//! Parsing never fails: [`lower_file`] always returns a tree, and every problem it finds is a
//! [`Diagnostic`] with a span and a `KC01xx` code.

pub mod codes;
pub mod diagnostic;
pub mod doc_comments;
pub mod hir;
mod lower;
mod parse_errors;
pub mod paths;
pub mod span;
pub mod strings;
pub mod suggest;
pub mod symbol;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use lower::{line_column, lower_file, resolve_relative, LoweredFile};
pub use span::{FileId, Span, TextRange, TextSize};
pub use symbol::Symbol;
