//! Printers: the `nix-instantiate --eval --strict` format, JSON (`--json`, `builtins.toJSON`),
//! and Nix's three ways of writing a float.

use std::collections::HashSet;
use std::io::Write;
use std::rc::Rc;

use kc_syntax::{Span, Symbol};

use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::Value;

/// Prints a fully forced value the way `nix-instantiate --eval --strict` does.
pub fn print_nix<'a>(ev: &Evaluator<'a>, value: &Value<'a>, span: Span) -> EvalResult<Vec<u8>> {
    let mut out = Output::memory();
    let mut seen = HashSet::new();
    print_nix_into(ev, value, span, &mut out, &mut seen)?;
    Ok(out.into_bytes())
}

/// Prints like [`print_nix`] straight into `sink`, in chunks. The value must already be forced
/// deeply (as `--strict` does), so nothing fails half-way through the output.
pub fn print_nix_to<'a>(
    ev: &Evaluator<'a>,
    value: &Value<'a>,
    span: Span,
    sink: &mut dyn Write,
) -> EvalResult<std::io::Result<()>> {
    let mut out = Output::streaming(sink);
    let mut seen = HashSet::new();
    print_nix_into(ev, value, span, &mut out, &mut seen)?;
    Ok(out.finish())
}

/// Prints like [`to_json`] straight into `sink`; see [`print_nix_to`].
pub fn to_json_to<'a>(
    ev: &Evaluator<'a>,
    value: &Value<'a>,
    span: Span,
    sink: &mut dyn Write,
) -> EvalResult<std::io::Result<()>> {
    let mut out = Output::streaming(sink);
    to_json_into(ev, value, span, &mut out)?;
    Ok(out.finish())
}

/// Where printers write: a growing buffer, or a buffer flushed to a sink in chunks so that
/// printing 30 MB of JSON does not hold 30 MB (and the buffer's doubling) in memory.
pub struct Output<'w> {
    bytes: Vec<u8>,
    sink: Option<&'w mut dyn Write>,
    error: Option<std::io::Error>,
}

const CHUNK: usize = 1 << 16;

impl<'w> Output<'w> {
    pub fn memory() -> Output<'static> {
        Output {
            bytes: Vec::new(),
            sink: None,
            error: None,
        }
    }

    pub fn streaming(sink: &'w mut dyn Write) -> Output<'w> {
        Output {
            bytes: Vec::with_capacity(CHUNK * 2),
            sink: Some(sink),
            error: None,
        }
    }

    pub fn push(&mut self, byte: u8) {
        self.bytes.push(byte);
        self.maybe_flush();
    }

    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        self.maybe_flush();
    }

    fn maybe_flush(&mut self) {
        if self.bytes.len() < CHUNK {
            return;
        }
        if let Some(sink) = &mut self.sink {
            if self.error.is_none() {
                if let Err(error) = sink.write_all(&self.bytes) {
                    self.error = Some(error);
                }
            }
            self.bytes.clear();
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        if let Some(sink) = &mut self.sink {
            sink.write_all(&self.bytes)?;
            sink.flush()?;
        }
        Ok(())
    }
}

fn print_nix_into<'a>(
    ev: &Evaluator<'a>,
    value: &Value<'a>,
    span: Span,
    out: &mut Output<'_>,
    seen: &mut HashSet<usize>,
) -> EvalResult<()> {
    let _guard = ev.enter_walk(span)?;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Value::Float(f) => out.extend_from_slice(format_float_g6(*f).as_bytes()),
        Value::String(s) => write_nix_string(s, out),
        Value::Path(p) => out.extend_from_slice(p.as_bytes()),
        Value::Attrs(attrs) => {
            // Nix 2.8 prints a non-empty set it has already printed as «repeated».
            if !attrs.is_empty() && !seen.insert(Rc::as_ptr(attrs) as usize) {
                out.extend_from_slice("«repeated»".as_bytes());
                return Ok(());
            }
            out.extend_from_slice(b"{ ");
            for attr in attrs.entries() {
                write_attr_name(attr.name, out);
                out.extend_from_slice(b" = ");
                let item = ev.force(&attr.value)?;
                print_item(ev, &attr.value, &item, out, seen)?;
                out.extend_from_slice(b"; ");
            }
            out.push(b'}');
        }
        Value::List(items) => {
            out.extend_from_slice(b"[ ");
            for item in items.iter() {
                let forced = ev.force(item)?;
                print_item(ev, item, &forced, out, seen)?;
                out.push(b' ');
            }
            out.push(b']');
        }
        Value::Lambda(_) => out.extend_from_slice(b"<LAMBDA>"),
        Value::PrimOp(primop) => out.extend_from_slice(if primop.args.is_empty() {
            b"<PRIMOP>"
        } else {
            b"<PRIMOP-APP>"
        }),
    }
    Ok(())
}

