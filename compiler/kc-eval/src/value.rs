//! Runtime values, thunks, environments and attribute sets.
//!
//! Values are cheap to clone (reference counted) and single-threaded. Every thunk remembers the
//! span of the expression that produced it and every attribute the span of its key: that is the
//! provenance the checker and policies use to point at the source.

use std::cell::{Cell, OnceCell, RefCell};
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
    /// Boxed so that a thunk stays small: most thunks are expressions or values.
    Call(Box<(Value<'a>, Vec<Rc<Thunk<'a>>>)>),
}

pub enum ThunkState<'a> {
    Pending(Suspended<'a>),
    /// Being evaluated: forcing it again is infinite recursion.
    Blackhole,
    Done(Value<'a>),
}

pub struct Thunk<'a> {
    pub state: RefCell<ThunkState<'a>>,
    /// Where the value was written in the source: first the expression that made the thunk;
    /// once forced, the expression that actually produced the value (through variables,
    /// selections, `or`, `if`, `let`, `with`), so a field set from `values.port` points at
    /// where `port` was written.
    origin: Cell<Span>,
}

impl<'a> Thunk<'a> {
    pub fn done(value: Value<'a>, origin: Span) -> Rc<Thunk<'a>> {
        Rc::new(Thunk {
            state: RefCell::new(ThunkState::Done(value)),
            origin: Cell::new(origin),
        })
    }

    pub fn pending(expr: &'a Expr, env: Rc<Env<'a>>) -> Rc<Thunk<'a>> {
        Rc::new(Thunk {
            state: RefCell::new(ThunkState::Pending(Suspended::Expr(expr, env))),
            origin: Cell::new(expr.span),
        })
    }

    pub fn call(function: Value<'a>, args: Vec<Rc<Thunk<'a>>>, origin: Span) -> Rc<Thunk<'a>> {
        Rc::new(Thunk {
            state: RefCell::new(ThunkState::Pending(Suspended::Call(Box::new((
                function, args,
            ))))),
            origin: Cell::new(origin),
        })
    }

    pub fn origin(&self) -> Span {
        self.origin.get()
    }

    /// Records where the value actually came from (see the field).
    pub fn set_origin(&self, origin: Span) {
        self.origin.set(origin);
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

/// An attribute set: unique names, iterated in name order.
///
/// `a // b` with a small `b` does not copy `a`: it makes a layer holding `b`'s entries on top
/// of a shared `a` (as long as layers stay shallow), so folding overrides over a large set
/// costs memory in proportion to the overrides. Iteration flattens a layered set once and
/// caches the result.
#[derive(Default)]
pub struct Attrs<'a> {
    /// Entries of this layer, sorted by name, unique.
    own: Vec<Attr<'a>>,
    /// The set this layer overrides, if any.
    base: Option<Rc<Attrs<'a>>>,
    /// Number of distinct names in the whole set.
    len: usize,
    /// Number of layers below this one.
    depth: u16,
    /// The flattened entries of a layered set, computed on first iteration.
    flat: OnceCell<Vec<Attr<'a>>>,
}

/// Deepest stack of `//` layers before a merge copies instead.
const MAX_LAYERS: u16 = 12;

