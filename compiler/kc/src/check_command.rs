//! `kc check`: evaluate a project and check every object; print diagnostics; exit 1 on errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::pipeline;
use crate::report::{self, Format};

#[derive(Args)]
pub struct CheckArgs {
    /// The project directory (holding kc.nix); defaults to the current directory.
    dir: Option<PathBuf>,
    /// Check only this environment (repeatable).
    #[arg(long = "env", value_name = "E")]
    environments: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    deny_warnings: bool,
    /// Allow `builtins.getEnv` to read this variable (repeatable).
    #[arg(long = "allow-env", value_name = "NAME")]
    allow_env: Vec<String>,
    /// Also run these policies: a .rego file, a directory, or builtin:baseline,
    /// builtin:restricted, builtin:hygiene (repeatable).
    #[arg(long = "policy", value_name = "P")]
    policies: Vec<String>,
    /// The conftest package whose deny/violation/warn rules count (repeatable; default main).
    #[arg(long = "namespace", value_name = "PACKAGE")]
    namespaces: Vec<String>,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let root = match pipeline::project_root(args.dir.as_deref()) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let checked = pipeline::load_and_check(pipeline::CheckRequest {
        root,
        environments: args.environments,
        allow_env: args.allow_env,
        policies: args.policies,
        namespaces: args.namespaces,
        output: None,
        release_trees: true,
    });
    let reported = checked.reported.sorted();
    crate::timings::phase("sort diagnostics");
    let color = args.format == Format::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    if args.format == Format::Human {
        let text = report::render(&checked.db, &checked.root, &reported, args.format, color);
        eprint!("{text}");
    } else {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let written = report::write_machine_report(
            &mut out,
            &checked.db,
            &checked.root,
            &reported,
            args.format,
        )
        .and_then(|()| std::io::Write::flush(&mut out));
        if let Err(error) = written {
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write the report to standard output: {error}");
                return ExitCode::from(2);
            }
        }
    }
    crate::timings::phase("report diagnostics");
    if checked.unusable {
        return ExitCode::from(2);
    }
    let summary = report::summarize(&reported);
    // The process is about to exit, which frees everything at once.
    std::mem::forget(checked);
    if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
