//! Lowering: rnix's lossless tree to the scope-resolved [`hir`](crate::hir) tree.
//!
//! This pass does what Nix does at parse time and rnix does not: it merges nested attribute
//! paths, rejects duplicate attributes, resolves every variable statically (undefined names are
//! reported here, except under `with`), applies string escapes and indented-string stripping,
//! and resolves path literals against the file's directory. It never fails: mistakes become
//! `KC01xx` diagnostics and `ExprKind::Error` nodes.

use std::collections::HashMap;

use rnix::ast::AstToken;
use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode, TextRange};
use rowan::ast::AstNode;

use crate::diagnostic::Diagnostic;
use crate::hir::*;
use crate::paths::{join_and_normalize, normalize_absolute};
use crate::span::{FileId, Span};
use crate::strings::{indented_string, unescape_double_quoted, Piece, RawPart};
use crate::symbol::Symbol;

/// The result of lowering one file: always a tree, plus the problems found.
#[derive(Debug, Clone, PartialEq)]
pub struct LoweredFile {
    pub root: Expr,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoweredFile {
    pub fn has_errors(&self) -> bool {
        !self.diagnostics.is_empty()
    }
}

/// Parses and lowers `text`. `directory` is the absolute directory of the file (for path
/// literals); `is_global` says which names the global scope binds.
pub fn lower_file(
    file: FileId,
    text: &str,
    directory: &str,
    is_global: &dyn Fn(&[u8]) -> bool,
) -> LoweredFile {
    let parse = rnix::Root::parse(text);
    let mut lowerer = Lowerer {
        file,
        directory: directory.to_owned(),
        is_global,
        scopes: Vec::new(),
        diagnostics: Vec::new(),
        text,
    };
    for error in parse.errors() {
        lowerer
            .diagnostics
            .push(crate::parse_errors::to_diagnostic(file, text, error));
    }
    let root_node = parse.syntax();
    let root = match ast::Root::cast(root_node.clone()).and_then(|r| r.expr()) {
        Some(expr) => lowerer.lower_expr(expr),
        None => {
            if parse.errors().is_empty() {
                lowerer.diagnostics.push(
                    Diagnostic::error("KC0101", "the file contains no expression").with_primary(
                        Span::new(file, root_node.text_range()),
                        "expected an expression",
                    ),
                );
            }
            Expr {
                span: Span::new(file, root_node.text_range()),
                kind: ExprKind::Error,
            }
        }
    };
    LoweredFile {
        root,
        diagnostics: lowerer.diagnostics,
    }
}

enum Scope {
    Frame(HashMap<Symbol, u32>),
    With,
}

struct Lowerer<'a> {
    file: FileId,
    directory: String,
    is_global: &'a dyn Fn(&[u8]) -> bool,
    scopes: Vec<Scope>,
    diagnostics: Vec<Diagnostic>,
    text: &'a str,
}

/// An attribute set under construction, before its values are lowered.
#[derive(Default)]
struct SetBuilder {
    statics: Vec<PendingAttr>,
    index: HashMap<Symbol, usize>,
    dynamics: Vec<(ast::Attr, Pending)>,
}

struct PendingAttr {
    name: Symbol,
    key_span: Span,
    value: Pending,
}

enum Pending {
    Value(ast::Expr),
    Nested(SetBuilder),
    /// `inherit name;`, resolved `skip` frames above the current one.
    Inherit {
        name: Symbol,
        span: Span,
        skip: usize,
    },
    /// `inherit (source) name;`
    InheritFrom {
        source: ast::Expr,
        name: Symbol,
        span: Span,
    },
}

/// Where a builder's entries come from: the top level of a `rec` set or `let` (whose plain
/// inherits skip the new frame) or anything else.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    RecursiveTop,
    Plain,
}

enum KeyName {
    Static(Symbol, Span),
    Dynamic(ast::Attr),
}

