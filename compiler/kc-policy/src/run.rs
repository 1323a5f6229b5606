//! Evaluating the loaded policies for every object and turning violations into diagnostics
//! that point at the `.nix` source.

use std::collections::BTreeMap;
use std::sync::Arc;

use kc_project::tree::{Node, NodeValue};
use kc_project::{Environment, Object, Project, Reported};
use kc_syntax::Diagnostic;
use regorus::Value;

use crate::input;
use crate::load::LoadedPolicies;
use crate::mapping::{self, Step};
use crate::runner::{self, Runner};

/// What a rule reported, before it is mapped to the source.
struct Violation<'p> {
    error: bool,
    message: Arc<str>,
    id: Arc<str>,
    /// The policy file or pack, borrowed from the loaded policies.
    origin: &'p str,
    path: Option<Vec<Step>>,
    /// Where the evaluated object sits in the real object (a pod expanded from a workload's
    /// template for a Pod-level Gatekeeper constraint).
    base: Vec<Step>,
    /// Values the rule returned besides its message (`details`, ...): a subtree of the object
    /// among them says where the problem is.
    returned: Vec<Value>,
}

/// Runs every policy on every object of the project, on every core.
///
/// `early` holds, for objects in project order (environment by environment), the findings
/// the caller already has from [`ObjectByObject`] (`kc check` evaluates objects while the
/// project still evaluates); it may be shorter than the list of objects.
///
/// The findings come in chunks, as the threads found them, each with its object's number
/// ([`Reported::object`]); an object's findings come together, in the order its rules reported
/// them.
pub fn run(
    policies: &LoadedPolicies,
    project: &Project,
    mut early: Vec<Option<Vec<Reported>>>,
) -> PolicyFindings {
    let mut findings = PolicyFindings { chunks: Vec::new() };
    if policies.is_empty() {
        return findings;
    }
    let count = project.environments.iter().map(|e| e.objects.len()).sum();
    early.resize_with(count, || None);
    let mut early = early.into_iter();
    // Objects are numbered across environments.
    let mut first = 0;
    for environment in &project.environments {
        let environment_early: Vec<_> = early.by_ref().take(environment.objects.len()).collect();
        let late = run_environment(policies, environment, first, &environment_early);
        for (index, found) in environment_early.into_iter().enumerate() {
            let Some(mut found) = found.filter(|found| !found.is_empty()) else {
                continue;
            };
            for finding in &mut found {
                finding.object = Some(first + index);
            }
            findings.chunks.push(found);
        }
        findings
            .chunks
            .extend(late.into_iter().filter(|run| !run.is_empty()));
        first += environment.objects.len();
    }
    findings
}

/// The findings of every run (the early ones, each worker's), in the chunks the threads made:
/// the caller keeps them where they are. Merging them into object order took 80 ms for
/// 140,000 findings on one core, and moving them into one list touched 30 MB of fresh memory;
/// the report orders references to them by their objects' numbers.
#[derive(Default)]
pub struct PolicyFindings {
    chunks: Vec<Vec<Reported>>,
}

impl PolicyFindings {
    pub fn into_chunks(self) -> Vec<Vec<Reported>> {
        self.chunks
    }
}

impl IntoIterator for PolicyFindings {
    type Item = Reported;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<Reported>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

/// Policies that judge each object on its own, compiled once: what can run on an object
/// before the rest of its environment is known.
pub struct ObjectByObject<'p> {
    policies: &'p LoadedPolicies,
    compiled: runner::Compiled,
    paths: RulePaths,
}

impl<'p> ObjectByObject<'p> {
    /// `None` when a policy may read other objects than the one it judges: Gatekeeper
    /// constraints (`data.inventory`) and the project's own packages (`input.kc.resources`).
    pub fn new(policies: &'p LoadedPolicies) -> Option<ObjectByObject<'p>> {
        let one_at_a_time = policies.constraints.is_empty()
            && policies
                .packages
                .iter()
                .all(|package| package.origin.starts_with("builtin:"));
        if policies.is_empty() || !one_at_a_time {
            return None;
        }
        Some(ObjectByObject {
            policies,
            compiled: runner::compile(
                &policies.engine,
                &entry_points(policies),
                &together(policies),
            ),
            paths: RulePaths::of(policies),
        })
    }

    /// The compiled programs, for [`LoadedPolicies::compiled`].
    pub fn into_compiled(self) -> runner::Compiled {
        self.compiled
    }

    /// An evaluator for one thread.
    pub fn runner(&self) -> Runner<'_> {
        Runner::new(&self.compiled)
    }

