//! Interned attribute and variable names.
//!
//! A `Symbol` is a pointer to a leaked, interned byte string: equality and hashing are pointer
//! operations, and reading the bytes back needs no lock. Names are never freed; the set of
//! distinct names in a program is small, so this trades a bounded leak for speed.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

#[derive(Clone, Copy)]
pub struct Symbol(&'static [u8]);

fn interner() -> &'static Mutex<HashSet<&'static [u8]>> {
    static INTERNER: OnceLock<Mutex<HashSet<&'static [u8]>>> = OnceLock::new();
    INTERNER.get_or_init(|| Mutex::new(HashSet::new()))
}

impl Symbol {
    pub fn intern(bytes: &[u8]) -> Symbol {
        // A poisoned lock only means another thread panicked while inserting; the set itself
        // is still consistent, so keep using it.
        let mut set = interner()
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(existing) = set.get(bytes) {
            return Symbol(existing);
        }
        let leaked: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        set.insert(leaked);
        Symbol(leaked)
    }

    pub fn as_bytes(self) -> &'static [u8] {
        self.0
    }

    /// The name as text; names that are not UTF-8 are shown with replacement characters.
    pub fn as_str_lossy(self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.0)
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        std::ptr::eq(self.0.as_ptr(), other.0.as_ptr()) && self.0.len() == other.0.len()
    }
}

impl Eq for Symbol {}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0.as_ptr() as usize).hash(state)
    }
}

/// Symbols order by their bytes, which is the order Nix uses for attribute names.
impl Ord for Symbol {
    fn cmp(&self, other: &Symbol) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(other.0)
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
