//! The builtins: a table of names, arities and implementations, plus the argument helpers they
//! share. `kc eval --list-builtins` prints this table.

mod attrs;
mod control;
mod files;
mod lists;
mod regex;
mod serde;
mod strings;
mod unsupported;

use std::rc::Rc;

use kc_syntax::{Span, Symbol};

use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::*;

pub type BuiltinFn =
    for<'a, 'e> fn(&'e Evaluator<'a>, &'e [Rc<Thunk<'a>>], Call) -> EvalResult<Value<'a>>;

/// The call site of a builtin: where it was applied and under which name.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    pub span: Span,
    pub name: &'static str,
}

pub struct Builtin {
    pub name: &'static str,
    pub arity: usize,
    pub run: BuiltinFn,
    pub doc: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinId(u16);

/// Names reachable without the `builtins.` prefix, as in Nix.
const UNPREFIXED: &[&str] = &[
    "abort",
    "baseNameOf",
    "derivation",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

/// True for names the global scope binds: `builtins`, `true`, `false`, `null`, the unprefixed
/// builtins, and `__name` for every builtin.
pub fn is_global_name(name: &[u8]) -> bool {
    match name {
        b"builtins" | b"true" | b"false" | b"null" => true,
        _ => {
            if let Some(rest) = name.strip_prefix(b"__") {
                return table().iter().any(|b| b.name.as_bytes() == rest);
            }
            UNPREFIXED.iter().any(|n| n.as_bytes() == name)
        }
    }
}

pub fn table() -> &'static [Builtin] {
    BUILTINS
}

fn builtins_self_id() -> BuiltinId {
    let index = BUILTINS
        .iter()
        .position(|b| b.name == "__builtinsSelf")
        .unwrap_or(0);
    BuiltinId(index as u16)
}

fn builtins_self<'a>(
    ev: &Evaluator<'a>,
    _args: &[Rc<Thunk<'a>>],
    _call: Call,
) -> EvalResult<Value<'a>> {
    Ok(ev.builtins_value())
}

/// The function value of a builtin by name, including internal ones (`__kcReadYAML`).
pub fn primop_value<'a>(name: &str) -> Option<Value<'a>> {
    let index = BUILTINS.iter().position(|b| b.name == name)?;
    Some(Value::PrimOp(Rc::new(PrimOpApp {
        id: BuiltinId(index as u16),
        args: Vec::new(),
    })))
}

pub fn arity(id: BuiltinId) -> usize {
    BUILTINS[id.0 as usize].arity
}

pub fn name(id: BuiltinId) -> &'static str {
    BUILTINS[id.0 as usize].name
}

pub fn invoke<'a>(
    ev: &Evaluator<'a>,
    id: BuiltinId,
    args: &[Rc<Thunk<'a>>],
    span: Span,
) -> EvalResult<Value<'a>> {
    let builtin = &BUILTINS[id.0 as usize];
    (builtin.run)(
        ev,
        args,
        Call {
            span,
            name: builtin.name,
        },
    )
}

/// The `builtins` set. Zero-arity entries (constants and impure values) are computed lazily,
/// so `builtins ? currentTime` is true but only using it fails.
/// The pseudo-file of spans that belong to builtins rather than to source code.
pub const BUILTIN_FILE: kc_syntax::FileId = kc_syntax::FileId(u32::MAX);

pub fn make_builtins_attrset<'a>() -> Value<'a> {
    let span = Span::new(BUILTIN_FILE, Default::default());
    let mut entries: Vec<Attr<'a>> = BUILTINS
        .iter()
        .enumerate()
        .filter(|(_, builtin)| !builtin.name.starts_with("__"))
        .map(|(index, builtin)| {
            let primop = Value::PrimOp(Rc::new(PrimOpApp {
                id: BuiltinId(index as u16),
                args: Vec::new(),
            }));
            let value = if builtin.arity == 0 {
                Thunk::call(primop, Vec::new(), span)
            } else {
                Thunk::done(primop, span)
            };
            Attr {
                name: Symbol::intern(builtin.name.as_bytes()),
                value,
                key_span: span,
            }
        })
        .collect();
    for (name, value) in [
        ("true", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("null", Value::Null),
    ] {
        entries.push(Attr {
            name: Symbol::intern(name.as_bytes()),
            value: Thunk::done(value, span),
            key_span: span,
        });
    }
    // `builtins.builtins` is the set itself, as in Nix: a thunk that asks the evaluator for it.
    let self_reference = Thunk::call(
        Value::PrimOp(Rc::new(PrimOpApp {
            id: builtins_self_id(),
            args: Vec::new(),
        })),
        Vec::new(),
        span,
    );
    entries.push(Attr {
        name: Symbol::intern(b"builtins"),
        value: self_reference,
        key_span: span,
    });
    Value::Attrs(Rc::new(Attrs::from_unsorted(entries)))
}

// ----- argument helpers -----

pub(crate) fn arg_error<'a>(
    ev: &Evaluator<'a>,
    call: Call,
    expected: &str,
    found: &Value<'a>,
) -> Box<EvalError> {
    ev.type_error(expected, found, call.span)
        .label(format!("in this call of builtins.{}", call.name))
}

