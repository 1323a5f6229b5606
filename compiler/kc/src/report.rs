//! Printing diagnostics of `kc check` (and later `kc build`): rustc-style text, the JSON object
//! of SPEC §4, and SARIF 2.1.0 for code-scanning tools.

use std::path::Path;

use kc_eval::Database;
use kc_syntax::{Diagnostic, Severity};
use serde_json::{json, Value as Json};

/// A diagnostic with the environment, object and field it concerns, when it has them.
#[derive(Debug, Clone)]
pub struct Reported {
    pub diagnostic: Diagnostic,
    pub env: Option<String>,
    pub resource: Option<String>,
    pub path: Option<String>,
    /// The policy rule that reported it, when a policy did.
    pub rule: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

pub fn summarize(reported: &[Reported]) -> Summary {
    let errors = reported
        .iter()
        .filter(|r| r.diagnostic.severity == Severity::Error)
        .count();
    Summary {
        errors,
        warnings: reported.len() - errors,
    }
}

/// Orders diagnostics by file position, then code, so output is stable.
pub fn sort(reported: &mut [Reported]) {
    reported.sort_by_cached_key(|r| {
        let position = r
            .diagnostic
            .primary
            .as_ref()
            .map(|l| (l.span.file.0, u32::from(l.span.range.start())));
        (
            r.env.clone(),
            position,
            r.diagnostic.code,
            r.diagnostic.message.clone(),
        )
    });
}

pub fn render(
    db: &Database,
    root: &Path,
    reported: &[Reported],
    format: Format,
    color: bool,
) -> String {
    match format {
        Format::Human => human(db, root, reported, color),
        Format::Json => {
            serde_json::to_string_pretty(&json_report(db, root, reported)).unwrap_or_default()
                + "\n"
        }
        Format::Sarif => {
            serde_json::to_string_pretty(&sarif_report(db, root, reported)).unwrap_or_default()
                + "\n"
        }
    }
}

fn with_context(reported: &Reported) -> Diagnostic {
    let mut diagnostic = reported.diagnostic.clone();
    let mut context = Vec::new();
    if let Some(env) = &reported.env {
        context.push(format!("environment '{env}'"));
    }
    if let Some(resource) = &reported.resource {
        context.push(resource.clone());
    }
    if let Some(path) = &reported.path {
        context.push(format!("field {path}"));
    }
    if !context.is_empty() {
        diagnostic
            .notes
            .insert(0, format!("in {}", context.join(", ")));
    }
    diagnostic
}

/// What makes two diagnostics one problem that one expression causes in several objects: the
/// same code and place in the source, the same rule, and the same message but for the names it
/// quotes. A function that makes 10,000 Deployments reports a missing field once, with the
/// other objects listed, not 10,000 times.
#[derive(PartialEq, Eq, Hash)]
struct ProblemKey<'r> {
    env: Option<&'r str>,
    code: &'static str,
    severity: Severity,
    span: kc_syntax::Span,
    label: &'r str,
    rule: Option<&'r str>,
    /// The message with every `"quoted"` part emptied.
    shape: String,
}

fn problem_key(reported: &Reported) -> Option<ProblemKey<'_>> {
    let diagnostic = &reported.diagnostic;
    let primary = diagnostic.primary.as_ref()?;
    let mut shape = String::with_capacity(diagnostic.message.len());
    for (index, part) in diagnostic.message.split('"').enumerate() {
        if index > 0 {
            shape.push('"');
        }
        if index % 2 == 0 {
            shape.push_str(part);
        }
    }
    Some(ProblemKey {
        env: reported.env.as_deref(),
        code: diagnostic.code,
        severity: diagnostic.severity,
        span: primary.span,
        label: &primary.message,
        rule: reported.rule.as_deref(),
        shape,
    })
}

