//! Runtime values, thunks, environments and attribute sets.
//!
//! Values are cheap to clone (reference counted) and single-threaded. Every thunk remembers the
//! span of the expression that produced it and every attribute the span of its key: that is the
//! provenance the checker and policies use to point at the source.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use kc_syntax::hir::{Expr, Lambda};
use kc_syntax::{Span, Symbol};

use crate::builtins::BuiltinId;

pub type Bytes = Rc<[u8]>;

#[derive(Clone)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Bytes),
    Path(Rc<str>),
    Attrs(Rc<Attrs<'a>>),
    List(Rc<[Rc<Thunk<'a>>]>),
    Lambda(Rc<Closure<'a>>),
    PrimOp(Rc<PrimOpApp<'a>>),
}

impl<'a> Value<'a> {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) | Value::PrimOp(_) => "a function",
        }
    }

    /// The name `builtins.typeOf` returns.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) => "lambda",
        }
    }

    pub fn string(bytes: &[u8]) -> Value<'a> {
        Value::String(Rc::from(bytes))
    }

    pub fn is_function(&self) -> bool {
        matches!(self, Value::Lambda(_) | Value::PrimOp(_))
    }

    pub fn empty_attrs() -> Value<'a> {
        Value::Attrs(Rc::new(Attrs::default()))
    }
}

/// A user function and the environment it closes over.
pub struct Closure<'a> {
    pub lambda: &'a Lambda,
    pub span: Span,
    pub env: Rc<Env<'a>>,
}

/// A builtin, possibly partially applied.
pub struct PrimOpApp<'a> {
    pub id: BuiltinId,
    pub args: Vec<Rc<Thunk<'a>>>,
}

/// A lexical environment frame. Slots are filled once; recursive frames fill them after the
/// frame exists, so the thunks inside can refer back to it.
pub struct Env<'a> {
    slots: Slots<'a>,
    pub parent: Option<Rc<Env<'a>>>,
}

/// Most frames are a function's single argument: keep that slot inline (one allocation per
/// call instead of two).
enum Slots<'a> {
    One(OnceCell<Rc<Thunk<'a>>>),
    Many(Box<[OnceCell<Rc<Thunk<'a>>>]>),
}

impl<'a> Env<'a> {
    pub fn new(size: usize, parent: Option<Rc<Env<'a>>>) -> Env<'a> {
        let slots = if size == 1 {
            Slots::One(OnceCell::new())
        } else {
            Slots::Many((0..size).map(|_| OnceCell::new()).collect())
        };
        Env { slots, parent }
    }

    pub fn with_one(thunk: Rc<Thunk<'a>>, parent: Rc<Env<'a>>) -> Env<'a> {
        Env {
            slots: Slots::One(OnceCell::from(thunk)),
            parent: Some(parent),
        }
    }

    fn slot(&self, index: usize) -> Option<&OnceCell<Rc<Thunk<'a>>>> {
        match &self.slots {
            Slots::One(cell) => (index == 0).then_some(cell),
            Slots::Many(cells) => cells.get(index),
        }
    }

    pub fn set(&self, index: usize, thunk: Rc<Thunk<'a>>) {
        // Slots are set exactly once by the code that created the frame.
        if let Some(cell) = self.slot(index) {
            let _ = cell.set(thunk);
        }
    }

    /// The thunk bound `depth` frames up in slot `index`, if it is filled yet.
    pub fn lookup_ref(&self, depth: u32, index: u32) -> Option<&Rc<Thunk<'a>>> {
        let mut env = self;
        for _ in 0..depth {
            env = env.parent.as_deref()?;
        }
        env.slot(index as usize)?.get()
    }

    pub fn lookup(&self, depth: u32, index: u32) -> Option<Rc<Thunk<'a>>> {
        self.lookup_ref(depth, index).cloned()
    }
}

/// What a suspended computation will do when forced.
pub enum Suspended<'a> {
    Expr(&'a Expr, Rc<Env<'a>>),
    /// Apply a function to arguments (lazy `map`, `genList`, `mapAttrs`, ...).
    Call(Value<'a>, Vec<Rc<Thunk<'a>>>),
}

pub enum ThunkState<'a> {
    Pending(Suspended<'a>),
    /// Being evaluated: forcing it again is infinite recursion.
    Blackhole,
    Done(Value<'a>),
}

pub struct Thunk<'a> {
    pub state: RefCell<ThunkState<'a>>,
    /// Where the value was written in the source.
    pub origin: Span,
}

impl<'a> Thunk<'a> {
    pub fn done(value: Value<'a>, origin: Span) -> Rc<Thunk<'a>> {
        Rc::new(Thunk {
            state: RefCell::new(ThunkState::Done(value)),
            origin,
        })
    }

    pub fn pending(expr: &'a Expr, env: Rc<Env<'a>>) -> Rc<Thunk<'a>> {
        Rc::new(Thunk {
            state: RefCell::new(ThunkState::Pending(Suspended::Expr(expr, env))),
            origin: expr.span,
        })
    }

    pub fn call(function: Value<'a>, args: Vec<Rc<Thunk<'a>>>, origin: Span) -> Rc<Thunk<'a>> {
        Rc::new(Thunk {
            state: RefCell::new(ThunkState::Pending(Suspended::Call(function, args))),
            origin,
        })
    }

    /// The value, when already computed.
    pub fn value_if_done(&self) -> Option<Value<'a>> {
        match &*self.state.borrow() {
            ThunkState::Done(value) => Some(value.clone()),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct Attr<'a> {
    pub name: Symbol,
    pub value: Rc<Thunk<'a>>,
    /// The span of the attribute's key where it was defined.
    pub key_span: Span,
}

/// An attribute set: entries sorted by name bytes, unique names.
#[derive(Default)]
pub struct Attrs<'a> {
    pub entries: Vec<Attr<'a>>,
}

impl<'a> Attrs<'a> {
    /// Builds a set from entries in any order; on duplicate names the first one wins.
    pub fn from_unsorted(mut entries: Vec<Attr<'a>>) -> Attrs<'a> {
        entries.sort_by_key(|a| a.name);
        entries.dedup_by(|later, earlier| later.name == earlier.name);
        Attrs { entries }
    }

    pub fn get(&self, name: Symbol) -> Option<&Attr<'a>> {
        self.entries
            .binary_search_by(|a| a.name.cmp(&name))
            .ok()
            .map(|i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `self // other`: a merge of two sorted runs, right side winning.
    pub fn update(&self, other: &Attrs<'a>) -> Attrs<'a> {
        let mut entries = Vec::with_capacity(self.entries.len() + other.entries.len());
        let (mut i, mut j) = (0, 0);
        while i < self.entries.len() && j < other.entries.len() {
            match self.entries[i].name.cmp(&other.entries[j].name) {
                std::cmp::Ordering::Less => {
                    entries.push(self.entries[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    entries.push(other.entries[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    entries.push(other.entries[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        entries.extend_from_slice(&self.entries[i..]);
        entries.extend_from_slice(&other.entries[j..]);
        Attrs { entries }
    }
}
