//! Builtins that touch files or the environment, all through the sandbox.

use std::rc::Rc;

use kc_syntax::Symbol;

use super::{path, string, Call};
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::sandbox::AccessError;
use crate::value::*;

type Args<'e, 'a> = &'e [Rc<Thunk<'a>>];

pub fn import<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let target = path(ev, &args[0], call)?;
    ev.import_file(&target, call.span)
}

/// The sandbox-checked, canonical path of the builtin's path argument.
fn checked_path<'a>(
    ev: &Evaluator<'a>,
    argument: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<std::path::PathBuf> {
    let target = path(ev, argument, call)?;
    ev.sandbox
        .check(ev.db.fs(), &target)
        .map_err(|e| ev.access_error(e, &target, call.span))
}

/// The bytes of the file the builtin's path argument names, inside the project.
fn read_checked<'a>(
    ev: &Evaluator<'a>,
    argument: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<(std::path::PathBuf, Vec<u8>)> {
    let canonical = checked_path(ev, argument, call)?;
    let bytes = ev.db.fs().read(&canonical).map_err(|error| {
        EvalError::new(
            "KC0221",
            format!("cannot read '{}': {error}", ev.display_path(&canonical)),
            call.span,
        )
        .label(format!("in this call of {}", call_name(call)))
    })?;
    Ok((canonical, bytes))
}

fn call_name(call: Call) -> String {
    match call.name.strip_prefix("__kc") {
        Some(rest) => format!("kc.{}{}", rest[..1].to_ascii_lowercase(), &rest[1..]),
        None => format!("builtins.{}", call.name),
    }
}

pub fn read_file<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (_, bytes) = read_checked(ev, &args[0], call)?;
    Ok(Value::String(bytes.into()))
}

pub fn read_dir<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let canonical = checked_path(ev, &args[0], call)?;
    let entries = ev.db.fs().read_dir(&canonical).map_err(|error| {
        EvalError::new(
            "KC0221",
            format!(
                "cannot read directory '{}': {error}",
                ev.display_path(&canonical)
            ),
            call.span,
        )
        .label("in this call of builtins.readDir")
    })?;
    let entries = entries
        .into_iter()
        .map(|(name, kind)| Attr {
            name: Symbol::intern(name.as_bytes()),
            value: Thunk::done(Value::string(kind.nix_name().as_bytes()), call.span),
            key_span: call.span,
        })
        .collect();
    Ok(Value::Attrs(Rc::new(Attrs::from_unsorted(entries))))
}

pub fn read_file_type<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let canonical = checked_path(ev, &args[0], call)?;
    let kind = ev.db.fs().kind(&canonical).map_err(|error| {
        EvalError::new(
            "KC0221",
            format!("cannot read '{}': {error}", ev.display_path(&canonical)),
            call.span,
        )
        .label("in this call of builtins.readFileType")
    })?;
    Ok(Value::string(kind.nix_name().as_bytes()))
}

pub fn read_yaml<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let (canonical, bytes) = read_checked(ev, &args[0], call)?;
    let text: std::sync::Arc<str> = std::sync::Arc::from(String::from_utf8_lossy(&bytes).as_ref());
    let documents = crate::yaml::parse_documents(&text).map_err(|error| {
        EvalError::new(
            "KC0215",
            format!("invalid YAML in '{}': {error}", ev.display_path(&canonical)),
            call.span,
        )
        .label("in this call of kc.readYAML")
    })?;
    // The file joins the database so that spans inside it can be shown in diagnostics.
    let file = *ev.db.register(&canonical, text).id(ev.db);
    let documents: Vec<Rc<Thunk<'a>>> = documents
        .into_iter()
        .filter(|document| document.value != crate::yaml::Yaml::Null)
        .map(|document| {
            let span = yaml_span(file, document.start, document.end);
            Thunk::done(yaml_to_value(document, file), span)
        })
        .collect();
    Ok(Value::List(documents.into()))
}

fn yaml_span(file: kc_syntax::FileId, start: usize, end: usize) -> kc_syntax::Span {
    let to_size =
        |offset: usize| kc_syntax::TextSize::from(u32::try_from(offset).unwrap_or(u32::MAX));
    kc_syntax::Span::new(
        file,
        kc_syntax::TextRange::new(to_size(start), to_size(end.max(start))),
    )
}

fn yaml_to_value<'a>(node: crate::yaml::YamlNode, file: kc_syntax::FileId) -> Value<'a> {
    use crate::yaml::Yaml;
    match node.value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Int(i) => Value::Int(i),
        Yaml::Float(f) => Value::Float(f),
        Yaml::String(s) => Value::string(s.as_bytes()),
        Yaml::Sequence(items) => Value::List(
            items
                .into_iter()
                .map(|item| {
                    let span = yaml_span(file, item.start, item.end);
                    Thunk::done(yaml_to_value(item, file), span)
                })
                .collect::<Vec<_>>()
                .into(),
        ),
        Yaml::Mapping(pairs) => {
            // A repeated key keeps its last value, as Kubernetes' YAML reader does.
            let entries = pairs
                .into_iter()
                .rev()
                .map(|(key, (key_start, key_end), value)| {
                    let span = yaml_span(file, value.start, value.end);
                    Attr {
                        name: Symbol::intern(key.as_bytes()),
                        value: Thunk::done(yaml_to_value(value, file), span),
                        key_span: yaml_span(file, key_start, key_end),
                    }
                })
                .collect();
            Value::Attrs(Rc::new(Attrs::from_unsorted(entries)))
        }
    }
}

pub fn path_exists<'a>(
    ev: &Evaluator<'a>,
    args: Args<'_, 'a>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let target = path(ev, &args[0], call)?;
    match ev.sandbox.check(ev.db.fs(), &target) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(AccessError::NotFound) => Ok(Value::Bool(false)),
        Err(error) => Err(ev.access_error(error, &target, call.span)),
    }
}

pub fn get_env<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    let name = string(ev, &args[0], call)?;
    let name = String::from_utf8_lossy(&name).into_owned();
    if !ev.sandbox.allowed_env.contains(&name) {
        return Err(EvalError::new(
            "KC0222",
            format!("reading the environment variable '{name}' is not allowed"),
            call.span,
        )
        .label("kc evaluation is hermetic")
        .note(format!("allow it explicitly with `--allow-env {name}`")));
    }
    Ok(Value::string(
        std::env::var(&name).unwrap_or_default().as_bytes(),
    ))
}

pub fn to_path<'a>(ev: &Evaluator<'a>, args: Args<'_, 'a>, call: Call) -> EvalResult<Value<'a>> {
    Ok(Value::string(path(ev, &args[0], call)?.as_bytes()))
}
