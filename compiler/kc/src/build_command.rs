//! `kc build`: evaluate and check a project, then write its objects as YAML or JSON, one file
//! per object under `out/<env>/<namespace>/`, or one stream on standard output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use kc_emit::layout::{self, Scope};
use kc_emit::output::{self, OutputError, OutputFile};
use kc_project::tree::Node;
use kc_project::{Environment, Object};

use crate::early::{EarlyOutput, Rendered};
use crate::pipeline::{self, CheckedProject};
use crate::report::{self, Format};

#[derive(Args)]
pub struct BuildArgs {
    /// The project directory (holding kc.nix); defaults to the current directory.
    dir: Option<PathBuf>,
    /// Build only this environment (repeatable); the others' output is kept as it is.
    #[arg(long = "env", value_name = "E")]
    environments: Vec<String>,
    /// The output directory; defaults to `out` in the project directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write one multi-document stream in apply order to standard output instead of files.
    #[arg(long)]
    stdout: bool,
    #[arg(long, value_enum, default_value = "yaml")]
    format: OutputFormat,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Yaml,
    Json,
}

impl OutputFormat {
    fn extension(self) -> &'static str {
        match self {
            OutputFormat::Yaml => "yaml",
            OutputFormat::Json => "json",
        }
    }
}

pub fn run(args: BuildArgs) -> ExitCode {
    let root = match pipeline::project_root(args.dir.as_deref()) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("out"));
    let render = match args.format {
        OutputFormat::Yaml => render_yaml,
        OutputFormat::Json => render_json,
    };
    let output = match (args.format, args.stdout) {
        // `--stdout --format json` writes one JSON list, not a document per object.
        (OutputFormat::Json, true) => None,
        (OutputFormat::Yaml, true) => Some(EarlyOutput {
            render,
            old_output: None,
        }),
        (_, false) => Some(EarlyOutput {
            render,
            // Into a fresh directory, there is nothing to compare with: without this, each
            // object cost a failed `open` (30,000 on the benchmark).
            old_output: out.is_dir().then(|| (out.clone(), args.format.extension())),
        }),
    };
    let mut checked = pipeline::load_and_check(pipeline::CheckRequest {
        root,
        environments: args.environments.clone(),
        allow_env: args.allow_env.clone(),
        policies: args.policies.clone(),
        namespaces: args.namespaces.clone(),
        // `--stdout --format json` writes the trees as one list once the project is checked.
        release_trees: output.is_some(),
        output,
    });
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let reported = checked.reported.sorted();
    if !reported.is_empty() {
        eprint!(
            "{}",
            report::render(&checked.db, &checked.root, &reported, Format::Human, color)
        );
    }
    if checked.unusable {
        return ExitCode::from(2);
    }
    let summary = report::summarize(&reported);
    drop(reported);
    if summary.errors > 0 {
        eprintln!("error: the build stopped before writing anything, because of the errors above");
        return ExitCode::from(1);
    }
    crate::timings::phase("report diagnostics");
    let rendered = std::mem::take(&mut checked.rendered);
    let code = if args.stdout {
        write_stream(&checked, rendered, args.format)
    } else {
        write_directory(&checked, rendered, &out, &args)
    };
    crate::timings::phase("write the output");
    // The process is about to exit, which frees everything at once.
    std::mem::forget(checked);
    code
}

fn same_kind(a: &Object, b: &Object) -> bool {
    // The scope of an unknown kind depends on whether the object has a namespace.
    a.identity.kind == b.identity.kind
        && a.identity.api_version == b.identity.api_version
        && a.identity.namespace.is_some() == b.identity.namespace.is_some()
}

fn scope_of(checked: &CheckedProject, object: &Object) -> Scope {
    let identity = &object.identity;
    match checked
        .registry
        .is_namespaced(&identity.api_version, &identity.kind)
    {
        Some(true) => Scope::Namespaced,
        Some(false) => Scope::Cluster,
        None if identity.namespace.is_some() => Scope::Namespaced,
        None => Scope::Cluster,
    }
}

