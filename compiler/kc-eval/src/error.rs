//! Evaluation errors and their conversion to diagnostics.

use kc_syntax::{Diagnostic, Span};

/// How many call-trace frames a diagnostic shows; deeper traces are summarised.
pub const TRACE_LIMIT: usize = 6;

#[derive(Debug, Clone)]
pub struct EvalError {
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    pub label: String,
    pub notes: Vec<String>,
    /// Innermost first: the calls that led to the error.
    pub trace: Vec<(Span, String)>,
    pub omitted_frames: usize,
    /// The innermost call repeated itself (recursion); how often depends on the stack, so it
    /// is not counted.
    pub recursive: bool,
    /// `throw` and failed `assert` can be caught by `builtins.tryEval`; nothing else can.
    pub catchable: bool,
    /// Syntax errors of an imported file, reported as they are.
    pub syntax: Vec<Diagnostic>,
}

pub type EvalResult<T> = Result<T, Box<EvalError>>;

impl EvalError {
    pub fn new(code: &'static str, message: impl Into<String>, span: Span) -> Box<EvalError> {
        Box::new(EvalError {
            code,
            message: message.into(),
            span: Some(span),
            label: String::new(),
            notes: Vec::new(),
            trace: Vec::new(),
            omitted_frames: 0,
            recursive: false,
            catchable: false,
            syntax: Vec::new(),
        })
    }

    pub fn syntax(diagnostics: Vec<Diagnostic>) -> Box<EvalError> {
        let mut error = EvalError::new(
            "KC0101",
            "syntax error",
            Span::new(kc_syntax::FileId(0), Default::default()),
        );
        error.span = None;
        error.syntax = diagnostics;
        error
    }

    pub fn push_frame(&mut self, span: Span, message: impl FnOnce() -> String) {
        // Recursion repeats the same frame; show it once.
        if self.trace.last().is_some_and(|(last, _)| *last == span) {
            self.recursive = true;
            return;
        }
        if self.trace.len() < TRACE_LIMIT {
            self.trace.push((span, message()));
        } else {
            self.omitted_frames += 1;
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        if !self.syntax.is_empty() {
            return self.syntax;
        }
        let mut diagnostic = Diagnostic::error(self.code, self.message);
        let mut trace = self.trace;
        if self.code == "KC0204" && !trace.is_empty() {
            // Where exactly the stack budget runs out depends on the build's frame sizes; the
            // innermost call is the same in every build, so that is what the label points at.
            let (span, _) = trace.remove(0);
            diagnostic = diagnostic.with_primary(span, "this call nests too deeply");
        } else if let Some(span) = self.span {
            diagnostic = diagnostic.with_primary(span, self.label);
        }
        for (span, message) in trace {
            diagnostic = diagnostic.with_secondary(span, message);
        }
        if self.recursive {
            diagnostic = diagnostic.with_note("the innermost call repeats recursively");
        }
        if self.omitted_frames > 0 {
            // How many frames a stack overflow leaves depends on the build's frame sizes.
            let note = if self.code == "KC0204" {
                "... and more calls".to_owned()
            } else {
                format!("... and {} more calls", self.omitted_frames)
            };
            diagnostic = diagnostic.with_note(note);
        }
        for note in self.notes {
            diagnostic = diagnostic.with_note(note);
        }
        vec![diagnostic]
    }
}

/// Small builder helpers so call sites read as one expression.
pub trait ErrorExt {
    fn label(self, label: impl Into<String>) -> Self;
    fn note(self, note: impl Into<String>) -> Self;
    fn catchable(self) -> Self;
}

impl ErrorExt for Box<EvalError> {
    fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    fn catchable(mut self) -> Self {
        self.catchable = true;
        self
    }
}
