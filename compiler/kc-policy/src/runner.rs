//! Running Rego rules on one input after another: compiled to regorus's bytecode machine (RVM)
//! when the policies allow it, interpreted otherwise.
//!
//! The bytecode machine is several times faster than the tree-walking interpreter on the
//! built-in packs, where most of the time goes on the 10,000-object benchmark. It does not
//! compile every program the interpreter accepts, so each package is compiled on its own and a
//! package that does not compile runs on the interpreter, without slowing the others.
//! `KC_REGO_INTERPRETER=1` runs everything on the interpreter (for comparing the two).

use std::sync::Arc;

use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::{Program, RegoVM};
use regorus::{Engine, Value};
use rustc_hash::FxHashMap;

/// The policies, ready to run: a bytecode program for each package that compiles, and the
/// interpreter for the rest.
pub struct Compiled {
    engine: Engine,
    data: Value,
    programs: Vec<Arc<Program>>,
    /// The program that holds each compiled rule path (`data.main.deny`, ...).
    program_of: FxHashMap<String, usize>,
    /// Rules evaluated in one run of the machine: see [`Runner::evaluate_together`].
    together: Vec<Together>,
}

/// Rules of several packages that one program evaluates in one run, so that the rules they
/// share (the built-in packs' `data.kc.builtin.pods`) are computed once per input.
struct Together {
    /// The rule paths, in the order the program returns their values.
    rules: Vec<String>,
    /// The program, and the path of its entry point (an array of the rules' values).
    program: usize,
    entry_point: String,
}

/// Compiles `packages`, each a list of rule paths (`data.main.deny`, ...) of one package, to
/// one bytecode program per package; and each list of `together` (rules of several packages,
/// all partial set rules, which are never undefined) to one program that evaluates them in
/// one run.
pub fn compile(engine: &Engine, packages: &[Vec<String>], together: &[Vec<String>]) -> Compiled {
    let forced = std::env::var_os("KC_REGO_INTERPRETER").is_some_and(|v| !v.is_empty() && v != "0");
    let data = engine.get_data();
    let mut compiled = Compiled {
        engine: engine.clone(),
        data,
        programs: Vec::new(),
        program_of: FxHashMap::default(),
        together: Vec::new(),
    };
    if forced {
        return compiled;
    }
    for rules in packages {
        let Some(program) = compile_checked(engine, rules, &compiled.data) else {
            continue;
        };
        let index = compiled.programs.len();
        compiled.programs.push(program);
        for rule in rules {
            compiled.program_of.insert(rule.clone(), index);
        }
    }
    for (number, rules) in together.iter().enumerate() {
        if rules.len() < 2 {
            continue;
        }
        // A module of its own, whose one rule is the array of the rules' values; under
        // `kc.builtin`, the built-in packs' namespace, so that no project's package meets it.
        let package = format!("kc.builtin.together.t{number}");
        let source = format!("package {package}\n\nresults := [{}]\n", rules.join(", "));
        let mut engine = engine.clone();
        if engine
            .add_policy(format!("<kc-together-{number}>.rego"), source)
            .is_err()
        {
            continue;
        }
        let entry_point = format!("data.{package}.results");
        let Some(program) =
            compile_checked(&engine, std::slice::from_ref(&entry_point), &compiled.data)
        else {
            continue;
        };
        compiled.together.push(Together {
            rules: rules.clone(),
            program: compiled.programs.len(),
            entry_point,
        });
        compiled.programs.push(program);
    }
    compiled
}

/// The program of `rules`, if it compiles and the machine can run it as the interpreter would.
fn compile_checked(engine: &Engine, rules: &[String], data: &Value) -> Option<Arc<Program>> {
    let program = compile_program(engine, rules)?;
    // Data that clashes with a rule: the interpreter reports it as it always did. A program
    // that may carry an undefined value past an assignment could report what Rego does not.
    if program.check_rule_data_conflicts(data).is_err()
        || calls_itself(&program)
        || crate::undefined_assignment::lets_undefined_through_assignments(&program)
    {
        return None;
    }
    Some(program)
}

fn compile_program(engine: &Engine, rules: &[String]) -> Option<Arc<Program>> {
    let mut engine = engine.clone();
    let first: regorus::Rc<str> = rules.first()?.as_str().into();
    let policy = engine.compile_with_entrypoint(&first).ok()?;
    let entry_points: Vec<&str> = rules.iter().map(String::as_str).collect();
    let program = Compiler::compile_from_policy(&policy, &entry_points).ok()?;
    let mut program = Arc::unwrap_or_clone(program);
    make_rule_calls_cheap(&mut program);
    Some(Arc::new(program))
}