fn render_yaml(tree: &Node) -> String {
    kc_emit::yaml::to_string(tree)
}

fn render_json(tree: &Node) -> String {
    kc_emit::json::to_string(tree)
}

/// An object's document in `format`.
fn render(format: OutputFormat, object: &Object) -> String {
    match format {
        OutputFormat::Yaml => render_yaml(&object.tree),
        OutputFormat::Json => render_json(&object.tree),
    }
}

/// `--stdout`: one environment, objects in apply order.
fn write_stream(
    checked: &CheckedProject,
    rendered: Vec<Vec<Option<Rendered>>>,
    format: OutputFormat,
) -> ExitCode {
    let environment = match checked.project.environments.as_slice() {
        [environment] => environment,
        [] => {
            eprintln!("error: the project has no environment to build");
            return ExitCode::from(2);
        }
        several => {
            let names: Vec<&str> = several.iter().map(|e| e.name.as_str()).collect();
            eprintln!(
                "error: --stdout writes one environment, and this project has {}: {}\n  \
                 help: choose one with --env, for example `kc build --stdout --env {}`",
                names.len(),
                names.join(", "),
                names[0]
            );
            return ExitCode::from(2);
        }
    };
    let early = rendered.into_iter().next().unwrap_or_default();
    let mut objects: Vec<(&Object, Option<Rendered>)> = environment
        .objects
        .iter()
        .zip(early.into_iter().chain(std::iter::repeat_with(|| None)))
        .collect();
    // The key is computed once per object: finding a kind's install rank is a linear search.
    objects.sort_by_cached_key(|&(object, _)| kc_emit::order::apply_order_key(&object.identity));
    // Documents go out one by one: concatenating them first would double the memory touched.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match format {
        OutputFormat::Yaml => {
            // Nothing is compared with an old output here, so every document has its text.
            let documents = documents(objects, format);
            let written = write_stream_documents(&mut stdout, &documents);
            // The process is about to exit, which frees everything at once.
            std::mem::forget(documents);
            written
        }
        OutputFormat::Json => {
            let trees: Vec<_> = objects.iter().map(|(o, _)| &*o.tree).collect();
            stdout.write_all(kc_emit::json::list_to_string(&trees).as_bytes())
        }
    };
    match written.and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            ExitCode::from(2)
        }
    }
}