/// Groups of the same problem, in the order of their first diagnostic.
fn group_problems(reported: &[Reported]) -> Vec<Vec<&Reported>> {
    let mut groups: Vec<Vec<&Reported>> = Vec::new();
    let mut by_key: rustc_hash::FxHashMap<ProblemKey<'_>, usize> = Default::default();
    for item in reported {
        match problem_key(item) {
            Some(key) => match by_key.get(&key) {
                Some(&index) => groups[index].push(item),
                None => {
                    by_key.insert(key, groups.len());
                    groups.push(vec![item]);
                }
            },
            None => groups.push(vec![item]),
        }
    }
    groups
}

/// The first diagnostic of a group, with a note naming the other places it occurs.
fn with_repeats(first: &Reported, others: &[&Reported]) -> Diagnostic {
    let mut diagnostic = with_context(first);
    if others.is_empty() {
        return diagnostic;
    }
    const LISTED: usize = 3;
    let mut places: Vec<String> = others
        .iter()
        .take(LISTED)
        .map(|r| match (&r.resource, &r.path) {
            (Some(resource), Some(path)) => format!("{resource} (field {path})"),
            (Some(resource), None) => resource.clone(),
            (None, _) => "another place".to_owned(),
        })
        .collect();
    if others.len() > LISTED {
        places.push(format!(
            "and {} more",
            with_separators(others.len() - LISTED)
        ));
    }
    let count = others.len();
    let plural = if count == 1 { "" } else { "s" };
    diagnostic.notes.push(format!(
        "the same problem, from this expression, in {} more place{plural}: {}; \
         `--format json` lists each one",
        with_separators(count),
        places.join(", ")
    ));
    diagnostic
}

/// `19998` as `19,998`.
fn with_separators(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn human(db: &Database, root: &Path, reported: &[Reported], color: bool) -> String {
    let diagnostics: Vec<Diagnostic> = group_problems(reported)
        .iter()
        .map(|group| with_repeats(group[0], &group[1..]))
        .collect();
    // Rendering is independent per diagnostic; each thread needs its own database handle.
    let mut out: String = kc_project::parallel::map_chunks_with(
        &diagnostics,
        || db.clone(),
        |db, part| kc_eval::render::render_human(&db, root, part, color),
    )
    .concat();
    let summary = summarize(reported);
    if summary.errors + summary.warnings > 0 {
        out.push_str(&format!(
            "{} error(s), {} warning(s)\n",
            summary.errors, summary.warnings
        ));
    }
    out
}

pub fn json_report(db: &Database, root: &Path, reported: &[Reported]) -> Json {
    let diagnostics: Vec<Json> = reported
        .iter()
        .map(|r| {
            let mut object = kc_eval::render::diagnostic_json(db, root, &r.diagnostic);
            if let Json::Object(map) = &mut object {
                for (key, value) in [
                    ("env", &r.env),
                    ("resource", &r.resource),
                    ("path", &r.path),
                ] {
                    if let Some(value) = value {
                        map.insert(key.to_owned(), Json::String(value.clone()));
                    }
                }
            }
            object
        })
        .collect();
    let summary = summarize(reported);
    json!({ "diagnostics": diagnostics, "summary": { "errors": summary.errors, "warnings": summary.warnings } })
}

pub fn sarif_report(db: &Database, root: &Path, reported: &[Reported]) -> Json {
    let mut codes: Vec<&'static str> = reported.iter().map(|r| r.diagnostic.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Json> = codes
        .iter()
        .map(|code| {
            let info = kc_syntax::codes::lookup(code);
            json!({
                "id": code,
                "name": info.map(|i| i.title).unwrap_or(code),
                "shortDescription": { "text": info.map(|i| i.title).unwrap_or(code) },
                "fullDescription": { "text": info.map(|i| i.explanation).unwrap_or("") },
                "help": { "text": format!("Run `kc explain {code}`.") },
            })
        })
        .collect();
    let results: Vec<Json> = reported
        .iter()
        .map(|r| {
            let plain = kc_eval::render::diagnostic_json(db, root, &r.diagnostic);
            let mut result = json!({
                "ruleId": r.diagnostic.code,
                "ruleIndex": codes.iter().position(|c| *c == r.diagnostic.code).unwrap_or(0),
                "level": match r.diagnostic.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": r.diagnostic.message },
            });
            if let (Some(file), Some(line), Some(column)) = (plain.get("file"), plain.get("line"), plain.get("column")) {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(file.as_str().unwrap_or_default()), "uriBaseId": "PROJECTROOT" },
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endLine": plain.get("end_line").cloned().unwrap_or(Json::Null),
                            "endColumn": plain.get("end_column").cloned().unwrap_or(Json::Null),
                        }
                    }
                }]);
            }
            let mut properties = serde_json::Map::new();
            for (key, value) in [("env", &r.env), ("resource", &r.resource), ("path", &r.path)] {
                if let Some(value) = value {
                    properties.insert(key.to_owned(), Json::String(value.clone()));
                }
            }
            if !properties.is_empty() {
                result["properties"] = Json::Object(properties);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "kc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/kc-lang/kc",
                "rules": rules,
            }},
            "originalUriBaseIds": { "PROJECTROOT": { "uri": format!("file://{}/", uri_path(&root.to_string_lossy())) } },
            "results": results,
        }]
    })
}