/// Empties the parts of each rule's metadata that the machine does not read, or reads with a
/// default that the emptied form gives as well.
///
/// regorus's machine clones a rule's `RuleInfo` at every call of the rule, even when the
/// rule's value is cached: its name, a vector per definition saying which bodies follow an
/// `else`, the definitions' destructuring blocks and a function's parameter names, five
/// allocations or more per call. A built-in pack calls rules tens of times per container;
/// emptying them made each pack 5–7% faster (`cargo bench -p kc-policy`). The machine reads `else_bodies` and
/// `destructuring_blocks` with `get(..)`, treating a missing entry as "no `else`" and "no
/// destructuring", and never reads the name or the parameter names (only the listing and
/// serialization do, which kc does not use).
fn make_rule_calls_cheap(program: &mut Program) {
    for rule in &mut program.rule_infos {
        rule.name = String::new();
        if let Some(function) = &mut rule.function_info {
            function.param_names = Vec::new();
        }
        if rule.else_bodies.iter().flatten().all(|&is_else| !is_else) {
            rule.else_bodies = Vec::new();
        }
        if rule.destructuring_blocks.iter().all(Option::is_none) {
            rule.destructuring_blocks = Vec::new();
        }
    }
}

/// Whether a rule of `program` can call itself, directly or through other rules. Rego forbids
/// recursion, and the interpreter never recurses, but regorus's compiler resolves a call of a
/// builtin from a rule of the same name (`upper := upper(x)`) to the rule itself: the machine
/// would then recurse until the thread's stack overflows, which aborts the process.
fn calls_itself(program: &Program) -> bool {
    use regorus::rvm::Instruction;
    let callees: Vec<Vec<usize>> = program
        .rule_infos
        .iter()
        .map(|rule| {
            let mut callees = Vec::new();
            // Each body runs from its entry to its `RuleReturn`.
            for &entry in rule.definitions.iter().flatten() {
                for instruction in program.instructions.iter().skip(entry as usize) {
                    match instruction {
                        Instruction::CallRule { rule_index, .. } => {
                            callees.push(usize::from(*rule_index))
                        }
                        Instruction::FunctionCall { params_index } => {
                            if let Some(params) = program
                                .instruction_data
                                .get_function_call_params(*params_index)
                            {
                                callees.push(usize::from(params.func_rule_index));
                            }
                        }
                        Instruction::RuleReturn {} => break,
                        _ => {}
                    }
                }
            }
            callees
        })
        .collect();
    // Depth-first search for a cycle: 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; callees.len()];
    fn visit(rule: usize, callees: &[Vec<usize>], state: &mut [u8]) -> bool {
        match state.get(rule) {
            Some(1) => return true,
            Some(0) => {}
            _ => return false,
        }
        state[rule] = 1;
        let cycle = callees[rule]
            .iter()
            .any(|&callee| visit(callee, callees, state));
        state[rule] = 2;
        cycle
    }
    (0..callees.len()).any(|rule| visit(rule, &callees, &mut state))
}

impl Compiled {
    /// Whether the rule at `path` runs on the bytecode machine (not the interpreter).
    pub fn uses_machine(&self, path: &str) -> bool {
        self.program_of.contains_key(path)
    }
}

/// One thread's evaluators: a machine per compiled program, the interpreter when a rule needs
/// it. Each takes the current input when it first evaluates a rule for it.
pub struct Runner<'c> {
    compiled: &'c Compiled,
    machines: Vec<Option<Box<RegoVM>>>,
    interpreter: Option<Box<Engine>>,
    input: Value,
    /// Which input each machine (then the interpreter, last) holds: the number of
    /// [`Runner::set_input`] calls when it took it.
    input_generation: u64,
    taken: Vec<u64>,
    /// Values of rules that [`Runner::evaluate_together`] computed for the input of
    /// generation `together_generation`, not yet asked for.
    evaluated_together: Vec<(String, Value)>,
    together_generation: u64,
}

