//! Finding compiled programs where regorus's bytecode machine would let an undefined value
//! through an assignment, so that such a package runs on the interpreter instead.
//!
//! In Rego, `x := input.missing` makes the body fail: the variable is never bound. regorus's
//! compiler emits no test after an assignment and relies on undefined values propagating, which
//! most instructions do (`x.y`, `x == 1`, builtin calls, arrays and objects made from `x`). A
//! few turn an undefined value into a defined one: `not` (undefined is true), `in` (false). So
//! on the machine, `x := input.missing; not x == 5` holds and the body goes on, where OPA,
//! conftest and regorus's own interpreter find nothing. A conftest policy such as
//! `limits := container.resources.limits; not limits.memory` would report a container without
//! `resources` on the machine only.
//!
//! The check follows each rule body's instructions in order. An assignment (a `Move` of a value
//! that may be undefined) taints the variable; values computed from it carry the taint; a test
//! that fails on undefined (a guard, or an equality assertion) on a tainted value shows the
//! variables behind it to be defined. An instruction that makes a defined value out of a
//! tainted one is the hazard. The check may flag a program that would in fact behave (a
//! message that is dropped anyway), never the other way round; a flagged package only runs
//! slower.

use regorus::rvm::instructions::{GuardMode, LiteralOrRegister, LoopMode};
use regorus::rvm::{Instruction, Program};

/// Whether some body of `program` may carry an undefined variable into an instruction that
/// makes a defined value of it, where Rego would have stopped at the assignment.
pub(crate) fn lets_undefined_through_assignments(program: &Program) -> bool {
    first_hazard(program).is_some()
}

/// The index of the first instruction that may make a defined value of an undefined variable.
pub(crate) fn first_hazard(program: &Program) -> Option<usize> {
    // Where each body starts, with how many parameters it has. A function's arguments arrive
    // in registers 1 to n, and the machine does not test them before the function runs:
    // regorus's compiler binds them in a destructuring block that does (a `Move` and a
    // guard), but a body that read them directly would see undefined ones, so they start
    // tainted.
    let mut parameters_at: rustc_hash::FxHashMap<usize, u32> = Default::default();
    for rule in &program.rule_infos {
        let parameters = rule.function_info.as_ref().map_or(0, |f| f.num_params);
        let bodies = rule.definitions.iter().flatten().copied();
        let destructuring = rule.destructuring_blocks.iter().flatten().copied();
        for entry in bodies.chain(destructuring) {
            parameters_at.insert(entry as usize, parameters);
        }
    }
    let mut state = BodyState::default();
    program
        .instructions
        .iter()
        .enumerate()
        .position(|(pc, instruction)| {
            if let Some(&parameters) = parameters_at.get(&pc) {
                state = BodyState::with_parameters(parameters);
            }
            state.step(program, instruction)
        })
}

/// A set of registers (regorus numbers them with a byte).
#[derive(Clone, Copy, Default)]
struct Registers([u64; 4]);

impl Registers {
    fn one(register: u8) -> Registers {
        let mut set = Registers::default();
        set.0[usize::from(register / 64)] |= 1 << (register % 64);
        set
    }

    fn union(self, other: Registers) -> Registers {
        let mut set = self;
        for (word, other) in set.0.iter_mut().zip(other.0) {
            *word |= other;
        }
        set
    }

    fn without(self, other: Registers) -> Registers {
        let mut set = self;
        for (word, other) in set.0.iter_mut().zip(other.0) {
            *word &= !other;
        }
        set
    }

    fn contains(self, register: u8) -> bool {
        self.0[usize::from(register / 64)] & (1 << (register % 64)) != 0
    }

    fn is_empty(self) -> bool {
        self.0.iter().all(|&word| word == 0)
    }
}

/// What is known in the body being followed.
struct BodyState {
    /// For each register, the assigned variables whose definedness its value depends on.
    taint: Vec<Registers>,
    /// Registers whose value may be undefined (the result of a lookup, a call, ...).
    may_be_undefined: Registers,
    /// Variables shown to be defined by a test that fails on undefined.
    shown_defined: Registers,
}

