//! The `kc` command line.

mod build_command;
mod check_command;
mod database;
mod early;
mod eval_command;
mod init_command;
mod pipeline;
mod report;
mod timings;

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
    /// Evaluate and check a project, then write its objects as YAML under out/<env>/.
    #[command(
        after_help = "Examples:\n  kc build\n  kc build fixtures/example --env prod --out /tmp/rendered\n  kc build --stdout --env dev | kubectl apply -f -"
    )]
    Build(build_command::BuildArgs),
    /// Evaluate a project and check every Kubernetes object; exit 1 on errors.
    #[command(
        after_help = "Examples:\n  kc check\n  kc check fixtures/check/schema-valid-workloads --env prod --format json\n  kc check --deny-warnings"
    )]
    Check(check_command::CheckArgs),
    /// Evaluate a file or expression and print its value like `nix-instantiate --eval --strict`.
    #[command(
        after_help = "Examples:\n  kc eval fixtures/eval/ok/let-rec-basic.nix\n  kc eval --json --expr 'builtins.map (x: x * 2) [ 1 2 3 ]'\n  kc eval --list-builtins"
    )]
    Eval(eval_command::EvalArgs),
    /// Create a small project that `kc check` and `kc build` accept as it is.
    #[command(after_help = "Examples:\n  kc init my-project\n  cd my-project && kc build")]
    Init(init_command::InitArgs),
    /// Explain a diagnostic code, e.g. `kc explain KC0104`, or show a built-in policy's source.
    #[command(
        after_help = "Examples:\n  kc explain KC0104\n  kc explain baseline.privileged\n  kc explain --list"
    )]
    Explain {
        /// The code, e.g. KC0104.
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its title.
        #[arg(long)]
        list: bool,
    },
    /// Print kc's version and the Nix semantics it follows.
    Version,
}

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in `mimalloc.h`; `libmimalloc-sys`
/// names the options on either side of it but not this one).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep the memory it frees for reuse instead of handing it back to the
/// system (by default a second after it is freed). Running the policies frees as it goes (each
/// object's Rego input, the machine's values); handed back, that memory is faulted in again
/// by the next allocations: on the benchmark project, 0.17 s of system time per `kc check`
/// with the built-in packs on average, 0.04 s without purging (docs/benchmarks.md). Every
/// command of this binary ends within seconds, which frees everything anyway.
fn keep_freed_memory() {
    // SAFETY: setting an option is a plain store into mimalloc's option table; -1 is the
    // documented value for "never purge".
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    keep_freed_memory();
    timings::phase("start");
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build_command::run(args),
        Command::Check(args) => check_command::run(args),
        Command::Eval(args) => eval_command::run(args),
        Command::Init(args) => init_command::run(args),
        Command::Explain { code, list } => explain(code.as_deref(), list),
        Command::Version => {
            println!("kc {}", env!("CARGO_PKG_VERSION"));
            println!("language: Nix (semantics of current Nix; differential oracle Nix 2.8)");
            println!(
                "kubernetes: {} (schemas from k8s-openapi {})",
                kc_schema::Registry::kubernetes_version(),
                kc_schema::Registry::k8s_openapi_version()
            );
            ExitCode::SUCCESS
        }
    }
}

fn explain(code: Option<&str>, list: bool) -> ExitCode {
    if list {
        for info in kc_syntax::codes::all() {
            println!("{}  {}", info.code, info.title);
        }
        return ExitCode::SUCCESS;
    }
    let code = code.unwrap_or_default();
    // A built-in policy id (`baseline.privileged`): show the rules that report it.
    if let Some((pack, source)) = kc_policy::builtin::explain(code) {
        println!(
            "{code}: a policy of the built-in pack builtin:{} (package {})\n\n{source}",
            pack.name, pack.package
        );
        return ExitCode::SUCCESS;
    }
    match kc_syntax::codes::lookup(code) {
        Some(info) => {
            println!("{}: {}\n\n{}", info.code, info.title, info.explanation);
            ExitCode::SUCCESS
        }
        None => {
            let known: Vec<&str> = kc_syntax::codes::all().iter().map(|i| i.code).collect();
            eprint!("error: no diagnostic code '{code}'");
            match kc_syntax::suggest::closest(&code.to_ascii_uppercase(), known.iter().copied()) {
                Some(suggestion) => eprintln!("; did you mean {suggestion}?"),
                None => eprintln!("; `kc explain --list` shows them all"),
            }
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    /// The option number is mimalloc's purge delay: before kc sets it, it reads the default
    /// purge delay (1,000 ms in mimalloc 3, which `libmimalloc-sys` builds; 10 ms in mimalloc
    /// 2), and after, "never".
    #[test]
    fn the_purge_delay_option_is_the_one_kc_sets() {
        // SAFETY: reading an option.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert!([1000, 10].contains(&default), "purge delay {default}");
        }
        super::keep_freed_memory();
        // SAFETY: reading an option.
        let set = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(set, -1);
    }
}
