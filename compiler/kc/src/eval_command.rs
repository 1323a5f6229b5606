//! `kc eval`: evaluate a file or expression and print it like `nix-instantiate --eval --strict`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use kc_eval::{EvalRequest, OutputFormat, Source};

#[derive(Args)]
pub struct EvalArgs {
    /// The file to evaluate.
    #[arg(required_unless_present_any = ["expr", "list_builtins"], conflicts_with = "expr")]
    file: Option<PathBuf>,
    /// Evaluate this expression instead of a file (relative paths resolve from the current directory).
    #[arg(long)]
    expr: Option<String>,
    /// Print JSON, exactly like `nix-instantiate --eval --strict --json`.
    #[arg(long)]
    json: bool,
    /// Print only this attribute of the result (dot-separated; list indices are numbers).
    #[arg(long, value_name = "PATH")]
    attr: Option<String>,
    /// Allow `builtins.getEnv` to read this variable (repeatable).
    #[arg(long = "allow-env", value_name = "NAME")]
    allow_env: Vec<String>,
    /// List the supported builtins and exit.
    #[arg(long)]
    list_builtins: bool,
}

pub fn run(args: EvalArgs) -> ExitCode {
    if args.list_builtins {
        let mut out = std::io::stdout().lock();
        for builtin in kc_eval::builtins::table()
            .iter()
            .filter(|b| !b.name.starts_with("__"))
        {
            let _ = writeln!(out, "{:<28} {}", builtin.name, builtin.doc);
        }
        return ExitCode::SUCCESS;
    }
    let source = match (args.file, args.expr) {
        (Some(file), _) => {
            if !file.exists() {
                eprintln!("error: file '{}' does not exist", file.display());
                return ExitCode::from(2);
            }
            Source::File(file)
        }
        (None, Some(text)) => Source::Expr {
            text,
            directory: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
        },
        (None, None) => {
            eprintln!("error: give a FILE or --expr EXPR");
            return ExitCode::from(2);
        }
    };
    let db = crate::database::open_database();
    let format = if args.json {
        OutputFormat::Json
    } else {
        OutputFormat::Nix
    };
    let request = EvalRequest {
        source,
        attr_path: args.attr,
        allowed_env: args.allow_env,
        format,
    };
    // The value is streamed to stdout, so a large output is never held in memory whole.
    let mut stdout = std::io::stdout();
    let outcome = kc_eval::evaluate_to(&db, &request, &mut stdout);
    match outcome.output {
        Ok(_) => {
            let mut out = std::io::stdout().lock();
            // Like nix-instantiate: a newline after the Nix printer's output, none after JSON.
            if format == OutputFormat::Nix {
                let _ = out.write_all(b"\n");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!(
                "{}",
                kc_eval::render::render_human(&db, &outcome.root, &diagnostics, color)
            );
            ExitCode::from(1)
        }
    }
}