pub(crate) fn int<'a>(ev: &Evaluator<'a>, thunk: &Rc<Thunk<'a>>, call: Call) -> EvalResult<i64> {
    match ev.force(thunk)? {
        Value::Int(i) => Ok(i),
        other => Err(arg_error(ev, call, "an integer", &other)),
    }
}

pub(crate) fn string<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<Bytes> {
    match ev.force(thunk)? {
        Value::String(s) => Ok(s),
        other => Err(arg_error(ev, call, "a string", &other)),
    }
}

/// A string, or anything interpolation accepts (sets with `__toString`, paths as text).
pub(crate) fn coerced_string<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<Bytes> {
    let value = ev.force(thunk)?;
    if let Value::String(s) = value {
        return Ok(s);
    }
    let mut out = Vec::new();
    ev.coerce_to_string(
        &value,
        call.span,
        crate::eval::CoerceMode::PathInterpolation,
        &mut out,
    )?;
    Ok(out.into())
}

pub(crate) fn list<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<Rc<[Rc<Thunk<'a>>]>> {
    match ev.force(thunk)? {
        Value::List(items) => Ok(items),
        other => Err(arg_error(ev, call, "a list", &other)),
    }
}

pub(crate) fn attrs<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<Rc<Attrs<'a>>> {
    match ev.force(thunk)? {
        Value::Attrs(attrs) => Ok(attrs),
        other => Err(arg_error(ev, call, "a set", &other)),
    }
}

pub(crate) fn function<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<Value<'a>> {
    let value = ev.force(thunk)?;
    let callable = value.is_function()
        || matches!(&value, Value::Attrs(a) if a.get(kc_syntax::symbol::known::functor()).is_some());
    if callable {
        Ok(value)
    } else {
        Err(arg_error(ev, call, "a function", &value))
    }
}

/// An absolute path from a path value or a string that starts with `/`.
pub(crate) fn path<'a>(
    ev: &Evaluator<'a>,
    thunk: &Rc<Thunk<'a>>,
    call: Call,
) -> EvalResult<String> {
    let value = ev.force(thunk)?;
    let text = match &value {
        Value::Path(p) => return Ok(p.to_string()),
        Value::String(_) | Value::Attrs(_) => {
            let mut out = Vec::new();
            ev.coerce_to_string(
                &value,
                call.span,
                crate::eval::CoerceMode::PathInterpolation,
                &mut out,
            )?;
            String::from_utf8_lossy(&out).into_owned()
        }
        other => return Err(arg_error(ev, call, "a path", other)),
    };
    if !text.starts_with('/') {
        return Err(EvalError::new(
            "KC0201",
            format!("string '{text}' does not represent an absolute path"),
            call.span,
        )
        .label(format!("in this call of builtins.{}", call.name))
        .note("use a path literal such as ./file.nix"));
    }
    Ok(kc_syntax::paths::normalize_absolute(&text))
}

pub(crate) fn list_value<'a>(items: Vec<Value<'a>>, span: Span) -> Value<'a> {
    Value::List(
        items
            .into_iter()
            .map(|v| Thunk::done(v, span))
            .collect::<Vec<_>>()
            .into(),
    )
}

pub(crate) fn attrs_value<'a>(entries: Vec<(Symbol, Rc<Thunk<'a>>)>, span: Span) -> Value<'a> {
    let entries = entries
        .into_iter()
        .map(|(name, value)| Attr {
            name,
            value,
            key_span: span,
        })
        .collect();
    Value::Attrs(Rc::new(Attrs::from_unsorted(entries)))
}