impl Default for BodyState {
    fn default() -> BodyState {
        BodyState {
            taint: vec![Registers::default(); 256],
            may_be_undefined: Registers::default(),
            shown_defined: Registers::default(),
        }
    }
}

impl BodyState {
    /// The state where a body with `parameters` parameters starts.
    fn with_parameters(parameters: u32) -> BodyState {
        let mut state = BodyState::default();
        for parameter in 1..=parameters.min(255) {
            // At most 255: the loop bound keeps the cast exact.
            let register = parameter as u8;
            state.taint[usize::from(register)] = Registers::one(register);
            state.set_may_be_undefined(register, true);
        }
        state
    }

    /// The variables behind `register` not yet shown to be defined.
    fn open_taint(&self, register: u8) -> Registers {
        self.taint[usize::from(register)].without(self.shown_defined)
    }

    fn any_open(&self, registers: &[u8]) -> bool {
        registers.iter().any(|&r| !self.open_taint(r).is_empty())
    }

    /// `dest` gets a value computed from `inputs` that is undefined when one of them is (and
    /// may be undefined anyway when `may_fail`).
    fn propagate(&mut self, dest: u8, inputs: &[u8], may_fail: bool) {
        let taint = inputs.iter().fold(Registers::default(), |taint, &r| {
            taint.union(self.open_taint(r))
        });
        let input_may_be_undefined = inputs.iter().any(|&r| self.may_be_undefined(r));
        self.taint[usize::from(dest)] = taint;
        self.set_may_be_undefined(
            dest,
            may_fail || input_may_be_undefined || !taint.is_empty(),
        );
    }

    /// `dest` gets a value that is never undefined.
    fn defined(&mut self, dest: u8) {
        self.taint[usize::from(dest)] = Registers::default();
        self.set_may_be_undefined(dest, false);
    }

    /// Whether `register` may hold an undefined value: a variable shown to be defined does not.
    fn may_be_undefined(&self, register: u8) -> bool {
        self.may_be_undefined.contains(register) && !self.shown_defined.contains(register)
    }

    fn set_may_be_undefined(&mut self, register: u8, may: bool) {
        let one = Registers::one(register);
        self.may_be_undefined = match may {
            true => self.may_be_undefined.union(one),
            false => self.may_be_undefined.without(one),
        };
    }

    /// A test that fails on undefined passed on `register`: it is defined, and so are the
    /// variables it was computed from.
    fn shown_defined_by(&mut self, register: u8) {
        self.shown_defined = self.shown_defined.union(self.open_taint(register));
        self.set_may_be_undefined(register, false);
    }

