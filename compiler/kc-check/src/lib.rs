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

use kc_project::Object;
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
///
/// `early` holds, for objects in project order (environment by environment), what the caller
/// already has of them (`kc build` checks objects while the project still evaluates); it may
/// be shorter than the list of objects.
pub fn check_project(
    project: &kc_project::Project,
    registry: &kc_schema::Registry,
    mut early: Vec<Option<ObjectChecks>>,
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
    early.resize_with(objects.len(), || None);
    let unchecked: Vec<(&str, &Object)> = objects
        .iter()
        .zip(&early)
        .filter(|(_, early)| early.is_none())
        .map(|(object, _)| *object)
        .collect();
    let late: Vec<ObjectChecks> = kc_project::parallel::map(&unchecked, |(env, object)| {
        ObjectChecks::of(env, object, registry)
    });
    // Every object's results, in object order, whichever way each was checked.
    let mut late = late.into_iter();
    let mut per_object: Vec<ObjectChecks> = early
        .into_iter()
        .filter_map(|early| early.or_else(|| late.next()))
        .collect();
    let mut findings = Vec::new();
    let mut first = 0;
    for environment in &project.environments {
        let count = environment.objects.len();
        let summaries: Vec<semantic::references::References> = per_object[first..first + count]
            .iter_mut()
            .map(|checks| std::mem::take(&mut checks.references))
            .collect();
        findings.extend(semantic::references::check(environment, &summaries));
        first += count;
    }
    let mut all: Vec<Finding> = per_object
        .into_iter()
        .flat_map(|checks| checks.findings)
        .collect();
    all.extend(findings);
    all
}

/// What checking one object yields: its findings, and what the cross-object checks need to
/// know of it. Both depend only on the object and the registry.
#[derive(Debug, Default)]
pub struct ObjectChecks {
    pub findings: Vec<Finding>,
    pub references: semantic::references::References,
}

impl ObjectChecks {
    pub fn of(env: &str, object: &Object, registry: &kc_schema::Registry) -> ObjectChecks {
        ObjectChecks {
            findings: check_object(env, object, registry),
            references: semantic::references::summarize(object),
        }
    }
}