/// The documents separated by `---` lines, handed to the system a thousand at a time
/// (`writev`) instead of being copied through a buffer: the stream is 45 MB on the benchmark.
fn write_stream_documents(out: &mut impl Write, documents: &[Rendered]) -> std::io::Result<()> {
    use std::io::IoSlice;
    out.flush()?;
    for (chunk_index, chunk) in documents.chunks(512).enumerate() {
        let mut slices: Vec<IoSlice<'_>> = Vec::with_capacity(chunk.len() * 2);
        for (index, document) in chunk.iter().enumerate() {
            if chunk_index > 0 || index > 0 {
                slices.push(IoSlice::new(b"---\n"));
            }
            slices.push(IoSlice::new(document.text().unwrap_or_default().as_bytes()));
        }
        let mut remaining = &mut slices[..];
        while !remaining.is_empty() {
            match out.write_vectored(remaining) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(written) => IoSlice::advance_slices(&mut remaining, written),
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }
    Ok(())
}

/// The files of one environment's objects, with their texts; `out` is the old output, which
/// some texts are read back from.
fn environment_files(
    checked: &CheckedProject,
    environment: &Environment,
    early: Vec<Option<Rendered>>,
    format: OutputFormat,
    out: &Path,
) -> Result<Vec<OutputFile>, OutputError> {
    // Objects come in runs of one kind: look each kind up once per run.
    let mut last: Option<(&Object, Scope)> = None;
    let scoped: Vec<_> = environment
        .objects
        .iter()
        .map(|object| {
            let scope = match last {
                Some((previous, scope)) if same_kind(previous, object) => scope,
                _ => scope_of(checked, object),
            };
            last = Some((object, scope));
            (&object.identity, scope)
        })
        .collect();
    let names = layout::file_names(&scoped, format.extension());
    let objects: Vec<(&Object, Option<Rendered>)> = environment
        .objects
        .iter()
        .zip(early.into_iter().chain(std::iter::repeat_with(|| None)))
        .collect();
    let documents = documents(objects, format);
    names
        .into_iter()
        .zip(documents)
        .map(|(name, document)| {
            let path = Path::new(&environment.name).join(name);
            match document {
                // The early comparison assumed the file name the object has when no other
                // object's name clashes with its own.
                Rendered::SameAs(same) if same == path => Ok(OutputFile {
                    known_unchanged: true,
                    path,
                    contents: Vec::new(),
                }),
                // Another name after all: the text is needed again. It is the old file's,
                // byte for byte; the project may have released the object's tree.
                Rendered::SameAs(same) => {
                    let old = out.join(&same);
                    let contents = std::fs::read(&old).map_err(|error| OutputError::Io {
                        path: old.clone(),
                        error,
                    })?;
                    Ok(OutputFile {
                        known_unchanged: false,
                        path,
                        contents,
                    })
                }
                Rendered::Text(text) => Ok(OutputFile {
                    known_unchanged: false,
                    path,
                    contents: text.into_bytes(),
                }),
            }
        })
        .collect()
}

/// The documents of `objects`, in order: each one rendered while the project evaluated, or
/// rendered now, on every core (rendering is independent per object).
fn documents(objects: Vec<(&Object, Option<Rendered>)>, format: OutputFormat) -> Vec<Rendered> {
    let missing: Vec<&Object> = objects
        .iter()
        .filter(|(_, early)| early.is_none())
        .map(|(object, _)| *object)
        .collect();
    let mut late =
        kc_project::parallel::map(&missing, |object| Rendered::Text(render(format, object)))
            .into_iter();
    objects
        .into_iter()
        .filter_map(|(_, early)| early.or_else(|| late.next()))
        .collect()
}

fn write_directory(
    checked: &CheckedProject,
    rendered: Vec<Vec<Option<Rendered>>>,
    out: &Path,
    args: &BuildArgs,
) -> ExitCode {
    let mut files = Vec::new();
    let mut built: Vec<&str> = Vec::new();
    let mut rendered = rendered.into_iter();
    for environment in &checked.project.environments {
        let early = rendered.next().unwrap_or_default();
        match environment_files(checked, environment, early, args.format, out) {
            Ok(environment_files) => files.extend(environment_files),
            Err(error) => {
                eprintln!("error[KC0610]: cannot write the output: {error}");
                return ExitCode::from(2);
            }
        }
        built.push(&environment.name);
    }
    // With `--env`, environments that were not built keep their previous output.
    let carried_over: Vec<PathBuf> = if args.environments.is_empty() {
        Vec::new()
    } else {
        std::fs::read_dir(out)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name != output::MARKER_FILE && !built.contains(&name.as_str()))
            .map(PathBuf::from)
            .collect()
    };
    crate::timings::phase("render objects");
    let replaced = output::replace_directory(out, &files, &carried_over);
    // The process is about to exit, which frees everything at once.
    std::mem::forget(files);
    match replaced {
        Ok(summary) => {
            let objects: Vec<String> = checked
                .project
                .environments
                .iter()
                .map(|e| format!("{} {}", e.name, e.objects.len()))
                .collect();
            eprintln!(
                "wrote {} (objects: {}; {} written, {} unchanged, {} removed)",
                out.display(),
                objects.join(", "),
                summary.written,
                summary.unchanged,
                summary.removed
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error[KC0610]: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}
