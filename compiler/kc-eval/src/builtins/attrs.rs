//! Attribute set builtins. `mapAttrs` and `zipAttrsWith` build lazy values.

use std::rc::Rc;

use kc_syntax::Symbol;

use super::{attrs, function, list, string, Call};
use crate::error::EvalResult;
use crate::eval::Evaluator;
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

pub fn attr_names<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let set = attrs(ev, &args[0], call)?;
    let names: Vec<Rc<Thunk<'a>>> = set
        .entries()
        .iter()
        .map(|a| Thunk::done(Value::string(a.name.as_bytes()), a.key_span))
        .collect();
    Ok(Value::List(names.into()))
}

pub fn attr_values<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let set = attrs(ev, &args[0], call)?;
    Ok(Value::List(
        set.entries()
            .iter()
            .map(|a| a.value.clone())
            .collect::<Vec<_>>()
            .into(),
    ))
}

pub fn get_attr<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let name = Symbol::intern(&string(ev, &args[0], call)?);
    let set = attrs(ev, &args[1], call)?;
    match set.get(name) {
        Some(attr) => {
            let thunk = attr.value.clone();
            ev.force(&thunk)
        }
        None => Err(ev.missing_attribute(name, &set, call.span)),
    }
}

pub fn has_attr<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let name = Symbol::intern(&string(ev, &args[0], call)?);
    Ok(Value::Bool(attrs(ev, &args[1], call)?.get(name).is_some()))
}

pub fn remove_attrs<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let set = attrs(ev, &args[0], call)?;
    let mut removed = Vec::new();
    for name in list(ev, &args[1], call)?.iter() {
        removed.push(Symbol::intern(&string(ev, name, call)?));
    }
    let entries: Vec<Attr<'a>> = set
        .entries()
        .iter()
        .filter(|a| !removed.contains(&a.name))
        .cloned()
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs::from_sorted(entries))))
}

pub fn intersect_attrs<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let left = attrs(ev, &args[0], call)?;
    let right = attrs(ev, &args[1], call)?;
    let entries: Vec<Attr<'a>> = right
        .entries()
        .iter()
        .filter(|a| left.get(a.name).is_some())
        .cloned()
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs::from_sorted(entries))))
}

pub fn list_to_attrs<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let items = list(ev, &args[0], call)?;
    let name_key = kc_syntax::symbol::known::name();
    let value_key = kc_syntax::symbol::known::value();
    let mut entries = Vec::with_capacity(items.len());
    for item in items.iter() {
        let pair = attrs(ev, item, call)?;
        let name = pair
            .get(name_key)
            .ok_or_else(|| ev.missing_attribute(name_key, &pair, call.span))?;
        let name = Symbol::intern(&string(ev, &name.value.clone(), call)?);
        let value = pair
            .get(value_key)
            .ok_or_else(|| ev.missing_attribute(value_key, &pair, call.span))?;
        entries.push(Attr {
            name,
            value: value.value.clone(),
            key_span: value.key_span,
        });
    }
    // `from_unsorted` keeps the first of equal names (its sort is stable).
    Ok(Value::Attrs(Rc::new(Attrs::from_unsorted(entries))))
}

pub fn map_attrs<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let f = function(ev, &args[0], call)?;
    let set = attrs(ev, &args[1], call)?;
    let entries = set
        .entries()
        .iter()
        .map(|a| Attr {
            name: a.name,
            value: Thunk::call(
                f.clone(),
                vec![
                    Thunk::done(Value::string(a.name.as_bytes()), a.key_span),
                    a.value.clone(),
                ],
                a.value.origin(),
            ),
            key_span: a.key_span,
        })
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs::from_sorted(entries))))
}

pub fn cat_attrs<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let name = Symbol::intern(&string(ev, &args[0], call)?);
    let mut found = Vec::new();
    for item in list(ev, &args[1], call)?.iter() {
        if let Some(attr) = attrs(ev, item, call)?.get(name) {
            found.push(attr.value.clone());
        }
    }
    Ok(Value::List(found.into()))
}

pub fn zip_attrs_with<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let f = function(ev, &args[0], call)?;
    let sets = list(ev, &args[1], call)?;
    let mut collected: std::collections::BTreeMap<Symbol, Vec<Rc<Thunk<'a>>>> =
        std::collections::BTreeMap::new();
    for set in sets.iter() {
        for attr in attrs(ev, set, call)?.entries() {
            collected
                .entry(attr.name)
                .or_default()
                .push(attr.value.clone());
        }
    }
    let entries = collected
        .into_iter()
        .map(|(name, values)| Attr {
            name,
            value: Thunk::call(
                f.clone(),
                vec![
                    Thunk::done(Value::string(name.as_bytes()), call.span),
                    Thunk::done(Value::List(values.into()), call.span),
                ],
                call.span,
            ),
            key_span: call.span,
        })
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs::from_sorted(entries))))
}
