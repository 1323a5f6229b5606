//! Interned attribute and variable names.
//!
//! A `Symbol` is a thin pointer to a leaked, interned byte string: equality and hashing are
//! pointer operations, reading the bytes back needs no lock, and it is one word wide (attribute
//! entries are the bulk of a program's memory). Names are never freed; the set of distinct
//! names in a program is small, so this trades a bounded leak for speed.

use std::fmt;
use std::sync::{Mutex, OnceLock};

#[derive(Clone, Copy)]
pub struct Symbol(&'static SymbolData);

struct SymbolData {
    bytes: Box<[u8]>,
}

type Interner = rustc_hash::FxHashMap<&'static [u8], &'static SymbolData>;

fn interner() -> &'static Mutex<Interner> {
    static INTERNER: OnceLock<Mutex<Interner>> = OnceLock::new();
    INTERNER.get_or_init(|| Mutex::new(Interner::default()))
}

impl Symbol {
    pub fn intern(bytes: &[u8]) -> Symbol {
        // A poisoned lock only means another thread panicked while inserting; the map itself
        // is still consistent, so keep using it.
        let mut map = interner()
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(existing) = map.get(bytes) {
            return Symbol(existing);
        }
        let data: &'static SymbolData = Box::leak(Box::new(SymbolData {
            bytes: bytes.into(),
        }));
        map.insert(&data.bytes, data);
        Symbol(data)
    }

    pub fn as_bytes(self) -> &'static [u8] {
        &self.0.bytes
    }

    /// The name as text; names that are not UTF-8 are shown with replacement characters.
    pub fn as_str_lossy(self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
}

/// Names the evaluator looks up often, interned once.
pub mod known {
    use super::Symbol;
    use std::sync::OnceLock;

    macro_rules! known_symbols {
        ($($function:ident = $text:literal),* $(,)?) => {
            $(
                pub fn $function() -> Symbol {
                    static SYMBOL: OnceLock<Symbol> = OnceLock::new();
                    *SYMBOL.get_or_init(|| Symbol::intern($text))
                }
            )*
        };
    }

    known_symbols! {
        functor = b"__functor",
        to_string = b"__toString",
        out_path = b"outPath",
        type_ = b"type",
        name = b"name",
        value = b"value",
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Symbol {}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0 as *const SymbolData as usize).hash(state)
    }
}

/// Symbols order by their bytes, which is the order Nix uses for attribute names.
impl Ord for Symbol {
    fn cmp(&self, other: &Symbol) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Symbol) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str_lossy())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str_lossy())
    }
}

#[cfg(test)]
mod tests {
    use super::Symbol;

    #[test]
    fn interning_is_idempotent_and_orders_by_bytes() {
        let a = Symbol::intern(b"apple");
        let b = Symbol::intern(b"banana");
        assert_eq!(a, Symbol::intern(b"apple"));
        assert_ne!(a, b);
        assert!(a < b);
        assert_eq!(b.as_bytes(), b"banana");
    }
}
