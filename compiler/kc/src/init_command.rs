//! `kc init [DIR]`: a small project that `kc check` and `kc build` accept as it is.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct InitArgs {
    /// Where to create the project; defaults to the current directory (created if missing).
    dir: Option<PathBuf>,
}

/// The files of a new project.
const TEMPLATE: &[(&str, &str)] = &[("kc.nix", include_str!("init/kc.nix"))];

pub fn run(args: InitArgs) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    for (name, _) in TEMPLATE {
        let path = dir.join(name);
        if path.exists() {
            eprintln!(
                "error: '{}' already exists; kc init does not overwrite files\n  \
                 help: run kc init in an empty directory, for example `kc init my-project`",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create '{}': {error}", dir.display());
        return ExitCode::from(2);
    }
    for (name, text) in TEMPLATE {
        let path = dir.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("error: cannot write '{}': {error}", path.display());
            return ExitCode::from(2);
        }
    }
    let shown = dir.display();
    eprintln!(
        "created {shown}/kc.nix with environments dev and prod\n\
         next: `kc check {shown}` to check it, `kc build {shown}` to write {shown}/out/"
    );
    ExitCode::SUCCESS
}
