//! Checking each object on a second core while the evaluator works on the next ones, and for
//! `kc build` rendering it and comparing it with the old output; in the time that leaves, the
//! policies that read one object at a time judge the objects evaluated first. Evaluation is
//! one thread; the per-object work would otherwise wait for all of it, and on two cores it
//! then cost a third of `kc build`'s time.
//!
//! The early results are provisional: once the project has evaluated, its CRDs may change the
//! schema of a kind and [`kc_project::Project::apply_scopes`] may change an object.
//! [`EarlyWork::settle`] keeps only the results that still stand; the pipeline redoes the rest.

use std::collections::VecDeque;
use std::sync::{mpsc, Arc, Mutex, PoisonError};

use kc_check::ObjectChecks;
use kc_emit::layout::{self, Scope};
use kc_policy::{LoadedPolicies, ObjectByObject, PolicyRequest};
use kc_project::tree::Node;
use kc_project::{Object, OnObject, OnSettings, Project, Reported, TreeUse};
use kc_schema::{Registry, Resolution, SchemaId};
use rustc_hash::FxHashMap;

/// Renders one object's tree (`kc build`'s YAML or JSON writer).
pub type Render = fn(&Node) -> String;

/// What `kc build` does early with each object besides checking it.
pub struct EarlyOutput {
    pub render: Render,
    /// For a build into a directory: the old output directory and the files' extension. Each
    /// rendering is compared with the file it would replace, so that an unchanged rebuild
    /// need not read 30,000 files after the project has evaluated.
    pub old_output: Option<(std::path::PathBuf, &'static str)>,
}

/// An object's document, rendered early.
pub enum Rendered {
    Text(String),
    /// The same bytes as the old output's file at this path (relative to the output
    /// directory). The text is dropped once compared: a rebuild that changes nothing would
    /// otherwise hold every document (45 MB on the benchmark) only to throw it away.
    SameAs(std::path::PathBuf),
}

impl Rendered {
    /// The text, unless it was dropped as the same as the old output's.
    pub fn text(&self) -> Option<&str> {
        match self {
            Rendered::Text(text) => Some(text),
            Rendered::SameAs(_) => None,
        }
    }
}

/// What was done for one object before the project finished evaluating.
struct EarlyObject {
    /// The kind it was checked as: an index into [`EarlyWork::kinds`].
    kind: usize,
    checks: ObjectChecks,
    rendered: Option<Rendered>,
}

/// What was done for the objects of one environment, by index: a column per result, so that
/// settling hands whole vectors on instead of copying 30,000 results into fresh memory.
#[derive(Default)]
struct EarlyEnvironment {
    /// The kind each object was checked as (an index into [`EarlyWork::kinds`]); `None` for an
    /// object not done early.
    kinds: Vec<Option<usize>>,
    checks: Vec<Option<ObjectChecks>>,
    rendered: Vec<Option<Rendered>>,
    /// What the policies found, for the objects they judged before the project evaluated.
    policy_findings: Vec<Option<Vec<Reported>>>,
}

impl EarlyEnvironment {
    fn insert(&mut self, index: usize, done: EarlyObject) {
        if self.kinds.len() <= index {
            self.resize(index + 1);
        }
        self.kinds[index] = Some(done.kind);
        self.checks[index] = Some(done.checks);
        self.rendered[index] = done.rendered;
    }

    fn resize(&mut self, len: usize) {
        self.kinds.resize(len, None);
        self.checks.resize_with(len, || None);
        self.rendered.resize_with(len, || None);
        self.policy_findings.resize_with(len, || None);
    }