    /// The findings of every policy about `object`, exactly as [`run`] reports them.
    pub fn evaluate(&self, runner: &mut Runner, env: &Arc<str>, object: &Object) -> Vec<Reported> {
        let value = input::to_value(&object.tree);
        let empty = Value::from(Vec::<Value>::new());
        let violations = evaluate_object(
            runner,
            self.policies,
            &self.paths,
            env,
            object,
            &value,
            &empty,
        );
        if violations.is_empty() {
            return Vec::new();
        }
        let resource: Arc<str> = object.identity.to_string().into();
        violations
            .into_iter()
            .map(|v| to_finding(v, env, object, &resource))
            .collect()
    }
}

/// The findings about the objects of `environment` that have none in `early`: chunks in object
/// order from each worker, each finding with its object's number (`first` is the number of the
/// environment's first object).
fn run_environment(
    policies: &LoadedPolicies,
    environment: &Environment,
    first: usize,
    early: &[Option<Vec<Reported>>],
) -> Vec<Vec<Reported>> {
    let late: Vec<usize> = (0..environment.objects.len())
        .filter(|&index| early.get(index).is_none_or(Option::is_none))
        .collect();
    if late.is_empty() {
        return Vec::new();
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    // Only the project's own policies may read `input.kc.resources` (every object), so only
    // they need every object converted up front. Otherwise each object is converted when its
    // turn comes and dropped after, which keeps memory flat: on the 10,000-Deployment
    // benchmark the converted objects would take about 100 MB.
    let wants_resources = policies
        .packages
        .iter()
        .any(|package| !package.origin.starts_with("builtin:"));
    let values: Option<Vec<Value>> = wants_resources.then(|| convert_all(&environment.objects));
    let resources = match &values {
        Some(values) => Value::from(values.clone()),
        None => Value::from(Vec::<Value>::new()),
    };
    // Programs compiled while the project evaluated hold no environment's data: reused when
    // there is no Gatekeeper constraint, whose `data.inventory` is the environment's.
    let compiled_here;
    let compiled = match &policies.compiled {
        Some(compiled) if policies.constraints.is_empty() => compiled,
        _ => {
            let mut engine = policies.engine.clone();
            if !policies.constraints.is_empty() {
                let _ = engine.add_data(inventory(environment));
            }
            compiled_here = runner::compile(&engine, &entry_points(policies), &together(policies));
            &compiled_here
        }
    };
    let paths = RulePaths::of(policies);
    // Objects are dealt out in turn, not in halves: a project lists its heavy objects
    // (workloads) together, and halves would leave one core with all of them.
    let parts: Vec<Vec<usize>> = (0..workers)
        .map(|worker| late.iter().copied().skip(worker).step_by(workers).collect())
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                let values = &values;
                let resources = &resources;
                let paths = &paths;
                scope.spawn(move || {
                    let mut runner = Runner::new(compiled);
                    let mut findings = Chunks::default();
                    let env: Arc<str> = environment.name.as_str().into();
                    for &index in part.iter() {
                        let object = &environment.objects[index];
                        let converted;
                        let value = match values {
                            Some(values) => &values[index],
                            None => {
                                converted = input::to_value(&object.tree);
                                &converted
                            }
                        };
                        let violations = evaluate_object(
                            &mut runner,
                            policies,
                            paths,
                            &env,
                            object,
                            value,
                            resources,
                        );
                        if violations.is_empty() {
                            continue;
                        }
                        // One name for all the object's findings.
                        let resource: Arc<str> = object.identity.to_string().into();
                        for violation in violations {
                            let mut finding = to_finding(violation, &env, object, &resource);
                            finding.object = Some(first + index);
                            findings.push(finding);
                        }
                    }
                    findings.into_chunks()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Findings collected in chunks of a fixed size. One growing vector would double its capacity
/// again and again, copying its findings into fresh memory each time: a thread collects
/// 70,000 findings (15 MB) on the 10,000-Deployment benchmark, and touching fresh memory is
/// what is slow on a virtual machine. The report orders references to them wherever they are.
#[derive(Default)]
struct Chunks {
    full: Vec<Vec<Reported>>,
    current: Vec<Reported>,
}

/// Findings per chunk: 1 MB of them.
const CHUNK: usize = 4096;

impl Chunks {
    fn push(&mut self, finding: Reported) {
        if self.current.len() == self.current.capacity() {
            let next = Vec::with_capacity(CHUNK);
            let full = std::mem::replace(&mut self.current, next);
            if !full.is_empty() {
                self.full.push(full);
            }
        }
        self.current.push(finding);
    }

    fn into_chunks(mut self) -> Vec<Vec<Reported>> {
        if !self.current.is_empty() {
            self.full.push(self.current);
        }
        self.full
    }
}

/// Every object as a Rego value, converted on every core.
fn convert_all(objects: &[Object]) -> Vec<Value> {
    kc_project::parallel::map(objects, |object| input::to_value(&object.tree))
}

/// Gatekeeper's `data.inventory`: `namespace.<ns>.<apiVersion>.<kind>.<name>` and
/// `cluster.<apiVersion>.<kind>.<name>`, filled from the whole environment.
fn inventory(environment: &Environment) -> Value {
    let mut inventory = serde_json::json!({ "namespace": {}, "cluster": {} });
    for object in &environment.objects {
        let identity = &object.identity;
        let mut keys: Vec<&str> = match &identity.namespace {
            Some(namespace) => vec!["namespace", namespace],
            None => vec!["cluster"],
        };
        keys.extend([identity.api_version.as_str(), identity.kind.as_str()]);
        // Indexing a missing key of an object, or null, makes the object on the way.
        let mut level = &mut inventory;
        for key in keys {
            level = &mut level[key];
        }
        level[identity.name.as_str()] = object.tree.to_json();
    }
    Value::from(serde_json::json!({ "inventory": inventory }))
}

/// Every rule [`evaluate_object`] may evaluate, by package: each package is compiled on its own.
fn entry_points(policies: &LoadedPolicies) -> Vec<Vec<String>> {
    let mut packages = rule_paths_by_package(policies);
    for constraint in &policies.constraints {
        if let Some(package) = &constraint.package {
            let rule = format!("{package}.violation");
            if !packages.iter().flatten().any(|known| *known == rule) {
                packages.push(vec![rule]);
            }
        }
    }
    packages
}

/// The rules of the built-in packs that apply to one kind of object, for each set of packs
/// some kind has (see [`builtin_rules_for`]): each set is compiled to one program, so that the
/// packs share what `data.kc.builtin.pods` computes for an object.
fn together(policies: &LoadedPolicies) -> Vec<Vec<String>> {
    let paths = RulePaths::of(policies);
    let mut sets: Vec<Vec<String>> = Vec::new();
    // The kinds some pack names, then any other kind.
    let by_kind = paths.builtin_by_kind.iter().map(|(_, rules)| rules);
    for rules in by_kind.chain([&paths.builtin_other_kinds]) {
        if rules.len() >= 2 && !sets.contains(rules) {
            sets.push(rules.clone());
        }
    }
    sets
}

/// The rule paths of the built-in packs that judge objects of `kind` (`None`: a kind no pack
/// names), in package order. Only the built-in packs: their reporting rules are partial set
/// rules, which are never undefined, so their values make an array.
fn builtin_rules_for(policies: &LoadedPolicies, kind: Option<&str>) -> Vec<String> {
    policies
        .packages
        .iter()
        .filter(|package| package.origin.starts_with("builtin:"))
        .filter(|package| {
            package.kinds.is_empty() || kind.is_some_and(|kind| package.kinds.contains(&kind))
        })
        .flat_map(|package| {
            package
                .rules
                .iter()
                .map(move |rule| format!("{}.{rule}", package.path))
        })
        .collect()
}

/// The rule paths [`evaluate_object`] asks the runner for, formatted once per run rather than
/// for every object: each package's reporting rules, and the built-in packs' rules that apply
/// to each kind that some pack names (then to any other kind).
struct RulePaths {
    /// By package, in the order of [`LoadedPolicies::packages`].
    of_package: Vec<Vec<String>>,
    builtin_by_kind: Vec<(&'static str, Vec<String>)>,
    builtin_other_kinds: Vec<String>,
}

/// The paths of each package's reporting rules (`data.main.deny`, ...), in package order.
fn rule_paths_by_package(policies: &LoadedPolicies) -> Vec<Vec<String>> {
    policies
        .packages
        .iter()
        .map(|package| {
            package
                .rules
                .iter()
                .map(|rule| format!("{}.{rule}", package.path))
                .collect()
        })
        .collect()
}

impl RulePaths {
    fn of(policies: &LoadedPolicies) -> RulePaths {
        let of_package = rule_paths_by_package(policies);
        let mut kinds: Vec<&'static str> = policies
            .packages
            .iter()
            .flat_map(|package| package.kinds.iter().copied())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        RulePaths {
            of_package,
            builtin_by_kind: kinds
                .into_iter()
                .map(|kind| (kind, builtin_rules_for(policies, Some(kind))))
                .collect(),
            builtin_other_kinds: builtin_rules_for(policies, None),
        }
    }

    /// [`builtin_rules_for`] `kind`.
    fn builtin_for(&self, kind: &str) -> &[String] {
        self.builtin_by_kind
            .iter()
            .find(|(named, _)| *named == kind)
            .map_or(&self.builtin_other_kinds, |(_, rules)| rules)
    }
}

fn evaluate_object<'p>(
    runner: &mut Runner,
    policies: &'p LoadedPolicies,
    paths: &RulePaths,
    env: &Arc<str>,
    object: &Object,
    value: &Value,
    resources: &Value,
) -> Vec<Violation<'p>> {
    let mut violations = Vec::new();
    let kind = object.identity.kind.as_str();
    let packages: Vec<_> = policies
        .packages
        .iter()
        .zip(&paths.of_package)
        .filter(|(p, _)| p.kinds.is_empty() || p.kinds.contains(&kind))
        .collect();
    if !packages.is_empty() {
        // The built-in packs never look at `input.kc`: when only they run, the object itself
        // is their input, which saves copying its fields into a new map for every object.
        let only_builtin = packages
            .iter()
            .all(|(p, _)| p.origin.starts_with("builtin:"));
        let input = match only_builtin {
            true => value.clone(),
            false => input::native_input(value, env, resources),
        };
        runner.set_input(input);
        runner.evaluate_together(paths.builtin_for(kind));
        for (package, rule_paths) in packages {
            collect_package(runner, package, rule_paths, &mut violations);
        }
    }
    for constraint in &policies.constraints {
        let Some(package) = &constraint.package else {
            continue;
        };
        for (reviewed, base) in reviewed_objects(object, value) {
            let (group, version) = split_api_version(&reviewed);
            let kind = reviewed["kind"]
                .as_string()
                .map(|s| s.to_string())
                .unwrap_or_default();
            let labels = mapping::resolve(&object.tree, &base)
                .0
                .at(&["metadata", "labels"])
                .map_or(serde_json::Value::Null, Node::to_json);
            if !constraint.matcher.applies(
                &group,
                &kind,
                object.identity.namespace.as_deref(),
                &labels,
            ) {
                continue;
            }
            let review = serde_json::json!({
                "kind": { "group": group, "version": version, "kind": kind },
                "name": object.identity.name,
                "namespace": object.identity.namespace,
                "operation": "CREATE",
            });
            let mut review = Value::from(review);
            if let Ok(fields) = review.as_object_mut() {
                fields.insert(Value::from("object"), reviewed.clone());
            }
            let gatekeeper_input = Value::from(BTreeMap::from([
                (Value::from("review"), review),
                (
                    Value::from("parameters"),
                    Value::from(constraint.parameters.clone()),
                ),
            ]));
            runner.set_input(gatekeeper_input);
            let Ok(result) = runner.eval_rule(&format!("{package}.violation")) else {
                continue;
            };
            for item in set_items(&result) {
                let message = item["msg"]
                    .as_string()
                    .cloned()
                    .unwrap_or_else(|_| item.to_json_str().unwrap_or_default().into());
                violations.push(Violation {
                    error: !constraint.warn_only,
                    message,
                    id: format!("{}/{}", constraint.kind, constraint.name).into(),
                    origin: &constraint.origin,
                    path: None,
                    base: base.clone(),
                    returned: returned_values(&item),
                });
            }
        }
    }
    violations
}

fn split_api_version(object: &Value) -> (String, String) {
    let api_version = object["apiVersion"]
        .as_string()
        .map(|s| s.to_string())
        .unwrap_or_default();
    match api_version.split_once('/') {
        Some((group, version)) => (group.to_owned(), version.to_owned()),
        None => (String::new(), api_version),
    }
}

/// The object itself, and for workloads also the Pod their template describes (Gatekeeper
/// templates written for Pods apply to Deployments that way), with where that Pod sits.
fn reviewed_objects(object: &Object, value: &Value) -> Vec<(Value, Vec<Step>)> {
    let mut reviewed = vec![(value.clone(), Vec::new())];
    let template_path: &[&str] = match object.identity.kind.as_str() {
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "Job"
        | "ReplicationController" => &["spec", "template"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template"],
        _ => return reviewed,
    };
    let mut template = value;
    for key in template_path {
        template = &template[*key];
    }
    if matches!(template, Value::Undefined) {
        return reviewed;
    }
    let mut metadata = match &template["metadata"] {
        Value::Object(fields) => (**fields).clone(),
        _ => Default::default(),
    };
    if let Some(namespace) = &object.identity.namespace {
        metadata.insert(Value::from("namespace"), Value::from(namespace.as_str()));
    }
    metadata.get_or_insert_with(Value::from("name"), || {
        Value::from(object.identity.name.as_str())
    });
    let pod = Value::from(BTreeMap::from([
        (Value::from("apiVersion"), Value::from("v1")),
        (Value::from("kind"), Value::from("Pod")),
        (Value::from("metadata"), Value::from(metadata)),
        (Value::from("spec"), template["spec"].clone()),
    ]));
    let base = template_path
        .iter()
        .map(|k| Step::Key((*k).into()))
        .collect();
    reviewed.push((pod, base));
    reviewed
}

fn set_items(value: &Value) -> Vec<Value> {
    match value {
        Value::Set(items) => items.iter().cloned().collect(),
        Value::Array(items) => items.to_vec(),
        Value::Undefined | Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// conftest and kc-native rules of one package: `deny`, `violation` (errors) and `warn`
/// (warnings), each possibly with a suffix (`deny_privileged`), minus `exception`s. Only the
/// reporting rules are evaluated (and what they use), not every rule of the package.
/// Evaluates `package`'s reporting rules, whose paths are `rule_paths`, and adds what they
/// report to `violations`.
fn collect_package<'p>(
    runner: &mut Runner,
    package: &'p crate::load::Package,
    rule_paths: &[String],
    violations: &mut Vec<Violation<'p>>,
) {
    let mut results: Vec<(&str, Value)> = Vec::new();
    for (rule, path) in package.rules.iter().zip(rule_paths) {
        match runner.eval_rule(path) {
            Ok(value) => results.push((rule, value)),
            Err(error) => violations.push(Violation {
                error: true,
                message: format!(
                    "the rule failed on this object: {}",
                    error
                        .to_string()
                        .lines()
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or_default()
                )
                .into(),
                id: format!("{}.{rule}", package.path.trim_start_matches("data.")).into(),
                origin: &package.origin,
                path: None,
                base: Vec::new(),
                returned: Vec::new(),
            }),
        }
    }
    let exceptions: Vec<String> = results
        .iter()
        .filter(|(name, _)| *name == "exception")
        .flat_map(|(_, value)| set_items(value))
        .flat_map(|item| match item {
            Value::String(s) => vec![s.to_string()],
            other => set_items(&other)
                .iter()
                .filter_map(|s| s.as_string().ok().map(|s| s.to_string()))
                .collect(),
        })
        .collect();
    for (name, value) in &results {
        let (error, suffix) = if let Some(rest) = rule_suffix(name, "deny") {
            (true, rest)
        } else if let Some(rest) = rule_suffix(name, "violation") {
            (true, rest)
        } else if let Some(rest) = rule_suffix(name, "warn") {
            (false, rest)
        } else {
            continue;
        };
        if !suffix.is_empty() && exceptions.iter().any(|e| e == suffix) {
            continue;
        }
        for item in set_items(value) {
            violations.push(violation_from(item, error, name, &package.origin));
        }
    }
}

fn rule_suffix<'n>(name: &'n str, prefix: &str) -> Option<&'n str> {
    let rest = name.strip_prefix(prefix)?;
    if rest.is_empty() {
        return Some("");
    }
    rest.strip_prefix('_')
}

/// A string, or an object with `msg` and, for kc-native policies, `path`, `severity`, `id`.
fn violation_from<'p>(item: Value, error: bool, rule: &str, origin: &'p str) -> Violation<'p> {
    match &item {
        Value::String(message) => Violation {
            error,
            message: message.clone(),
            id: rule.into(),
            origin,
            path: None,
            base: Vec::new(),
            returned: Vec::new(),
        },
        _ => {
            // Looked up with shared keys: indexing with `&str` makes a string value per lookup.
            let field = |key: &'static str| &item[&Value::String(input::shared_key(key))];
            // The strings are the Rego values' own: 100,000 findings copy no text here.
            let text = |key: &'static str| field(key).as_string().ok().cloned();
            let error = match text("severity").as_deref() {
                Some("warning" | "warn" | "info") => false,
                Some(_) => true,
                None => error,
            };
            let path = mapping::parse_path(field("path"));
            // The returned values only locate a violation that has no path.
            let returned = if path.is_none() {
                returned_values(&item)
            } else {
                Vec::new()
            };
            Violation {
                error,
                message: text("msg")
                    .or_else(|| text("message"))
                    .unwrap_or_else(|| item.to_json_str().unwrap_or_default().into()),
                id: text("id").unwrap_or_else(|| rule.into()),
                origin,
                path,
                base: Vec::new(),
                returned,
            }
        }
    }
}

/// Maps a violation to the source: the field its `path` names; without a path, a string of
/// the object quoted in the message (approximate); else the object itself (approximate).
fn to_finding(
    violation: Violation,
    env: &Arc<str>,
    object: &Object,
    resource: &Arc<str>,
) -> Reported {
    let code = if violation.error { "KC0510" } else { "KC0511" };
    // `id: message`, built directly: `format!` costs more than the copying, 100,000 times.
    let mut message = String::with_capacity(violation.id.len() + 2 + violation.message.len());
    message.push_str(&violation.id);
    message.push_str(": ");
    message.push_str(&violation.message);
    let mut diagnostic = if violation.error {
        Diagnostic::error(code, message)
    } else {
        Diagnostic::warning(code, message)
    };
    // A finding has one note (the policy) and at most one secondary label; a check can hold
    // 140,000 findings, and a vector's first push would reserve room for four.
    diagnostic.notes.reserve_exact(1);
    let mut path_text = None;
    let base_node = mapping::resolve(&object.tree, &violation.base).0;
    match &violation.path {
        Some(steps) => {
            // The path from the object's root: the base (a pod inside a workload) first.
            let full: std::borrow::Cow<[Step]> = if violation.base.is_empty() {
                std::borrow::Cow::Borrowed(steps)
            } else {
                std::borrow::Cow::Owned([&violation.base[..], steps].concat())
            };
            let (node, exact) = mapping::resolve(&object.tree, &full);
            let shown = mapping::display(&full);
            // A field the policy wants set but that is missing: the closest field that exists
            // is exactly where to add it, so the location is not approximate. The report names
            // the missing field (`path`); the label is the same text for every finding.
            diagnostic = if exact {
                diagnostic.with_primary(node.origin, "the policy reports this field")
            } else {
                diagnostic.with_primary(
                    node.origin,
                    "the field is not set: add it here, at the closest field that exists",
                )
            };
            path_text = Some(shown);
        }
        None => {
            let (node, what) = if let Some(node) = returned_subtree(base_node, &violation.returned)
            {
                (
                    node,
                    "the part of the object the policy returned (approximate location)",
                )
            } else if let Some(node) = quoted_value(base_node, &violation.message) {
                (node, "a value the message names (approximate location)")
            } else {
                (
                    base_node,
                    "the object the policy reports (approximate location)",
                )
            };
            diagnostic = diagnostic.with_primary(node.origin, what);
        }
    }
    if object.listed_at != object.tree.origin {
        diagnostic.secondary.reserve_exact(1);
        diagnostic = diagnostic.with_secondary(object.listed_at, "in this object");
    }
    diagnostic = match crate::builtin::of_origin(violation.origin) {
        Some(pack) => diagnostic.with_note(pack.note),
        None => diagnostic.with_note(format!("policy: {}", violation.origin)),
    };
    Reported {
        diagnostic,
        env: Some(env.clone()),
        resource: Some(resource.clone()),
        path: path_text,
        rule: Some(violation.id),
        // Numbered by the caller, who knows where the object stands in the project.
        object: None,
    }
}

/// A string leaf of the tree that the message quotes (`"nginx:latest"`, `'web'`) or mentions
/// as a whole word, preferring the longest: violations without a path often name the value.
fn quoted_value<'n>(tree: &'n Node, message: &str) -> Option<&'n Node> {
    let mut best: Option<&Node> = None;
    let mut best_length = 0;
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        match &node.value {
            NodeValue::String(text) if text.len() >= 3 && text.len() > best_length => {
                let quoted = [
                    format!("\"{text}\""),
                    format!("'{text}'"),
                    format!("`{text}`"),
                ];
                if quoted.iter().any(|q| message.contains(q.as_str())) {
                    best = Some(node);
                    best_length = text.len();
                }
            }
            NodeValue::List(items) => stack.extend(items.iter()),
            NodeValue::Object(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    best
}

/// The values of a violation object other than its message and kc's own keys, and the values
/// nested in them (Gatekeeper's `details: { container: {...} }`).
fn returned_values(item: &Value) -> Vec<Value> {
    let Value::Object(fields) = item else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut stack: Vec<&Value> = fields
        .iter()
        .filter(|(key, _)| {
            !matches!(
                key.as_string().map(|k| k.to_string()).as_deref(),
                Ok("msg" | "message" | "path" | "severity" | "id")
            )
        })
        .map(|(_, value)| value)
        .collect();
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(fields) => {
                values.push(value.clone());
                stack.extend(fields.values());
            }
            Value::Array(items) => {
                values.push(value.clone());
                stack.extend(items.iter());
            }
            Value::String(text) if text.len() >= 3 => values.push(value.clone()),
            _ => {}
        }
    }
    values
}

