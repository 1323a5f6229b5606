//! The `kc` command line.

mod eval_command;

// The evaluator allocates many small, short-lived thunks and environments; mimalloc handles
// that pattern markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kc",
    version,
    about = "Compile a Nix-subset DSL into checked Kubernetes YAML",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a file or expression and print its value like `nix-instantiate --eval --strict`.
    #[command(
        after_help = "Examples:\n  kc eval fixtures/eval/ok/let-rec-basic.nix\n  kc eval --json --expr 'builtins.map (x: x * 2) [ 1 2 3 ]'\n  kc eval --list-builtins"
    )]
    Eval(eval_command::EvalArgs),
    /// Print kc's version and the Nix semantics it follows.
    Version,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval(args) => eval_command::run(args),
        Command::Version => {
            println!("kc {}", env!("CARGO_PKG_VERSION"));
            println!("language: Nix (semantics of current Nix; differential oracle Nix 2.8)");
            ExitCode::SUCCESS
        }
    }
}