    /// Forgets what was done for the object at `index`.
    fn forget(&mut self, index: usize) {
        self.kinds[index] = None;
        self.checks[index] = None;
        self.rendered[index] = None;
        self.policy_findings[index] = None;
    }
}

/// The results of the work done while the project evaluated.
pub struct EarlyWork {
    /// By environment name.
    environments: FxHashMap<Arc<str>, EarlyEnvironment>,
    /// Each kind that objects were checked as.
    kinds: Vec<EarlyKind>,
    /// The project's policies, loaded by the worker.
    policies: Option<LoadedPolicies>,
}

/// A kind as the registry knew it while the project evaluated.
struct EarlyKind {
    api_version: String,
    kind: String,
    /// The schema objects of the kind were checked against.
    schema: SchemaId,
    namespaced: bool,
}

fn render(
    output: &EarlyOutput,
    environment: &str,
    object: &Object,
    scope: Scope,
    buffer: &mut Vec<u8>,
) -> Rendered {
    let text = (output.render)(&object.tree);
    let unchanged_at = output.old_output.as_ref().and_then(|(out, extension)| {
        let path = std::path::Path::new(environment).join(layout::unqualified_file_name(
            &object.identity,
            scope,
            extension,
        ));
        kc_emit::output::same_contents_using(&out.join(&path), text.as_bytes(), buffer)
            .then_some(path)
    });
    match unchanged_at {
        Some(path) => Rendered::SameAs(path),
        None => Rendered::Text(text),
    }
}

/// What still stands of the early work, indexed like the project's objects.
#[derive(Default)]
pub struct Settled {
    /// For every object in project order (environment by environment), its checks if it was
    /// checked early: what [`kc_check::check_project`] takes.
    pub checks: Vec<Option<ObjectChecks>>,
    /// `[environment][object]`: the object's rendering, if it was rendered early.
    pub rendered: Vec<Vec<Option<Rendered>>>,
    /// For every object in project order, the policies' findings if they judged it early:
    /// what [`kc_policy::run`] takes.
    pub policy_findings: Vec<Option<Vec<Reported>>>,
    /// The project's policies, as the worker loaded them.
    pub policies: Option<LoadedPolicies>,
    /// An object whose tree the project released must be done again: a CRD of the project
    /// changed its kind, or [`Project::apply_scopes`] changed it. The caller then evaluates
    /// the project again, keeping every tree; a project that redefines a built-in kind is rare.
    pub trees_needed: bool,
}

/// How the worker loads the project's policies once `kc.nix`'s settings are known: the
/// database (a handle of its own) and project root they are read through, and which
/// policies a project asks for.
pub struct EarlyPolicies<'r> {
    pub db: kc_eval::Database,
    pub root: std::path::PathBuf,
    pub request: &'r (dyn Fn(&Project) -> Option<PolicyRequest> + Sync),
}

/// The callbacks [`overlap`] gives `load`, for [`kc_project::ProjectOptions`].
pub struct Hooks<'h> {
    pub on_object: OnObject<'h>,
    pub on_settings: OnSettings<'h>,
}

/// Runs `load`, which evaluates the project and calls the hooks it is given, while a second
/// thread checks each object against `registry` (and renders it, with `output`), and spends
/// the time it would otherwise wait judging objects with the project's policies (`policies`)
/// that read one object at a time.
///
/// With `release_trees`, the project lets go of the tree of each object the worker does all
/// that is needed with (see [`may_release_tree`]), unless the project has policies, which read
/// trees after it has evaluated.
pub fn overlap(
    registry: &Registry,
    output: Option<&EarlyOutput>,
    policies: Option<EarlyPolicies<'_>>,
    release_trees: bool,
    load: impl FnOnce(Hooks<'_>) -> Project,
) -> (Project, EarlyWork) {
    overlap_in_batches(BATCH, registry, output, policies, release_trees, load)
}

/// Whether the worker does all that the pipeline needs with `object`'s tree once it has it:
/// its kind is known now, so the worker checks it (and renders it), and it is not a
/// CustomResourceDefinition, whose tree adds a kind to the registry once the project has
/// evaluated.
fn may_release_tree(registry: &Registry, object: &Object) -> bool {
    let identity = &object.identity;
    identity.kind != "CustomResourceDefinition"
        && registry
            .is_namespaced(&identity.api_version, &identity.kind)
            .is_some()
}

/// [`overlap`], sending objects to the worker `batch` at a time.
fn overlap_in_batches(
    batch: usize,
    registry: &Registry,
    output: Option<&EarlyOutput>,
    policies: Option<EarlyPolicies<'_>>,
    release_trees: bool,
    load: impl FnOnce(Hooks<'_>) -> Project,
) -> (Project, EarlyWork) {
    let (sender, receiver) = mpsc::channel::<Work>();
    let request = policies.as_ref().map(|policies| policies.request);
    // The database handle is the worker's own: handles are not shared between threads.
    let source = policies.map(|policies| (policies.db, policies.root));
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || work(&receiver, registry, output, source));
        let project = {
            let batches = Batches {
                pending: Mutex::new(Pending {
                    batch: Vec::with_capacity(batch),
                    environment: None,
                }),
                size: batch,
                sender,
            };
            // Set before any object: `kc.nix`'s settings come first.
            let has_policies = std::sync::atomic::AtomicBool::new(false);
            let on_object = |environment: &str, index: usize, object: &Object| {
                batches.push(environment, index, object);
                let release = release_trees
                    && !has_policies.load(std::sync::atomic::Ordering::Relaxed)
                    && may_release_tree(registry, object);
                match release {
                    true => TreeUse::Release,
                    false => TreeUse::Keep,
                }
            };
            let on_settings = |project: &Project| {
                if let Some(request) = request.and_then(|request| request(project)) {
                    has_policies.store(true, std::sync::atomic::Ordering::Relaxed);
                    batches.send_policies(request);
                }
            };
            load(Hooks {
                on_object: &on_object,
                on_settings: &on_settings,
            })
            // Dropping `batches` sends the last batch and closes the channel: the worker
            // then stops evaluating policies and finishes the checks.
        };
        let early = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (project, early)
    })
}

