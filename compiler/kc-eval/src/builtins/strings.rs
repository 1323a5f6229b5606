//! String builtins, version strings and hashing.

use std::rc::Rc;

use super::{coerced_string, int, list, list_value, string, Call};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::{CoerceMode, Evaluator};
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

pub fn to_string<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let value = ev.force(&args[0])?;
    let mut out = Vec::new();
    ev.coerce_to_string(&value, call.span, CoerceMode::ToString, &mut out)?;
    Ok(Value::String(out.into()))
}

pub fn string_length<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    Ok(Value::Int(coerced_string(ev, &args[0], call)?.len() as i64))
}

pub fn substring<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let start = int(ev, &args[0], call)?;
    let length = int(ev, &args[1], call)?;
    let s = coerced_string(ev, &args[2], call)?;
    if start < 0 {
        return Err(EvalError::new(
            "KC0217",
            "negative start position in builtins.substring",
            call.span,
        )
        .label(format!("start is {start}")));
    }
    let start = start as usize;
    if start >= s.len() {
        return Ok(Value::string(b""));
    }
    let end = if length < 0 {
        s.len()
    } else {
        start.saturating_add(length as usize).min(s.len())
    };
    Ok(Value::string(&s[start..end]))
}

pub fn concat_strings_sep<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let separator = string(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(&separator);
        }
        out.extend_from_slice(&coerced_string(ev, item, call)?);
    }
    Ok(Value::String(out.into()))
}

pub fn replace_strings<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let from = list(ev, &args[0], call)?;
    let to = list(ev, &args[1], call)?;
    if from.len() != to.len() {
        return Err(EvalError::new(
            "KC0217",
            "builtins.replaceStrings needs lists of the same length",
            call.span,
        )
        .label(format!(
            "{} patterns but {} replacements",
            from.len(),
            to.len()
        )));
    }
    let patterns: Vec<Bytes> = from
        .iter()
        .map(|p| string(ev, p, call))
        .collect::<EvalResult<_>>()?;
    let mut replacements: Vec<Option<Bytes>> = vec![None; to.len()];
    let s = string(ev, &args[2], call)?;
    let mut out = Vec::with_capacity(s.len());
    let mut position = 0;
    while position <= s.len() {
        let mut found = false;
        for (index, pattern) in patterns.iter().enumerate() {
            if s[position..].starts_with(pattern) {
                found = true;
                if replacements[index].is_none() {
                    replacements[index] = Some(string(ev, &to[index], call)?);
                }
                if let Some(replacement) = &replacements[index] {
                    out.extend_from_slice(replacement);
                }
                if pattern.is_empty() {
                    if position < s.len() {
                        out.push(s[position]);
                    }
                    position += 1;
                } else {
                    position += pattern.len();
                }
                break;
            }
        }
        if !found {
            if position < s.len() {
                out.push(s[position]);
            }
            position += 1;
        }
    }
    Ok(Value::String(out.into()))
}

pub fn base_name_of<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let s = coerced_string(ev, &args[0], call)?;
    let mut end = s.len();
    if end > 0 && s[end - 1] == b'/' {
        end -= 1;
    }
    let start = s[..end]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |p| p + 1);
    Ok(Value::string(&s[start..end]))
}

pub fn dir_of<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let value = ev.force(&args[0])?;
    let is_path = matches!(value, Value::Path(_));
    let s = coerced_string(ev, &args[0], call)?;
    let dir: &[u8] = match s.iter().rposition(|&b| b == b'/') {
        None => b".",
        Some(0) => b"/",
        Some(p) => &s[..p],
    };
    if is_path {
        Ok(Value::Path(Rc::from(String::from_utf8_lossy(dir).as_ref())))
    } else {
        Ok(Value::string(dir))
    }
}

fn next_component<'s>(s: &'s [u8], position: &mut usize) -> &'s [u8] {
    while *position < s.len() && (s[*position] == b'.' || s[*position] == b'-') {
        *position += 1;
    }
    let start = *position;
    if start >= s.len() {
        return &s[start..start];
    }
    if s[start].is_ascii_digit() {
        while *position < s.len() && s[*position].is_ascii_digit() {
            *position += 1;
        }
    } else {
        while *position < s.len()
            && !s[*position].is_ascii_digit()
            && s[*position] != b'.'
            && s[*position] != b'-'
        {
            *position += 1;
        }
    }
    &s[start..*position]
}

fn as_number(component: &[u8]) -> Option<i64> {
    if component.is_empty() || !component.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(component).ok()?.parse().ok()
}

fn component_less(a: &[u8], b: &[u8]) -> bool {
    let (na, nb) = (as_number(a), as_number(b));
    match (na, nb) {
        (Some(x), Some(y)) => x < y,
        _ if a.is_empty() && nb.is_some() => true,
        _ if a == b"pre" && b != b"pre" => true,
        _ if b == b"pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => a < b,
    }
}

pub fn compare_version_strings(a: &[u8], b: &[u8]) -> i64 {
    let (mut p, mut q) = (0, 0);
    while p < a.len() || q < b.len() {
        let c1 = next_component(a, &mut p);
        let c2 = next_component(b, &mut q);
        if component_less(c1, c2) {
            return -1;
        }
        if component_less(c2, c1) {
            return 1;
        }
    }
    0
}

pub fn compare_versions<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let a = string(ev, &args[0], call)?;
    let b = string(ev, &args[1], call)?;
    Ok(Value::Int(compare_version_strings(&a, &b)))
}

pub fn split_version<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let s = string(ev, &args[0], call)?;
    let mut position = 0;
    let mut parts = Vec::new();
    while position < s.len() {
        let component = next_component(&s, &mut position);
        if component.is_empty() {
            break;
        }
        parts.push(Value::string(component));
    }
    Ok(list_value(parts, call.span))
}

pub fn parse_drv_name<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let s = coerced_string(ev, &args[0], call)?;
    let split =
        (0..s.len()).find(|&i| s[i] == b'-' && i + 1 < s.len() && !s[i + 1].is_ascii_alphabetic());
    let (name, version): (&[u8], &[u8]) = match split {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (&s, b""),
    };
    Ok(ev.make_attrs(
        vec![
            ("name", Value::string(name)),
            ("version", Value::string(version)),
        ],
        call.span,
    ))
}

pub fn identity_string<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    Ok(Value::String(coerced_string(ev, &args[0], call)?))
}

pub fn append_context<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    super::attrs(ev, &args[1], call)?;
    Ok(Value::String(coerced_string(ev, &args[0], call)?))
}

pub fn has_context<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    coerced_string(ev, &args[0], call)?;
    Ok(Value::Bool(false))
}

pub fn get_context<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    coerced_string(ev, &args[0], call)?;
    Ok(Value::empty_attrs())
}

pub fn hash_string<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    use sha2::Digest;
    let algorithm = string(ev, &args[0], call)?;
    let s = coerced_string(ev, &args[1], call)?;
    let digest: Vec<u8> = match &*algorithm {
        b"md5" => md5::Md5::digest(&s).to_vec(),
        b"sha1" => sha1::Sha1::digest(&s).to_vec(),
        b"sha256" => sha2::Sha256::digest(&s).to_vec(),
        b"sha512" => sha2::Sha512::digest(&s).to_vec(),
        other => {
            return Err(EvalError::new(
                "KC0217",
                format!(
                    "unknown hash algorithm '{}'",
                    String::from_utf8_lossy(other)
                ),
                call.span,
            )
            .label("in this call of builtins.hashString")
            .note("supported: md5, sha1, sha256, sha512"))
        }
    };
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Value::string(hex.as_bytes()))
}
