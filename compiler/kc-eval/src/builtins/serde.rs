//! JSON and TOML conversion.

use std::rc::Rc;

use kc_syntax::Symbol;

use super::{string, Call};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

pub fn to_json<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let value = ev.force(&args[0])?;
    Ok(Value::string(&crate::print::to_json(
        ev, &value, call.span,
    )?))
}

pub fn from_json<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let text = string(ev, &args[0], call)?;
    let text = integer_negative_zero_as_zero(&text);
    let parsed: serde_json::Value = serde_json::from_slice(&text).map_err(|error| {
        EvalError::new("KC0215", format!("invalid JSON: {error}"), call.span)
            .label("in this call of builtins.fromJSON")
    })?;
    Ok(json_to_value(parsed, call))
}

/// serde_json reads the integer `-0` as the float `-0.0`; Nix reads it as the integer 0. The
/// text is rewritten (outside strings) so that `-0` followed by no fraction or exponent is `0`.
fn integer_negative_zero_as_zero(text: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !text.windows(2).any(|w| w == b"-0") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut index = 0;
    while index < text.len() {
        let byte = text[index];
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b'-'
            && text.get(index + 1) == Some(&b'0')
            && !matches!(text.get(index + 2), Some(b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            // Drop the sign of an integer zero.
            index += 1;
            continue;
        }
        out.push(byte);
        index += 1;
    }
    std::borrow::Cow::Owned(out)
}

pub fn json_to_value<'a>(json: serde_json::Value, call: Call) -> Value<'a> {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::string(s.as_bytes()),
        serde_json::Value::Array(items) => Value::List(
            items
                .into_iter()
                .map(|i| Thunk::done(json_to_value(i, call), call.span))
                .collect::<Vec<_>>()
                .into(),
        ),
        serde_json::Value::Object(map) => {
            let entries = map
                .into_iter()
                .map(|(k, v)| Attr {
                    name: Symbol::intern(k.as_bytes()),
                    value: Thunk::done(json_to_value(v, call), call.span),
                    key_span: call.span,
                })
                .collect();
            Value::Attrs(Rc::new(Attrs::from_unsorted(entries)))
        }
    }
}

pub fn from_toml<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let text = string(ev, &args[0], call)?;
    let text = String::from_utf8_lossy(&text);
    let parsed: toml::Table = text.parse().map_err(|error: toml::de::Error| {
        EvalError::new(
            "KC0215",
            format!("invalid TOML: {}", error.message()),
            call.span,
        )
        .label("in this call of builtins.fromTOML")
    })?;
    toml_to_value(toml::Value::Table(parsed), call)
}

fn toml_to_value<'a>(value: toml::Value, call: Call) -> EvalResult<Value<'a>> {
    Ok(match value {
        toml::Value::String(s) => Value::string(s.as_bytes()),
        toml::Value::Integer(i) => Value::Int(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => {
            return Err(EvalError::new(
                "KC0215",
                format!("TOML dates are not supported ({d})"),
                call.span,
            )
            .label("in this call of builtins.fromTOML")
            .note("quote the date to read it as a string"))
        }
        toml::Value::Array(items) => {
            let items: Vec<Rc<Thunk<'a>>> = items
                .into_iter()
                .map(|i| Ok(Thunk::done(toml_to_value(i, call)?, call.span)))
                .collect::<EvalResult<_>>()?;
            Value::List(items.into())
        }
        toml::Value::Table(table) => {
            let mut entries = Vec::with_capacity(table.len());
            for (k, v) in table {
                entries.push(Attr {
                    name: Symbol::intern(k.as_bytes()),
                    value: Thunk::done(toml_to_value(v, call)?, call.span),
                    key_span: call.span,
                });
            }
            Value::Attrs(Rc::new(Attrs::from_unsorted(entries)))
        }
    })
}
