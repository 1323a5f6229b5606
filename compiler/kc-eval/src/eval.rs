//! The lazy evaluator: forcing thunks, evaluating lowered expressions, calling functions.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use kc_syntax::hir::{AttrName, BinaryOp, Expr, ExprKind, Param, StrPart, UnaryOp};
use kc_syntax::{LoweredFile, Span, Symbol};

use crate::builtins;
use crate::db::{lowered_file, Database};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::sandbox::{AccessError, Sandbox};
use crate::value::*;

/// Native stack the evaluator may use before it reports a stack overflow (`KC0204`). It runs on
/// a thread whose stack is larger than this (see [`crate::run_with_large_stack`]), so deep but
/// finite recursion works and endless recursion ends in a diagnostic, never a crash.
pub const STACK_BUDGET_BYTES: usize = 384 << 20;

/// Keeps every lowered file alive for as long as values may point into it.
#[derive(Default)]
pub struct FileArena {
    files: typed_arena::Arena<Arc<LoweredFile>>,
}

impl FileArena {
    fn keep(&self, file: Arc<LoweredFile>) -> &LoweredFile {
        self.files.alloc(file)
    }
}

pub struct Evaluator<'a> {
    pub db: &'a Database,
    arena: &'a FileArena,
    pub sandbox: Sandbox,
    /// Address of a local variable when the evaluator was created: the base of its stack use.
    stack_base: usize,
    imports: RefCell<HashMap<PathBuf, Rc<Thunk<'a>>>>,
    globals: RefCell<HashMap<Symbol, Rc<Thunk<'a>>>>,
    builtins_value: RefCell<Option<Value<'a>>>,
    pub(crate) empty_env: Rc<Env<'a>>,
    /// Thunks of literals, shared by every evaluation of the literal.
    constants: RefCell<rustc_hash::FxHashMap<*const Expr, Rc<Thunk<'a>>>>,
    /// Values whose freeing was deferred because the stack was deep (see `discard`).
    graveyard: RefCell<Vec<Garbage<'a>>>,
    /// Messages from `builtins.trace`, in order.
    pub trace_messages: RefCell<Vec<String>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(db: &'a Database, arena: &'a FileArena, sandbox: Sandbox) -> Evaluator<'a> {
        Evaluator {
            db,
            arena,
            sandbox,
            stack_base: current_stack_address(),
            imports: RefCell::default(),
            globals: RefCell::default(),
            builtins_value: RefCell::new(None),
            empty_env: Rc::new(Env::new(0, None)),
            trace_messages: RefCell::default(),
            graveyard: RefCell::default(),
            constants: RefCell::default(),
        }
    }

    // ----- entry points -----

    /// Evaluates a file (absolute path) to weak head normal form, once per run.
    pub fn import_file(&self, path: &str, span: Span) -> EvalResult<Value<'a>> {
        self.import_file_traced(path, span).map(|(value, _)| value)
    }

    /// Like [`Self::import_file`], also saying where the file's value was written.
    pub fn import_file_traced(&self, path: &str, span: Span) -> EvalResult<(Value<'a>, Span)> {
        let thunk = self.import_thunk(path, span)?;
        let value = self.force(&thunk)?;
        Ok((value, thunk.origin()))
    }

    fn import_thunk(&self, path: &str, span: Span) -> EvalResult<Rc<Thunk<'a>>> {
        let fs = self.db.fs();
        let mut canonical = match self.sandbox.check(fs, path) {
            Ok(canonical) => canonical,
            Err(error) => return Err(self.access_error(error, path, span)),
        };
        if fs.kind(&canonical).ok() == Some(crate::fs::FileKind::Directory) {
            canonical.push("default.nix");
            canonical = match self.sandbox.check(fs, &canonical.to_string_lossy()) {
                Ok(canonical) => canonical,
                Err(error) => {
                    return Err(self.access_error(error, &canonical.to_string_lossy(), span))
                }
            };
        }
        if let Some(thunk) = self.imports.borrow().get(&canonical) {
            return Ok(thunk.clone());
        }
        let file = self.db.load(&canonical).map_err(|error| {
            EvalError::new(
                "KC0221",
                format!("cannot read '{}': {error}", self.display_path(&canonical)),
                span,
            )
            .label("imported here")
        })?;
        let lowered = lowered_file(self.db, file).clone();
        if lowered.has_errors() {
            return Err(EvalError::syntax(lowered.diagnostics.clone()));
        }
        let lowered: &'a LoweredFile = self.arena_keep(lowered);
        let thunk = Thunk::pending(&lowered.root, self.empty_env.clone());
        self.imports.borrow_mut().insert(canonical, thunk.clone());
        Ok(thunk)
    }

    /// Evaluates an already-lowered root expression (for `--expr`).
    pub fn eval_root(&self, lowered: Arc<LoweredFile>) -> EvalResult<Value<'a>> {
        if lowered.has_errors() {
            return Err(EvalError::syntax(lowered.diagnostics.clone()));
        }
        let lowered: &'a LoweredFile = self.arena_keep(lowered);
        let env = self.empty_env.clone();
        self.eval(&lowered.root, &env)
    }

    fn arena_keep(&self, lowered: Arc<LoweredFile>) -> &'a LoweredFile {
        self.arena.keep(lowered)
    }

    pub fn display_path(&self, path: &std::path::Path) -> String {
        self.sandbox.relative(path).display().to_string()
    }

    pub(crate) fn access_error(
        &self,
        error: AccessError,
        path: &str,
        span: Span,
    ) -> Box<EvalError> {
        match error {
            AccessError::Escapes { resolved } => EvalError::new(
                "KC0220",
                format!(
                    "access to '{}' is outside the project root",
                    display_from_root(&self.sandbox.root, std::path::Path::new(&resolved))
                ),
                span,
            )
            .label("this path leaves the project")
            .note("kc only reads files under the project root: the nearest directory with a kc.nix, else the directory of the file given")
            .note("move the file into the project, or run kc from a directory that contains it"),
            AccessError::NotFound => EvalError::new(
                "KC0221",
                format!(
                    "file '{}' does not exist",
                    self.display_path(std::path::Path::new(path))
                ),
                span,
            )
            .label("no such file"),
        }
    }

    // ----- forcing -----

    #[inline]
    pub fn force(&self, thunk: &Rc<Thunk<'a>>) -> EvalResult<Value<'a>> {
        if let ThunkState::Done(value) = &*thunk.state.borrow() {
            return Ok(value.clone());
        }
        self.force_pending(thunk)
    }

    /// Calls `f` with the thunk's value, computing it first if needed. A value already
    /// computed is lent, not cloned: a walk over evaluated data (`toJSON`, converting objects
    /// to trees) would otherwise raise and drop a reference count at every node, writing to
    /// memory it only reads, and on a large project that memory is no longer in the cache.
    ///
    /// Lending holds a shared borrow of the thunk while `f` runs; that is sound because a
    /// computed thunk is never written again (only [`Self::force_pending`] writes, and only to
    /// a thunk not yet computed).
    #[inline]
    pub fn with_forced<R>(
        &self,
        thunk: &Rc<Thunk<'a>>,
        f: impl FnOnce(&Value<'a>) -> EvalResult<R>,
    ) -> EvalResult<R> {
        {
            let state = thunk.state.borrow();
            if let ThunkState::Done(value) = &*state {
                return f(value);
            }
        }
        let value = self.force_pending(thunk)?;
        f(&value)
    }

    /// The slow path of [`Self::force`]: compute a thunk that is not done yet.
    #[inline(never)]
    fn force_pending(&self, thunk: &Rc<Thunk<'a>>) -> EvalResult<Value<'a>> {
        let previous = std::mem::replace(&mut *thunk.state.borrow_mut(), ThunkState::Blackhole);
        let suspended = match previous {
            ThunkState::Pending(suspended) => suspended,
            ThunkState::Blackhole => {
                return Err(EvalError::new("KC0203", "infinite recursion encountered", thunk.origin())
                    .label("this value depends on itself")
                    .note("a value was needed while it was being computed; check for a binding that refers to itself"));
            }
            ThunkState::Done(_) => unreachable!("handled above"),
        };
        if let Err(error) = self.enter(thunk.origin()) {
            *thunk.state.borrow_mut() = ThunkState::Pending(suspended);
            return Err(error);
        }
        let result = match &suspended {
            Suspended::Expr(expr, env) => self.eval_traced(expr, env).map(|(value, origin)| {
                thunk.set_origin(origin);
                value
            }),
            Suspended::Call(call) => self.call_many(call.0.clone(), &call.1, thunk.origin()),
        };
        match result {
            Ok(value) => {
                *thunk.state.borrow_mut() = ThunkState::Done(value.clone());
                self.discard(Garbage::Suspended(suspended));
                Ok(value)
            }
            Err(error) => {
                // Put the computation back so that a later force (after tryEval) retries it.
                *thunk.state.borrow_mut() = ThunkState::Pending(suspended);
                Err(error)
            }
        }
    }

    /// A thunk for `expr`: variables reuse the bound thunk and constants are built eagerly, so
    /// provenance follows the value to where it was written.
    pub fn thunk_of(&self, expr: &'a Expr, env: &Rc<Env<'a>>) -> Rc<Thunk<'a>> {
        match &expr.kind {
            ExprKind::Var { depth, index, .. } => {
                if let Some(thunk) = env.lookup(*depth, *index) {
                    return thunk;
                }
                Thunk::pending(expr, env.clone())
            }
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) => self.constant(expr),
            ExprKind::Binary(op, operands) => {
                match self.already_known_int_arithmetic(*op, operands, env) {
                    Some(value) => Thunk::done(value, expr.span),
                    None => Thunk::pending(expr, env.clone()),
                }
            }
            ExprKind::Lambda(lambda) => Thunk::done(
                Value::Lambda(Rc::new(Closure {
                    lambda,
                    span: expr.span,
                    env: env.clone(),
                })),
                expr.span,
            ),
            _ => Thunk::pending(expr, env.clone()),
        }
    }

    #[inline]
    /// `n - 1` whose operands are integers already known (literals or evaluated variables) and
    /// that cannot fail: computing it now is indistinguishable from computing it later, and
    /// saves suspending it. Anything that could fail or needs evaluation stays lazy.
    fn already_known_int_arithmetic(
        &self,
        op: BinaryOp,
        operands: &'a [Expr; 2],
        env: &Rc<Env<'a>>,
    ) -> Option<Value<'a>> {
        if !matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul) {
            return None;
        }
        let known = |expr: &'a Expr| -> Option<i64> {
            match &expr.kind {
                ExprKind::Int(i) => Some(*i),
                ExprKind::Var { depth, index, .. } => {
                    match env.lookup_ref(*depth, *index)?.value_if_done()? {
                        Value::Int(i) => Some(i),
                        _ => None,
                    }
                }
                _ => None,
            }
        };
        let [lhs, rhs] = operands;
        let (a, b) = (known(lhs)?, known(rhs)?);
        let result = match op {
            BinaryOp::Add => a.checked_add(b),
            BinaryOp::Sub => a.checked_sub(b),
            _ => a.checked_mul(b),
        };
        result.map(Value::Int)
    }

    /// The one thunk of a literal: evaluating the same literal again shares it, as Nix shares
    /// constant values, instead of allocating a value per evaluation.
    fn constant(&self, expr: &'a Expr) -> Rc<Thunk<'a>> {
        let key: *const Expr = expr;
        if let Some(thunk) = self.constants.borrow().get(&key) {
            return thunk.clone();
        }
        let value = match &expr.kind {
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Str(s) => Value::string(s),
            _ => unreachable!("only literals are constants"),
        };
        let thunk = Thunk::done(value, expr.span);
        self.constants.borrow_mut().insert(key, thunk.clone());
        thunk
    }

    fn enter(&self, span: Span) -> EvalResult<StackCheck> {
        let used = self.stack_base.abs_diff(current_stack_address());
        if used > STACK_BUDGET_BYTES {
            return Err(EvalError::new(
                "KC0204",
                "stack overflow: evaluation nested too deeply (possible infinite recursion)",
                span,
            )
            .label("while evaluating this")
            .note(format!(
                "kc allows {} MiB of evaluation stack; a function that calls itself without end reaches it",
                STACK_BUDGET_BYTES >> 20
            )));
        }
        Ok(StackCheck)
    }

    /// Fails with `KC0204` when the evaluation stack budget is used up; tools that walk values
    /// recursively call it once per level.
    pub fn check_stack(&self, span: Span) -> EvalResult<()> {
        self.enter(span).map(|_| ())
    }

    /// Enters one level of a recursive walk over data (printing, deepSeq, equality).
    pub(crate) fn enter_walk(&self, span: Span) -> EvalResult<StackCheck> {
        self.enter(span)
    }

    // ----- evaluation -----

    /// Evaluates `expr` to weak head normal form. The stack budget is checked where recursion
    /// can be unbounded (forcing thunks, calling functions, walking data); nesting of the
    /// expression tree itself is bounded by the parser.
    #[inline]
    pub fn eval(&self, expr: &'a Expr, env: &Rc<Env<'a>>) -> EvalResult<Value<'a>> {
        self.eval_inner(expr, env)
    }

    /// The common expression forms, kept small so that the deep recursion of evaluation uses
    /// little stack per level; everything else is in [`Self::eval_cold`].
    #[inline]
    fn eval_inner(&self, expr: &'a Expr, env: &Rc<Env<'a>>) -> EvalResult<Value<'a>> {
        match &expr.kind {
            ExprKind::Int(i) => Ok(Value::Int(*i)),
            ExprKind::Var { depth, index, .. } => match env.lookup_ref(*depth, *index) {
                Some(thunk) => self.force(thunk),
                None => self.eval_cold(expr, env),
            },
            ExprKind::Apply(function, argument) => {
                let function_value = self.eval(function, env)?;
                let argument = self.thunk_of(argument, env);
                self.call(function_value, argument, expr.span)
            }
            ExprKind::If(parts) => {
                let [condition, then, otherwise] = &**parts;
                if self.eval_bool(condition, env, "the condition of `if`")? {
                    self.eval(then, env)
                } else {
                    self.eval(otherwise, env)
                }
            }
            ExprKind::Binary(op, operands) => self.eval_binary(*op, operands, expr.span, env),
            _ => self.eval_cold(expr, env),
        }
    }

    #[inline(never)]
    fn eval_cold(&self, expr: &'a Expr, env: &Rc<Env<'a>>) -> EvalResult<Value<'a>> {
        match &expr.kind {
            // The hot forms are evaluated by `eval_inner`.
            ExprKind::Int(_) | ExprKind::If(_) | ExprKind::Apply(..) | ExprKind::Binary(..) => {
                self.eval_inner(expr, env)
            }
            ExprKind::Float(f) => Ok(Value::Float(*f)),
            ExprKind::Str(s) => Ok(Value::string(s)),
            ExprKind::Path(p) => Ok(Value::Path(Rc::from(&**p))),
            ExprKind::Interpolated(parts) => {
                let mut out = Vec::new();
                for part in parts.iter() {
                    match part {
                        StrPart::Literal(bytes) => out.extend_from_slice(bytes),
                        StrPart::Interpolation(inner) => {
                            let value = self.eval(inner, env)?;
                            self.coerce_to_string(
                                &value,
                                inner.span,
                                CoerceMode::Interpolation,
                                &mut out,
                            )?;
                        }
                    }
                }
                Ok(Value::String(out.into()))
            }
            ExprKind::InterpolatedPath(parts) => {
                let mut out = Vec::new();
                for part in parts.iter() {
                    match part {
                        StrPart::Literal(bytes) => out.extend_from_slice(bytes),
                        StrPart::Interpolation(inner) => {
                            let value = self.eval(inner, env)?;
                            self.coerce_to_string(
                                &value,
                                inner.span,
                                CoerceMode::PathInterpolation,
                                &mut out,
                            )?;
                        }
                    }
                }
                let text = String::from_utf8_lossy(&out);
                Ok(Value::Path(Rc::from(
                    kc_syntax::paths::normalize_absolute(&text).as_str(),
                )))
            }
            ExprKind::Var { depth, index, name } => match env.lookup_ref(*depth, *index) {
                Some(thunk) => self.force(thunk),
                None => Err(EvalError::new(
                    "KC0203",
                    format!("infinite recursion: '{name}' is used before it is defined"),
                    expr.span,
                )),
            },
            ExprKind::Global(name) => {
                let thunk = self.global(*name, expr.span)?;
                self.force(&thunk)
                    .map_err(|error| at_use_site(error, expr.span))
            }
            ExprKind::WithVar { name, with_depths } => self
                .lookup_with(*name, with_depths, env, expr.span)
                .map(|(value, _)| value),
            ExprKind::List(items) => {
                let thunks: Vec<Rc<Thunk<'a>>> =
                    items.iter().map(|item| self.thunk_of(item, env)).collect();
                Ok(Value::List(thunks.into()))
            }
            ExprKind::Attrs(attrs) => self.eval_attrs(attrs, env),
            ExprKind::Let(let_expr) => {
                let frame = self.let_frame(let_expr, env);
                self.eval(&let_expr.body, &frame)
            }
            ExprKind::Lambda(lambda) => Ok(Value::Lambda(Rc::new(Closure {
                lambda,
                span: expr.span,
                env: env.clone(),
            }))),
            ExprKind::Select {
                target,
                path,
                default,
            } => self
                .eval_select(target, path, default.as_deref(), env)
                .map(|(value, _)| value),
            ExprKind::HasAttr { target, path } => {
                let mut value = self.eval(target, env)?;
                for (position, name) in path.iter().enumerate() {
                    let Value::Attrs(attrs) = &value else {
                        return Ok(Value::Bool(false));
                    };
                    let symbol = self.attr_name(name, env)?;
                    let Some(attr) = attrs.get(symbol) else {
                        return Ok(Value::Bool(false));
                    };
                    // Only the sets along the path are forced, never the final value.
                    if position + 1 < path.len() {
                        let thunk = attr.value.clone();
                        value = self.force(&thunk)?;
                    }
                }
                Ok(Value::Bool(true))
            }
            ExprKind::Assert(parts) => {
                let [condition, body] = &**parts;
                if self.eval_bool(condition, env, "the condition of `assert`")? {
                    self.eval(body, env)
                } else {
                    Err(EvalError::new("KC0205", "assertion failed", condition.span)
                        .label("this condition is false")
                        .catchable())
                }
            }
            ExprKind::With(parts) => {
                let [namespace, body] = &**parts;
                let namespace = self.thunk_of(namespace, env);
                let frame = Rc::new(Env::with_one(namespace, env.clone()));
                self.eval(body, &frame)
            }
            ExprKind::Unary(op, operand) => {
                let value = self.eval(operand, env)?;
                match op {
                    UnaryOp::Not => match value {
                        Value::Bool(b) => Ok(Value::Bool(!b)),
                        other => Err(self
                            .type_error("a Boolean", &other, operand.span)
                            .label("operand of `!`")),
                    },
                    UnaryOp::Negate => {
                        crate::arith::sub(self, Value::Int(0), value, expr.span, operand.span)
                    }
                }
            }
            ExprKind::CurPos { line, column } => {
                let file = self
                    .db
                    .file(expr.span.file)
                    .map(|f| f.path(self.db).display().to_string())
                    .unwrap_or_default();
                Ok(self.make_attrs(
                    vec![
                        ("column", Value::Int(i64::from(*column))),
                        ("file", Value::string(file.as_bytes())),
                        ("line", Value::Int(i64::from(*line))),
                    ],
                    expr.span,
                ))
            }
            ExprKind::Error => Err(EvalError::new(
                "KC0101",
                "this expression has a syntax error",
                expr.span,
            )),
        }
    }

    pub fn make_attrs(&self, entries: Vec<(&str, Value<'a>)>, span: Span) -> Value<'a> {
        let entries = entries
            .into_iter()
            .map(|(name, value)| Attr {
                name: Symbol::intern(name.as_bytes()),
                value: Thunk::done(value, span),
                key_span: span,
            })
            .collect();
        Value::Attrs(Rc::new(Attrs::from_unsorted(entries)))
    }

    fn eval_bool(&self, expr: &'a Expr, env: &Rc<Env<'a>>, what: &str) -> EvalResult<bool> {
        match self.eval(expr, env)? {
            Value::Bool(b) => Ok(b),
            other => Err(self
                .type_error("a Boolean", &other, expr.span)
                .label(format!("{what} must be true or false"))),
        }
    }

    fn eval_attrs(
        &self,
        attrs: &'a kc_syntax::hir::AttrsExpr,
        env: &Rc<Env<'a>>,
    ) -> EvalResult<Value<'a>> {
        let scope = if attrs.recursive {
            Rc::new(Env::new(attrs.statics.len(), Some(env.clone())))
        } else {
            env.clone()
        };
        let mut entries: Vec<Attr<'a>> =
            Vec::with_capacity(attrs.statics.len() + attrs.dynamics.len());
        for (index, def) in attrs.statics.iter().enumerate() {
            let thunk = self.thunk_of(&def.value, &scope);
            if attrs.recursive {
                scope.set(index, thunk.clone());
            }
            entries.push(Attr {
                name: def.name,
                value: thunk,
                key_span: def.key_span,
            });
        }
        if attrs.dynamics.is_empty() {
            return Ok(Value::Attrs(Rc::new(Attrs::from_unsorted(entries))));
        }
        entries.sort_by_key(|a| a.name);
        for dynamic in attrs.dynamics.iter() {
            let name = self.eval(&dynamic.name, &scope)?;
            let symbol = match name {
                Value::Null => continue,
                Value::String(s) => Symbol::intern(&s),
                other => {
                    return Err(self
                        .type_error("a string", &other, dynamic.name.span)
                        .label("used as an attribute name"))
                }
            };
            let position = entries.partition_point(|a| a.name < symbol);
            if entries.get(position).is_some_and(|a| a.name == symbol) {
                return Err(EvalError::new(
                    "KC0102",
                    format!("dynamic attribute '{symbol}' is already defined"),
                    dynamic.name.span,
                )
                .label("defined again here"));
            }
            let thunk = self.thunk_of(&dynamic.value, &scope);
            entries.insert(
                position,
                Attr {
                    name: symbol,
                    value: thunk,
                    key_span: dynamic.name.span,
                },
            );
        }
        Ok(Value::Attrs(Rc::new(Attrs::from_sorted(entries))))
    }

    pub(crate) fn attr_name(&self, name: &'a AttrName, env: &Rc<Env<'a>>) -> EvalResult<Symbol> {
        match name {
            AttrName::Static(symbol, _) => Ok(*symbol),
            AttrName::Dynamic(expr) => match self.eval(expr, env)? {
                Value::String(s) => Ok(Symbol::intern(&s)),
                other => Err(self
                    .type_error("a string", &other, expr.span)
                    .label("used as an attribute name")),
            },
        }
    }

    fn eval_select(
        &self,
        target: &'a Expr,
        path: &'a [AttrName],
        default: Option<&'a Expr>,
        env: &Rc<Env<'a>>,
    ) -> EvalResult<(Value<'a>, Span)> {
        let mut value = self.eval(target, env)?;
        let mut value_span = target.span;
        let mut origin = target.span;
        for name in path {
            let name_span = match name {
                AttrName::Static(_, span) => *span,
                AttrName::Dynamic(expr) => expr.span,
            };
            let symbol = self.attr_name(name, env)?;
            // Borrowed, not cloned: a selection path is the evaluator's most common step, and
            // each clone would raise and drop a reference count.
            let attrs = match &value {
                Value::Attrs(attrs) => attrs,
                other => {
                    if let Some(default) = default {
                        return self.eval_traced(default, env);
                    }
                    return Err(self
                        .type_error("a set", other, value_span)
                        .label(format!("expected a set to select '{symbol}' from")));
                }
            };
            let next = match attrs.get(symbol) {
                Some(attr) => {
                    let forced = self
                        .force(&attr.value)
                        .map_err(|error| at_use_site(error, name_span))?;
                    // Read after forcing, which records where the value was actually written.
                    origin = attr.value.origin();
                    forced
                }
                None => {
                    if let Some(default) = default {
                        return self.eval_traced(default, env);
                    }
                    return Err(self.missing_attribute(symbol, attrs, name_span));
                }
            };
            value = next;
            value_span = name_span;
        }
        Ok((value, origin))
    }

    /// Evaluates `expr` and says where its value was written: through variables, selections,
    /// `or`, `if`, `let`, `with` and lambda calls to the expression that produced it.
    pub fn eval_traced(&self, expr: &'a Expr, env: &Rc<Env<'a>>) -> EvalResult<(Value<'a>, Span)> {
        match &expr.kind {
            ExprKind::Var { depth, index, .. } => match env.lookup_ref(*depth, *index) {
                Some(thunk) => {
                    let value = self.force(thunk)?;
                    Ok((value, thunk.origin()))
                }
                None => Ok((self.eval(expr, env)?, expr.span)),
            },
            ExprKind::Select {
                target,
                path,
                default,
            } => self.eval_select(target, path, default.as_deref(), env),
            ExprKind::WithVar { name, with_depths } => {
                self.lookup_with(*name, with_depths, env, expr.span)
            }
            ExprKind::Apply(function, argument) => {
                let function_value = self.eval(function, env)?;
                let argument = self.thunk_of(argument, env);
                match &function_value {
                    Value::Lambda(closure) => {
                        self.call_lambda_traced(closure, argument, expr.span, true)
                    }
                    _ => Ok((self.call(function_value, argument, expr.span)?, expr.span)),
                }
            }
            ExprKind::If(parts) => {
                let [condition, then, otherwise] = &**parts;
                if self.eval_bool(condition, env, "the condition of `if`")? {
                    self.eval_traced(then, env)
                } else {
                    self.eval_traced(otherwise, env)
                }
            }
            ExprKind::Let(let_expr) => {
                let frame = self.let_frame(let_expr, env);
                self.eval_traced(&let_expr.body, &frame)
            }
            ExprKind::With(parts) => {
                let [namespace, body] = &**parts;
                let namespace = self.thunk_of(namespace, env);
                let frame = Rc::new(Env::with_one(namespace, env.clone()));
                self.eval_traced(body, &frame)
            }
            _ => Ok((self.eval(expr, env)?, expr.span)),
        }
    }

    /// A name found in the enclosing `with` namespaces, innermost first, with its origin.
    fn lookup_with(
        &self,
        name: Symbol,
        with_depths: &[u32],
        env: &Rc<Env<'a>>,
        span: Span,
    ) -> EvalResult<(Value<'a>, Span)> {
        for &depth in with_depths {
            let Some(namespace) = env.lookup(depth, 0) else {
                continue;
            };
            let namespace_value = self.force(&namespace)?;
            let Value::Attrs(attrs) = namespace_value else {
                return Err(self
                    .type_error("a set", &namespace_value, namespace.origin())
                    .label("used as the namespace of `with`"));
            };
            if let Some(attr) = attrs.get(name) {
                let thunk = attr.value.clone();
                let value = self.force(&thunk)?;
                return Ok((value, thunk.origin()));
            }
        }
        Err(
            EvalError::new("KC0104", format!("undefined variable '{name}'"), span)
                .label("not bound here nor by any enclosing `with`"),
        )
    }

    fn let_frame(&self, let_expr: &'a kc_syntax::hir::LetExpr, env: &Rc<Env<'a>>) -> Rc<Env<'a>> {
        let frame = Rc::new(Env::new(let_expr.bindings.len(), Some(env.clone())));
        for (index, binding) in let_expr.bindings.iter().enumerate() {
            // A binding that refers to a later slot of the same frame stays lazy: `thunk_of`
            // falls back to a pending thunk while that slot is empty.
            let thunk = self.thunk_of(&binding.value, &frame);
            frame.set(index, thunk);
        }
        frame
    }

    pub fn missing_attribute(
        &self,
        symbol: Symbol,
        attrs: &Attrs<'a>,
        span: Span,
    ) -> Box<EvalError> {
        let names: Vec<String> = attrs.entries().iter().map(|a| a.name.to_string()).collect();
        let mut error = EvalError::new("KC0202", format!("attribute '{symbol}' missing"), span)
            .label("this attribute does not exist");
        let wanted = symbol.to_string();
        if let Some(suggestion) =
            kc_syntax::suggest::closest(&wanted, names.iter().map(String::as_str))
        {
            error = error.note(format!("did you mean '{suggestion}'?"));
        } else if !names.is_empty() && names.len() <= 10 {
            error = error.note(format!("the set has: {}", names.join(", ")));
        }
        error
    }

    fn eval_binary(
        &self,
        op: BinaryOp,
        operands: &'a [Expr; 2],
        span: Span,
        env: &Rc<Env<'a>>,
    ) -> EvalResult<Value<'a>> {
        let [lhs, rhs] = operands;
        match op {
            BinaryOp::And => Ok(Value::Bool(
                self.eval_bool(lhs, env, "the left side of `&&`")?
                    && self.eval_bool(rhs, env, "the right side of `&&`")?,
            )),
            BinaryOp::Or => Ok(Value::Bool(
                self.eval_bool(lhs, env, "the left side of `||`")?
                    || self.eval_bool(rhs, env, "the right side of `||`")?,
            )),
            BinaryOp::Implication => Ok(Value::Bool(
                !self.eval_bool(lhs, env, "the left side of `->`")?
                    || self.eval_bool(rhs, env, "the right side of `->`")?,
            )),
            _ => {
                let left = self.eval(lhs, env)?;
                let right = self.eval(rhs, env)?;
                // Integer arithmetic and comparison dominate recursive code; answer them before
                // the general dispatch. Overflow and division fall through to the checked path.
                if let (Value::Int(a), Value::Int(b)) = (&left, &right) {
                    let (a, b) = (*a, *b);
                    let fast = match op {
                        BinaryOp::Add => a.checked_add(b).map(Value::Int),
                        BinaryOp::Sub => a.checked_sub(b).map(Value::Int),
                        BinaryOp::Mul => a.checked_mul(b).map(Value::Int),
                        BinaryOp::Less => Some(Value::Bool(a < b)),
                        BinaryOp::LessOrEq => Some(Value::Bool(a <= b)),
                        BinaryOp::More => Some(Value::Bool(a > b)),
                        BinaryOp::MoreOrEq => Some(Value::Bool(a >= b)),
                        BinaryOp::Eq => Some(Value::Bool(a == b)),
                        BinaryOp::NotEq => Some(Value::Bool(a != b)),
                        _ => None,
                    };
                    if let Some(value) = fast {
                        return Ok(value);
                    }
                }
                match op {
                    BinaryOp::Eq => Ok(Value::Bool(self.values_equal(&left, &right, span)?)),
                    BinaryOp::NotEq => Ok(Value::Bool(!self.values_equal(&left, &right, span)?)),
                    BinaryOp::Less => Ok(Value::Bool(self.less_than(&left, &right, span)?)),
                    BinaryOp::More => Ok(Value::Bool(self.less_than(&right, &left, span)?)),
                    BinaryOp::LessOrEq => Ok(Value::Bool(!self.less_than(&right, &left, span)?)),
                    BinaryOp::MoreOrEq => Ok(Value::Bool(!self.less_than(&left, &right, span)?)),
                    BinaryOp::Add => crate::arith::add(self, left, right, span, lhs.span, rhs.span),
                    BinaryOp::Sub => crate::arith::sub(self, left, right, span, rhs.span),
                    BinaryOp::Mul => crate::arith::mul(self, left, right, span),
                    BinaryOp::Div => crate::arith::div(self, left, right, span, rhs.span),
                    BinaryOp::Concat => match (left, right) {
                        (Value::List(a), Value::List(b)) => {
                            if a.is_empty() {
                                return Ok(Value::List(b));
                            }
                            if b.is_empty() {
                                return Ok(Value::List(a));
                            }
                            let joined: Vec<Rc<Thunk<'a>>> =
                                a.iter().chain(b.iter()).cloned().collect();
                            Ok(Value::List(joined.into()))
                        }
                        (Value::List(_), other) => Err(self
                            .type_error("a list", &other, rhs.span)
                            .label("right side of `++`")),
                        (other, _) => Err(self
                            .type_error("a list", &other, lhs.span)
                            .label("left side of `++`")),
                    },
                    BinaryOp::Update => match (left, right) {
                        (Value::Attrs(a), Value::Attrs(b)) => {
                            if b.is_empty() {
                                return Ok(Value::Attrs(a));
                            }
                            if a.is_empty() {
                                return Ok(Value::Attrs(b));
                            }
                            Ok(Value::Attrs(Rc::new(Attrs::update(&a, &b))))
                        }
                        (Value::Attrs(_), other) => Err(self
                            .type_error("a set", &other, rhs.span)
                            .label("right side of `//`")),
                        (other, _) => Err(self
                            .type_error("a set", &other, lhs.span)
                            .label("left side of `//`")),
                    },
                    BinaryOp::And | BinaryOp::Or | BinaryOp::Implication => {
                        unreachable!("handled above")
                    }
                }
            }
        }
    }

    // ----- calls -----

    pub fn call(
        &self,
        function: Value<'a>,
        argument: Rc<Thunk<'a>>,
        span: Span,
    ) -> EvalResult<Value<'a>> {
        match function {
            Value::Lambda(closure) => self.call_lambda(&closure, argument, span),
            Value::PrimOp(primop) => {
                let arity = builtins::arity(primop.id);
                let mut args = primop.args.clone();
                args.push(argument);
                if args.len() < arity {
                    return Ok(Value::PrimOp(Rc::new(PrimOpApp {
                        id: primop.id,
                        args,
                    })));
                }
                let _guard = self.enter(span)?;
                builtins::invoke(self, primop.id, &args, span).map_err(|mut error| {
                    if error.span.is_none() {
                        error.span = Some(span);
                    }
                    error
                })
            }
            Value::Attrs(attrs) => {
                let Some(functor) = attrs.get(kc_syntax::symbol::known::functor()) else {
                    return Err(EvalError::new(
                        "KC0201",
                        "attempt to call a set, which is not a function",
                        span,
                    )
                    .label("this is called like a function")
                    .note("a set can be called only when it has a `__functor` attribute"));
                };
                let functor_thunk = functor.value.clone();
                let functor_value = self.force(&functor_thunk)?;
                let self_thunk = Thunk::done(Value::Attrs(attrs.clone()), span);
                let partially_applied = self.call(functor_value, self_thunk, span)?;
                self.call(partially_applied, argument, span)
            }
            other => Err(EvalError::new(
                "KC0201",
                format!(
                    "attempt to call something which is not a function but {}",
                    other.type_name()
                ),
                span,
            )
            .label("this is called like a function")),
        }
    }

    pub fn call_many(
        &self,
        function: Value<'a>,
        args: &[Rc<Thunk<'a>>],
        span: Span,
    ) -> EvalResult<Value<'a>> {
        if let (Value::PrimOp(primop), true) = (&function, args.is_empty()) {
            if builtins::arity(primop.id) == 0 {
                // A builtin constant, computed when first used.
                return builtins::invoke(self, primop.id, &[], span);
            }
        }
        let mut value = function;
        for arg in args {
            value = self.call(value, arg.clone(), span)?;
        }
        Ok(value)
    }

    /// Calls `function` with one argument, saying where the result was written.
    pub fn call_traced(
        &self,
        function: &Value<'a>,
        argument: Value<'a>,
        span: Span,
    ) -> EvalResult<(Value<'a>, Span)> {
        let argument = Thunk::done(argument, span);
        match function {
            Value::Lambda(closure) => self.call_lambda_traced(closure, argument, span, true),
            other => Ok((self.call(other.clone(), argument, span)?, span)),
        }
    }

    /// Calls `function` with already-evaluated arguments.
    pub fn call_values(
        &self,
        function: &Value<'a>,
        args: Vec<Value<'a>>,
        span: Span,
    ) -> EvalResult<Value<'a>> {
        let mut value = function.clone();
        for arg in args {
            value = self.call(value, Thunk::done(arg, span), span)?;
        }
        Ok(value)
    }

    fn call_lambda(
        &self,
        closure: &Rc<Closure<'a>>,
        argument: Rc<Thunk<'a>>,
        span: Span,
    ) -> EvalResult<Value<'a>> {
        self.call_lambda_traced(closure, argument, span, false)
            .map(|(value, _)| value)
    }

    /// Calls a lambda; with `traced`, also says where the result was written (see
    /// [`Self::eval_traced`]).
    fn call_lambda_traced(
        &self,
        closure: &Rc<Closure<'a>>,
        argument: Rc<Thunk<'a>>,
        span: Span,
        traced: bool,
    ) -> EvalResult<(Value<'a>, Span)> {
        let _stack = self.enter(span)?;
        let lambda = closure.lambda;
        let frame = match &lambda.param {
            Param::Ident(_) => Rc::new(Env::with_one(argument, closure.env.clone())),
            Param::Formals(formals) => {
                let argument_value = self.force(&argument)?;
                let Value::Attrs(attrs) = &argument_value else {
                    return Err(self
                        .type_error("a set", &argument_value, span)
                        .label("this function takes a set of named arguments"));
                };
                let frame = Rc::new(Env::new(formals.frame_size(), Some(closure.env.clone())));
                let mut used = 0usize;
                for (index, formal) in formals.entries.iter().enumerate() {
                    match attrs.get(formal.name) {
                        Some(attr) => {
                            used += 1;
                            frame.set(index, attr.value.clone());
                        }
                        None => match &formal.default {
                            Some(default) => {
                                frame.set(index, Thunk::pending(default, frame.clone()))
                            }
                            None => {
                                return Err(EvalError::new(
                                    "KC0210",
                                    format!(
                                        "function '{}' called without required argument '{}'",
                                        self.lambda_name(closure),
                                        formal.name
                                    ),
                                    span,
                                )
                                .label(format!("missing '{}'", formal.name))
                                .note(format!(
                                    "the function is defined at {}",
                                    self.describe_span(closure.span)
                                )));
                            }
                        },
                    }
                }
                if !formals.ellipsis && used < attrs.len() {
                    let expected: Vec<String> =
                        formals.entries.iter().map(|f| f.name.to_string()).collect();
                    for attr in attrs.entries() {
                        if !formals.entries.iter().any(|f| f.name == attr.name) {
                            let mut error = EvalError::new(
                                "KC0210",
                                format!(
                                    "function '{}' called with unexpected argument '{}'",
                                    self.lambda_name(closure),
                                    attr.name
                                ),
                                span,
                            )
                            .label(format!(
                                "'{}' is not an argument of this function",
                                attr.name
                            ));
                            let wanted = attr.name.to_string();
                            if let Some(suggestion) = kc_syntax::suggest::closest(
                                &wanted,
                                expected.iter().map(String::as_str),
                            ) {
                                error = error.note(format!("did you mean '{suggestion}'?"));
                            } else {
                                error = error
                                    .note(format!("the function takes: {}", expected.join(", ")));
                            }
                            return Err(error);
                        }
                    }
                }
                if formals.at.is_some() {
                    frame.set(formals.entries.len(), argument);
                }
                frame
            }
        };
        let result = if traced {
            self.eval_traced(&lambda.body, &frame)
        } else {
            self.eval(&lambda.body, &frame)
                .map(|value| (value, lambda.body.span))
        };
        let result = result.map_err(|mut error| {
            if !error.catchable || error.trace.len() < crate::error::TRACE_LIMIT {
                error.push_frame(span, || {
                    format!("while calling '{}'", self.lambda_name(closure))
                });
            }
            error
        });
        self.discard(Garbage::Env(frame));
        result
    }

    /// Drops `garbage` now, or later when the stack is already deep: freeing a long chain of
    /// environments recurses once per link, which must not happen on top of a deep evaluation.
    fn discard(&self, garbage: Garbage<'a>) {
        if self.stack_base.abs_diff(current_stack_address()) > STACK_BUDGET_BYTES / 2 {
            self.graveyard.borrow_mut().push(garbage);
        }
    }

    /// Frees what [`Self::discard`] deferred; call it with a shallow stack.
    pub fn collect_garbage(&self) {
        loop {
            let Some(garbage) = self.graveyard.borrow_mut().pop() else {
                break;
            };
            drop(garbage);
        }
    }

    fn lambda_name(&self, closure: &Closure<'a>) -> String {
        match closure.lambda.name {
            Some(name) => name.to_string(),
            None => "anonymous function".to_owned(),
        }
    }

    pub fn describe_span(&self, span: Span) -> String {
        match self.db.file(span.file) {
            Some(file) => {
                let (line, column) =
                    kc_syntax::line_column(file.text(self.db), span.range.start().into());
                format!("{}:{line}:{column}", self.display_path(file.path(self.db)))
            }
            None => "<unknown>".to_owned(),
        }
    }

    // ----- globals -----

    pub fn builtins_value(&self) -> Value<'a> {
        if let Some(value) = &*self.builtins_value.borrow() {
            return value.clone();
        }
        let value = builtins::make_builtins_attrset();
        *self.builtins_value.borrow_mut() = Some(value.clone());
        value
    }

    fn global(&self, name: Symbol, span: Span) -> EvalResult<Rc<Thunk<'a>>> {
        if let Some(thunk) = self.globals.borrow().get(&name) {
            return Ok(thunk.clone());
        }
        let builtins_value = self.builtins_value();
        let Value::Attrs(attrs) = &builtins_value else {
            unreachable!("builtins is a set")
        };
        let bytes = name.as_bytes();
        let lookup = if bytes == b"builtins" {
            Some(Thunk::done(builtins_value.clone(), span))
        } else {
            let key = bytes.strip_prefix(b"__").unwrap_or(bytes);
            attrs.get(Symbol::intern(key)).map(|a| a.value.clone())
        };
        let thunk = lookup.ok_or_else(|| {
            EvalError::new("KC0104", format!("undefined variable '{name}'"), span)
        })?;
        self.globals.borrow_mut().insert(name, thunk.clone());
        Ok(thunk)
    }

    // ----- helpers used by builtins -----

    pub fn type_error(&self, expected: &str, found: &Value<'a>, span: Span) -> Box<EvalError> {
        EvalError::new(
            "KC0201",
            format!("expected {expected} but found {}", found.type_name()),
            span,
        )
    }
}