impl<'a> Attrs<'a> {
    /// Builds a set from entries already sorted by name with unique names.
    pub fn from_sorted(entries: Vec<Attr<'a>>) -> Attrs<'a> {
        debug_assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
        Attrs {
            len: entries.len(),
            own: entries,
            ..Attrs::default()
        }
    }

    /// Builds a set from entries in any order; on duplicate names the first one wins.
    pub fn from_unsorted(mut entries: Vec<Attr<'a>>) -> Attrs<'a> {
        entries.sort_by_key(|a| a.name);
        entries.dedup_by(|later, earlier| later.name == earlier.name);
        Attrs::from_sorted(entries)
    }

    pub fn get(&self, name: Symbol) -> Option<&Attr<'a>> {
        let mut layer = self;
        loop {
            // Names are interned, so equality is a pointer comparison: scanning a small set
            // beats a binary search that compares bytes at every probe.
            if layer.own.len() <= 8 {
                if let Some(attr) = layer.own.iter().find(|a| a.name == name) {
                    return Some(attr);
                }
            } else if let Ok(i) = layer.own.binary_search_by(|a| a.name.cmp(&name)) {
                return Some(&layer.own[i]);
            }
            layer = layer.base.as_deref()?;
        }
    }

    /// All entries in name order.
    pub fn entries(&self) -> &[Attr<'a>] {
        match &self.base {
            None => &self.own,
            Some(_) => self.flat.get_or_init(|| self.flatten()),
        }
    }

    /// The merged entries of all layers, without caching anything in the layers below (their
    /// copies would cost as much memory as the layering saves).
    fn flatten(&self) -> Vec<Attr<'a>> {
        let mut layers: Vec<&Attrs<'a>> = vec![self];
        let mut bottom: &[Attr<'a>] = &[];
        let mut current = self.base.as_deref();
        while let Some(layer) = current {
            match (layer.flat.get(), &layer.base) {
                (Some(flat), _) => {
                    bottom = flat;
                    break;
                }
                (None, None) => {
                    bottom = &layer.own;
                    break;
                }
                (None, Some(_)) => {
                    layers.push(layer);
                    current = layer.base.as_deref();
                }
            }
        }
        let mut merged = bottom.to_vec();
        for layer in layers.iter().rev() {
            merged = merge_sorted(&merged, &layer.own);
        }
        merged
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `base // other`, right side winning.
    pub fn update(base: &Rc<Attrs<'a>>, other: &Attrs<'a>) -> Attrs<'a> {
        if base.depth < MAX_LAYERS && other.len() * 4 <= base.len() {
            let own = other.entries().to_vec();
            let shadowed = own.iter().filter(|a| base.get(a.name).is_some()).count();
            return Attrs {
                len: base.len() + own.len() - shadowed,
                own,
                base: Some(base.clone()),
                depth: base.depth + 1,
                flat: OnceCell::new(),
            };
        }
        let base_entries = match (&base.base, base.flat.get()) {
            (None, _) => merge_sorted(&base.own, other.entries()),
            (Some(_), Some(flat)) => merge_sorted(flat, other.entries()),
            (Some(_), None) => merge_sorted(&base.flatten(), other.entries()),
        };
        Attrs::from_sorted(base_entries)
    }
}

/// Merges two sorted runs of entries; on equal names the right one wins.
fn merge_sorted<'a>(left: &[Attr<'a>], right: &[Attr<'a>]) -> Vec<Attr<'a>> {
    let mut entries = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        match left[i].name.cmp(&right[j].name) {
            std::cmp::Ordering::Less => {
                entries.push(left[i].clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                entries.push(right[j].clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                entries.push(right[j].clone());
                i += 1;
                j += 1;
            }
        }
    }
    entries.extend_from_slice(&left[i..]);
    entries.extend_from_slice(&right[j..]);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layered_updates_agree_with_flat_merges() {
        let span = Span::new(kc_syntax::FileId(0), Default::default());
        let attr = |name: &str, value: i64| Attr {
            name: Symbol::intern(name.as_bytes()),
            value: Thunk::done(Value::Int(value), span),
            key_span: span,
        };
        let mut set = Rc::new(Attrs::from_unsorted(
            (0..40).map(|i| attr(&format!("k{i}"), i)).collect(),
        ));
        for round in 0..30 {
            let overrides = Attrs::from_unsorted(vec![
                attr(&format!("k{}", round * 3), -1),
                attr(&format!("new{round}"), round),
            ]);
            set = Rc::new(Attrs::update(&set, &overrides));
        }
        assert_eq!(set.len(), set.entries().len());
        assert!(set.entries().windows(2).all(|w| w[0].name < w[1].name));
        let k3 = set
            .get(Symbol::intern(b"k3"))
            .and_then(|a| a.value.value_if_done());
        assert!(matches!(k3, Some(Value::Int(-1))));
        assert!(set.get(Symbol::intern(b"new29")).is_some());
        assert!(set.get(Symbol::intern(b"absent")).is_none());
    }

    #[test]
    fn values_and_thunks_stay_small() {
        // Attribute entries and thunks dominate memory; keep them from growing unnoticed.
        assert!(std::mem::size_of::<Value<'static>>() <= 24);
        assert!(std::mem::size_of::<Attr<'static>>() <= 32);
        assert!(
            std::mem::size_of::<Thunk<'static>>() <= 64,
            "{}",
            std::mem::size_of::<Thunk<'static>>()
        );
    }
}
