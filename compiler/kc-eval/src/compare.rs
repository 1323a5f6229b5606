//! Equality and ordering with Nix's rules: `1 == 1.0`, functions are never equal (except the
//! very same thunk inside a list or set), lists and sets compare deeply, `<` orders numbers,
//! strings, paths and lists.

use std::rc::Rc;

use kc_syntax::Span;

use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::{Thunk, Value};

impl<'a> Evaluator<'a> {
    pub fn values_equal(&self, a: &Value<'a>, b: &Value<'a>, span: Span) -> EvalResult<bool> {
        let _guard = self.enter_walk(span)?;
        Ok(match (a, b) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
                (*x as f64) == *y
            }
            (Value::String(x), Value::String(y)) => x == y,
            (Value::Path(x), Value::Path(y)) => x == y,
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !self.thunks_equal(p, q, span)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                // Derivations compare by output path; kc has none, but sets that carry an
                // `outPath` follow the same rule.
                let out_path = kc_syntax::symbol::known::out_path();
                let is_derivation = |attrs: &crate::value::Attrs<'a>| -> EvalResult<bool> {
                    match attrs.get(kc_syntax::symbol::known::type_()) {
                        Some(t) => Ok(
                            matches!(self.force(&t.value.clone())?, Value::String(s) if &*s == b"derivation"),
                        ),
                        None => Ok(false),
                    }
                };
                if is_derivation(x)? && is_derivation(y)? {
                    if let (Some(p), Some(q)) = (x.get(out_path), y.get(out_path)) {
                        return self.thunks_equal(&p.value.clone(), &q.value.clone(), span);
                    }
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.entries().iter().zip(y.entries().iter()) {
                    if p.name != q.name {
                        return Ok(false);
                    }
                }
                for (p, q) in x.entries().iter().zip(y.entries().iter()) {
                    if !self.thunks_equal(&p.value, &q.value, span)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        })
    }

    fn thunks_equal(&self, a: &Rc<Thunk<'a>>, b: &Rc<Thunk<'a>>, span: Span) -> EvalResult<bool> {
        if Rc::ptr_eq(a, b) {
            // Nix compares the same value slot as equal without looking at it (even functions),
            // but it still forces it.
            self.force(a)?;
            return Ok(true);
        }
        let x = self.force(a)?;
        let y = self.force(b)?;
        self.values_equal(&x, &y, span)
    }

    pub fn less_than(&self, a: &Value<'a>, b: &Value<'a>, span: Span) -> EvalResult<bool> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Ok(x < y),
            (Value::Float(x), Value::Float(y)) => Ok(x < y),
            (Value::Int(x), Value::Float(y)) => Ok((*x as f64) < *y),
            (Value::Float(x), Value::Int(y)) => Ok(*x < (*y as f64)),
            (Value::String(x), Value::String(y)) => Ok(x < y),
            (Value::Path(x), Value::Path(y)) => Ok(x < y),
            (Value::List(x), Value::List(y)) => {
                let _guard = self.enter_walk(span)?;
                for (p, q) in x.iter().zip(y.iter()) {
                    let p = self.force(p)?;
                    let q = self.force(q)?;
                    if !self.values_equal(&p, &q, span)? {
                        return self.less_than(&p, &q, span);
                    }
                }
                Ok(x.len() < y.len())
            }
            _ => Err(EvalError::new(
                "KC0218",
                format!("cannot compare {} with {}", a.type_name(), b.type_name()),
                span,
            )
            .label("these values have no order")
            .note("`<` orders numbers, strings, paths and lists")),
        }
    }
}
