//! regorus's bytecode machine against its interpreter, rule by rule, on Rego that policies
//! commonly use: kc runs policies on the machine and keeps the interpreter only as a fallback,
//! so a difference between the two would silently change what `kc check` reports. Each case
//! is a module and an input; every rule listed must give the same value both ways (a case the
//! compiler rejects runs on the interpreter, and the test says so).

use kc_policy::runner::{compile, Runner};
use regorus::{Engine, Value};

struct Case {
    name: &'static str,
    /// Parsed as Rego v1 unless `v0`.
    source: &'static str,
    v0: bool,
    input: &'static str,
    rules: &'static [&'static str],
}

const DEPLOYMENT: &str = r#"{
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web", "tier": "frontend"}},
  "spec": {"replicas": 1, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
    "containers": [
      {"name": "web", "image": "nginx:latest", "ports": [{"containerPort": 80}, {"containerPort": 443, "hostPort": 443}],
       "securityContext": {"privileged": true, "capabilities": {"add": ["NET_ADMIN", "CHOWN"]}}},
      {"name": "sidecar", "image": "ghcr.io/acme/proxy@sha256:abc", "resources": {"limits": {"cpu": "1"}}}
    ],
    "initContainers": [{"name": "migrate", "image": "acme/migrate:1.2.3"}]
  }}}
}"#;

const CASES: &[Case] = &[
    Case {
        name: "sets of strings with sprintf and some-in",
        source: r#"package main
deny contains msg if {
    some c in input.spec.template.spec.containers
    endswith(c.image, ":latest")
    msg := sprintf("container %q uses latest", [c.name])
}
warn contains msg if {
    some i, c in input.spec.template.spec.containers
    not c.resources.limits.memory
    msg := sprintf("container %d (%s) has no memory limit", [i, c.name])
}"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &["data.main.deny", "data.main.warn"],
    },
    Case {
        name: "violation objects with paths, array.concat and object.get",
        source: r#"package main
violation contains v if {
    some field in ["containers", "initContainers"]
    some i, c in input.spec.template.spec[field]
    not object.get(c, ["securityContext", "runAsNonRoot"], false)
    v := {"msg": concat(" ", [c.name, "may run as root"]), "path": array.concat(["spec", "template", "spec"], [field, i])}
}"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &["data.main.violation"],
    },
    Case {
        name: "every, count, sum and comparisons",
        source: r#"package main
all_named if every c in input.spec.template.spec.containers { c.name != "" }
ports := count([p | some c in input.spec.template.spec.containers; some p in c.ports])
total := sum([p.containerPort | some c in input.spec.template.spec.containers; some p in c.ports])
host_ports contains p.hostPort if {
    some c in input.spec.template.spec.containers
    some p in c.ports
    p.hostPort > 0
}
few_replicas if input.spec.replicas < 2"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &[
            "data.main.all_named",
            "data.main.ports",
            "data.main.total",
            "data.main.host_ports",
            "data.main.few_replicas",
        ],
    },
    Case {
        name: "functions with several definitions, else and defaults",
        source: r#"package main
default level := "none"
level := "high" if input.spec.template.spec.containers[_].securityContext.privileged
registry(image) := parts[0] if {
    parts := split(image, "/")
    count(parts) > 1
    contains(parts[0], ".")
} else := "docker.io"
registries := {registry(c.image) | some c in input.spec.template.spec.containers}
kind_label(k) := "workload" if k in {"Deployment", "StatefulSet"}
kind_label(k) := "other" if not k in {"Deployment", "StatefulSet"}
label := kind_label(input.kind)"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &["data.main.level", "data.main.registries", "data.main.label"],
    },
    Case {
        name: "partial objects, object comprehensions and set operations",
        source: r#"package main
images[c.name] := c.image if some c in input.spec.template.spec.containers
by_name := {c.name: count(c.ports) | some c in input.spec.template.spec.containers; c.ports}
missing := {"app", "team"} - {k | some k, _ in input.metadata.labels}
both := {"app", "tier"} & {k | some k, _ in input.metadata.labels}
capabilities := {cap | some c in input.spec.template.spec.containers; some cap in c.securityContext.capabilities.add} | {"KILL"}"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &[
            "data.main.images",
            "data.main.by_name",
            "data.main.missing",
            "data.main.both",
            "data.main.capabilities",
        ],
    },
    Case {
        name: "string, regex and glob builtins",
        source: r#"package main
shout := upper(input.metadata.name)
trimmed := trim_suffix(input.spec.template.spec.containers[0].image, ":latest")
digest_pinned contains c.name if {
    some c in input.spec.template.spec.containers
    regex.match(`@sha256:[a-f0-9]+$`, c.image)
}
ghcr contains c.name if {
    some c in input.spec.template.spec.containers
    glob.match("ghcr.io/**", ["/"], c.image)
}
parts := split(input.spec.template.spec.initContainers[0].image, ":")
replaced := replace(input.metadata.namespace, "o", "0")
formatted := sprintf("%v/%v", [input.metadata.namespace, input.metadata.name])"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &[
            "data.main.shout",
            "data.main.trimmed",
            "data.main.digest_pinned",
            "data.main.ghcr",
            "data.main.parts",
            "data.main.replaced",
            "data.main.formatted",
        ],
    },
    Case {
        name: "old-style (v0) conftest rules",
        source: r#"package main
deny[msg] {
    c := input.spec.template.spec.containers[_]
    c.securityContext.privileged
    msg := sprintf("%s is privileged", [c.name])
}
warn[msg] {
    not input.metadata.labels.team
    msg := "no team label"
}
exception[rules] {
    input.metadata.name == "web"
    rules := ["privileged"]
}"#,
        v0: true,
        input: DEPLOYMENT,
        rules: &["data.main.deny", "data.main.warn", "data.main.exception"],
    },
    Case {
        name: "undefined paths, type checks and negation",
        source: r#"package main
no_volumes if not input.spec.template.spec.volumes
replicas_is_number if is_number(input.spec.replicas)
labels_is_object if is_object(input.metadata.labels)
missing_field := input.spec.nothing.here
not_latest contains c.name if {
    some c in input.spec.template.spec.containers
    not endswith(c.image, ":latest")
}"#,
        v0: false,
        input: DEPLOYMENT,
        rules: &[
            "data.main.no_volumes",
            "data.main.replicas_is_number",
            "data.main.labels_is_object",
            "data.main.missing_field",
            "data.main.not_latest",
        ],
    },
    Case {
        name: "a Gatekeeper-style template",
        source: r#"package k8srequiredlabels
violation contains {"msg": msg, "details": {"missing_labels": missing}} if {
    provided := {label | input.review.object.metadata.labels[label]}
    required := {label | label := input.parameters.labels[_]}
    missing := required - provided
    count(missing) > 0
    msg := sprintf("you must provide labels: %v", [missing])
}"#,
        v0: false,
        input: r#"{"review": {"object": {"metadata": {"name": "x", "labels": {"app": "x"}}}},
                   "parameters": {"labels": ["app", "owner", "team"]}}"#,
        rules: &["data.k8srequiredlabels.violation"],
    },
];

