//! Type predicates, arithmetic builtins, errors, forcing, tracing and reflection.

use std::rc::Rc;

use kc_syntax::hir::Param;
use kc_syntax::Symbol;

use super::{attrs, attrs_value, function, int, list, Call};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

macro_rules! predicate {
    ($name:ident, $pattern:pat) => {
        pub fn $name<'a>(
            ev: &Evaluator<'a>,
            args: Args<'_, 'a>,
            _call: Call,
        ) -> EvalResult<Value<'a>> {
            Ok(Value::Bool(matches!(ev.force(&args[0])?, $pattern)))
        }
    };
}

predicate!(is_attrs, Value::Attrs(_));
predicate!(is_bool, Value::Bool(_));
predicate!(is_float, Value::Float(_));
predicate!(is_function, Value::Lambda(_) | Value::PrimOp(_));
predicate!(is_int, Value::Int(_));
predicate!(is_list, Value::List(_));
predicate!(is_null, Value::Null);
predicate!(is_path, Value::Path(_));
predicate!(is_string, Value::String(_));

pub fn type_of<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, _call: Call) -> EvalResult<Value<'a>> {
    Ok(Value::string(ev.force(&args[0])?.type_of().as_bytes()))
}

pub fn add<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (a, b) = (ev.force(&args[0])?, ev.force(&args[1])?);
    crate::arith::add(ev, a, b, call.span, call.span, call.span)
}

pub fn sub<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (a, b) = (ev.force(&args[0])?, ev.force(&args[1])?);
    crate::arith::sub(ev, a, b, call.span, call.span)
}

pub fn mul<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (a, b) = (ev.force(&args[0])?, ev.force(&args[1])?);
    crate::arith::mul(ev, a, b, call.span)
}

pub fn div<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (a, b) = (ev.force(&args[0])?, ev.force(&args[1])?);
    crate::arith::div(ev, a, b, call.span, call.span)
}

pub fn less_than<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (a, b) = (ev.force(&args[0])?, ev.force(&args[1])?);
    Ok(Value::Bool(ev.less_than(&a, &b, call.span)?))
}

pub fn bit_and<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    Ok(Value::Int(
        int(ev, &args[0], call)? & int(ev, &args[1], call)?,
    ))
}

pub fn bit_or<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    Ok(Value::Int(
        int(ev, &args[0], call)? | int(ev, &args[1], call)?,
    ))
}

pub fn bit_xor<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    Ok(Value::Int(
        int(ev, &args[0], call)? ^ int(ev, &args[1], call)?,
    ))
}

fn round_with<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
    round: fn(f64) -> f64,
) -> EvalResult<Value<'a>> {
    match ev.force(&args[0])? {
        Value::Int(i) => Ok(Value::Int(i)),
        Value::Float(f) => {
            let rounded = round(f);
            if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&rounded) {
                Ok(Value::Int(rounded as i64))
            } else {
                Err(EvalError::new(
                    "KC0209",
                    format!("{f} does not fit in an integer"),
                    call.span,
                )
                .label(format!("in this call of builtins.{}", call.name)))
            }
        }
        other => Err(super::arg_error(ev, call, "a number", &other)),
    }
}

pub fn ceil<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    round_with(ev, args, call, f64::ceil)
}

pub fn floor<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    round_with(ev, args, call, f64::floor)
}

pub fn throw<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let message = super::coerced_string(ev, &args[0], call)?;
    Err(EvalError::new(
        "KC0206",
        String::from_utf8_lossy(&message).into_owned(),
        call.span,
    )
    .label("thrown here")
    .catchable())
}

pub fn abort<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let message = super::coerced_string(ev, &args[0], call)?;
    Err(EvalError::new(
        "KC0207",
        format!(
            "evaluation aborted with the following error message: '{}'",
            String::from_utf8_lossy(&message)
        ),
        call.span,
    )
    .label("aborted here"))
}

pub fn try_eval<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (success, value) = match ev.force(&args[0]) {
        Ok(value) => (true, value),
        Err(error) if error.catchable => (false, Value::Bool(false)),
        Err(error) => return Err(error),
    };
    Ok(ev.make_attrs(
        vec![("success", Value::Bool(success)), ("value", value)],
        call.span,
    ))
}

pub fn seq<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, _call: Call) -> EvalResult<Value<'a>> {
    ev.force(&args[0])?;
    ev.force(&args[1])
}

pub fn deep_seq<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let value = ev.force(&args[0])?;
    ev.deep_force(&value, call.span)?;
    ev.force(&args[1])
}

pub fn trace<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let value = ev.force(&args[0])?;
    let text = match &value {
        Value::String(s) => String::from_utf8_lossy(s).into_owned(),
        other => {
            String::from_utf8_lossy(&crate::print::print_nix(ev, other, call.span)?).into_owned()
        }
    };
    eprintln!("trace: {text}");
    ev.trace_messages.borrow_mut().push(text);
    ev.force(&args[1])
}