/// A path outside the root, shown relative to it (`../x.nix`) when they share more than `/`,
/// so messages do not depend on where the project is checked out.
fn display_from_root(root: &std::path::Path, path: &std::path::Path) -> String {
    let root_parts: Vec<_> = root.components().collect();
    let path_parts: Vec<_> = path.components().collect();
    let common = root_parts
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return path.display().to_string();
    }
    let mut relative = std::path::PathBuf::new();
    for _ in common..root_parts.len() {
        relative.push("..");
    }
    for part in &path_parts[common..] {
        relative.push(part);
    }
    relative.display().to_string()
}

/// Errors raised by builtin constants carry no source span of their own; give them the span of
/// the expression that used the constant.
fn at_use_site(mut error: Box<EvalError>, span: Span) -> Box<EvalError> {
    if error
        .span
        .is_some_and(|s| s.file == crate::builtins::BUILTIN_FILE)
    {
        error.span = Some(span);
    }
    error
}

/// Something whose drop may recurse deeply.
#[allow(
    dead_code,
    reason = "the fields are only held so that they are dropped later"
)]
pub(crate) enum Garbage<'a> {
    Suspended(Suspended<'a>),
    Env(Rc<Env<'a>>),
}

/// Proof that a recursive step checked the stack budget.
pub(crate) struct StackCheck;

/// The address of a local: how deep the native stack is right now.
#[inline(always)]
fn current_stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(std::ptr::addr_of!(marker)) as usize
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CoerceMode {
    /// `"${x}"`: strings, paths (rejected: no store), sets with `__toString`/`outPath`.
    Interpolation,
    /// `./a/${x}`: like interpolation, but paths are kept as text.
    PathInterpolation,
    /// `toString x`: also integers, floats, Booleans, null and lists.
    ToString,
}