    /// Follows one instruction; true when it is the hazard.
    fn step(&mut self, program: &Program, instruction: &Instruction) -> bool {
        use Instruction as I;
        let data = &program.instruction_data;
        match *instruction {
            // Bodies start at their entry points (see `first_hazard`).
            I::RuleInit { .. } => {}
            I::Load { dest, .. }
            | I::LoadTrue { dest }
            | I::LoadFalse { dest }
            | I::LoadNull { dest }
            | I::LoadBool { dest, .. }
            | I::LoadData { dest }
            | I::LoadInput { dest }
            | I::LoadContext { dest }
            | I::LoadMetadata { dest }
            | I::ArrayNew { dest }
            | I::SetNew { dest } => self.defined(dest),
            I::Move { dest, src } => {
                let src_may_be_undefined = self.may_be_undefined(src);
                let inherited = self.open_taint(src);
                self.shown_defined = self.shown_defined.without(Registers::one(dest));
                self.taint[usize::from(dest)] = match src_may_be_undefined {
                    true => inherited.union(Registers::one(dest)),
                    false => inherited,
                };
                self.set_may_be_undefined(dest, src_may_be_undefined);
            }
            I::Add { dest, left, right }
            | I::Sub { dest, left, right }
            | I::Mul { dest, left, right }
            | I::Div { dest, left, right }
            | I::Mod { dest, left, right } => self.propagate(dest, &[left, right], true),
            I::Eq { dest, left, right }
            | I::Ne { dest, left, right }
            | I::Lt { dest, left, right }
            | I::Le { dest, left, right }
            | I::Gt { dest, left, right }
            | I::Ge { dest, left, right } => self.propagate(dest, &[left, right], false),
            I::Index {
                dest,
                container,
                key,
            } => self.propagate(dest, &[container, key], true),
            I::IndexLiteral {
                dest, container, ..
            } => self.propagate(dest, &[container], true),
            I::Count { dest, collection } => self.propagate(dest, &[collection], true),
            I::CallRule { dest, .. } => self.propagate(dest, &[], true),
            I::ChainedIndex { params_index } => {
                let Some(params) = data.get_chained_index_params(params_index) else {
                    return true;
                };
                let mut inputs = registers_of(&params.path_components);
                inputs.push(params.root);
                self.propagate(params.dest, &inputs, true);
            }
            I::VirtualDataDocumentLookup { params_index } => {
                let Some(params) = data.get_virtual_data_document_lookup_params(params_index)
                else {
                    return true;
                };
                let inputs = registers_of(&params.path_components);
                self.propagate(params.dest, &inputs, true);
            }
            // Builtins are not called with an undefined argument: the result is undefined.
            I::BuiltinCall { params_index } => {
                let Some(params) = data.get_builtin_call_params(params_index) else {
                    return true;
                };
                self.propagate(params.dest, params.arg_registers(), true);
            }
            I::ArrayCreate { params_index } => {
                let Some(params) = data.get_array_create_params(params_index) else {
                    return true;
                };
                self.propagate(params.dest, params.element_registers(), false);
            }
            I::SetCreate { params_index } => {
                let Some(params) = data.get_set_create_params(params_index) else {
                    return true;
                };
                self.propagate(params.dest, params.element_registers(), false);
            }
            I::ObjectCreate { params_index } => {
                let Some(params) = data.get_object_create_params(params_index) else {
                    return true;
                };
                let mut inputs: Vec<u8> = params
                    .literal_key_field_pairs()
                    .iter()
                    .map(|&(_, value)| value)
                    .collect();
                for &(key, value) in params.field_pairs() {
                    inputs.extend([key, value]);
                }
                self.propagate(params.dest, &inputs, false);
            }
            // Whether the function may turn an undefined argument into a value (`f(x) if not
            // x`) is followed in its own body, where the parameters are tainted.
            I::FunctionCall { params_index } => {
                let Some(params) = data.get_function_call_params(params_index) else {
                    return true;
                };
                self.propagate(params.dest, &[], true);
            }
            // The instructions that make a defined value out of an undefined one.
            I::Not { dest, operand } => {
                if self.any_open(&[operand]) {
                    return true;
                }
                self.defined(dest);
            }
            I::Contains {
                dest,
                collection,
                value,
            } => {
                if self.any_open(&[collection, value]) {
                    return true;
                }
                self.defined(dest);
            }
            I::And { dest, left, right } | I::Or { dest, left, right } => {
                if self.any_open(&[left, right]) {
                    return true;
                }
                self.propagate(dest, &[], true);
            }
            I::ArrayPush { arr, value } => return self.any_open(&[arr, value]),
            I::ObjectSet { obj, key, value } => return self.any_open(&[obj, key, value]),
            I::Guard { register, mode } => match mode {
                GuardMode::Condition | GuardMode::NotUndefined => self.shown_defined_by(register),
                GuardMode::Not => return self.any_open(&[register]),
            },
            I::AssertEq { left, right } => {
                self.shown_defined_by(left);
                self.shown_defined_by(right);
            }
            I::LoopStart { params_index } => {
                let Some(params) = data.get_loop_params(params_index) else {
                    return true;
                };
                // `every` over an undefined collection holds on the machine.
                if params.mode == LoopMode::Every && self.any_open(&[params.collection]) {
                    return true;
                }
                self.defined(params.key_reg);
                self.defined(params.value_reg);
                self.defined(params.result_reg);
            }
            I::ComprehensionBegin { params_index } => {
                let Some(params) = data.get_comprehension_begin_params(params_index) else {
                    return true;
                };
                self.defined(params.result_reg);
                self.defined(params.key_reg);
                self.defined(params.value_reg);
            }
            // These skip undefined values, or end a body: as Rego does.
            I::SetAdd { .. }
            | I::ArrayPushDefined { .. }
            | I::ComprehensionYield { .. }
            | I::ComprehensionEnd {}
            | I::LoopNext { .. }
            | I::Return { .. }
            | I::RuleReturn {}
            | I::DestructuringSuccess {}
            | I::Halt {} => {}
            // Instructions of other languages (Azure Policy) or of suspendable runs: not
            // followed, so a program that has them counts as a hazard.
            _ => return true,
        }
        false
    }
}

