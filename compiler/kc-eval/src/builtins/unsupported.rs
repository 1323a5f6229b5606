//! Builtins kc deliberately does not provide: the store, fetchers and impure values.

use std::rc::Rc;

use super::Call;
use crate::error::{ErrorExt, EvalError, EvalResult};
use crate::eval::Evaluator;
use crate::value::*;

pub fn unsupported<'a>(
    _ev: &Evaluator<'a>,
    _args: &[Rc<Thunk<'a>>],
    call: Call,
) -> EvalResult<Value<'a>> {
    let why = match call.name {
        "currentTime" | "currentSystem" | "nixPath" | "findFile" => {
            "it is impure: the same project must give the same output on every machine"
        }
        name if name.starts_with("fetch") => {
            "kc does not download anything; vendor the files into the project"
        }
        _ => "kc has no Nix store",
    };
    Err(EvalError::new(
        "KC0213",
        format!("builtins.{} is not supported", call.name),
        call.span,
    )
    .label("not available in kc")
    .note(format!(
        "builtins.{} is unavailable because {why}",
        call.name
    )))
}