/// A path as the path part of a URI: every byte outside RFC 3986's unreserved set and `/` is
/// percent-encoded, so spaces and non-ASCII names make valid `uri` values.
fn uri_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy_finding(resource: &str, message: &str, start: u32) -> Reported {
        let span = kc_syntax::Span::new(
            kc_syntax::FileId(0),
            kc_syntax::TextRange::new(start.into(), (start + 4).into()),
        );
        Reported {
            diagnostic: Diagnostic::error("KC0510", message)
                .with_primary(span, "the policy reports this field"),
            env: Some("prod".to_owned()),
            resource: Some(resource.to_owned()),
            path: Some("spec.replicas".to_owned()),
            rule: Some("hygiene.replicas".to_owned()),
        }
    }

    #[test]
    fn one_expression_in_many_objects_is_one_problem() {
        let reported = [
            policy_finding(
                "apps/v1/Deployment/a/web",
                "Deployment \"web\" has one replica",
                10,
            ),
            policy_finding(
                "apps/v1/Deployment/a/api",
                "Deployment \"api\" has one replica",
                10,
            ),
            // The same rule saying something else at the same place: another problem.
            policy_finding(
                "apps/v1/Deployment/a/web",
                "Deployment \"web\" has no replicas",
                10,
            ),
            // The same message somewhere else in the source: another problem.
            policy_finding(
                "apps/v1/Deployment/a/db",
                "Deployment \"db\" has one replica",
                20,
            ),
        ];
        let groups: Vec<Vec<&str>> = group_problems(&reported)
            .iter()
            .map(|group| group.iter().filter_map(|r| r.resource.as_deref()).collect())
            .collect();
        assert_eq!(
            groups,
            [
                vec!["apps/v1/Deployment/a/web", "apps/v1/Deployment/a/api"],
                vec!["apps/v1/Deployment/a/web"],
                vec!["apps/v1/Deployment/a/db"],
            ]
        );
        let first = with_repeats(&reported[0], &[&reported[1]]);
        assert!(first
            .notes
            .iter()
            .any(|note| note
                .contains("in 1 more place: apps/v1/Deployment/a/api (field spec.replicas)")));
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(with_separators(7), "7");
        assert_eq!(with_separators(999), "999");
        assert_eq!(with_separators(1000), "1,000");
        assert_eq!(with_separators(19998), "19,998");
        assert_eq!(with_separators(1234567), "1,234,567");
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            uri_path("/home/me/my project/kc.nix"),
            "/home/me/my%20project/kc.nix"
        );
        assert_eq!(uri_path("<kc-lib>/kc/app.nix"), "%3Ckc-lib%3E/kc/app.nix");
        assert_eq!(uri_path("ä"), "%C3%A4");
    }
}
