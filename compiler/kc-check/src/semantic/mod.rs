//! The checks the API server does that the OpenAPI schema does not express, one file each.

mod containers;
mod labels;
mod names;
mod ports;
pub mod references;
mod resources;
mod restart_policy;
mod selectors;

use kc_project::tree::Node;
use kc_syntax::Diagnostic;

use crate::Sink;

pub fn check_object(sink: &mut Sink<'_>) {
    names::check(sink);
    labels::check(sink);
    containers::check(sink);
    ports::check(sink);
    selectors::check(sink);
    restart_policy::check(sink);
    resources::check(sink);
}

/// An error diagnostic at a node's value.
pub(crate) fn error_at(
    code: &'static str,
    message: String,
    node: &Node,
    label: impl Into<kc_syntax::diagnostic::Text>,
) -> Diagnostic {
    Diagnostic::error(code, message).with_primary(node.origin, label)
}
