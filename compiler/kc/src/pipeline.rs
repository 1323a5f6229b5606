//! The shared front half of `kc check` and `kc build`: evaluate the project, learn its CRDs,
//! check every object, and collect what to report.

use std::path::{Path, PathBuf};

use kc_eval::Database;
use kc_project::{Project, ProjectOptions};
use kc_schema::Registry;

use crate::report::{self, Reported};

pub struct CheckedProject {
    pub db: Database,
    pub root: PathBuf,
    pub project: Project,
    pub registry: Registry,
    /// The diagnostics of the project and the checker, and the policies' findings.
    pub reported: Reports,
    /// `[environment][object]`: objects rendered with [`CheckRequest::output`] while the
    /// project evaluated (`None` for the others).
    pub rendered: Vec<Vec<Option<crate::early::Rendered>>>,
    /// The project could not be evaluated far enough to check anything (exit code 2).
    pub unusable: bool,
}

pub struct CheckRequest {
    pub root: PathBuf,
    pub environments: Vec<String>,
    pub allow_env: Vec<String>,
    /// `--policy`: more policy files, directories or `builtin:NAME` packs.
    pub policies: Vec<String>,
    /// `--namespace`: the conftest packages whose rules count (default `main`).
    pub namespaces: Vec<String>,
    /// `kc build`: also render each object as soon as it is evaluated.
    pub output: Option<crate::early::EarlyOutput>,
    /// Whether the project may let go of each object's tree once the early worker has done all
    /// that is needed with it ([`crate::early::overlap`]): not for `kc build --stdout --format
    /// json`, which writes the trees as one list at the end.
    pub release_trees: bool,
}

/// Every diagnostic of a check. The policies' findings stay in the chunks their threads made:
/// moving 140,000 of them into one list touched 30 MB of fresh memory.
pub struct Reports {
    reported: Vec<Reported>,
    policy_findings: Vec<Vec<Reported>>,
}

impl Reports {
    /// Every diagnostic, in the order they are reported ([`report::sorted`]).
    pub fn sorted(&self) -> Vec<&Reported> {
        report::sorted(
            self.reported
                .iter()
                .chain(self.policy_findings.iter().flatten()),
        )
    }
}

/// Resolves a project directory argument to its canonical root.
pub fn project_root(dir: Option<&Path>) -> Result<PathBuf, String> {
    let dir = dir.unwrap_or(Path::new("."));
    dir.canonicalize()
        .map_err(|error| format!("cannot open '{}': {error}", dir.display()))
}

pub fn load_and_check(request: CheckRequest) -> CheckedProject {
    let db = crate::database::open_database();
    let mut registry = Registry::new();
    let request_policies = |project: &Project| policy_request(project, &request);
    let early_policies = crate::early::EarlyPolicies {
        db: db.clone(),
        root: request.root.clone(),
        request: &request_policies,
    };
    let (mut project, early) = crate::early::overlap(
        &registry,
        request.output.as_ref(),
        Some(early_policies),
        request.release_trees,
        |hooks| {
            let is_namespaced =
                |api_version: &str, kind: &str| registry.is_namespaced(api_version, kind);
            let options = ProjectOptions {
                environments: request.environments.clone(),
                allowed_env: request.allow_env.clone(),
                is_namespaced: &is_namespaced,
                release_memory: false,
                on_object: Some(hooks.on_object),
                on_settings: Some(hooks.on_settings),
            };
            kc_project::load_project(&db, &request.root, &options)
        },
    );
    crate::timings::phase("evaluate the project into trees");
    let crd_problems = kc_check::registry::add_project_crds(&mut registry, &project, db.fs());
    let changed =
        project.apply_scopes(&|api_version, kind| registry.is_namespaced(api_version, kind));
    let mut settled = early.settle(&project, &registry, &changed);
    if settled.trees_needed {
        // Evaluation is pure: the second time gives the same project, with every tree.
        return load_and_check(CheckRequest {
            release_trees: false,
            ..request
        });
    }
    let unusable = project
        .diagnostics
        .iter()
        .any(|d| matches!(d.diagnostic.code, "KC0601" | "KC0606"));
    let mut reported: Vec<Reported> = project
        .diagnostics
        .iter()
        .map(|d| Reported {
            diagnostic: d.diagnostic.clone(),
            env: d.env.as_deref().map(Into::into),
            resource: d.resource.as_deref().map(Into::into),
            path: None,
            rule: None,
            object: None,
        })
        .collect();
    reported.extend(crd_problems.into_iter().map(Reported::of_project));
    crate::timings::phase("CRDs and scopes");
    crate::timings::note(|| {
        let judged = settled.policy_findings.iter().flatten().count();
        let objects = settled.policy_findings.len();
        format!("policies judged {judged} of {objects} objects while the project evaluated")
    });
    let findings =
        kc_check::check_project(&project, &registry, std::mem::take(&mut settled.checks));
    crate::timings::phase("check objects");
    reported.extend(findings.into_iter().map(|finding| Reported {
        diagnostic: finding.diagnostic,
        env: Some(finding.env.into()),
        resource: Some(finding.resource.into()),
        path: finding.path,
        rule: None,
        object: None,
    }));
    let policy_findings = run_policies(&db, &request, &project, &mut settled, &mut reported);
    crate::timings::phase("policies");
    let reported = Reports {
        reported,
        policy_findings,
    };
    CheckedProject {
        db,
        root: request.root,
        project,
        registry,
        reported,
        rendered: settled.rendered,
        unusable,
    }
}

/// The policies to load for a project: its own (`policies`, by default `./policies`) and
/// `--policy` ones, with `policyParameters`; `None` when there are none.
pub fn policy_request(
    project: &Project,
    request: &CheckRequest,
) -> Option<kc_policy::PolicyRequest> {
    let mut paths = project.policies.clone();
    paths.extend(request.policies.iter().map(PathBuf::from));
    if paths.is_empty() {
        return None;
    }
    let parameters = project
        .policy_parameters
        .as_ref()
        .map(kc_project::tree::Node::to_json)
        .unwrap_or(serde_json::Value::Object(Default::default()));
    Some(kc_policy::PolicyRequest {
        paths,
        namespaces: request.namespaces.clone(),
        parameters,
    })
}

/// Runs the policies on every object that they did not judge while the project evaluated,
/// loading them unless that was done then; adds the policies' own problems to `reported` and
/// returns their findings, in chunks.
fn run_policies(
    db: &Database,
    request: &CheckRequest,
    project: &Project,
    settled: &mut crate::early::Settled,
    reported: &mut Vec<Reported>,
) -> Vec<Vec<Reported>> {
    let Some(policy_request) = policy_request(project, request) else {
        return Vec::new();
    };
    let loaded = match settled.policies.take() {
        Some(loaded) => loaded,
        None => kc_policy::load(db, &request.root, &policy_request),
    };
    reported.extend(
        loaded
            .diagnostics
            .iter()
            .map(|diagnostic| Reported::of_project(diagnostic.clone())),
    );
    let early = std::mem::take(&mut settled.policy_findings);
    kc_policy::run(&loaded, project, early).into_chunks()
}