pub fn warn<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let message = super::string(ev, &args[0], call)?;
    let text = String::from_utf8_lossy(&message).into_owned();
    eprintln!("evaluation warning: {text}");
    ev.trace_messages
        .borrow_mut()
        .push(format!("warning: {text}"));
    ev.force(&args[1])
}

pub fn trace_verbose<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    _call: Call,
) -> EvalResult<Value<'a>> {
    ev.force(&args[1])
}

pub fn add_error_context<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    _call: Call,
) -> EvalResult<Value<'a>> {
    ev.force(&args[1])
}

pub fn unsafe_get_attr_pos<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let name = super::string(ev, &args[0], call)?;
    let set = attrs(ev, &args[1], call)?;
    let Some(attr) = set.get(Symbol::intern(&name)) else {
        return Ok(Value::Null);
    };
    let Some(file) = ev.db.file(attr.key_span.file) else {
        return Ok(Value::Null);
    };
    let (line, column) =
        kc_syntax::line_column(file.text(ev.db), attr.key_span.range.start().into());
    let path = file.path(ev.db).display().to_string();
    Ok(ev.make_attrs(
        vec![
            ("column", Value::Int(i64::from(column))),
            ("file", Value::string(path.as_bytes())),
            ("line", Value::Int(i64::from(line))),
        ],
        call.span,
    ))
}

pub fn function_args<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    match ev.force(&args[0])? {
        Value::Lambda(closure) => match &closure.lambda.param {
            Param::Ident(_) => Ok(Value::empty_attrs()),
            Param::Formals(formals) => Ok(attrs_value(
                formals
                    .entries
                    .iter()
                    .map(|f| {
                        (
                            f.name,
                            Thunk::done(Value::Bool(f.default.is_some()), f.span),
                        )
                    })
                    .collect(),
                call.span,
            )),
        },
        Value::PrimOp(_) => Ok(Value::empty_attrs()),
        other => Err(super::arg_error(ev, call, "a function", &other)),
    }
}

pub fn generic_closure<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let spec = attrs(ev, &args[0], call)?;
    let start = spec
        .get(Symbol::intern(b"startSet"))
        .ok_or_else(|| ev.missing_attribute(Symbol::intern(b"startSet"), &spec, call.span))?
        .value
        .clone();
    let operator = spec
        .get(Symbol::intern(b"operator"))
        .ok_or_else(|| ev.missing_attribute(Symbol::intern(b"operator"), &spec, call.span))?
        .value
        .clone();
    let operator = function(ev, &operator, call)?;
    let mut work: std::collections::VecDeque<Rc<Thunk<'a>>> =
        list(ev, &start, call)?.iter().cloned().collect();
    let mut keys: Vec<Value<'a>> = Vec::new();
    let mut result: Vec<Rc<Thunk<'a>>> = Vec::new();
    let key_name = Symbol::intern(b"key");
    while let Some(item) = work.pop_front() {
        let item_attrs = attrs(ev, &item, call)?;
        let key = item_attrs
            .get(key_name)
            .ok_or_else(|| ev.missing_attribute(key_name, &item_attrs, call.span))?
            .value
            .clone();
        let key = ev.force(&key)?;
        let mut seen = false;
        for existing in &keys {
            if ev.values_equal(existing, &key, call.span)? {
                seen = true;
                break;
            }
        }
        if seen {
            continue;
        }
        keys.push(key);
        result.push(item.clone());
        let next = ev.call(operator.clone(), item, call.span)?;
        match next {
            Value::List(items) => work.extend(items.iter().cloned()),
            other => return Err(super::arg_error(ev, call, "a list from operator", &other)),
        }
    }
    Ok(Value::List(result.into()))
}

pub fn lang_version<'a>(
    _ev: &Evaluator<'a>,
    _args: Args<'_, 'a>,
    _call: Call,
) -> EvalResult<Value<'a>> {
    Ok(Value::Int(6))
}

pub fn nix_version<'a>(
    _ev: &Evaluator<'a>,
    _args: Args<'_, 'a>,
    _call: Call,
) -> EvalResult<Value<'a>> {
    Ok(Value::string(b"2.8.0"))
}

impl<'a> Evaluator<'a> {
    /// Forces a value and everything inside it.
    pub fn deep_force(&self, value: &Value<'a>, span: kc_syntax::Span) -> EvalResult<()> {
        let _guard = self.enter_walk(span)?;
        match value {
            Value::Attrs(set) => {
                for attr in set.entries() {
                    self.with_forced(&attr.value, |inner| {
                        self.deep_force(inner, attr.value.origin())
                    })?;
                }
            }
            Value::List(items) => {
                for item in items.iter() {
                    self.with_forced(item, |inner| self.deep_force(inner, item.origin()))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
