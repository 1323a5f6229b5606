//! The lowered, scope-resolved expression tree that the evaluator walks.
//!
//! Lowering has already merged nested attribute paths, rejected duplicates, stripped indented
//! strings, resolved path literals and bound every variable to a slot in an environment frame
//! (`Var`) or to a dynamic `with` lookup (`WithVar`). Every node keeps its span.

use crate::span::Span;
use crate::symbol::Symbol;

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub span: Span,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    /// A string without interpolation.
    Str(Box<[u8]>),
    /// An absolute, lexically normalised path (`./a` already joined to the file's directory).
    Path(Box<str>),
    /// A string with interpolations: the parts are concatenated after coercing each to a string.
    Interpolated(Box<[StrPart]>),
    /// A path literal with interpolations, like `./conf/${name}.yaml`.
    InterpolatedPath(Box<[StrPart]>),
    /// A variable bound in an enclosing frame: `depth` frames up, slot `index`.
    Var {
        name: Symbol,
        depth: u32,
        index: u32,
    },
    /// A name from the global scope (`builtins`, `map`, `true`, ...).
    Global(Symbol),
    /// A name not bound lexically, looked up in the enclosing `with` namespaces, innermost first.
    /// Each entry is the depth of a `with` frame relative to the current frame.
    WithVar {
        name: Symbol,
        with_depths: Box<[u32]>,
    },
    List(Box<[Expr]>),
    Attrs(Box<AttrsExpr>),
    Let(Box<LetExpr>),
    Lambda(Box<Lambda>),
    Apply(Box<Expr>, Box<Expr>),
    Select {
        target: Box<Expr>,
        path: Box<[AttrName]>,
        default: Option<Box<Expr>>,
    },
    HasAttr {
        target: Box<Expr>,
        path: Box<[AttrName]>,
    },
    If(Box<[Expr; 3]>),
    Assert(Box<[Expr; 2]>),
    /// `with ns; body`: `body` runs in a new frame whose only slot holds `ns`.
    With(Box<[Expr; 2]>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<[Expr; 2]>),
    /// `__curPos`: evaluates to `{ file, line, column }` of this expression.
    CurPos {
        line: u32,
        column: u32,
    },
    /// A construct that lowering already reported as an error; evaluating it fails.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Negate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    Update,
    Eq,
    NotEq,
    Less,
    LessOrEq,
    More,
    MoreOrEq,
    And,
    Or,
    Implication,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    Literal(Box<[u8]>),
    Interpolation(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AttrName {
    Static(Symbol, Span),
    Dynamic(Expr),
}

/// An attribute set literal. A `recursive` set pushes a frame whose slots are its static
/// attributes, in order; `inherit (e) x` has been desugared to `x = e.x`.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrsExpr {
    pub recursive: bool,
    pub statics: Box<[AttrDef]>,
    pub dynamics: Box<[DynamicAttr]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttrDef {
    pub name: Symbol,
    pub key_span: Span,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DynamicAttr {
    pub name: Expr,
    pub value: Expr,
}

/// `let` bindings: the frame holds the bindings in order.
#[derive(Debug, Clone, PartialEq)]
pub struct LetExpr {
    pub bindings: Box<[AttrDef]>,
    pub body: Expr,
}

/// A function. Its frame holds the plain argument, or the formals in order followed by the
/// `@` binding when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Lambda {
    pub param: Param,
    pub body: Expr,
    /// The name the function was bound to, for traces (`f = x: ...`).
    pub name: Option<Symbol>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Ident(Symbol),
    Formals(Formals),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Formals {
    pub entries: Box<[Formal]>,
    pub ellipsis: bool,
    pub at: Option<Symbol>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Formal {
    pub name: Symbol,
    pub span: Span,
    pub default: Option<Expr>,
}

impl Formals {
    pub fn frame_size(&self) -> usize {
        self.entries.len() + usize::from(self.at.is_some())
    }
}
