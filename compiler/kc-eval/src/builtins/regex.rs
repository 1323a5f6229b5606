//! `match` and `split` with POSIX extended regular expressions, translated to the `regex`
//! crate's syntax and cached per pattern.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use regex::bytes::Regex;

use super::{string, Call};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

/// Compiled patterns by source text and anchoring.
type RegexCache = HashMap<(Vec<u8>, bool), Rc<Regex>>;

thread_local! {
    static CACHE: RefCell<RegexCache> = RefCell::new(HashMap::new());
}

/// Rewrites a POSIX ERE into `regex` syntax: inside bracket expressions a backslash is literal
/// and `[` only opens a class like `[:alpha:]`; characters `regex` treats specially in classes
/// are escaped.
pub fn translate_posix_ere(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let escaped = chars[i + 1];
            // POSIX EREs only escape special characters; `\d` and friends are errors there.
            if escaped.is_ascii_alphanumeric() {
                return Err(format!(
                    "'\\{escaped}' is not a POSIX extended regular expression escape"
                ));
            }
            out.push('\\');
            out.push(escaped);
            i += 2;
            continue;
        }
        if c != '[' {
            out.push(c);
            i += 1;
            continue;
        }
        // A bracket expression.
        out.push('[');
        i += 1;
        if i < chars.len() && chars[i] == '^' {
            out.push('^');
            i += 1;
        }
        if i < chars.len() && chars[i] == ']' {
            out.push_str("\\]");
            i += 1;
        }
        while i < chars.len() && chars[i] != ']' {
            let d = chars[i];
            if d == '[' && i + 1 < chars.len() && matches!(chars[i + 1], ':' | '.' | '=') {
                let delimiter = chars[i + 1];
                let close = (i + 2..chars.len().saturating_sub(1))
                    .find(|&k| chars[k] == delimiter && chars[k + 1] == ']');
                if let Some(k) = close {
                    let inner: String = chars[i + 2..k].iter().collect();
                    if delimiter == ':' {
                        match inner.as_str() {
                            "alnum" | "alpha" | "blank" | "cntrl" | "digit" | "graph" | "lower"
                            | "print" | "punct" | "space" | "upper" | "xdigit" => {
                                out.push_str(&format!("[:{inner}:]"))
                            }
                            "d" => out.push_str("[:digit:]"),
                            "s" => out.push_str("[:space:]"),
                            "w" => out.push_str("_[:alnum:]"),
                            other => return Err(format!("unknown character class '[:{other}:]'")),
                        }
                    } else {
                        out.push_str(&regex::escape(&inner));
                    }
                    i = k + 2;
                    continue;
                }
            }
            match d {
                '\\' | '[' | '&' | '~' => {
                    out.push('\\');
                    out.push(d);
                }
                '-' if i + 1 < chars.len() && chars[i + 1] == '-' => out.push_str("\\-"),
                _ => out.push(d),
            }
            i += 1;
        }
        if i < chars.len() {
            out.push(']');
            i += 1;
        }
    }
    Ok(out)
}

fn compile(pattern: &[u8], anchored: bool, call: Call) -> EvalResult<Rc<Regex>> {
    let key = (pattern.to_vec(), anchored);
    if let Some(regex) = CACHE.with(|cache| cache.borrow().get(&key).cloned()) {
        return Ok(regex);
    }
    let text = String::from_utf8_lossy(pattern);
    let invalid = |reason: String| {
        EvalError::new(
            "KC0212",
            format!("invalid regular expression '{text}'"),
            call.span,
        )
        .label(format!("in this call of builtins.{}", call.name))
        .note(reason)
    };
    let translated = translate_posix_ere(&text).map_err(invalid)?;
    let full = if anchored {
        format!("^(?:{translated})$")
    } else {
        translated
    };
    let regex = regex::bytes::RegexBuilder::new(&full)
        .unicode(false)
        .dot_matches_new_line(true)
        .build()
        .map_err(|error| {
            EvalError::new(
                "KC0212",
                format!("invalid regular expression '{text}'"),
                call.span,
            )
            .label(format!("in this call of builtins.{}", call.name))
            .note(
                error
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_owned(),
            )
        })?;
    let regex = Rc::new(regex);
    CACHE.with(|cache| cache.borrow_mut().insert(key, regex.clone()));
    Ok(regex)
}

fn captures_value<'a>(captures: &regex::bytes::Captures<'_>, call: Call) -> Value<'a> {
    let groups: Vec<Value<'a>> = (1..captures.len())
        .map(|i| match captures.get(i) {
            Some(m) => Value::string(m.as_bytes()),
            None => Value::Null,
        })
        .collect();
    super::list_value(groups, call.span)
}

pub fn match_<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let pattern = string(ev, &args[0], call)?;
    let regex = compile(&pattern, true, call)?;
    let s = string(ev, &args[1], call)?;
    match regex.captures(&s) {
        Some(captures) => Ok(captures_value(&captures, call)),
        None => Ok(Value::Null),
    }
}

pub fn split<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let pattern = string(ev, &args[0], call)?;
    let regex = compile(&pattern, false, call)?;
    let s = string(ev, &args[1], call)?;
    let mut parts: Vec<Value<'a>> = Vec::new();
    let mut last = 0;
    let mut search_from = 0;
    // Like std::regex_iterator: after an empty match the search resumes one byte later, after
    // a non-empty one at its end (where an empty match may follow).
    while search_from <= s.len() {
        let Some(captures) = regex.captures_at(&s, search_from) else {
            break;
        };
        let Some(whole) = captures.get(0) else { break };
        parts.push(Value::string(&s[last..whole.start()]));
        parts.push(captures_value(&captures, call));
        last = whole.end();
        search_from = if whole.is_empty() {
            whole.end() + 1
        } else {
            whole.end()
        };
    }
    parts.push(Value::string(&s[last..]));
    Ok(super::list_value(parts, call.span))
}

#[cfg(test)]
mod tests {
    use super::translate_posix_ere;

    #[test]
    fn brackets_are_posix() {
        assert_eq!(translate_posix_ere("[[:alpha:]]+").unwrap(), "[[:alpha:]]+");
        assert_eq!(translate_posix_ere(r"[\]").unwrap(), r"[\\]");
        assert_eq!(translate_posix_ere("[]a]").unwrap(), r"[\]a]");
        assert_eq!(translate_posix_ere(r"a\.b").unwrap(), r"a\.b");
        assert!(translate_posix_ere(r"\d+").is_err());
        assert!(translate_posix_ere("[[:nope:]]").is_err());
    }
}
