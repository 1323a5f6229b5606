//! Running Rego rules on one input after another: compiled to regorus's bytecode machine (RVM)
//! when the policies allow it, interpreted otherwise.
//!
//! The bytecode machine is several times faster than the tree-walking interpreter on the
//! built-in packs, where most of the time goes on the 10,000-object benchmark. It does not
//! compile every program the interpreter accepts, so the interpreter stays as the fallback, and
//! `KC_REGO_INTERPRETER=1` forces it (for comparing the two).

use std::sync::Arc;

use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::{Program, RegoVM};
use regorus::{Engine, Value};

/// The policies, ready to run: always the interpreter, and the rules compiled to bytecode when
/// they compile.
pub struct Compiled {
    engine: Engine,
    machine: Option<(Arc<Program>, Value)>,
}

/// Compiles the rules at `rules` (`data.main.deny`, ...) into one program for the bytecode
/// machine, keeping the interpreter for when that fails.
pub fn compile(engine: &Engine, rules: &[String]) -> Compiled {
    let forced = std::env::var_os("KC_REGO_INTERPRETER").is_some_and(|v| !v.is_empty() && v != "0");
    let machine = if forced {
        None
    } else {
        compile_program(engine, rules).and_then(|program| {
            let data = engine.get_data();
            // Data that clashes with a rule: the interpreter reports it as it always did.
            program.check_rule_data_conflicts(&data).ok()?;
            Some((program, data))
        })
    };
    Compiled {
        engine: engine.clone(),
        machine,
    }
}

fn compile_program(engine: &Engine, rules: &[String]) -> Option<Arc<Program>> {
    let mut engine = engine.clone();
    let first: regorus::Rc<str> = rules.first()?.as_str().into();
    let policy = engine.compile_with_entrypoint(&first).ok()?;
    let entry_points: Vec<&str> = rules.iter().map(String::as_str).collect();
    Compiler::compile_from_policy(&policy, &entry_points).ok()
}

/// One thread's evaluator.
pub enum Runner {
    Machine(Box<RegoVM>),
    Interpreter(Box<Engine>),
}

impl Runner {
    pub fn new(compiled: &Compiled) -> Runner {
        if let Some((program, data)) = &compiled.machine {
            let mut machine = RegoVM::new();
            machine.load_program(program.clone());
            if machine.set_data(data.clone()).is_ok() {
                return Runner::Machine(Box::new(machine));
            }
        }
        Runner::Interpreter(Box::new(compiled.engine.clone()))
    }

    pub fn set_input(&mut self, input: Value) {
        match self {
            Runner::Machine(machine) => machine.set_input(input),
            Runner::Interpreter(engine) => engine.set_input(input),
        }
    }

    /// The value of the rule at `path`, or why it could not be evaluated.
    pub fn eval_rule(&mut self, path: &str) -> Result<Value, String> {
        match self {
            Runner::Machine(machine) => machine
                .execute_entry_point_by_name(path)
                .map_err(|error| error.to_string()),
            Runner::Interpreter(engine) => engine
                .eval_rule(path.to_owned())
                .map_err(|error| error.to_string()),
        }
    }
}

impl Compiled {
    /// Whether the rules run on the bytecode machine (not the interpreter).
    pub fn uses_machine(&self) -> bool {
        self.machine.is_some()
    }
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

    #[test]
    fn the_built_in_packs_compile_to_bytecode() {
        let sources: Vec<(&str, &str)> = crate::builtin::PACKS
            .iter()
            .map(|pack| (pack.name, pack.source))
            .collect();
        let rules: Vec<String> = crate::builtin::PACKS
            .iter()
            .map(|pack| format!("data.{}.violation", pack.package))
            .collect();
        let compiled = compile(&engine_with(&sources), &rules);
        assert!(compiled.uses_machine());
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
        let compiled = compile(&engine, &rules);
        assert!(compiled.uses_machine());
        let input = Value::from_json_str(
            r#"{"spec": {"containers": [{"name": "a", "image": "x:latest"}, {"name": "b", "image": "y:1"}]}}"#,
        )
        .expect("valid JSON");
        let mut machine = Runner::new(&compiled);
        let mut interpreter = Runner::Interpreter(Box::new(engine.clone()));
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