macro_rules! builtin {
    ($name:literal, $arity:literal, $run:path, $doc:literal) => {
        Builtin {
            name: $name,
            arity: $arity,
            run: $run,
            doc: $doc,
        }
    };
}

static BUILTINS: &[Builtin] = &[
    // types
    builtin!(
        "isAttrs",
        1,
        control::is_attrs,
        "Whether the value is a set."
    ),
    builtin!(
        "isBool",
        1,
        control::is_bool,
        "Whether the value is a Boolean."
    ),
    builtin!(
        "isFloat",
        1,
        control::is_float,
        "Whether the value is a float."
    ),
    builtin!(
        "isFunction",
        1,
        control::is_function,
        "Whether the value is a function."
    ),
    builtin!(
        "isInt",
        1,
        control::is_int,
        "Whether the value is an integer."
    ),
    builtin!(
        "isList",
        1,
        control::is_list,
        "Whether the value is a list."
    ),
    builtin!("isNull", 1, control::is_null, "Whether the value is null."),
    builtin!(
        "isPath",
        1,
        control::is_path,
        "Whether the value is a path."
    ),
    builtin!(
        "isString",
        1,
        control::is_string,
        "Whether the value is a string."
    ),
    builtin!(
        "typeOf",
        1,
        control::type_of,
        "The type name: int, float, bool, string, path, null, set, list or lambda."
    ),
    // arithmetic
    builtin!("add", 2, control::add, "a + b"),
    builtin!("sub", 2, control::sub, "a - b"),
    builtin!("mul", 2, control::mul, "a * b"),
    builtin!(
        "div",
        2,
        control::div,
        "a / b (integer division truncates toward zero)"
    ),
    builtin!("lessThan", 2, control::less_than, "a < b"),
    builtin!(
        "bitAnd",
        2,
        control::bit_and,
        "Bitwise and of two integers."
    ),
    builtin!("bitOr", 2, control::bit_or, "Bitwise or of two integers."),
    builtin!(
        "bitXor",
        2,
        control::bit_xor,
        "Bitwise exclusive or of two integers."
    ),
    builtin!(
        "ceil",
        1,
        control::ceil,
        "The smallest integer not below the number."
    ),
    builtin!(
        "floor",
        1,
        control::floor,
        "The largest integer not above the number."
    ),
    // control
    builtin!(
        "throw",
        1,
        control::throw,
        "Fails with a message; catchable by tryEval."
    ),
    builtin!(
        "abort",
        1,
        control::abort,
        "Fails with a message; not catchable."
    ),
    builtin!(
        "tryEval",
        1,
        control::try_eval,
        "{ success, value }: catches throw and assert failures."
    ),
    builtin!(
        "seq",
        2,
        control::seq,
        "Forces the first argument, returns the second."
    ),
    builtin!(
        "deepSeq",
        2,
        control::deep_seq,
        "Forces the first argument deeply, returns the second."
    ),
    builtin!(
        "trace",
        2,
        control::trace,
        "Prints the first argument to stderr, returns the second."
    ),
    builtin!(
        "warn",
        2,
        control::warn,
        "Prints 'evaluation warning: message' to stderr, returns the second argument."
    ),
    builtin!(
        "traceVerbose",
        2,
        control::trace_verbose,
        "Returns the second argument (verbose tracing is off)."
    ),
    builtin!(
        "addErrorContext",
        2,
        control::add_error_context,
        "Returns the second argument."
    ),
    builtin!(
        "unsafeGetAttrPos",
        2,
        control::unsafe_get_attr_pos,
        "{ file, line, column } of an attribute's definition, or null."
    ),
    builtin!(
        "functionArgs",
        1,
        control::function_args,
        "The formal arguments of a function: name -> has a default."
    ),
    builtin!(
        "genericClosure",
        1,
        control::generic_closure,
        "The closure of startSet under operator, unique by key."
    ),
    builtin!(
        "langVersion",
        0,
        control::lang_version,
        "The Nix language version kc implements."
    ),
    builtin!(
        "nixVersion",
        0,
        control::nix_version,
        "The Nix version whose semantics kc follows."
    ),
    builtin!(
        "__builtinsSelf",
        0,
        builtins_self,
        "Internal: the builtins set itself (builtins.builtins)."
    ),
    // lists
    builtin!(
        "length",
        1,
        lists::length,
        "The number of elements of a list."
    ),
    builtin!("head", 1, lists::head, "The first element of a list."),
    builtin!(
        "tail",
        1,
        lists::tail,
        "The list without its first element."
    ),
    builtin!(
        "elemAt",
        2,
        lists::elem_at,
        "The element at an index (from 0)."
    ),
    builtin!("elem", 2, lists::elem, "Whether a value is in a list."),
    builtin!(
        "filter",
        2,
        lists::filter,
        "The elements for which the predicate is true."
    ),
    builtin!(
        "map",
        2,
        lists::map,
        "Applies a function to each element, lazily."
    ),
    builtin!(
        "concatLists",
        1,
        lists::concat_lists,
        "Concatenates a list of lists."
    ),
    builtin!("concatMap", 2, lists::concat_map, "map, then concatLists."),
    builtin!("foldl'", 3, lists::foldl_strict, "Strict left fold."),
    builtin!(
        "genList",
        2,
        lists::gen_list,
        "[ (f 0) ... (f (n - 1)) ], lazily."
    ),
    builtin!(
        "sort",
        2,
        lists::sort,
        "Stable sort with a less-than function."
    ),
    builtin!(
        "partition",
        2,
        lists::partition,
        "{ right, wrong } by a predicate."
    ),
    builtin!(
        "groupBy",
        2,
        lists::group_by,
        "Groups elements by the string a function returns."
    ),
    builtin!(
        "all",
        2,
        lists::all,
        "Whether the predicate holds for every element."
    ),
    builtin!(
        "any",
        2,
        lists::any,
        "Whether the predicate holds for some element."
    ),
    // attrs
    builtin!(
        "attrNames",
        1,
        attrs::attr_names,
        "The names of a set, sorted."
    ),
    builtin!(
        "attrValues",
        1,
        attrs::attr_values,
        "The values of a set, by sorted name."
    ),
    builtin!(
        "getAttr",
        2,
        attrs::get_attr,
        "The attribute of a set by name."
    ),
    builtin!(
        "hasAttr",
        2,
        attrs::has_attr,
        "Whether a set has an attribute."
    ),
    builtin!(
        "removeAttrs",
        2,
        attrs::remove_attrs,
        "The set without the listed names."
    ),
    builtin!(
        "intersectAttrs",
        2,
        attrs::intersect_attrs,
        "The attributes of the second set whose names are in the first."
    ),
    builtin!(
        "listToAttrs",
        1,
        attrs::list_to_attrs,
        "A set from [ { name, value } ]; the first occurrence wins."
    ),
    builtin!(
        "mapAttrs",
        2,
        attrs::map_attrs,
        "Applies f name value to each attribute, lazily."
    ),
    builtin!(
        "catAttrs",
        2,
        attrs::cat_attrs,
        "The values of an attribute in a list of sets that have it."
    ),
    builtin!(
        "zipAttrsWith",
        2,
        attrs::zip_attrs_with,
        "Merges a list of sets with f name values."
    ),
    // strings
    builtin!(
        "toString",
        1,
        strings::to_string,
        "Converts a value to a string."
    ),
    builtin!(
        "stringLength",
        1,
        strings::string_length,
        "The length of a string in bytes."
    ),
    builtin!(
        "substring",
        3,
        strings::substring,
        "substring start length s, in bytes."
    ),
    builtin!(
        "concatStringsSep",
        2,
        strings::concat_strings_sep,
        "Joins strings with a separator."
    ),
    builtin!(
        "replaceStrings",
        3,
        strings::replace_strings,
        "Replaces each of a list of strings by another."
    ),
    builtin!(
        "baseNameOf",
        1,
        strings::base_name_of,
        "The last component of a path."
    ),
    builtin!(
        "dirOf",
        1,
        strings::dir_of,
        "All but the last component of a path."
    ),
    builtin!(
        "splitVersion",
        1,
        strings::split_version,
        "The components of a version string."
    ),
    builtin!(
        "compareVersions",
        2,
        strings::compare_versions,
        "-1, 0 or 1, comparing version strings."
    ),
    builtin!(
        "parseDrvName",
        1,
        strings::parse_drv_name,
        "{ name, version } of a package name like hello-1.2."
    ),
    builtin!(
        "unsafeDiscardStringContext",
        1,
        strings::identity_string,
        "Returns the string (kc strings have no context)."
    ),
    builtin!(
        "unsafeDiscardOutputDependency",
        1,
        strings::identity_string,
        "Returns the string (kc strings have no context)."
    ),
    builtin!(
        "appendContext",
        2,
        strings::append_context,
        "Returns the string (kc strings have no context)."
    ),
    builtin!(
        "hasContext",
        1,
        strings::has_context,
        "Always false: kc strings have no context."
    ),
    builtin!(
        "getContext",
        1,
        strings::get_context,
        "Always { }: kc strings have no context."
    ),
    builtin!(
        "hashString",
        2,
        strings::hash_string,
        "Hex digest (md5, sha1, sha256, sha512) of a string."
    ),
    builtin!(
        "match",
        2,
        regex::match_,
        "Matches a POSIX extended regular expression against the whole string."
    ),
    builtin!(
        "split",
        2,
        regex::split,
        "Splits a string by a POSIX extended regular expression."
    ),
    builtin!("toJSON", 1, serde::to_json, "The JSON text of a value."),
    builtin!("fromJSON", 1, serde::from_json, "The value of a JSON text."),
    builtin!("fromTOML", 1, serde::from_toml, "The value of a TOML text."),
    // files
    builtin!(
        "import",
        1,
        files::import,
        "Evaluates a file of the project (once per run)."
    ),
    builtin!(
        "readFile",
        1,
        files::read_file,
        "The contents of a file of the project."
    ),
    builtin!(
        "readDir",
        1,
        files::read_dir,
        "The entries of a directory of the project: name -> kind."
    ),
    builtin!(
        "readFileType",
        1,
        files::read_file_type,
        "The kind of a path of the project: regular, directory, symlink or unknown."
    ),
    builtin!(
        "__kcReadYAML",
        1,
        files::read_yaml,
        "kc.readYAML: the documents of a YAML file of the project, as a list of values."
    ),
    builtin!(
        "pathExists",
        1,
        files::path_exists,
        "Whether a path inside the project exists."
    ),
    builtin!(
        "getEnv",
        1,
        files::get_env,
        "An environment variable allowed with --allow-env."
    ),
    builtin!(
        "toPath",
        1,
        files::to_path,
        "Deprecated: the string of an absolute path."
    ),
    // not supported: impure or store-bound
    builtin!(
        "derivation",
        1,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "derivationStrict",
        1,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "fetchurl",
        1,
        unsupported::unsupported,
        "Not supported: kc does not fetch."
    ),
    builtin!(
        "fetchTarball",
        1,
        unsupported::unsupported,
        "Not supported: kc does not fetch."
    ),
    builtin!(
        "fetchGit",
        1,
        unsupported::unsupported,
        "Not supported: kc does not fetch."
    ),
    builtin!(
        "fetchTree",
        1,
        unsupported::unsupported,
        "Not supported: kc does not fetch."
    ),
    builtin!(
        "fetchMercurial",
        1,
        unsupported::unsupported,
        "Not supported: kc does not fetch."
    ),
    builtin!(
        "fetchClosure",
        1,
        unsupported::unsupported,
        "Not supported: kc does not fetch."
    ),
    builtin!(
        "filterSource",
        2,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "path",
        1,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "storePath",
        1,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "toFile",
        2,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "placeholder",
        1,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
    builtin!(
        "findFile",
        2,
        unsupported::unsupported,
        "Not supported: search paths are impure."
    ),
    builtin!(
        "scopedImport",
        2,
        unsupported::unsupported,
        "Not supported: use import."
    ),
    builtin!("toXML", 1, unsupported::unsupported, "Not supported."),
    builtin!(
        "currentTime",
        0,
        unsupported::unsupported,
        "Not supported: impure."
    ),
    builtin!(
        "currentSystem",
        0,
        unsupported::unsupported,
        "Not supported: impure."
    ),
    builtin!(
        "nixPath",
        0,
        unsupported::unsupported,
        "Not supported: impure."
    ),
    builtin!(
        "storeDir",
        0,
        unsupported::unsupported,
        "Not supported: kc has no store."
    ),
];
