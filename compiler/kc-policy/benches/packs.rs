//! What each built-in pack costs per object, on regorus's bytecode machine and on its
//! interpreter, for two Deployments of the 10,000-Deployment anchor program with three
//! containers: `fixtures/bench/deployment.json` as the program writes it (no securityContext,
//! no probes: every pack reports on every container) and `deployment-hardened.json`, the same
//! object with the fields the packs ask for (what a clean project costs). `KC_PACKS_DIR=DIR`
//! reads the packs' `.rego` files from DIR instead, to try a change to a pack without
//! rebuilding kc.
//!
//! `cargo bench -p kc-policy` prints, for each object and pack, the best of three rounds.

use std::time::{Duration, Instant};

use kc_policy::builtin::{PACKS, PODS_LIBRARY};
use kc_policy::runner::{compile, Runner};
use regorus::{Engine, Value};

const ROUNDS: u32 = 3;
const RUNS: u32 = 2_000;

const OBJECTS: &[&str] = &[
    "deployment.json",
    "deployment-hardened.json",
    "configmap.json",
    "service.json",
];

fn main() {
    let directory = std::env::var("KC_PACKS_DIR").ok();
    let read = |name: &str, embedded: &str| match &directory {
        Some(directory) => std::fs::read_to_string(format!("{directory}/{name}.rego"))
            .expect("the pack's file is readable"),
        None => embedded.to_owned(),
    };
    // Every pack, and the library they share, in one engine.
    let mut engine = Engine::new();
    engine.set_strict_builtin_errors(false);
    engine
        .add_policy("pods.rego".to_owned(), read("pods", PODS_LIBRARY))
        .expect("the library parses");
    for pack in PACKS {
        engine
            .add_policy(format!("{}.rego", pack.name), read(pack.name, pack.source))
            .expect("the pack parses");
    }
    let rules: Vec<String> = PACKS
        .iter()
        .map(|pack| format!("data.{}.violation", pack.package))
        .collect();
    let packages: Vec<Vec<String>> = rules.iter().map(|rule| vec![rule.clone()]).collect();
    let machine = compile(&engine, &packages, std::slice::from_ref(&rules));
    let interpreter = compile(&engine, &[], &[]);
    for file in OBJECTS {
        let input = input(file);
        println!("{file}:");
        let mut separately = Duration::ZERO;
        for (pack, rule) in PACKS.iter().zip(&rules) {
            let rule = std::slice::from_ref(rule);
            let (on_machine, violations) = time(&machine, rule, false, &input);
            let (on_interpreter, _) = time(&interpreter, rule, false, &input);
            separately += on_machine;
            println!(
                "  {:<11} {:>8.1} µs on the machine, {:>8.1} µs on the interpreter, {violations} violations",
                pack.name,
                micros(on_machine),
                micros(on_interpreter),
            );
        }
        let (together, violations) = time(&machine, &rules, true, &input);
        println!(
            "  all three   {:>8.1} µs on the machine in one run ({:.1} µs one pack after the other), {violations} violations",
            micros(together),
            micros(separately),
        );
    }
}

/// The object in `fixtures/bench/<file>` as the packs' `input` (with `input.kc`).
fn input(file: &str) -> Value {
    let path = format!("{}/../../fixtures/bench/{file}", env!("CARGO_MANIFEST_DIR"));
    let object = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| Value::from_json_str(&text).ok())
        .unwrap_or_else(|| panic!("{path} is a JSON object"));
    let mut fields = object
        .as_object()
        .expect("the Deployment is an object")
        .clone();
    fields.insert(
        Value::from("kc"),
        Value::from_json_str(r#"{"env": "default", "resources": []}"#).expect("valid JSON"),
    );
    Value::from(fields)
}

/// The best time per run over [`ROUNDS`] rounds of evaluating `rules` (in one run of the
/// machine when `together`), and how many violations a run reports.
fn time(
    compiled: &kc_policy::runner::Compiled,
    rules: &[String],
    together: bool,
    input: &Value,
) -> (Duration, usize) {
    let mut runner = Runner::new(compiled);
    let mut best = Duration::MAX;
    let mut violations = 0;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..RUNS {
            runner.set_input(input.clone());
            if together {
                runner.evaluate_together(rules);
            }
            violations = 0;
            for rule in rules {
                let result = runner.eval_rule(rule).expect("the pack evaluates");
                violations += result.as_set().map_or(0, |set| set.len());
            }
        }
        best = best.min(start.elapsed() / RUNS);
    }
    (best, violations)
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
