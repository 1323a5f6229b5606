//! A diagnostic with the environment, object and field it concerns: what `kc check` and
//! `kc build` report, from the project, the checker and the policies alike.

use std::sync::Arc;

use kc_syntax::Diagnostic;

#[derive(Debug, Clone)]
pub struct Reported {
    pub diagnostic: Diagnostic,
    /// Shared by every finding about one object (a policy may report 100,000 of them).
    pub env: Option<Arc<str>>,
    /// The object (`apps/v1/Deployment/shop/web`).
    pub resource: Option<Arc<str>>,
    /// The field, as kc writes field paths (`spec.template.spec.containers[0].image`).
    pub path: Option<String>,
    /// The policy rule that reported it, when a policy did (`baseline.privileged`, a
    /// Gatekeeper constraint `Kind/name`, a conftest `package.rule`): findings of one rule at
    /// one expression are one problem.
    pub rule: Option<Arc<str>>,
    /// For a policy finding, its object's number, counting the objects of every environment in
    /// project order: a rule's findings at one place are reported in the order of their
    /// objects, whichever thread found them.
    pub object: Option<usize>,
}

impl Reported {
    /// A diagnostic that concerns no object in particular.
    pub fn of_project(diagnostic: Diagnostic) -> Reported {
        Reported {
            diagnostic,
            env: None,
            resource: None,
            path: None,
            rule: None,
            object: None,
        }
    }
}
