//! `kc check`: evaluate a project and check every object; print diagnostics; exit 1 on errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use kc_project::ProjectOptions;

use crate::report::{self, Format, Reported};

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
}

pub fn run(args: CheckArgs) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let root = match dir.canonicalize() {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: cannot open '{}': {error}", dir.display());
            return ExitCode::from(2);
        }
    };
    let db = crate::database::open_database();
    let mut registry = kc_schema::Registry::new();
    let mut project = {
        let is_namespaced =
            |api_version: &str, kind: &str| namespaced(&registry, api_version, kind);
        let options = ProjectOptions {
            environments: args.environments,
            allowed_env: args.allow_env,
            is_namespaced: &is_namespaced,
            release_memory: false,
        };
        kc_project::load_project(&db, &root, &options)
    };
    let crd_problems = kc_check::registry::add_project_crds(&mut registry, &project, db.fs());
    project.apply_scopes(&|api_version, kind| namespaced(&registry, api_version, kind));
    let unusable = project
        .diagnostics
        .iter()
        .any(|d| matches!(d.diagnostic.code, "KC0601" | "KC0606"));
    let mut reported: Vec<Reported> = project
        .diagnostics
        .iter()
        .map(|d| Reported {
            diagnostic: d.diagnostic.clone(),
            env: d.env.clone(),
            resource: d.resource.clone(),
            path: None,
        })
        .collect();
    reported.extend(crd_problems.into_iter().map(|diagnostic| Reported {
        diagnostic,
        env: None,
        resource: None,
        path: None,
    }));
    let findings = kc_check::check_project(&project, &registry);
    reported.extend(findings.into_iter().map(|finding| Reported {
        diagnostic: finding.diagnostic,
        env: Some(finding.env),
        resource: Some(finding.resource),
        path: finding.path,
    }));
    report::sort(&mut reported);
    let color = args.format == Format::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let text = report::render(&db, &root, &reported, args.format, color);
    if args.format == Format::Human {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    if unusable {
        return ExitCode::from(2);
    }
    let summary = report::summarize(&reported);
    // The process is about to exit, which frees everything at once.
    std::mem::forget(project);
    if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn namespaced(registry: &kc_schema::Registry, api_version: &str, kind: &str) -> Option<bool> {
    match registry.resolve(api_version, kind) {
        kc_schema::Resolution::Found(info) => Some(info.namespaced),
        _ => None,
    }
}