/// Prints an element of a set or list. Nix 2.8 identifies a repeated list by the value slot
/// holding it (our thunk), a repeated set by its attribute storage.
fn print_item<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<crate::value::Thunk<'a>>,
    value: &Value<'a>,
    out: &mut Output<'_>,
    seen: &mut HashSet<usize>,
) -> EvalResult<()> {
    if matches!(value, Value::List(items) if !items.is_empty())
        && !seen.insert(Rc::as_ptr(thunk) as usize)
    {
        out.extend_from_slice("«repeated»".as_bytes());
        return Ok(());
    }
    print_nix_into(ev, value, thunk.origin(), out, seen)
}

fn write_attr_name(name: Symbol, out: &mut Output<'_>) {
    let bytes = name.as_bytes();
    let is_identifier = match bytes.split_first() {
        Some((first, rest)) => {
            (first.is_ascii_alphabetic() || *first == b'_')
                && rest
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-'))
        }
        None => false,
    };
    if is_identifier && bytes != b"if" {
        out.extend_from_slice(bytes);
    } else {
        write_nix_string(bytes, out);
    }
}

pub fn write_nix_string(bytes: &[u8], out: &mut Output<'_>) {
    out.push(b'"');
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if bytes.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            other => out.push(other),
        }
        i += 1;
    }
    out.push(b'"');
}

/// Serialises a value as JSON, forcing it deeply (`builtins.toJSON`, `--json`).
pub fn to_json<'a>(ev: &Evaluator<'a>, value: &Value<'a>, span: Span) -> EvalResult<Vec<u8>> {
    let mut out = Output::memory();
    to_json_into(ev, value, span, &mut out)?;
    Ok(out.into_bytes())
}

fn to_json_into<'a>(
    ev: &Evaluator<'a>,
    value: &Value<'a>,
    span: Span,
    out: &mut Output<'_>,
) -> EvalResult<()> {
    let _guard = ev.enter_walk(span)?;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => {
            out.extend_from_slice(i.to_string().as_bytes());
        }
        Value::Float(f) => out.extend_from_slice(format_float_json(*f).as_bytes()),
        Value::String(s) => write_json_bytes(s, out),
        Value::Path(_) => {
            return Err(EvalError::new(
                "KC0213",
                "a path cannot be converted to JSON: Nix would copy it to the store, which kc does not have",
                span,
            )
            .label("this value is a path")
            .note("use `toString ./path` for the path's text"))
        }
        Value::Attrs(attrs) => {
            if attrs.get(kc_syntax::symbol::known::to_string()).is_some() {
                let mut text = Vec::new();
                ev.coerce_to_string(value, span, crate::eval::CoerceMode::Interpolation, &mut text)?;
                write_json_bytes(&text, out);
                return Ok(());
            }
            if let Some(out_path) = attrs.get(kc_syntax::symbol::known::out_path()) {
                let inner = ev.force(&out_path.value.clone())?;
                return to_json_into(ev, &inner, out_path.value.origin(), out);
            }
            out.push(b'{');
            for (index, attr) in attrs.entries().iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_json_bytes(attr.name.as_bytes(), out);
                out.push(b':');
                ev.with_forced(&attr.value, |item| {
                    to_json_into(ev, item, attr.value.origin(), out)
                })?;
            }
            out.push(b'}');
        }
        Value::List(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                ev.with_forced(item, |forced| to_json_into(ev, forced, item.origin(), out))?;
            }
            out.push(b']');
        }
        Value::Lambda(_) | Value::PrimOp(_) => {
            return Err(EvalError::new("KC0217", "cannot convert a function to JSON", span).label("this value is a function"))
        }
    }
    Ok(())
}