fn registers_of(components: &[LiteralOrRegister]) -> Vec<u8> {
    components
        .iter()
        .filter_map(|component| match *component {
            LiteralOrRegister::Register(register) => Some(register),
            LiteralOrRegister::Literal(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regorus::languages::rego::compiler::Compiler;

    fn program_of(source: &str, entry: &str) -> std::sync::Arc<Program> {
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("test.rego".to_owned(), source.to_owned())
            .expect("the policy parses");
        let policy = engine
            .compile_with_entrypoint(&entry.into())
            .expect("the policy compiles");
        Compiler::compile_from_policy(&policy, &[entry]).expect("the machine compiles it")
    }

    #[test]
    fn a_negation_of_an_assigned_missing_field_is_a_hazard() {
        for body in [
            "x := input.missing\n\tnot x == 5",
            "x := input.missing\n\tnot x in {\"a\"}",
            "limits := input.resources.limits\n\tnot limits.memory",
            "x := data.t.nothing\n\tnot startswith(x, \"a\")",
            // An assigned comparison of a missing field is undefined, not false.
            "x := input.a == 1\n\tnot x",
        ] {
            let source = format!(
                "package t\n\ndeny contains \"m\" if {{\n\t{body}\n}}\n\nnot_five(x) if not x == 5\n"
            );
            assert!(
                lets_undefined_through_assignments(&program_of(&source, "data.t.deny")),
                "{body}"
            );
        }
    }

    #[test]
    fn an_assigned_value_tested_first_is_no_hazard() {
        for body in [
            "x := input.a\n\tx != \"b\"\n\tnot x == 5",
            "image := input.image\n\tis_string(image)\n\tnot startswith(image, \"a\")",
            "some c in input.containers\n\tnot c.securityContext.privileged == true",
            "not input.missing.field",
            "n := count(input.items)\n\tn > 1\n\tnot n == 3",
            // A copy of a variable tested before.
            "x := input.a\n\tx != \"b\"\n\ty := x\n\tnot y == 5",
            // The machine binds a function's parameters in a block that tests them.
            "not_five(input.missing)",
        ] {
            let source = format!(
                "package t\n\ndeny contains \"m\" if {{\n\t{body}\n}}\n\nnot_five(x) if not x == 5\n"
            );
            let program = program_of(&source, "data.t.deny");
            assert_eq!(first_hazard(&program), None, "{body}");
        }
    }

    /// The built-in packs are written so that they stay on the machine; on failure, the
    /// listing around the instruction shows which rule to change.
    #[test]
    fn the_built_in_packs_let_no_undefined_value_through() {
        let mut engine = regorus::Engine::new();
        for pack in crate::builtin::PACKS {
            engine
                .add_policy(pack.name.to_owned(), pack.source.to_owned())
                .expect("the pack parses");
        }
        engine
            .add_policy("pods".to_owned(), crate::builtin::PODS_LIBRARY.to_owned())
            .expect("the library parses");
        for pack in crate::builtin::PACKS {
            let entry = format!("data.{}.violation", pack.package);
            let policy = engine
                .compile_with_entrypoint(&entry.as_str().into())
                .expect("the pack compiles");
            let program = Compiler::compile_from_policy(&policy, &[entry.as_str()])
                .expect("the machine compiles the pack");
            if let Some(pc) = first_hazard(&program) {
                let listing =
                    regorus::rvm::generate_assembly_listing(&program, &Default::default());
                let lines: Vec<&str> = listing.lines().collect();
                let at = format!("{pc:03}: ");
                let line = lines
                    .iter()
                    .position(|l| l.trim_start().starts_with(&at))
                    .unwrap_or(0);
                panic!(
                    "{}: instruction {pc} may read an undefined variable:\n{}",
                    pack.name,
                    lines[line.saturating_sub(20)..(line + 2).min(lines.len())].join("\n")
                );
            }
        }
    }
}