/// What the worker receives: first the policies to load, if any, then objects.
enum Work {
    Policies(PolicyRequest),
    Objects(Vec<Message>),
}

/// An object for the worker, with its environment and its index there.
type Message = (Arc<str>, usize, Object);

/// Objects go to the worker in batches: waking a waiting thread costs a system call and, on a
/// virtual machine, an interrupt between processors, which for every object slowed
/// evaluation by a fifth.
const BATCH: usize = 256;

struct Batches {
    pending: Mutex<Pending>,
    /// How many objects make a batch.
    size: usize,
    sender: mpsc::Sender<Work>,
}

struct Pending {
    batch: Vec<Message>,
    /// The name of the environment being evaluated, shared by its objects' messages.
    environment: Option<Arc<str>>,
}

impl Batches {
    fn push(&self, environment: &str, index: usize, object: &Object) {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let name = match &pending.environment {
            Some(name) if **name == *environment => name.clone(),
            _ => {
                let name: Arc<str> = Arc::from(environment);
                pending.environment = Some(name.clone());
                name
            }
        };
        pending.batch.push((name, index, object.clone()));
        if pending.batch.len() >= self.size {
            let batch = std::mem::replace(&mut pending.batch, Vec::with_capacity(self.size));
            // A send fails only if the worker panicked; joining it then reports the panic.
            let _ = self.sender.send(Work::Objects(batch));
        }
    }

    fn send_policies(&self, request: PolicyRequest) {
        // Under the lock, like the batches: the request goes before any object.
        let _pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = self.sender.send(Work::Policies(request));
    }
}

impl Drop for Batches {
    fn drop(&mut self) {
        let pending = self
            .pending
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let batch = std::mem::take(&mut pending.batch);
        if !batch.is_empty() {
            let _ = self.sender.send(Work::Objects(batch));
        }
    }
}

fn work(
    receiver: &mpsc::Receiver<Work>,
    registry: &Registry,
    output: Option<&EarlyOutput>,
    policy_source: Option<(kc_eval::Database, std::path::PathBuf)>,
) -> EarlyWork {
    let mut early = EarlyWork {
        environments: FxHashMap::default(),
        kinds: Vec::new(),
        policies: None,
    };
    // The request for policies, if there is one, comes before any object.
    let mut next = receiver.recv().ok();
    let loaded = match (&next, &policy_source) {
        (Some(Work::Policies(request)), Some((db, root))) => {
            let loaded = kc_policy::load(db, root, request);
            next = receiver.recv().ok();
            Some(loaded)
        }
        _ => None,
    };
    let by_object = loaded
        .as_ref()
        .filter(|loaded| loaded.diagnostics.is_empty())
        .and_then(ObjectByObject::new);
    let mut runner = by_object.as_ref().map(ObjectByObject::runner);
    // Objects checked but not yet judged by the policies, oldest first.
    let mut waiting: VecDeque<(Arc<str>, usize, Object)> = VecDeque::new();
    // The old output's files are read into one buffer.
    let mut buffer = Vec::new();
    while let Some(work) = next.take() {
        let Work::Objects(batch) = work else {
            next = receiver.recv().ok();
            continue;
        };
        for (environment, index, object) in batch {
            if let Some(done) = check(
                &mut early,
                registry,
                output,
                &environment,
                &object,
                &mut buffer,
            ) {
                early
                    .environments
                    .entry(environment.clone())
                    .or_default()
                    .insert(index, done);
                if by_object.is_some() {
                    waiting.push_back((environment, index, object));
                }
            }
        }
        // Checks come first: they are cheap, and the project's evaluation is not over until
        // they are done. Policies fill the time until the next batch comes; once the channel
        // closes, the objects still waiting are left to both cores.
        next = loop {
            match receiver.try_recv() {
                Ok(work) => break Some(work),
                Err(mpsc::TryRecvError::Disconnected) => break None,
                Err(mpsc::TryRecvError::Empty) => {}
            }
            let (Some(by_object), Some(runner), Some((environment, index, object))) =
                (&by_object, &mut runner, waiting.pop_front())
            else {
                break receiver.recv().ok();
            };
            let findings = by_object.evaluate(runner, &environment, &object);
            if let Some(slot) = early
                .environments
                .get_mut(&environment)
                .and_then(|done| done.policy_findings.get_mut(index))
            {
                *slot = Some(findings);
            }
        };
    }
    drop(runner);
    let compiled = by_object.map(ObjectByObject::into_compiled);
    early.policies = loaded.map(|mut loaded| {
        loaded.compiled = compiled;
        loaded
    });
    early
}