impl<'c> Runner<'c> {
    pub fn new(compiled: &'c Compiled) -> Runner<'c> {
        Runner {
            compiled,
            machines: compiled.programs.iter().map(|_| None).collect(),
            interpreter: None,
            input: Value::Undefined,
            input_generation: 1,
            taken: vec![0; compiled.programs.len() + 1],
            evaluated_together: Vec::new(),
            together_generation: 0,
        }
    }

    pub fn set_input(&mut self, input: Value) {
        self.input = input;
        self.input_generation += 1;
    }

    /// Evaluates `rules` in one run of the machine, when they were compiled together (see
    /// [`compile`]): [`Runner::eval_rule`] then returns their values for the current input
    /// without running anything. Otherwise, or when the run fails, nothing changes and each
    /// rule is evaluated on its own when asked for.
    pub fn evaluate_together(&mut self, rules: &[String]) {
        let Some(together) = self.compiled.together.iter().find(|t| t.rules == rules) else {
            return;
        };
        let Some(machine) = machine(&mut self.machines, self.compiled, together.program) else {
            return;
        };
        if self.taken[together.program] != self.input_generation {
            machine.set_input(self.input.clone());
            self.taken[together.program] = self.input_generation;
        }
        let Ok(result) = machine.execute_entry_point_by_name(&together.entry_point) else {
            return;
        };
        let Ok(values) = result.as_array() else {
            return;
        };
        if values.len() != rules.len() {
            return;
        }
        self.evaluated_together.clear();
        self.evaluated_together
            .extend(rules.iter().cloned().zip(values.iter().cloned()));
        self.together_generation = self.input_generation;
    }

    /// The value of the rule at `path`, or why it could not be evaluated.
    pub fn eval_rule(&mut self, path: &str) -> Result<Value, String> {
        if self.together_generation == self.input_generation {
            if let Some(at) = self.evaluated_together.iter().position(|(p, _)| p == path) {
                return Ok(self.evaluated_together.swap_remove(at).1);
            }
        }
        if let Some(&index) = self.compiled.program_of.get(path) {
            if let Some(machine) = machine(&mut self.machines, self.compiled, index) {
                if self.taken[index] != self.input_generation {
                    machine.set_input(self.input.clone());
                    self.taken[index] = self.input_generation;
                }
                return machine
                    .execute_entry_point_by_name(path)
                    .map_err(|error| error.to_string());
            }
        }
        let last = self.taken.len() - 1;
        let engine = self
            .interpreter
            .get_or_insert_with(|| Box::new(self.compiled.engine.clone()));
        if self.taken[last] != self.input_generation {
            engine.set_input(self.input.clone());
            self.taken[last] = self.input_generation;
        }
        engine
            .eval_rule(path.to_owned())
            .map_err(|error| error.to_string())
    }
}

/// The machine of program `index`, made on first use.
fn machine<'m>(
    machines: &'m mut [Option<Box<RegoVM>>],
    compiled: &Compiled,
    index: usize,
) -> Option<&'m mut RegoVM> {
    let slot = machines.get_mut(index)?;
    if slot.is_none() {
        let mut machine = RegoVM::new();
        // regorus stops a run after 25,000 instructions by default; the interpreter has no such
        // limit, and a policy that looks at every object of `input.kc.resources` needs more.
        machine.set_max_instructions(usize::MAX);
        // As the interpreter (see load.rs) and OPA: a failing builtin makes its expression
        // undefined.
        machine.set_strict_builtin_errors(false);
        machine.load_program(compiled.programs[index].clone());
        // Checked in `compile`.
        machine.set_data(compiled.data.clone()).ok()?;
        *slot = Some(Box::new(machine));
    }
    slot.as_deref_mut()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine_with(sources: &[(&str, &str)]) -> Engine {
        let mut engine = Engine::new();
        engine.set_strict_builtin_errors(false);
        for (name, source) in sources {
            engine
                .add_policy((*name).to_owned(), (*source).to_owned())
                .expect("the policy parses");
        }
        engine
    }

    /// The built-in packs and their library, with each pack's reporting rule.
    fn built_in_packs() -> (Engine, Vec<String>) {
        let mut sources: Vec<(&str, &str)> = crate::builtin::PACKS
            .iter()
            .map(|pack| (pack.name, pack.source))
            .collect();
        sources.push(("pods", crate::builtin::PODS_LIBRARY));
        let rules: Vec<String> = crate::builtin::PACKS
            .iter()
            .map(|pack| format!("data.{}.violation", pack.package))
            .collect();
        (engine_with(&sources), rules)
    }

    fn bench_object(file: &str) -> Value {
        let path = format!("{}/../../fixtures/bench/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the fixture is readable");
        Value::from_json_str(&text).expect("the fixture is JSON")
    }

    /// regorus's machine goes on past `x := input.missing` (see undefined_assignment.rs): such
    /// a package runs on the interpreter, which finds what OPA and conftest find.
    #[test]
    fn a_package_that_negates_an_undefined_assignment_runs_on_the_interpreter() {
        let source = r#"package t

deny contains "no memory limit" if {
	limits := input.resources.limits
	not limits.memory
}

deny contains "not five" if {
	x := input.present
	not x == 5
}
"#;
        let engine = engine_with(&[("t.rego", source)]);
        let rule = "data.t.deny".to_owned();
        let compiled = compile(&engine, &[vec![rule.clone()]], &[]);
        assert!(!compiled.uses_machine(&rule));
        let mut runner = Runner::new(&compiled);
        runner.set_input(Value::from_json_str(r#"{"present": 1}"#).expect("valid JSON"));
        let found = runner.eval_rule(&rule).expect("the rule evaluates");
        let found: Vec<String> = found
            .as_set()
            .expect("a partial set rule gives a set")
            .iter()
            .map(|item| item.to_string())
            .collect();
        assert_eq!(found, ["\"not five\""]);
    }

    #[test]
    fn the_built_in_packs_compile_to_bytecode() {
        let (engine, rules) = built_in_packs();
        let packages: Vec<Vec<String>> = rules.iter().map(|rule| vec![rule.clone()]).collect();
        let compiled = compile(&engine, &packages, std::slice::from_ref(&rules));
        assert!(rules.iter().all(|rule| compiled.uses_machine(rule)));
        assert_eq!(compiled.together.len(), 1, "the packs compile together");
    }

    #[test]
    fn packs_run_together_give_what_each_gives_on_its_own() {
        let (engine, rules) = built_in_packs();
        let packages: Vec<Vec<String>> = rules.iter().map(|rule| vec![rule.clone()]).collect();
        let compiled = compile(&engine, &packages, std::slice::from_ref(&rules));
        let mut together = Runner::new(&compiled);
        let mut one_by_one = Runner::new(&compiled);
        let mut reported = 0;
        for file in ["deployment.json", "deployment-hardened.json"] {
            let input = bench_object(file);
            together.set_input(input.clone());
            one_by_one.set_input(input);
            together.evaluate_together(&rules);
            assert_eq!(
                together.evaluated_together.len(),
                rules.len(),
                "{file}: one run computed every pack"
            );
            for rule in &rules {
                let expected = one_by_one.eval_rule(rule).expect("the pack evaluates");
                assert_eq!(
                    together.eval_rule(rule),
                    Ok(expected.clone()),
                    "{file}: {rule}"
                );
                reported += expected.as_set().map_or(0, |set| set.len());
            }
            assert!(
                together.evaluated_together.is_empty(),
                "each value is handed out once"
            );
        }
        assert!(reported > 0, "the fixtures make the packs report something");
    }

    #[test]
    fn values_computed_together_are_for_one_input_only() {
        let source = r#"
            package a
            import rego.v1
            name := input.name
            deny contains name if true
        "#;
        let other = r#"
            package b
            import rego.v1
            deny contains upper(data.a.name) if true
        "#;
        let engine = engine_with(&[("a.rego", source), ("b.rego", other)]);
        let rules = vec!["data.a.deny".to_owned(), "data.b.deny".to_owned()];
        let compiled = compile(&engine, &[], std::slice::from_ref(&rules));
        let mut runner = Runner::new(&compiled);
        let set = |text: &str| Value::from(std::collections::BTreeSet::from([Value::from(text)]));
        runner.set_input(Value::from_json_str(r#"{"name": "web"}"#).expect("JSON"));
        runner.evaluate_together(&rules);
        assert_eq!(runner.evaluated_together.len(), 2);
        // A new input: what was computed for the old one is not handed out.
        runner.set_input(Value::from_json_str(r#"{"name": "db"}"#).expect("JSON"));
        assert_eq!(runner.eval_rule("data.b.deny"), Ok(set("DB")));
        // Rules never compiled together are evaluated one by one.
        runner.evaluate_together(&rules[..1]);
        assert_eq!(runner.eval_rule("data.a.deny"), Ok(set("db")));
        runner.evaluate_together(&rules);
        assert_eq!(runner.eval_rule("data.a.deny"), Ok(set("db")));
        assert_eq!(runner.eval_rule("data.b.deny"), Ok(set("DB")));
    }

    #[test]
    fn a_package_the_compiler_rejects_runs_on_the_interpreter_alone() {
        // regorus's compiler does not handle `with` yet.
        let with = r#"
            package uses_with
            import rego.v1
            replicas := input.spec.replicas
            deny contains "one replica" if replicas == 1 with input.spec.replicas as 1
        "#;
        let plain = r#"
            package plain
            import rego.v1
            deny contains "no name" if not input.metadata.name
        "#;
        let engine = engine_with(&[("with.rego", with), ("plain.rego", plain)]);
        let packages = [
            vec!["data.uses_with.deny".to_owned()],
            vec!["data.plain.deny".to_owned()],
        ];
        let compiled = compile(&engine, &packages, &[]);
        assert!(!compiled.uses_machine("data.uses_with.deny"));
        assert!(compiled.uses_machine("data.plain.deny"));
        let mut runner = Runner::new(&compiled);
        runner.set_input(Value::from_json_str(r#"{"spec": {}}"#).expect("valid JSON"));
        for (rule, expected) in [
            ("data.uses_with.deny", "one replica"),
            ("data.plain.deny", "no name"),
        ] {
            let result = runner.eval_rule(rule).expect("the rule evaluates");
            let expected_set =
                Value::from(std::collections::BTreeSet::from([Value::from(expected)]));
            assert_eq!(result, expected_set, "{rule}");
        }
    }

    #[test]
    fn a_rule_named_like_the_builtin_it_calls_runs_on_the_interpreter() {
        // regorus's compiler turns `upper(...)` here into a call of the rule itself; run on
        // the machine, it would recurse until the stack overflows.
        let source = r#"
            package main
            import rego.v1
            upper := upper(input.metadata.name)
            deny contains upper if true
        "#;
        let engine = engine_with(&[("main.rego", source)]);
        let compiled = compile(&engine, &[vec!["data.main.deny".to_owned()]], &[]);
        assert!(!compiled.uses_machine("data.main.deny"));
        let mut runner = Runner::new(&compiled);
        runner.set_input(Value::from_json_str(r#"{"metadata": {"name": "web"}}"#).expect("JSON"));
        let result = runner
            .eval_rule("data.main.deny")
            .expect("the rule evaluates");
        assert_eq!(
            result,
            Value::from(std::collections::BTreeSet::from([Value::from("WEB")]))
        );
    }

    #[test]
    fn long_runs_are_not_cut_short() {
        // Well over regorus's default limit of 25,000 instructions for one run.
        let source = r#"
            package main
            import rego.v1
            deny contains "many" if count([n | some n in numbers.range(1, 100000); n > 0]) == 100000
        "#;
        let engine = engine_with(&[("main.rego", source)]);
        let compiled = compile(&engine, &[vec!["data.main.deny".to_owned()]], &[]);
        assert!(compiled.uses_machine("data.main.deny"));
        let mut runner = Runner::new(&compiled);
        runner.set_input(Value::new_object());
        let result = runner
            .eval_rule("data.main.deny")
            .expect("the run completes");
        assert_eq!(
            result,
            Value::from(std::collections::BTreeSet::from([Value::from("many")]))
        );
    }

    #[test]
    fn the_machine_and_the_interpreter_give_the_same_violations() {
        let source = r#"
            package main
            import rego.v1
            deny contains msg if {
                some c in input.spec.containers
                endswith(c.image, ":latest")
                msg := sprintf("%s uses a latest image", [c.name])
            }
            warn contains {"msg": "no replicas", "path": ["spec", "replicas"]} if not input.spec.replicas
        "#;
        let engine = engine_with(&[("main.rego", source)]);
        let rules = ["data.main.deny".to_owned(), "data.main.warn".to_owned()];
        let compiled = compile(&engine, std::slice::from_ref(&rules.to_vec()), &[]);
        assert!(rules.iter().all(|rule| compiled.uses_machine(rule)));
        let input = Value::from_json_str(
            r#"{"spec": {"containers": [{"name": "a", "image": "x:latest"}, {"name": "b", "image": "y:1"}]}}"#,
        )
        .expect("valid JSON");
        let mut machine = Runner::new(&compiled);
        let interpreted = Compiled {
            programs: Vec::new(),
            program_of: FxHashMap::default(),
            ..compile(&engine, &[], &[])
        };
        let mut interpreter = Runner::new(&interpreted);
        assert!(!interpreted.uses_machine(&rules[0]));
        for runner in [&mut machine, &mut interpreter] {
            runner.set_input(input.clone());
        }
        for rule in &rules {
            let from_machine = machine.eval_rule(rule).expect("the machine evaluates");
            let from_interpreter = interpreter
                .eval_rule(rule)
                .expect("the interpreter evaluates");
            assert_eq!(from_machine, from_interpreter, "{rule}");
            assert_ne!(from_machine, Value::Undefined, "{rule}");
        }
    }
}
