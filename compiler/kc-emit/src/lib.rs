//! What `kc build` writes: documents as YAML or JSON ([`yaml`], [`json`]), where each object
//! goes and in which order ([`layout`]), and replacing the output directory atomically
//! ([`output`]).

pub mod json;
pub mod layout;
pub mod order;
pub mod output;
pub mod yaml;
