//! Policies: Rego modules run against every object of a project, in three conventions
//! (conftest, Gatekeeper, kc-native), each violation mapped back to the `.nix` expression that
//! produced the offending field.
//!
//! - [`load`]: finds `.rego` files and Gatekeeper YAML in the policy paths (and the built-in
//!   packs), parses them (Rego v1, retrying v0), reports syntax errors as `KC0501` at the
//!   `.rego` line.
//! - [`run`]: evaluates the policies for each object, on every core.
//! - [`runner`]: the rules compiled to regorus's bytecode machine, or interpreted.
//! - [`mapping`]: a violation's `path` to the span of the field in the object's tree.

pub mod builtin;
pub mod gatekeeper;
pub mod input;
pub mod load;
pub mod mapping;
pub mod run;
pub mod runner;
mod undefined_assignment;

pub use load::{load, LoadedPolicies, PolicyRequest};
pub use run::{run, ObjectByObject, PolicyFindings};