/// The largest subtree of the object equal to one of the returned values.
fn returned_subtree<'n>(tree: &'n Node, returned: &[Value]) -> Option<&'n Node> {
    if returned.is_empty() {
        return None;
    }
    let mut best: Option<(&Node, usize)> = None;
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        let size = match &node.value {
            NodeValue::Object(entries) => {
                stack.extend(entries.iter().map(|e| &e.value));
                entries.len() + 2
            }
            NodeValue::List(items) => {
                stack.extend(items.iter());
                items.len() + 2
            }
            NodeValue::String(_) => 1,
            _ => continue,
        };
        // The whole object is not a useful answer.
        if std::ptr::eq(node, tree) || best.is_some_and(|(_, best_size)| best_size >= size) {
            continue;
        }
        let value = input::to_value(node);
        if returned.contains(&value) {
            best = Some((node, size));
        }
    }
    best.map(|(node, _)| node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str) -> Reported {
        Reported {
            rule: Some(rule.into()),
            ..Reported::of_project(Diagnostic::error("KC0510", rule))
        }
    }

    #[test]
    fn findings_come_chunk_after_chunk() {
        let findings = PolicyFindings {
            chunks: vec![
                vec![finding("a"), finding("c1"), finding("c2")],
                vec![finding("b"), finding("f")],
                Vec::new(),
                vec![finding("d1")],
            ],
        };
        assert_eq!(PolicyFindings::default().into_iter().count(), 0);
        let rules: Vec<String> = findings
            .into_iter()
            .map(|f| f.rule.as_deref().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(rules, ["a", "c1", "c2", "b", "f", "d1"]);
    }

    #[test]
    fn chunks_keep_findings_in_order_and_never_grow() {
        let mut chunks = Chunks::default();
        let count = CHUNK * 2 + 3;
        for index in 0..count {
            chunks.push(finding(&index.to_string()));
        }
        let chunks = chunks.into_chunks();
        assert_eq!(chunks.len(), 3);
        // Each chunk was allocated once, at its final size.
        assert!(chunks.iter().all(|chunk| chunk.capacity() == CHUNK));
        let rules: Vec<String> = chunks
            .iter()
            .flatten()
            .map(|f| f.rule.as_deref().unwrap_or_default().to_owned())
            .collect();
        let expected: Vec<String> = (0..count).map(|index| index.to_string()).collect();
        assert_eq!(rules, expected);
        assert!(Chunks::default().into_chunks().is_empty());
    }
}
