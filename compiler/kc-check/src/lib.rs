//! Checks of evaluated Kubernetes objects. Each check reads an object's tree (and, for
//! cross-object checks, the environment) and reports [`Finding`]s that point at the `.nix`
//! expression that produced the offending value.
//!
//! The result for one object depends only on that object and the schema registry, so it can be
//! cached per object; cross-object checks are separate and cheap.

pub mod path;
pub mod quantity;
pub mod registry;
pub mod schema_check;
pub mod semantic;
mod workload;

use kc_project::{Environment, Object};
use kc_syntax::{Diagnostic, Span};

pub use path::FieldPath;

/// A diagnostic with the environment, object and field it concerns.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub env: String,
    pub resource: String,
    pub path: Option<String>,
}

/// Collects findings for one object.
pub struct Sink<'o> {
    pub env: &'o str,
    pub object: &'o Object,
    pub findings: Vec<Finding>,
}

impl<'o> Sink<'o> {
    pub fn new(env: &'o str, object: &'o Object) -> Sink<'o> {
        Sink {
            env,
            object,
            findings: Vec::new(),
        }
    }

    /// Reports `diagnostic` about the field at `path`; the object's own expression is added as
    /// a secondary label when the value was written elsewhere.
    pub fn report(&mut self, mut diagnostic: Diagnostic, path: Option<&FieldPath>) {
        let object_span = self.object.listed_at;
        let primary_span: Option<Span> = diagnostic.primary.as_ref().map(|l| l.span);
        let inside_object = |span: Span| {
            span.file == object_span.file && object_span.range.contains_range(span.range)
        };
        if primary_span.is_some_and(|span| !inside_object(span) && span.file.0 != u32::MAX) {
            diagnostic = diagnostic.with_secondary(object_span, "in this object");
        }
        self.findings.push(Finding {
            diagnostic,
            env: self.env.to_owned(),
            resource: self.object.identity.to_string(),
            path: path.map(|p| p.to_string()),
        });
    }
}

/// All checks of one object: its schema, then the semantic rules. The result depends only on
/// the object and the registry.
pub fn check_object(env: &str, object: &Object, registry: &kc_schema::Registry) -> Vec<Finding> {
    let mut sink = Sink::new(env, object);
    schema_check::check_object(&mut sink, registry);
    semantic::check_object(&mut sink);
    sink.findings
}

/// Every check of a project: each object on its own (spread over the available cores, since
/// an object's result depends only on it and the registry), then each environment's
/// cross-object checks.
pub fn check_project(
    project: &kc_project::Project,
    registry: &kc_schema::Registry,
) -> Vec<Finding> {
    let objects: Vec<(&str, &Object)> = project
        .environments
        .iter()
        .flat_map(|environment| {
            environment
                .objects
                .iter()
                .map(move |object| (environment.name.as_str(), object))
        })
        .collect();
    // The cross-object checks run beside the per-object ones: the main thread would otherwise
    // only wait for the workers.
    let (mut findings, environment_findings) = std::thread::scope(|scope| {
        let environments = scope.spawn(|| {
            project
                .environments
                .iter()
                .flat_map(check_environment)
                .collect::<Vec<_>>()
        });
        let per_object: Vec<Finding> = kc_project::parallel::map(&objects, |(env, object)| {
            check_object(env, object, registry)
        })
        .into_iter()
        .flatten()
        .collect();
        let environment_findings = environments
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (per_object, environment_findings)
    });
    findings.extend(environment_findings);
    findings
}

/// Cross-object checks of one environment (warnings).
pub fn check_environment(environment: &Environment) -> Vec<Finding> {
    semantic::references::check(environment)
}
