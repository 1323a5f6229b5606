//! List builtins. `map` and `genList` build lazy elements; `sort` is a stable merge sort whose
//! comparator may fail.

use std::rc::Rc;

use kc_syntax::Symbol;

use super::{function, int, list, Call};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

fn empty_list_error(call: Call) -> Box<EvalError> {
    EvalError::new(
        "KC0211",
        format!("builtins.{} called on an empty list", call.name),
        call.span,
    )
    .label("this list is empty")
}

pub fn length<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    Ok(Value::Int(list(ev, &args[0], call)?.len() as i64))
}

pub fn head<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let items = list(ev, &args[0], call)?;
    let first = items.first().ok_or_else(|| empty_list_error(call))?.clone();
    ev.force(&first)
}

pub fn tail<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let items = list(ev, &args[0], call)?;
    if items.is_empty() {
        return Err(empty_list_error(call));
    }
    Ok(Value::List(items[1..].into()))
}

pub fn elem_at<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let items = list(ev, &args[0], call)?;
    let index = int(ev, &args[1], call)?;
    if index < 0 || index as usize >= items.len() {
        return Err(EvalError::new(
            "KC0211",
            format!("list index {index} is out of bounds"),
            call.span,
        )
        .label(format!("the list has {} elements", items.len())));
    }
    let item = items[index as usize].clone();
    ev.force(&item)
}

pub fn elem<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let needle = ev.force(&args[0])?;
    for item in list(ev, &args[1], call)?.iter() {
        let value = ev.force(item)?;
        if ev.values_equal(&needle, &value, call.span)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn filter<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let predicate = function(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let mut kept = Vec::with_capacity(items.len());
    for item in items.iter() {
        if predicate_holds(ev, &predicate, item, call)? {
            kept.push(item.clone());
        }
    }
    if kept.len() == items.len() {
        return Ok(Value::List(items));
    }
    Ok(Value::List(kept.into()))
}

fn predicate_holds<'a>(
    ev: &Evaluator<'a>,
    predicate: &Value<'a>,
    item: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<bool> {
    match ev.call(predicate.clone(), item.clone(), call.span)? {
        Value::Bool(b) => Ok(b),
        other => Err(ev.type_error("a Boolean", &other, call.span).label(format!(
            "returned by the function given to builtins.{}",
            call.name
        ))),
    }
}

pub fn map<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let f = function(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let mapped: Vec<Rc<Thunk<'a>>> = items
        .iter()
        .map(|item| Thunk::call(f.clone(), vec![item.clone()], item.origin()))
        .collect();
    Ok(Value::List(mapped.into()))
}

pub fn concat_lists<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let outer = list(ev, &args[0], call)?;
    let mut all = Vec::new();
    for inner in outer.iter() {
        all.extend(list(ev, inner, call)?.iter().cloned());
    }
    Ok(Value::List(all.into()))
}

pub fn concat_map<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let f = function(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let mut all = Vec::new();
    for item in items.iter() {
        match ev.call(f.clone(), item.clone(), call.span)? {
            Value::List(inner) => all.extend(inner.iter().cloned()),
            other => {
                return Err(ev
                    .type_error("a list", &other, call.span)
                    .label("returned by the function given to builtins.concatMap"))
            }
        }
    }
    Ok(Value::List(all.into()))
}

pub fn foldl_strict<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let op = function(ev, &args[0], call)?;
    let items = list(ev, &args[2], call)?;
    let mut accumulator = ev.force(&args[1])?;
    for item in items.iter() {
        let partial = ev.call(op.clone(), Thunk::done(accumulator, call.span), call.span)?;
        accumulator = ev.call(partial, item.clone(), call.span)?;
    }
    Ok(accumulator)
}

pub fn gen_list<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let f = function(ev, &args[0], call)?;
    let n = int(ev, &args[1], call)?;
    if n < 0 {
        return Err(EvalError::new(
            "KC0217",
            format!("cannot create a list of size {n}"),
            call.span,
        )
        .label("the length is negative"));
    }
    let items: Vec<Rc<Thunk<'a>>> = (0..n)
        .map(|i| {
            Thunk::call(
                f.clone(),
                vec![Thunk::done(Value::Int(i), call.span)],
                call.span,
            )
        })
        .collect();
    Ok(Value::List(items.into()))
}

pub fn sort<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let comparator = function(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let less = |a: &Rc<Thunk<'a>>, b: &Rc<Thunk<'a>>| -> EvalResult<bool> {
        let partial = ev.call(comparator.clone(), a.clone(), call.span)?;
        match ev.call(partial, b.clone(), call.span)? {
            Value::Bool(x) => Ok(x),
            other => Err(ev
                .type_error("a Boolean", &other, call.span)
                .label("returned by the comparator of builtins.sort")),
        }
    };
    let sorted = merge_sort(items.to_vec(), &less)?;
    Ok(Value::List(sorted.into()))
}

/// Stable merge sort: an element of the right run goes first only when strictly less.
fn merge_sort<T: Clone>(
    items: Vec<T>,
    less: &dyn Fn(&T, &T) -> EvalResult<bool>,
) -> EvalResult<Vec<T>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut items = items;
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, less)?;
    let right = merge_sort(right, less)?;
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if less(&right[j], &left[i])? {
            merged.push(right[j].clone());
            j += 1;
        } else {
            merged.push(left[i].clone());
            i += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    Ok(merged)
}

pub fn partition<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let predicate = function(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for item in items.iter() {
        if predicate_holds(ev, &predicate, item, call)? {
            right.push(item.clone());
        } else {
            wrong.push(item.clone());
        }
    }
    Ok(ev.make_attrs(
        vec![
            ("right", Value::List(right.into())),
            ("wrong", Value::List(wrong.into())),
        ],
        call.span,
    ))
}

pub fn group_by<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let f = function(ev, &args[0], call)?;
    let items = list(ev, &args[1], call)?;
    let mut groups: std::collections::BTreeMap<Symbol, Vec<Rc<Thunk<'a>>>> =
        std::collections::BTreeMap::new();
    for item in items.iter() {
        let key = match ev.call(f.clone(), item.clone(), call.span)? {
            Value::String(s) => Symbol::intern(&s),
            other => {
                return Err(ev
                    .type_error("a string", &other, call.span)
                    .label("returned by the function given to builtins.groupBy"))
            }
        };
        groups.entry(key).or_default().push(item.clone());
    }
    let entries = groups
        .into_iter()
        .map(|(name, members)| Attr {
            name,
            value: Thunk::done(Value::List(members.into()), call.span),
            key_span: call.span,
        })
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs::from_sorted(entries))))
}

pub fn all<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let predicate = function(ev, &args[0], call)?;
    for item in list(ev, &args[1], call)?.iter() {
        if !predicate_holds(ev, &predicate, item, call)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub fn any<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let predicate = function(ev, &args[0], call)?;
    for item in list(ev, &args[1], call)?.iter() {
        if predicate_holds(ev, &predicate, item, call)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}