/// Writes a JSON string literal. Valid UTF-8 is copied as is apart from the escapes JSON needs;
/// other bytes are replaced (JSON text must be Unicode).
pub fn write_json_bytes(bytes: &[u8], out: &mut Output<'_>) {
    let lossy;
    // ASCII (the common case) is checked much faster than general UTF-8.
    let bytes = if bytes.is_ascii() || std::str::from_utf8(bytes).is_ok() {
        bytes
    } else {
        lossy = String::from_utf8_lossy(bytes).into_owned();
        lossy.as_bytes()
    };
    out.push(b'"');
    // Copy runs that need no escape in one go; most strings are a single run.
    let mut rest = bytes;
    while let Some(index) = rest
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
    {
        out.extend_from_slice(&rest[..index]);
        match rest[index] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            other => out.extend_from_slice(format!("\\u{other:04x}").as_bytes()),
        }
        rest = &rest[index + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// C's `%g` with 6 significant digits, as C++ streams print doubles (Nix's value printer).
pub fn format_float_g6(value: f64) -> String {
    if value.is_nan() {
        return if value.is_sign_negative() {
            "-nan".to_owned()
        } else {
            "nan".to_owned()
        };
    }
    if value.is_infinite() {
        return if value < 0.0 {
            "-inf".to_owned()
        } else {
            "inf".to_owned()
        };
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0".to_owned()
        } else {
            "0".to_owned()
        };
    }
    let precision = 6i32;
    // Round to `precision` significant digits first: the exponent of the rounded value decides
    // between fixed and scientific notation.
    let scientific = format!("{:.*e}", (precision - 1) as usize, value);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if exponent < -4 || exponent >= precision {
        let mantissa = trim_fraction_zeros(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    } else {
        let decimals = (precision - 1 - exponent).max(0) as usize;
        trim_fraction_zeros(&format!("{value:.decimals$}")).to_owned()
    }
}

fn trim_fraction_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

/// `toString` of a float: C++ `std::to_string`, i.e. `%f`.
pub fn format_float_to_string(value: f64) -> String {
    if value.is_nan() {
        return if value.is_sign_negative() {
            "-nan".to_owned()
        } else {
            "nan".to_owned()
        };
    }
    if value.is_infinite() {
        return if value < 0.0 {
            "-inf".to_owned()
        } else {
            "inf".to_owned()
        };
    }
    format!("{value:.6}")
}

/// JSON floats as current Nix writes them (nlohmann-json): the shortest representation that
/// reads back to the same double, `.0` on integral values, exponent form below 1e-4 and from 1e15.
pub fn format_float_json(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0".to_owned()
        } else {
            "0.0".to_owned()
        };
    }
    let shortest = format!("{:e}", value.abs());
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let len = digits.len() as i32;
    // value = 0.digits * 10^n
    let n = exponent + 1;
    let k = n - len;
    let body = if k >= 0 && n <= 15 {
        format!("{digits}{}.0", "0".repeat(k as usize))
    } else if 0 < n && n <= 15 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -4 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e < 0 { '-' } else { '+' };
        let mantissa = if len == 1 {
            digits.clone()
        } else {
            format!("{}.{}", &digits[..1], &digits[1..])
        };
        format!("{mantissa}e{sign}{:02}", e.abs())
    };
    if value < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_nix_printer() {
        assert_eq!(format_float_g6(1.0 / 3.0), "0.333333");
        assert_eq!(format_float_g6(1e20), "1e+20");
        assert_eq!(format_float_g6(123456789.0), "1.23457e+08");
        assert_eq!(format_float_g6(123456.0), "123456");
        assert_eq!(format_float_g6(1e-5), "1e-05");
        assert_eq!(format_float_g6(0.0001), "0.0001");
        assert_eq!(format_float_g6(3.0), "3");
        assert_eq!(format_float_g6(2.5e-5), "2.5e-05");
    }

    #[test]
    fn floats_like_current_nix_json() {
        assert_eq!(format_float_json(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(format_float_json(123456789.0), "123456789.0");
        assert_eq!(format_float_json(3.0), "3.0");
        assert_eq!(format_float_json(1e20), "1e+20");
        assert_eq!(format_float_json(1e-7), "1e-07");
        assert_eq!(format_float_json(2.5e-5), "2.5e-05");
        assert_eq!(format_float_json(0.1), "0.1");
        assert_eq!(format_float_json(-1.5), "-1.5");
    }

    #[test]
    fn to_string_uses_six_decimals() {
        assert_eq!(format_float_to_string(1.5), "1.500000");
    }
}