/// Checks (and renders) one object; `None` for an object of a kind the registry does not
/// know yet.
fn check(
    early: &mut EarlyWork,
    registry: &Registry,
    output: Option<&EarlyOutput>,
    environment: &str,
    object: &Object,
    buffer: &mut Vec<u8>,
) -> Option<EarlyObject> {
    let identity = &object.identity;
    let known = early.kinds.iter().rposition(|known| {
        known.api_version == identity.api_version && known.kind == identity.kind
    });
    let kind = match known {
        Some(kind) => kind,
        None => match registry.resolve(&identity.api_version, &identity.kind) {
            Resolution::Found(info) => {
                early.kinds.push(EarlyKind {
                    api_version: identity.api_version.clone(),
                    kind: identity.kind.clone(),
                    schema: info.root,
                    namespaced: info.namespaced,
                });
                early.kinds.len() - 1
            }
            // An unknown kind may be one of the project's CRDs, learnt only once the
            // project has evaluated: such objects are checked afterwards.
            _ => return None,
        },
    };
    let scope = match early.kinds[kind].namespaced {
        true => Scope::Namespaced,
        false => Scope::Cluster,
    };
    Some(EarlyObject {
        kind,
        checks: ObjectChecks::of(environment, object, registry),
        rendered: output.map(|output| render(output, environment, object, scope, buffer)),
    })
}

impl EarlyWork {
    /// Keeps the results that still hold for `project` as it is now, checked against
    /// `registry` (with the project's CRDs): the object was not among those `changed` since
    /// (by [`kc_project::Project::apply_scopes`]), and its kind resolves to the same schema.
    pub fn settle(
        mut self,
        project: &Project,
        registry: &Registry,
        changed: &[(usize, usize)],
    ) -> Settled {
        let stale_kinds: Vec<usize> = self
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, known)| {
                !matches!(registry.resolve(&known.api_version, &known.kind), Resolution::Found(info) if info.root == known.schema)
            })
            .map(|(index, _)| index)
            .collect();
        let mut settled = Settled {
            policies: self.policies.take(),
            ..Settled::default()
        };
        for (environment_index, environment) in project.environments.iter().enumerate() {
            let mut done = self
                .environments
                .remove(environment.name.as_str())
                .unwrap_or_default();
            done.resize(environment.objects.len());
            let released = |index: usize| {
                environment
                    .objects
                    .get(index)
                    .is_some_and(|object| object.tree_released)
            };
            for &(changed_environment, object) in changed {
                if changed_environment == environment_index {
                    done.forget(object);
                    settled.trees_needed |= released(object);
                }
            }
            if !stale_kinds.is_empty() {
                for index in 0..done.kinds.len() {
                    if done.kinds[index].is_some_and(|kind| stale_kinds.contains(&kind)) {
                        done.forget(index);
                        settled.trees_needed |= released(index);
                    }
                }
            }
            append(&mut settled.checks, done.checks);
            append(&mut settled.policy_findings, done.policy_findings);
            settled.rendered.push(done.rendered);
        }
        settled
    }
}