fn engine_for(case: &Case) -> Engine {
    let mut engine = Engine::new();
    engine.set_strict_builtin_errors(false);
    engine.set_rego_v0(case.v0);
    engine
        .add_policy(format!("{}.rego", case.name), case.source.to_owned())
        .unwrap_or_else(|error| panic!("{}: {error}", case.name));
    engine
}

#[test]
fn the_machine_and_the_interpreter_agree_rule_by_rule() {
    let mut on_machine = 0;
    for case in CASES {
        // Named first: a case that overflows the stack aborts before any assertion message.
        eprintln!("case: {}", case.name);
        let engine = engine_for(case);
        let rules: Vec<String> = case.rules.iter().map(|r| (*r).to_owned()).collect();
        let compiled = compile(&engine, std::slice::from_ref(&rules), &[]);
        let uses_machine = rules.iter().all(|rule| compiled.uses_machine(rule));
        if uses_machine {
            on_machine += 1;
        } else {
            eprintln!(
                "{}: the compiler rejects it; it runs on the interpreter",
                case.name
            );
        }
        let input = Value::from_json_str(case.input).expect("valid JSON");
        let mut machine = Runner::new(&compiled);
        machine.set_input(input.clone());
        let mut interpreter_engine = engine.clone();
        interpreter_engine.set_input(input);
        for rule in case.rules {
            let from_machine = machine.eval_rule(rule);
            let from_interpreter = interpreter_engine
                .eval_rule((*rule).to_owned())
                .map_err(|error| error.to_string());
            assert_eq!(
                from_machine, from_interpreter,
                "{}: {rule} differs (machine, then interpreter)",
                case.name
            );
        }
    }
    // Most of these must really exercise the machine, or the test proves little.
    assert!(
        on_machine * 4 >= CASES.len() * 3,
        "only {on_machine} of {} cases compiled to bytecode",
        CASES.len()
    );
}