impl Lowerer<'_> {
    fn span(&self, range: TextRange) -> Span {
        Span::new(self.file, range)
    }

    fn node_span(&self, node: &SyntaxNode) -> Span {
        self.span(node.text_range())
    }

    fn error_expr(&mut self, node: &SyntaxNode, diagnostic: Diagnostic) -> Expr {
        self.diagnostics.push(diagnostic);
        Expr {
            span: self.node_span(node),
            kind: ExprKind::Error,
        }
    }

    fn lower_expr(&mut self, expr: ast::Expr) -> Expr {
        let node = expr.syntax().clone();
        let span = self.node_span(&node);
        let kind = match expr {
            ast::Expr::Paren(paren) => match paren.expr() {
                Some(inner) => return self.lower_expr(inner),
                None => ExprKind::Error,
            },
            ast::Expr::Root(root) => match root.expr() {
                Some(inner) => return self.lower_expr(inner),
                None => ExprKind::Error,
            },
            ast::Expr::Literal(literal) => self.lower_literal(&literal),
            ast::Expr::Ident(ident) => {
                let name = Symbol::intern(ident.syntax().text().to_string().as_bytes());
                return self.resolve(name, span, 0);
            }
            ast::Expr::Str(string) => self.lower_string(&string),
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) => self.lower_path(&node),
            ast::Expr::PathHome(_) => {
                return self.error_expr(
                    &node,
                    Diagnostic::error("KC0105", "home-relative paths are not supported")
                        .with_primary(span, "this path depends on the user running kc")
                        .with_note("kc is hermetic: use a path relative to this file, like ./config"),
                )
            }
            ast::Expr::PathSearch(_) => {
                return self.error_expr(
                    &node,
                    Diagnostic::error("KC0105", "search paths like <nixpkgs> are not supported")
                        .with_primary(span, "this looks up NIX_PATH, which kc does not read")
                        .with_note("kc is hermetic: import files of the project with relative paths, e.g. import ./lib.nix"),
                )
            }
            ast::Expr::List(list) => {
                let items = list.items().map(|item| self.lower_expr(item)).collect();
                ExprKind::List(items)
            }
            ast::Expr::AttrSet(set) => {
                let rec = set.rec_token().is_some();
                return self.lower_attr_set(&set, rec, span);
            }
            ast::Expr::LetIn(let_in) => return self.lower_let(&let_in, span),
            ast::Expr::LegacyLet(legacy) => {
                // `let { a = 1; body = a; }` is `(rec { a = 1; body = a; }).body`.
                let set = self.lower_entries_as_set(&legacy, true, span);
                let body = Symbol::intern(b"body");
                ExprKind::Select {
                    target: Box::new(set),
                    path: Box::new([AttrName::Static(body, span)]),
                    default: None,
                }
            }
            ast::Expr::Lambda(lambda) => ExprKind::Lambda(Box::new(self.lower_lambda(&lambda, None))),
            ast::Expr::Apply(apply) => {
                let function = self.lower_opt(apply.lambda(), &node);
                let argument = self.lower_opt(apply.argument(), &node);
                ExprKind::Apply(Box::new(function), Box::new(argument))
            }
            ast::Expr::Select(select) => {
                let target = self.lower_opt(select.expr(), &node);
                let path = self.lower_attrpath(select.attrpath());
                let default = select.default_expr().map(|d| Box::new(self.lower_expr(d)));
                ExprKind::Select { target: Box::new(target), path, default }
            }
            ast::Expr::HasAttr(has) => {
                let target = self.lower_opt(has.expr(), &node);
                let path = self.lower_attrpath(has.attrpath());
                ExprKind::HasAttr { target: Box::new(target), path }
            }
            ast::Expr::IfElse(if_else) => {
                let condition = self.lower_opt(if_else.condition(), &node);
                let then = self.lower_opt(if_else.body(), &node);
                let otherwise = self.lower_opt(if_else.else_body(), &node);
                ExprKind::If(Box::new([condition, then, otherwise]))
            }
            ast::Expr::Assert(assert) => {
                let condition = self.lower_opt(assert.condition(), &node);
                let body = self.lower_opt(assert.body(), &node);
                ExprKind::Assert(Box::new([condition, body]))
            }
            ast::Expr::With(with) => {
                let namespace = self.lower_opt(with.namespace(), &node);
                self.scopes.push(Scope::With);
                let body = self.lower_opt(with.body(), &node);
                self.scopes.pop();
                ExprKind::With(Box::new([namespace, body]))
            }
            ast::Expr::UnaryOp(unary) => {
                let operand = self.lower_opt(unary.expr(), &node);
                let op = match unary.operator() {
                    Some(ast::UnaryOpKind::Invert) => UnaryOp::Not,
                    Some(ast::UnaryOpKind::Negate) => UnaryOp::Negate,
                    None => return operand,
                };
                ExprKind::Unary(op, Box::new(operand))
            }
            ast::Expr::BinOp(binop) => {
                let lhs = self.lower_opt(binop.lhs(), &node);
                let rhs = self.lower_opt(binop.rhs(), &node);
                let op = match binop.operator() {
                    Some(op) => op,
                    None => return Expr { span, kind: ExprKind::Error },
                };
                let op = match op {
                    ast::BinOpKind::Concat => BinaryOp::Concat,
                    ast::BinOpKind::Update => BinaryOp::Update,
                    ast::BinOpKind::Add => BinaryOp::Add,
                    ast::BinOpKind::Sub => BinaryOp::Sub,
                    ast::BinOpKind::Mul => BinaryOp::Mul,
                    ast::BinOpKind::Div => BinaryOp::Div,
                    ast::BinOpKind::And => BinaryOp::And,
                    ast::BinOpKind::Equal => BinaryOp::Eq,
                    ast::BinOpKind::Implication => BinaryOp::Implication,
                    ast::BinOpKind::Less => BinaryOp::Less,
                    ast::BinOpKind::LessOrEq => BinaryOp::LessOrEq,
                    ast::BinOpKind::More => BinaryOp::More,
                    ast::BinOpKind::MoreOrEq => BinaryOp::MoreOrEq,
                    ast::BinOpKind::NotEqual => BinaryOp::NotEq,
                    ast::BinOpKind::Or => BinaryOp::Or,
                    ast::BinOpKind::PipeRight | ast::BinOpKind::PipeLeft => {
                        return self.error_expr(
                            &node,
                            Diagnostic::error("KC0105", "the pipe operators `|>` and `<|` are not supported")
                                .with_primary(span, "experimental in Nix and not part of kc's language")
                                .with_note("write the function application instead: `f x` for `x |> f`"),
                        )
                    }
                };
                ExprKind::Binary(op, Box::new([lhs, rhs]))
            }
            ast::Expr::CurPos(_) => {
                let (line, column) = line_column(self.text, node.text_range().start().into());
                ExprKind::CurPos { line, column }
            }
            ast::Expr::Error(_) => ExprKind::Error,
        };
        Expr { span, kind }
    }

    fn lower_opt(&mut self, expr: Option<ast::Expr>, parent: &SyntaxNode) -> Expr {
        match expr {
            Some(expr) => self.lower_expr(expr),
            // rnix already reported the missing piece.
            None => Expr {
                span: self.node_span(parent),
                kind: ExprKind::Error,
            },
        }
    }

    fn lower_literal(&mut self, literal: &ast::Literal) -> ExprKind {
        let span = self.node_span(literal.syntax());
        match literal.kind() {
            ast::LiteralKind::Integer(int) => match int.value() {
                Ok(value) => ExprKind::Int(value),
                Err(_) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "KC0101",
                            format!("invalid integer '{}'", int.syntax().text()),
                        )
                        .with_primary(span, "does not fit in a signed 64-bit integer"),
                    );
                    ExprKind::Error
                }
            },
            ast::LiteralKind::Float(float) if !is_nix_float(float.syntax().text()) => {
                self.diagnostics.push(
                    Diagnostic::error("KC0101", format!("invalid float '{}'", float.syntax().text()))
                        .with_primary(span, "Nix floats need digits after the dot unless they start with 1-9, e.g. 0.5 or 1.")
                );
                ExprKind::Error
            }
            ast::LiteralKind::Float(float) => match float.value() {
                Ok(value) => ExprKind::Float(value),
                Err(_) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "KC0101",
                            format!("invalid float '{}'", float.syntax().text()),
                        )
                        .with_primary(span, "not a valid floating-point number"),
                    );
                    ExprKind::Error
                }
            },
            ast::LiteralKind::Uri(uri) => ExprKind::Str(uri.syntax().text().as_bytes().into()),
        }
    }

    fn lower_string(&mut self, string: &ast::Str) -> ExprKind {
        let indented = string
            .syntax()
            .first_token()
            .is_some_and(|t| t.kind() == SyntaxKind::TOKEN_STRING_START && t.text() == "''");
        let pieces: Vec<Piece<ast::Expr>> = if indented {
            let raw = string_parts(string)
                .into_iter()
                .filter_map(|part| match part {
                    StringPart::Text(text) => Some(RawPart::Text(text)),
                    StringPart::Interpolation(expr) => expr.map(RawPart::Interpolation),
                })
                .collect();
            indented_string(raw)
        } else {
            string_parts(string)
                .into_iter()
                .filter_map(|part| match part {
                    StringPart::Text(text) => Some(Piece::Text(unescape_double_quoted(&text))),
                    StringPart::Interpolation(expr) => expr.map(Piece::Interpolation),
                })
                .collect()
        };
        self.pieces_to_kind(pieces)
    }

    fn pieces_to_kind(&mut self, pieces: Vec<Piece<ast::Expr>>) -> ExprKind {
        let mut parts: Vec<StrPart> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Text(text) => match parts.last_mut() {
                    Some(StrPart::Literal(previous)) => {
                        let mut joined = previous.to_vec();
                        joined.extend_from_slice(&text);
                        *previous = joined.into();
                    }
                    _ => parts.push(StrPart::Literal(text.into())),
                },
                Piece::Interpolation(expr) => {
                    parts.push(StrPart::Interpolation(self.lower_expr(expr)))
                }
            }
        }
        match parts.as_slice() {
            [] => ExprKind::Str(Box::new([])),
            [StrPart::Literal(text)] => ExprKind::Str(text.clone()),
            _ => ExprKind::Interpolated(parts.into()),
        }
    }

    fn lower_path(&mut self, node: &SyntaxNode) -> ExprKind {
        let mut parts: Vec<StrPart> = Vec::new();
        let mut first = true;
        for child in node.children_with_tokens() {
            match child {
                rowan::NodeOrToken::Token(token) => {
                    let text = token.text();
                    let literal = if first {
                        if text.starts_with('/') {
                            text.to_owned()
                        } else {
                            format!("{}/{}", self.directory, text)
                        }
                    } else {
                        text.to_owned()
                    };
                    parts.push(StrPart::Literal(literal.into_bytes().into()));
                }
                rowan::NodeOrToken::Node(interpol) => {
                    let expr = ast::Interpol::cast(interpol).and_then(|i| i.expr());
                    let lowered = self.lower_opt(expr, node);
                    parts.push(StrPart::Interpolation(lowered));
                }
            }
            first = false;
        }
        match parts.as_slice() {
            [StrPart::Literal(text)] => {
                let text = String::from_utf8_lossy(text);
                ExprKind::Path(normalize_absolute(&text).into())
            }
            _ => ExprKind::InterpolatedPath(parts.into()),
        }
    }

    /// Resolves `name` as seen from `skip` frames above the innermost one; the resulting depths
    /// are still relative to the innermost frame.
    fn resolve(&mut self, name: Symbol, span: Span, skip: usize) -> Expr {
        let mut with_depths: Vec<u32> = Vec::new();
        for (depth, scope) in self.scopes.iter().rev().enumerate().skip(skip) {
            match scope {
                Scope::Frame(names) => {
                    if let Some(&index) = names.get(&name) {
                        return Expr {
                            span,
                            kind: ExprKind::Var {
                                name,
                                depth: depth as u32,
                                index,
                            },
                        };
                    }
                }
                Scope::With => with_depths.push(depth as u32),
            }
        }
        if (self.is_global)(name.as_bytes()) {
            return Expr {
                span,
                kind: ExprKind::Global(name),
            };
        }
        if !with_depths.is_empty() {
            return Expr {
                span,
                kind: ExprKind::WithVar {
                    name,
                    with_depths: with_depths.into(),
                },
            };
        }
        let mut candidates: Vec<String> = Vec::new();
        for scope in &self.scopes {
            if let Scope::Frame(names) = scope {
                candidates.extend(names.keys().map(|k| k.to_string()));
            }
        }
        let mut diagnostic = Diagnostic::error("KC0104", format!("undefined variable '{name}'"))
            .with_primary(
                span,
                "not bound by any enclosing let, function argument or rec set",
            );
        if let Some(suggestion) =
            crate::suggest::closest(&name.to_string(), candidates.iter().map(String::as_str))
        {
            diagnostic = diagnostic.with_note(format!("did you mean '{suggestion}'?"));
        }
        self.diagnostics.push(diagnostic);
        Expr {
            span,
            kind: ExprKind::Error,
        }
    }

    fn lower_attrpath(&mut self, attrpath: Option<ast::Attrpath>) -> Box<[AttrName]> {
        let Some(attrpath) = attrpath else {
            return Box::new([]);
        };
        attrpath
            .attrs()
            .map(|attr| match self.key_name(&attr) {
                KeyName::Static(name, span) => AttrName::Static(name, span),
                KeyName::Dynamic(attr) => AttrName::Dynamic(self.lower_dynamic_key(&attr)),
            })
            .collect()
    }

    /// Classifies an attribute key: identifiers and strings without interpolation (also inside
    /// `${...}`) are static, as in Nix's parser.
    fn key_name(&mut self, attr: &ast::Attr) -> KeyName {
        let span = self.node_span(attr.syntax());
        match attr {
            ast::Attr::Ident(ident) => KeyName::Static(
                Symbol::intern(ident.syntax().text().to_string().as_bytes()),
                span,
            ),
            ast::Attr::Str(string) => match self.constant_string(string) {
                Some(bytes) => KeyName::Static(Symbol::intern(&bytes), span),
                None => KeyName::Dynamic(attr.clone()),
            },
            ast::Attr::Dynamic(dynamic) => match dynamic.expr() {
                Some(ast::Expr::Str(string)) => match self.constant_string(&string) {
                    Some(bytes) => KeyName::Static(Symbol::intern(&bytes), span),
                    None => KeyName::Dynamic(attr.clone()),
                },
                _ => KeyName::Dynamic(attr.clone()),
            },
        }
    }

    fn constant_string(&mut self, string: &ast::Str) -> Option<Vec<u8>> {
        if string_parts(string)
            .iter()
            .any(|p| matches!(p, StringPart::Interpolation(_)))
        {
            return None;
        }
        match self.lower_string(string) {
            ExprKind::Str(bytes) => Some(bytes.into_vec()),
            _ => None,
        }
    }

    fn lower_dynamic_key(&mut self, attr: &ast::Attr) -> Expr {
        let span = self.node_span(attr.syntax());
        match attr {
            ast::Attr::Dynamic(dynamic) => self.lower_opt(dynamic.expr(), attr.syntax()),
            ast::Attr::Str(string) => Expr {
                span,
                kind: self.lower_string(string),
            },
            ast::Attr::Ident(_) => Expr {
                span,
                kind: ExprKind::Error,
            },
        }
    }

    // ----- attribute sets, let -----

    fn collect_entries(
        &mut self,
        node: &impl HasEntry,
        builder: &mut SetBuilder,
        level: Level,
        allow_dynamic: bool,
    ) {
        for entry in node.entries() {
            match entry {
                ast::Entry::AttrpathValue(binding) => {
                    let Some(attrpath) = binding.attrpath() else {
                        continue;
                    };
                    let Some(value) = binding.value() else {
                        continue;
                    };
                    let keys: Vec<ast::Attr> = attrpath.attrs().collect();
                    self.add_path(builder, &keys, value, allow_dynamic);
                }
                ast::Entry::Inherit(inherit) => {
                    let source = inherit.from().and_then(|from| from.expr());
                    let had_source = inherit.from().is_some();
                    for attr in inherit.attrs() {
                        let (name, span) = match self.key_name(&attr) {
                            KeyName::Static(name, span) => (name, span),
                            KeyName::Dynamic(attr) => {
                                let span = self.node_span(attr.syntax());
                                self.diagnostics.push(
                                    Diagnostic::error(
                                        "KC0107",
                                        "dynamic attributes are not allowed in inherit",
                                    )
                                    .with_primary(span, "inherit needs a fixed name"),
                                );
                                continue;
                            }
                        };
                        let value = match (&source, had_source) {
                            (Some(source), _) => Pending::InheritFrom {
                                source: source.clone(),
                                name,
                                span,
                            },
                            (None, true) => continue,
                            (None, false) => Pending::Inherit {
                                name,
                                span,
                                skip: usize::from(level == Level::RecursiveTop),
                            },
                        };
                        self.insert_static(builder, name, span, value);
                    }
                }
            }
        }
    }

    fn add_path(
        &mut self,
        builder: &mut SetBuilder,
        keys: &[ast::Attr],
        value: ast::Expr,
        allow_dynamic: bool,
    ) {
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        match self.key_name(first) {
            KeyName::Dynamic(attr) => {
                if !allow_dynamic {
                    let span = self.node_span(attr.syntax());
                    self.diagnostics.push(
                        Diagnostic::error("KC0107", "dynamic attributes are not allowed in let")
                            .with_primary(span, "a let binding needs a fixed name")
                            .with_note("build an attribute set instead, e.g. `let s = { ${name} = v; }; in ...`"),
                    );
                    return;
                }
                let pending = if rest.is_empty() {
                    Pending::Value(value)
                } else {
                    let mut nested = SetBuilder::default();
                    self.add_path(&mut nested, rest, value, true);
                    Pending::Nested(nested)
                };
                builder.dynamics.push((attr, pending));
            }
            KeyName::Static(name, span) => {
                if rest.is_empty() {
                    self.insert_static(builder, name, span, Pending::Value(value));
                    return;
                }
                let slot = match builder.index.get(&name) {
                    Some(&slot) => slot,
                    None => {
                        builder.statics.push(PendingAttr {
                            name,
                            key_span: span,
                            value: Pending::Nested(SetBuilder::default()),
                        });
                        let slot = builder.statics.len() - 1;
                        builder.index.insert(name, slot);
                        slot
                    }
                };
                // An existing plain attribute set literal becomes nested so it can be extended.
                if let Pending::Value(ast::Expr::AttrSet(set)) = &builder.statics[slot].value {
                    if set.rec_token().is_none() {
                        let set = set.clone();
                        let mut nested = SetBuilder::default();
                        self.collect_entries(&set, &mut nested, Level::Plain, true);
                        builder.statics[slot].value = Pending::Nested(nested);
                    }
                }
                let previous_span = builder.statics[slot].key_span;
                match &mut builder.statics[slot].value {
                    Pending::Nested(nested) => {
                        let mut nested = std::mem::take(nested);
                        self.add_path(&mut nested, rest, value, true);
                        builder.statics[slot].value = Pending::Nested(nested);
                    }
                    _ => self.report_duplicate(name, span, previous_span),
                }
            }
        }
    }

    fn insert_static(
        &mut self,
        builder: &mut SetBuilder,
        name: Symbol,
        span: Span,
        value: Pending,
    ) {
        match builder.index.get(&name) {
            None => {
                builder.statics.push(PendingAttr {
                    name,
                    key_span: span,
                    value,
                });
                builder.index.insert(name, builder.statics.len() - 1);
            }
            Some(&slot) => {
                let previous_span = builder.statics[slot].key_span;
                // `a.b = 1; a = { c = 2; };` merges, like Nix.
                if let (Pending::Nested(_), Pending::Value(ast::Expr::AttrSet(set))) =
                    (&builder.statics[slot].value, &value)
                {
                    if set.rec_token().is_none() {
                        let set = set.clone();
                        if let Pending::Nested(nested) = &mut builder.statics[slot].value {
                            let mut nested = std::mem::take(nested);
                            self.collect_entries(&set, &mut nested, Level::Plain, true);
                            builder.statics[slot].value = Pending::Nested(nested);
                        }
                        return;
                    }
                }
                self.report_duplicate(name, span, previous_span);
            }
        }
    }

    fn report_duplicate(&mut self, name: Symbol, span: Span, previous: Span) {
        self.diagnostics.push(
            Diagnostic::error("KC0102", format!("attribute '{name}' is already defined"))
                .with_primary(span, "defined again here")
                .with_secondary(previous, "first defined here")
                .with_note(
                    "each attribute may be defined once; merge the two definitions or rename one",
                ),
        );
    }

    fn lower_entries_as_set(&mut self, node: &impl HasEntry, rec: bool, span: Span) -> Expr {
        let mut builder = SetBuilder::default();
        let level = if rec {
            Level::RecursiveTop
        } else {
            Level::Plain
        };
        self.collect_entries(node, &mut builder, level, true);
        if rec {
            let frame = builder
                .statics
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name, i as u32))
                .collect();
            self.scopes.push(Scope::Frame(frame));
            let expr = self.finish_set(builder, true, span);
            self.scopes.pop();
            expr
        } else {
            self.finish_set(builder, false, span)
        }
    }

    fn lower_attr_set(&mut self, set: &ast::AttrSet, rec: bool, span: Span) -> Expr {
        self.lower_entries_as_set(set, rec, span)
    }

    /// Lowers the values of a built set; for `rec`, the caller has pushed its frame.
    fn finish_set(&mut self, builder: SetBuilder, rec: bool, span: Span) -> Expr {
        let statics: Vec<AttrDef> = builder
            .statics
            .into_iter()
            .map(|attr| {
                let value = self.lower_pending(attr.value, attr.name, attr.key_span);
                AttrDef {
                    name: attr.name,
                    key_span: attr.key_span,
                    value,
                }
            })
            .collect();
        let dynamics: Vec<DynamicAttr> = builder
            .dynamics
            .into_iter()
            .map(|(attr, pending)| {
                let name = self.lower_dynamic_key(&attr);
                let key_span = name.span;
                let value = self.lower_pending(pending, Symbol::intern(b"<dynamic>"), key_span);
                DynamicAttr { name, value }
            })
            .collect();
        Expr {
            span,
            kind: ExprKind::Attrs(Box::new(AttrsExpr {
                recursive: rec,
                statics: statics.into(),
                dynamics: dynamics.into(),
            })),
        }
    }

    fn lower_pending(&mut self, pending: Pending, name: Symbol, key_span: Span) -> Expr {
        match pending {
            Pending::Value(ast::Expr::Lambda(lambda)) => {
                let span = self.node_span(lambda.syntax());
                Expr {
                    span,
                    kind: ExprKind::Lambda(Box::new(self.lower_lambda(&lambda, Some(name)))),
                }
            }
            Pending::Value(expr) => self.lower_expr(expr),
            Pending::Nested(nested) => self.finish_set(nested, false, key_span),
            Pending::Inherit { name, span, skip } => self.resolve(name, span, skip),
            Pending::InheritFrom { source, name, span } => {
                let target = self.lower_expr(source);
                Expr {
                    span,
                    kind: ExprKind::Select {
                        target: Box::new(target),
                        path: Box::new([AttrName::Static(name, span)]),
                        default: None,
                    },
                }
            }
        }
    }

    fn lower_let(&mut self, let_in: &ast::LetIn, span: Span) -> Expr {
        let mut builder = SetBuilder::default();
        self.collect_entries(let_in, &mut builder, Level::RecursiveTop, false);
        let frame = builder
            .statics
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name, i as u32))
            .collect();
        self.scopes.push(Scope::Frame(frame));
        let bindings: Vec<AttrDef> = builder
            .statics
            .into_iter()
            .map(|attr| {
                let value = self.lower_pending(attr.value, attr.name, attr.key_span);
                AttrDef {
                    name: attr.name,
                    key_span: attr.key_span,
                    value,
                }
            })
            .collect();
        let body = self.lower_opt(let_in.body(), let_in.syntax());
        self.scopes.pop();
        Expr {
            span,
            kind: ExprKind::Let(Box::new(LetExpr {
                bindings: bindings.into(),
                body,
            })),
        }
    }

    fn lower_lambda(&mut self, lambda: &ast::Lambda, name: Option<Symbol>) -> Lambda {
        let (param, frame) = match lambda.param() {
            Some(ast::Param::IdentParam(ident)) => {
                let text = ident
                    .ident()
                    .map(|i| i.syntax().text().to_string())
                    .unwrap_or_default();
                let symbol = Symbol::intern(text.as_bytes());
                (Param::Ident(symbol), HashMap::from([(symbol, 0)]))
            }
            Some(ast::Param::Pattern(pattern)) => {
                let mut frame = HashMap::new();
                let mut entries = Vec::new();
                let mut defaults = Vec::new();
                for entry in pattern.pat_entries() {
                    let Some(ident) = entry.ident() else { continue };
                    let symbol = Symbol::intern(ident.syntax().text().to_string().as_bytes());
                    let span = self.node_span(ident.syntax());
                    if frame.contains_key(&symbol) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "KC0103",
                                format!("duplicate formal function argument '{symbol}'"),
                            )
                            .with_primary(span, "this argument name is already used"),
                        );
                        continue;
                    }
                    frame.insert(symbol, entries.len() as u32);
                    entries.push((symbol, span));
                    defaults.push(entry.default());
                }
                let at = pattern
                    .pat_bind()
                    .and_then(|bind| bind.ident())
                    .map(|ident| {
                        let symbol = Symbol::intern(ident.syntax().text().to_string().as_bytes());
                        let slot = entries.len() as u32;
                        match frame.entry(symbol) {
                            std::collections::hash_map::Entry::Occupied(_) => {
                                let span = self.node_span(ident.syntax());
                                self.diagnostics.push(
                                    Diagnostic::error(
                                        "KC0103",
                                        format!("duplicate formal function argument '{symbol}'"),
                                    )
                                    .with_primary(
                                        span,
                                        "the @-pattern reuses the name of a formal argument",
                                    ),
                                );
                            }
                            std::collections::hash_map::Entry::Vacant(vacant) => {
                                vacant.insert(slot);
                            }
                        }
                        symbol
                    });
                self.scopes.push(Scope::Frame(frame));
                let formals: Vec<Formal> = entries
                    .into_iter()
                    .zip(defaults)
                    .map(|((name, span), default)| Formal {
                        name,
                        span,
                        default: default.map(|d| self.lower_expr(d)),
                    })
                    .collect();
                let body = self.lower_opt(lambda.body(), lambda.syntax());
                self.scopes.pop();
                let formals = Formals {
                    entries: formals.into(),
                    ellipsis: pattern.ellipsis_token().is_some(),
                    at,
                };
                return Lambda {
                    param: Param::Formals(formals),
                    body,
                    name,
                };
            }
            None => (Param::Ident(Symbol::intern(b"_")), HashMap::new()),
        };
        self.scopes.push(Scope::Frame(frame));
        let body = self.lower_opt(lambda.body(), lambda.syntax());
        self.scopes.pop();
        Lambda { param, body, name }
    }
}

