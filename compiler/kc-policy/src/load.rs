//! Loading policies: `.rego` files (and Gatekeeper YAML) from the policy paths, the built-in
//! packs, parameters. Files are read through the database's file system, and registered in the
//! database so syntax errors render against the `.rego` source.

use std::path::{Path, PathBuf};

use kc_eval::fs::FileKind;
use kc_eval::Database;
use kc_syntax::{Diagnostic, Span};

use crate::builtin;
use crate::gatekeeper::{self, Constraint, Template};

pub struct PolicyRequest {
    /// `policies` of the project (absolute) and `--policy` arguments: files, directories, or
    /// `builtin:NAME`.
    pub paths: Vec<PathBuf>,
    /// The conftest namespaces (packages) whose `deny`/`violation`/`warn` rules count;
    /// `main` when empty.
    pub namespaces: Vec<String>,
    /// `data.kc.parameters`: parameters of the built-in packs (and of any policy that reads them).
    pub parameters: serde_json::Value,
}

/// Where a package came from, for messages.
#[derive(Clone, Debug)]
pub struct Package {
    /// `data.main`, `data.kc.builtin.baseline`, ...
    pub path: String,
    /// The file (relative to the project) or `builtin:NAME`.
    pub origin: String,
    /// The rules that report: `deny*`, `violation*`, `warn*`, and `exception`. Only these are
    /// evaluated, not every helper rule of the package.
    pub rules: Vec<String>,
    /// Only objects of these kinds are evaluated (empty: every kind).
    pub kinds: &'static [&'static str],
}

/// Names of the rules of a module that report or except: defined at the start of a line.
pub fn reporting_rules(text: &str) -> Vec<String> {
    let mut rules = Vec::new();
    for line in text.lines() {
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let reporting = ["deny", "violation", "warn", "exception"]
            .iter()
            .any(|prefix| {
                name == *prefix
                    || name
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('_'))
            });
        if reporting && !rules.contains(&name) {
            rules.push(name);
        }
    }
    rules
}

pub struct LoadedPolicies {
    pub engine: regorus::Engine,
    /// conftest and kc-native packages: their `deny*`, `violation*` and `warn*` rules count.
    pub packages: Vec<Package>,
    pub templates: Vec<Template>,
    /// Kinds of ConstraintTemplates that did not parse (already reported), so their
    /// constraints are not reported again as lacking a template.
    pub broken_template_kinds: Vec<String>,
    pub constraints: Vec<Constraint>,
    /// `KC0501`–`KC0503`: unreadable or invalid policies.
    pub diagnostics: Vec<Diagnostic>,
    /// The programs [`crate::ObjectByObject`] compiled, for [`crate::run`] to reuse: compiling
    /// takes milliseconds that would otherwise come after the project has evaluated, on one
    /// core.
    pub compiled: Option<crate::runner::Compiled>,
}

impl LoadedPolicies {
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty() && self.constraints.is_empty()
    }
}

