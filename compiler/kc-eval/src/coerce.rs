//! Coercion of values to strings, for interpolation, path interpolation and `toString`.

use kc_syntax::Span;

use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::{CoerceMode, Evaluator};
use crate::print::format_float_to_string;
use crate::value::Value;

impl<'a> Evaluator<'a> {
    pub fn coerce_to_string(
        &self,
        value: &Value<'a>,
        span: Span,
        mode: CoerceMode,
        out: &mut Vec<u8>,
    ) -> EvalResult<()> {
        let _stack = self.enter_walk(span)?;
        match value {
            Value::String(s) => out.extend_from_slice(s),
            Value::Path(p) => match mode {
                CoerceMode::Interpolation => {
                    return Err(EvalError::new(
                        "KC0213",
                        "interpolating a path into a string would copy it to the Nix store, which kc does not have",
                        span,
                    )
                    .label("this is a path")
                    .note("use `toString ./path` for the path's text, or builtins.readFile for its contents"))
                }
                CoerceMode::PathInterpolation | CoerceMode::ToString => out.extend_from_slice(p.as_bytes()),
            },
            Value::Attrs(attrs) => {
                if let Some(to_string) = attrs.get(kc_syntax::symbol::known::to_string()) {
                    let function = self.force(&to_string.value.clone())?;
                    let result = self.call_values(&function, vec![value.clone()], span)?;
                    return self.coerce_to_string(&result, span, mode, out);
                }
                if let Some(out_path) = attrs.get(kc_syntax::symbol::known::out_path()) {
                    let inner = self.force(&out_path.value.clone())?;
                    return self.coerce_to_string(&inner, span, mode, out);
                }
                return Err(self.cannot_coerce(value, span));
            }
            Value::Int(i) if mode == CoerceMode::ToString => out.extend_from_slice(i.to_string().as_bytes()),
            Value::Float(f) if mode == CoerceMode::ToString => out.extend_from_slice(format_float_to_string(*f).as_bytes()),
            Value::Bool(b) if mode == CoerceMode::ToString => {
                if *b {
                    out.push(b'1')
                }
            }
            Value::Null if mode == CoerceMode::ToString => {}
            Value::List(items) if mode == CoerceMode::ToString => {
                for (index, item) in items.iter().enumerate() {
                    let item = self.force(item)?;
                    self.coerce_to_string(&item, span, mode, out)?;
                    // Nix puts a space after every element but the last, except after an
                    // empty list.
                    let empty_list = matches!(&item, Value::List(inner) if inner.is_empty());
                    if index + 1 < items.len() && !empty_list {
                        out.push(b' ');
                    }
                }
            }
            _ => return Err(self.cannot_coerce(value, span)),
        }
        Ok(())
    }

    fn cannot_coerce(&self, value: &Value<'a>, span: Span) -> Box<EvalError> {
        let mut error = EvalError::new(
            "KC0216",
            format!("cannot coerce {} to a string", value.type_name()),
            span,
        )
        .label("a string is needed here");
        if matches!(value, Value::Int(_) | Value::Float(_) | Value::Bool(_)) {
            error = error.note("use `toString` to turn it into a string");
        }
        error
    }
}
