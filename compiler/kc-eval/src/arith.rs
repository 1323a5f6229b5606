//! Arithmetic: checked 64-bit integers (overflow is an error, as in current Nix), floats, and
//! `+` on strings and paths.

use std::rc::Rc;

use kc_syntax::Span;

use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::Value;

fn overflow(operation: &str, a: i64, b: i64, span: Span) -> Box<EvalError> {
    EvalError::new(
        "KC0209",
        format!("integer overflow in {operation} {a} and {b}"),
        span,
    )
    .label("the result does not fit in a signed 64-bit integer")
    .note("use floats for values this large (e.g. 1.0 * x)")
}

pub fn add<'a>(
    ev: &Evaluator<'a>,
    left: Value<'a>,
    right: Value<'a>,
    span: Span,
    lhs_span: Span,
    rhs_span: Span,
) -> EvalResult<Value<'a>> {
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => a
            .checked_add(b)
            .map(Value::Int)
            .ok_or_else(|| overflow("adding", a, b, span)),
        (Value::Int(a), Value::Float(b)) => Ok(Value::Float(a as f64 + b)),
        (Value::Float(a), Value::Int(b)) => Ok(Value::Float(a + b as f64)),
        (Value::Float(a), Value::Float(b)) => Ok(Value::Float(a + b)),
        (Value::String(a), Value::String(b)) => {
            let mut joined = Vec::with_capacity(a.len() + b.len());
            joined.extend_from_slice(&a);
            joined.extend_from_slice(&b);
            Ok(Value::String(joined.into()))
        }
        (Value::Path(a), Value::String(b)) => {
            let joined = format!("{a}{}", String::from_utf8_lossy(&b));
            Ok(Value::Path(Rc::from(
                kc_syntax::paths::normalize_absolute(&joined).as_str(),
            )))
        }
        (Value::Path(a), Value::Path(b)) => {
            let joined = format!("{a}{b}");
            Ok(Value::Path(Rc::from(
                kc_syntax::paths::normalize_absolute(&joined).as_str(),
            )))
        }
        (Value::String(_), Value::Path(_)) => Err(EvalError::new(
            "KC0213",
            "adding a path to a string would copy it to the Nix store, which kc does not have",
            rhs_span,
        )
        .label("this path")
        .note("use `toString ./path` for the path's text, or builtins.readFile for its contents")),
        (left @ (Value::Int(_) | Value::Float(_)), other) => {
            Err(ev.type_error("a number", &other, rhs_span).label(format!(
                "cannot add {} to {}",
                other.type_name(),
                left.type_name()
            )))
        }
        (Value::String(_) | Value::Path(_), other) => Err(EvalError::new(
            "KC0216",
            format!("cannot coerce {} to a string", other.type_name()),
            rhs_span,
        )
        .label("added to a string here")
        .note("use `toString` to turn it into a string")),
        (other, _) => Err(ev
            .type_error("a number, string or path", &other, lhs_span)
            .label("left operand of `+`")),
    }
}

pub fn sub<'a>(
    ev: &Evaluator<'a>,
    left: Value<'a>,
    right: Value<'a>,
    span: Span,
    operand_span: Span,
) -> EvalResult<Value<'a>> {
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => a
            .checked_sub(b)
            .map(Value::Int)
            .ok_or_else(|| overflow("subtracting", a, b, span)),
        (Value::Int(a), Value::Float(b)) => Ok(Value::Float(a as f64 - b)),
        (Value::Float(a), Value::Int(b)) => Ok(Value::Float(a - b as f64)),
        (Value::Float(a), Value::Float(b)) => Ok(Value::Float(a - b)),
        (Value::Int(_) | Value::Float(_), other) => {
            Err(ev.type_error("a number", &other, operand_span))
        }
        (other, _) => Err(ev.type_error("a number", &other, span)),
    }
}

pub fn mul<'a>(
    ev: &Evaluator<'a>,
    left: Value<'a>,
    right: Value<'a>,
    span: Span,
) -> EvalResult<Value<'a>> {
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => a
            .checked_mul(b)
            .map(Value::Int)
            .ok_or_else(|| overflow("multiplying", a, b, span)),
        (Value::Int(a), Value::Float(b)) => Ok(Value::Float(a as f64 * b)),
        (Value::Float(a), Value::Int(b)) => Ok(Value::Float(a * b as f64)),
        (Value::Float(a), Value::Float(b)) => Ok(Value::Float(a * b)),
        (Value::Int(_) | Value::Float(_), other) | (other, _) => {
            Err(ev.type_error("a number", &other, span))
        }
    }
}

pub fn div<'a>(
    ev: &Evaluator<'a>,
    left: Value<'a>,
    right: Value<'a>,
    span: Span,
    divisor_span: Span,
) -> EvalResult<Value<'a>> {
    let zero = matches!(right, Value::Int(0)) || matches!(right, Value::Float(f) if f == 0.0);
    let is_number = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_));
    if zero && is_number(&left) {
        return Err(
            EvalError::new("KC0208", "division by zero", divisor_span).label("this is zero")
        );
    }
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => a
            .checked_div(b)
            .map(Value::Int)
            .ok_or_else(|| overflow("dividing", a, b, span)),
        (Value::Int(a), Value::Float(b)) => Ok(Value::Float(a as f64 / b)),
        (Value::Float(a), Value::Int(b)) => Ok(Value::Float(a / b as f64)),
        (Value::Float(a), Value::Float(b)) => Ok(Value::Float(a / b)),
        (Value::Int(_) | Value::Float(_), other) | (other, _) => {
            Err(ev.type_error("a number", &other, span))
        }
    }
}