pub fn load(db: &Database, root: &Path, request: &PolicyRequest) -> LoadedPolicies {
    let mut engine = regorus::Engine::new();
    // As in OPA: a builtin that fails (a bad regex, a type error) makes its expression
    // undefined instead of aborting the whole evaluation.
    engine.set_strict_builtin_errors(false);
    // regorus rejects files with lines over 1,024 columns, over 20,000 lines or over 1 MiB, to
    // guard services against hostile input. These are the project's own policies (and OPA
    // accepts them): no limits.
    engine.set_policy_length_config(regorus::utils::limits::PolicyLengthConfig {
        max_col: std::num::NonZeroU32::MAX,
        max_file_bytes: std::num::NonZeroUsize::MAX,
        max_lines: std::num::NonZeroUsize::MAX,
    });
    let mut loaded = LoadedPolicies {
        engine,
        packages: Vec::new(),
        templates: Vec::new(),
        broken_template_kinds: Vec::new(),
        constraints: Vec::new(),
        diagnostics: Vec::new(),
        compiled: None,
    };
    let namespaces: Vec<String> = if request.namespaces.is_empty() {
        vec!["main".to_owned()]
    } else {
        request.namespaces.clone()
    };
    let mut builtins: Vec<&str> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in &request.paths {
        let text = path.to_string_lossy();
        if let Some(name) = text.strip_prefix("builtin:") {
            match builtin::find(name) {
                Some(pack) => {
                    for included in pack.includes.iter().chain(std::iter::once(&pack.name)) {
                        if !builtins.contains(included) {
                            builtins.push(included);
                        }
                    }
                }
                None => {
                    let names: Vec<&str> = builtin::PACKS.iter().map(|p| p.name).collect();
                    let mut diagnostic = Diagnostic::error(
                        "KC0503",
                        format!("there is no built-in policy pack '{name}'"),
                    )
                    .with_note(format!(
                        "the built-in packs are: builtin:{}",
                        names.join(", builtin:")
                    ));
                    if let Some(best) = kc_syntax::suggest::closest(name, names.iter().copied()) {
                        diagnostic =
                            diagnostic.with_note(format!("did you mean 'builtin:{best}'?"));
                    }
                    loaded.diagnostics.push(diagnostic);
                }
            }
            continue;
        }
        let absolute = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        match db.fs().kind(&absolute) {
            Ok(FileKind::Directory) => collect_directory(db, &absolute, &mut files),
            Ok(_) => files.push(absolute),
            Err(error) => loaded.diagnostics.push(
                Diagnostic::error(
                    "KC0503",
                    format!("cannot read the policy path '{}': {error}", path.display()),
                )
                .with_note(
                    "policy paths are files or directories of .rego and Gatekeeper .yaml files",
                ),
            ),
        }
    }
    files.sort();
    files.dedup();

    if !builtins.is_empty() {
        add_module(
            &mut loaded,
            db,
            Path::new("<kc-policy>/pods.rego"),
            builtin::PODS_LIBRARY,
            "builtin:pods",
            None,
        );
    }
    for name in builtins {
        if let Some(pack) = builtin::find(name) {
            add_module(
                &mut loaded,
                db,
                Path::new(&format!("<kc-policy>/{name}.rego")),
                pack.source,
                &format!("builtin:{name}"),
                None,
            );
            loaded.packages.push(Package {
                path: format!("data.{}", pack.package),
                origin: format!("builtin:{name}"),
                rules: vec!["violation".to_owned()],
                kinds: pack.kinds,
            });
        }
    }
    for file in &files {
        let relative = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        let bytes = match db.fs().read(file) {
            Ok(bytes) => bytes,
            Err(error) => {
                loaded.diagnostics.push(Diagnostic::error(
                    "KC0503",
                    format!("cannot read the policy file '{relative}': {error}"),
                ));
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let is_rego = file.extension().is_some_and(|e| e == "rego");
        if is_rego {
            if let Some(package) = add_module(&mut loaded, db, file, &text, &relative, None) {
                let short = package.trim_start_matches("data.");
                if namespaces.iter().any(|n| n == short) {
                    // Several files may make up one package; it is evaluated once.
                    let rules = reporting_rules(&text);
                    match loaded.packages.iter_mut().find(|p| p.path == package) {
                        Some(existing) => {
                            existing.origin.push_str(", ");
                            existing.origin.push_str(&relative);
                            for rule in rules {
                                if !existing.rules.contains(&rule) {
                                    existing.rules.push(rule);
                                }
                            }
                        }
                        None => loaded.packages.push(Package {
                            path: package,
                            origin: relative,
                            rules,
                            kinds: &[],
                        }),
                    }
                }
            }
        } else {
            gatekeeper::read_yaml(&mut loaded, db, file, &relative, &text);
        }
    }
    gatekeeper::add_templates(&mut loaded);
    let data = serde_json::json!({ "kc": { "parameters": request.parameters } });
    if let Err(error) = loaded.engine.add_data(regorus::Value::from(data)) {
        loaded.diagnostics.push(Diagnostic::error(
            "KC0502",
            format!("the policy parameters cannot be used: {error}"),
        ));
    }
    loaded
}

fn collect_directory(db: &Database, directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = db.fs().read_dir(directory) else {
        return;
    };
    for (name, kind) in entries {
        let path = directory.join(&name);
        match kind {
            FileKind::Directory => collect_directory(db, &path, files),
            _ => {
                let wanted = [".rego", ".yaml", ".yml"]
                    .iter()
                    .any(|extension| name.ends_with(extension));
                // Rego test files (`*_test.rego`) are for `opa test`, not for checking.
                if wanted && !name.ends_with("_test.rego") {
                    files.push(path);
                }
            }
        }
    }
}

/// Where a module's text sits inside another file (the Rego of a Gatekeeper
/// ConstraintTemplate inside its YAML), so syntax errors point into that file.
pub struct Embedding<'e> {
    pub file: &'e Path,
    pub file_text: &'e str,
    /// The line of the file (0-based) holding the module's first line.
    pub first_line: usize,
    /// The columns the module's lines are indented by in the file.
    pub indent: usize,
}

/// Parses one module, as current Rego (v1) and then as v0; returns its package
/// (`data.main`), or reports `KC0501` at the line of the parse error (in `embedded_in` when
/// the module is part of another file).
pub fn add_module(
    loaded: &mut LoadedPolicies,
    db: &Database,
    path: &Path,
    text: &str,
    display_name: &str,
    embedded_in: Option<&Embedding<'_>>,
) -> Option<String> {
    // regorus's sprintf lacks Go's `%q` (a quoted string), which conftest policies use often;
    // `"%v"` prints the same for the strings it is used with.
    let original = text;
    let rewritten;
    let text = if text.contains("%q") {
        rewritten = text.replace("%q", "\\\"%v\\\"");
        rewritten.as_str()
    } else {
        text
    };
    loaded.engine.set_rego_v0(false);
    let v1 = loaded
        .engine
        .add_policy(display_name.to_owned(), text.to_owned());
    let error = match v1 {
        Ok(package) => return Some(package),
        // A module that uses v1 keywords is reported as v1 (retrying would only add v0's
        // complaints about those keywords).
        Err(v1_error) if looks_like_v1(text) => v1_error,
        Err(_) => {
            loaded.engine.set_rego_v0(true);
            let v0 = loaded
                .engine
                .add_policy(display_name.to_owned(), text.to_owned());
            loaded.engine.set_rego_v0(false);
            match v0 {
                Ok(package) => return Some(package),
                // The module looks like v0; its v0 error is the useful one.
                Err(v0_error) => v0_error,
            }
        }
    };
    loaded.diagnostics.push(syntax_diagnostic(
        db,
        path,
        original,
        display_name,
        &error.to_string(),
        embedded_in,
    ));
    None
}

fn looks_like_v1(text: &str) -> bool {
    text.contains(" if ")
        || text.contains(" if{")
        || text.contains(" contains ")
        || text.contains("rego.v1")
}

/// `KC0501` at the line and column regorus names (`file:LINE:COLUMN: error: ...`).
fn syntax_diagnostic(
    db: &Database,
    path: &Path,
    text: &str,
    display_name: &str,
    message: &str,
    embedded_in: Option<&Embedding<'_>>,
) -> Diagnostic {
    // regorus writes `--> FILE:LINE:COLUMN`, the source line, and `error: DETAIL`.
    let detail = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("error:"))
        .map(|d| d.trim().to_owned())
        .unwrap_or_else(|| message.trim().lines().next().unwrap_or_default().to_owned());
    let position = message.lines().find_map(|l| {
        let location = l.trim().strip_prefix("-->")?.trim();
        let mut parts = location.rsplitn(3, ':');
        let column: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((line, column))
    });
    let (line, column) = position.unwrap_or((1, 1));
    let (path, text, line, column) = match embedded_in {
        Some(embedding) => (
            embedding.file,
            embedding.file_text,
            embedding.first_line + line,
            embedding.indent + column,
        ),
        None => (path, text, line, column),
    };
    let file = db.register(path, std::sync::Arc::from(text));
    let offset = byte_offset(text, line, column);
    let span = Span::new(
        *file.id(db),
        kc_syntax::span::TextRange::new(
            (offset as u32).into(),
            ((offset + 1).min(text.len()) as u32).into(),
        ),
    );
    Diagnostic::error(
        "KC0501",
        format!("the policy {display_name} cannot be parsed: {detail}"),
    )
    .with_primary(span, detail)
    .with_note("kc reads current Rego (v1) and, when that fails, the older v0 syntax")
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, text_line) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = text_line
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return (offset + within).min(text.len());
        }
        offset += text_line.len();
    }
    text.len().saturating_sub(1)
}