enum StringPart {
    Text(String),
    Interpolation(Option<ast::Expr>),
}

/// The literal segments and interpolations of a string node. Unlike rnix's `Str::parts`, this
/// tolerates the error tokens a malformed string contains (they were reported by the parser).
fn string_parts(string: &ast::Str) -> Vec<StringPart> {
    string
        .syntax()
        .children_with_tokens()
        .filter_map(|child| match child {
            rowan::NodeOrToken::Token(token)
                if token.kind() == SyntaxKind::TOKEN_STRING_CONTENT =>
            {
                Some(StringPart::Text(token.text().to_owned()))
            }
            rowan::NodeOrToken::Token(_) => None,
            rowan::NodeOrToken::Node(node) => {
                ast::Interpol::cast(node).map(|i| StringPart::Interpolation(i.expr()))
            }
        })
        .collect()
}

/// Nix's float grammar: `(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?`.
fn is_nix_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mantissa_end = bytes
        .iter()
        .position(|&b| b == b'e' || b == b'E')
        .unwrap_or(bytes.len());
    let (mantissa, exponent) = bytes.split_at(mantissa_end);
    let Some(dot) = mantissa.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (whole, fraction) = (&mantissa[..dot], &mantissa[dot + 1..]);
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let mantissa_ok = if !whole.is_empty() && whole[0] != b'0' {
        digits(whole) && digits(fraction)
    } else {
        (whole.is_empty() || whole == b"0") && !fraction.is_empty() && digits(fraction)
    };
    let exponent_ok = match exponent.split_first() {
        None => true,
        Some((_, rest)) => {
            let rest = rest
                .strip_prefix(b"+")
                .or_else(|| rest.strip_prefix(b"-"))
                .unwrap_or(rest);
            !rest.is_empty() && digits(rest)
        }
    };
    mantissa_ok && exponent_ok
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line as u32, column as u32)
}

/// Joins a relative path to a directory; exposed for the evaluator's interpolated paths.
pub fn resolve_relative(directory: &str, relative: &str) -> String {
    join_and_normalize(directory, relative)
}