/// `items` after `all`, moved as one vector when `all` is empty (the usual single environment).
fn append<T>(all: &mut Vec<T>, mut items: Vec<T>) {
    if all.is_empty() {
        *all = items;
    } else {
        all.append(&mut items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kc_project::tree::NodeValue;
    use kc_project::{Environment, Identity};
    use kc_syntax::{FileId, Span};

    fn object(api_version: &str, kind: &str, name: &str) -> Object {
        Object {
            identity: Identity {
                api_version: api_version.to_owned(),
                kind: kind.to_owned(),
                namespace: Some("default".to_owned()),
                name: name.to_owned(),
            },
            tree: Arc::new(Node {
                value: NodeValue::Null,
                origin: Span::new(FileId(0), Default::default()),
            }),
            namespace_defaulted: false,
            listed_at: Span::new(FileId(0), Default::default()),
            tree_released: false,
        }
    }

    /// An environment's early results from what was done for each of its objects.
    fn environment(objects: Vec<Option<EarlyObject>>) -> EarlyEnvironment {
        let mut environment = EarlyEnvironment::default();
        environment.resize(objects.len());
        for (index, done) in objects.into_iter().enumerate() {
            if let Some(done) = done {
                environment.insert(index, done);
            }
        }
        environment
    }

    fn done(kind: usize, rendered: &str) -> Option<EarlyObject> {
        Some(EarlyObject {
            kind,
            checks: ObjectChecks::default(),
            rendered: Some(Rendered::Text(rendered.to_owned())),
        })
    }

    fn kind(api_version: &str, kind: &str, schema: SchemaId) -> EarlyKind {
        EarlyKind {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            schema,
            namespaced: true,
        }
    }

    /// A project of one environment, `dev`, holding `objects`.
    fn project(objects: Vec<Object>) -> Project {
        Project {
            environments: vec![Environment {
                name: "dev".to_owned(),
                objects,
            }],
            ..Project::default()
        }
    }

    /// The root schema of the built-in ConfigMap kind.
    fn config_map_schema(registry: &Registry) -> SchemaId {
        match registry.resolve("v1", "ConfigMap") {
            Resolution::Found(info) => info.root,
            _ => panic!("ConfigMap is a built-in kind"),
        }
    }

    /// Early work on one environment named `name`, with the kinds objects were checked as.
    fn early_work(
        name: &str,
        objects: Vec<Option<EarlyObject>>,
        kinds: Vec<EarlyKind>,
    ) -> EarlyWork {
        EarlyWork {
            environments: [(Arc::from(name), environment(objects))]
                .into_iter()
                .collect(),
            kinds,
            policies: None,
        }
    }

    fn rendered(settled: &Settled) -> Vec<Option<&str>> {
        settled.rendered[0]
            .iter()
            .map(|rendered| rendered.as_ref().and_then(Rendered::text))
            .collect()
    }

    #[test]
    fn results_stand_unless_the_object_changed_or_was_not_done() {
        let registry = Registry::new();
        let early = early_work(
            "dev",
            vec![done(0, "a"), done(0, "b"), None, done(0, "d")],
            vec![kind("v1", "ConfigMap", config_map_schema(&registry))],
        );
        let project = project(
            ["a", "b", "c", "d", "e"]
                .iter()
                .map(|name| object("v1", "ConfigMap", name))
                .collect(),
        );
        let settled = early.settle(&project, &registry, &[(0, 1)]);
        assert_eq!(
            rendered(&settled),
            [Some("a"), None, None, Some("d"), None],
            "b was changed after it was rendered; c and e were never done"
        );
        let checked: Vec<bool> = settled.checks.iter().map(Option::is_some).collect();
        assert_eq!(checked, [true, false, false, true, false]);
    }

    #[test]
    fn results_fall_when_their_kind_resolves_to_another_schema() {
        let registry = Registry::new();
        let config_map = config_map_schema(&registry);
        // A kind the final registry does not know (a CRD that is gone, say), and a built-in
        // kind checked against a schema other than its own.
        let early = early_work(
            "dev",
            vec![done(0, "a"), done(1, "b")],
            vec![
                kind("example.com/v1", "Widget", config_map),
                kind("v1", "Secret", config_map),
            ],
        );
        let project = project(vec![
            object("example.com/v1", "Widget", "a"),
            object("v1", "Secret", "b"),
        ]);
        let settled = early.settle(&project, &registry, &[]);
        assert_eq!(rendered(&settled), [None, None]);
    }

    #[test]
    fn policies_judging_objects_early_find_what_they_find_late() {
        let root = fixture("example");
        let db = crate::database::open_database();
        let registry = Registry::new();
        let request = crate::pipeline::CheckRequest {
            root: root.clone(),
            environments: Vec::new(),
            allow_env: Vec::new(),
            policies: vec![
                "builtin:restricted".to_owned(),
                "builtin:hygiene".to_owned(),
            ],
            namespaces: Vec::new(),
            output: None,
            release_trees: true,
        };
        let request_policies =
            |project: &Project| crate::pipeline::policy_request(project, &request);
        let policies = EarlyPolicies {
            db: db.clone(),
            root: root.clone(),
            request: &request_policies,
        };
        // One object per batch, and time to judge them before the project is done: the
        // worker judges objects only while the project evaluates.
        let (project, early) =
            overlap_in_batches(1, &registry, None, Some(policies), true, |hooks| {
                let project = load_with_hooks(&db, &root, &registry, hooks);
                std::thread::sleep(std::time::Duration::from_secs(2));
                project
            });
        // Policies read the trees once the project has evaluated: none is released.
        assert!(project.environments[0]
            .objects
            .iter()
            .all(|object| !object.tree_released));
        let settled = early.settle(&project, &registry, &[]);
        let judged_early = settled.policy_findings.iter().flatten().count();
        assert!(judged_early > 0, "no object was judged early");
        let loaded = settled.policies.expect("the worker loaded the policies");
        // The runs come in any order; an object's findings come together, in rule order.
        let mut late: Vec<_> = kc_policy::run(&loaded, &project, Vec::new())
            .into_iter()
            .collect();
        late.sort_by_key(|finding| finding.object);
        let mut with_early: Vec<_> = kc_policy::run(&loaded, &project, settled.policy_findings)
            .into_iter()
            .collect();
        with_early.sort_by_key(|finding| finding.object);
        assert!(!late.is_empty(), "the example violates the restricted pack");
        assert_eq!(format!("{late:#?}"), format!("{with_early:#?}"));
    }

    #[test]
    fn results_of_an_environment_that_failed_to_load_are_dropped() {
        let registry = Registry::new();
        let early = early_work("prod", vec![done(0, "a")], Vec::new());
        let settled = early.settle(
            &project(vec![object("v1", "ConfigMap", "a")]),
            &registry,
            &[],
        );
        assert_eq!(rendered(&settled), [None]);
        assert_eq!(settled.checks.len(), 1);
    }

    /// The directory `fixtures/<path>` of the workspace.
    fn fixture(path: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures")
            .join(path)
            .canonicalize()
            .unwrap_or_else(|error| panic!("fixtures/{path}: {error}"))
    }

    /// Loads the project at `root` with the hooks of [`overlap`].
    fn load_with_hooks(
        db: &kc_eval::Database,
        root: &std::path::Path,
        registry: &Registry,
        hooks: Hooks<'_>,
    ) -> Project {
        let is_namespaced =
            |api_version: &str, kind: &str| registry.is_namespaced(api_version, kind);
        let options = kc_project::ProjectOptions {
            environments: Vec::new(),
            allowed_env: Vec::new(),
            is_namespaced: &is_namespaced,
            release_memory: false,
            on_object: Some(hooks.on_object),
            on_settings: Some(hooks.on_settings),
        };
        kc_project::load_project(db, root, &options)
    }

    #[test]
    fn the_project_releases_the_trees_the_worker_is_done_with() {
        let root = fixture("check/schema-redefined-builtin-kind");
        let db = crate::database::open_database();
        let output = EarlyOutput {
            render: |tree| kc_emit::yaml::to_string(tree),
            old_output: None,
        };
        let load = |registry: &Registry| {
            overlap(registry, Some(&output), None, true, |hooks| {
                load_with_hooks(&db, &root, registry, hooks)
            })
        };
        let registry = Registry::new();
        let (project, early) = load(&registry);
        let released: Vec<(&str, bool)> = project.environments[0]
            .objects
            .iter()
            .map(|object| (object.identity.kind.as_str(), object.tree_released))
            .collect();
        // A CRD's tree adds its kind to the registry after the project has evaluated.
        assert_eq!(
            released,
            [
                ("Deployment", true),
                ("Deployment", true),
                ("CustomResourceDefinition", false)
            ]
        );
        // The worker rendered the objects from the trees it was given.
        let settled = early.settle(&project, &registry, &[]);
        assert!(!settled.trees_needed);
        let first = settled.rendered[0][0].as_ref().and_then(Rendered::text);
        assert!(first.is_some_and(|text| text.contains("owner: team-web")));

        // Once the project's CRD redefines Deployment, the early checks no longer stand, and
        // the released trees are needed again.
        let mut registry = Registry::new();
        let (project, early) = load(&registry);
        let problems = kc_check::registry::add_project_crds(&mut registry, &project, db.fs());
        assert!(problems.is_empty(), "{problems:?}");
        assert!(early.settle(&project, &registry, &[]).trees_needed);
    }
}
