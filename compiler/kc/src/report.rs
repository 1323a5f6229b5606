//! Printing diagnostics of `kc check` (and later `kc build`): rustc-style text, the JSON object
//! of SPEC §4, and SARIF 2.1.0 for code-scanning tools.

use std::path::Path;

use kc_eval::Database;
use kc_syntax::{Diagnostic, Severity};
use serde::ser::{Serialize, SerializeMap};
use serde_json::{json, Value as Json};

pub use kc_project::Reported;

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

pub fn summarize(reported: &[&Reported]) -> Summary {
    let errors = reported
        .iter()
        .filter(|r| r.diagnostic.severity == Severity::Error)
        .count();
    Summary {
        errors,
        warnings: reported.len() - errors,
    }
}

/// Every diagnostic of `all`, ordered so that output is stable: by environment, file position
/// and code; at one place, a policy's findings by rule and then in the order of their
/// objects, and other diagnostics by message. Ties keep the order they came in (an object's
/// findings come together, in the order its rules reported them).
///
/// A check can report 140,000 policy findings, most of them at a few places. Ranking the
/// environments, codes and rules first makes every key a row of integers: comparing the
/// findings' messages instead took most of the time, and they name objects in an order that
/// is not the project's (`svc-1`, `svc-10`, `svc-100`). The diagnostics stay where they are;
/// the order is a list of references.
pub fn sorted<'r>(all: impl IntoIterator<Item = &'r Reported>) -> Vec<&'r Reported> {
    let reported: Vec<&Reported> = all.into_iter().collect();
    let env_ranks = Ranks::new(reported.iter().map(|r| r.env.as_deref()));
    let code_ranks = Ranks::new(reported.iter().map(|r| Some(r.diagnostic.code)));
    let rule_ranks = Ranks::new(reported.iter().map(|r| r.rule.as_deref()));
    let mut keys: Vec<SortKey> = reported
        .iter()
        .enumerate()
        .map(|(index, r)| {
            // Diagnostics without a place come first, as `None` sorts before `Some`.
            let (placed, file, start) = r.diagnostic.primary.as_ref().map_or((0, 0, 0), |l| {
                (1, l.span.file.0, u32::from(l.span.range.start()))
            });
            SortKey {
                place: [env_ranks.rank(r.env.as_deref()), placed, file, start],
                code: code_ranks.rank(Some(r.diagnostic.code)),
                rule: rule_ranks.rank(r.rule.as_deref()),
                object: r.object.unwrap_or(0),
                index,
            }
        })
        .collect();
    keys.sort_unstable();
    // Diagnostics other than policy findings at one place with one code: by message.
    let mut run_start = 0;
    while run_start < keys.len() {
        let first = &keys[run_start];
        let run_length = keys[run_start..]
            .iter()
            .take_while(|key| key.place == first.place && key.code == first.code && key.rule == 0)
            .count();
        if run_length > 1 {
            keys[run_start..run_start + run_length].sort_by(|a, b| {
                let message = |key: &SortKey| reported[key.index].diagnostic.message.as_str();
                (message(a), a.index).cmp(&(message(b), b.index))
            });
        }
        run_start += run_length.max(1);
    }
    keys.into_iter().map(|key| reported[key.index]).collect()
}

/// Where a diagnostic goes, as integers; `index` is where it came in.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    /// The environment's rank, then whether there is a primary label, and its file and offset.
    place: [u32; 4],
    code: u32,
    /// The rule's rank; 0 for a diagnostic that no policy rule reported.
    rule: u32,
    /// The object's number, for a policy finding.
    object: usize,
    index: usize,
}

/// The sorted order of a few distinct texts (environments, codes, rules), to compare them as
/// numbers: `None` is 0, the first text 1.
struct Ranks<'r> {
    rank_of: rustc_hash::FxHashMap<&'r str, u32>,
}

impl<'r> Ranks<'r> {
    fn new(texts: impl Iterator<Item = Option<&'r str>>) -> Ranks<'r> {
        // Distinct first: sorting 140,000 texts to find a handful would be wasted.
        let distinct: rustc_hash::FxHashSet<&str> = texts.flatten().collect();
        let mut distinct: Vec<&str> = distinct.into_iter().collect();
        distinct.sort_unstable();
        Ranks {
            rank_of: distinct.into_iter().zip(1..).collect(),
        }
    }

    fn rank(&self, text: Option<&str>) -> u32 {
        text.and_then(|text| self.rank_of.get(text).copied())
            .unwrap_or(0)
    }
}

/// The report in `format`, as text (what `kc build` prints before stopping).
pub fn render(
    db: &Database,
    root: &Path,
    reported: &[&Reported],
    format: Format,
    color: bool,
) -> String {
    match format {
        Format::Human => human(db, root, reported, color),
        Format::Json | Format::Sarif => {
            let mut bytes = Vec::new();
            // Writing into memory cannot fail.
            let _ = write_machine_report(&mut bytes, db, root, reported, format);
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

/// Writes the JSON or SARIF report as it is produced: a check can report 100,000 findings,
/// and building the whole document in memory first took seconds and hundreds of megabytes.
/// The bytes are those of `serde_json::to_string_pretty` of the whole document, then a
/// newline.
pub fn write_machine_report(
    out: &mut impl std::io::Write,
    db: &Database,
    root: &Path,
    reported: &[&Reported],
    format: Format,
) -> std::io::Result<()> {
    let files = kc_eval::render::DatabaseFiles::new(db, root);
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    match format {
        Format::Sarif => SarifReport {
            files: &files,
            root,
            reported,
        }
        .serialize(&mut serializer)?,
        _ => JsonReport {
            files: &files,
            reported,
        }
        .serialize(&mut serializer)?,
    }
    out.write_all(b"\n")
}

/// A sequence serialized from an iterator made on demand, item by item.
struct Lazily<F>(F);

impl<F, I> Serialize for Lazily<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// `{"diagnostics": [...], "summary": {...}}`, keys in the order `serde_json` sorts them.
struct JsonReport<'r> {
    files: &'r kc_eval::render::DatabaseFiles<'r>,
    reported: &'r [&'r Reported],
}

impl Serialize for JsonReport<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(
            "diagnostics",
            &Lazily(|| self.reported.iter().map(|r| json_diagnostic(self.files, r))),
        )?;
        let summary = summarize(self.reported);
        map.serialize_entry(
            "summary",
            &json!({ "errors": summary.errors, "warnings": summary.warnings }),
        )?;
        map.end()
    }
}

fn with_context(reported: &Reported) -> Diagnostic {
    let mut diagnostic = reported.diagnostic.clone();
    let mut context = Vec::new();
    if let Some(env) = &reported.env {
        context.push(format!("environment '{env}'"));
    }
    if let Some(resource) = &reported.resource {
        context.push(resource.to_string());
    }
    if let Some(path) = &reported.path {
        context.push(format!("field {path}"));
    }
    if !context.is_empty() {
        diagnostic
            .notes
            .insert(0, format!("in {}", context.join(", ")).into());
    }
    diagnostic
}

/// What makes two diagnostics one problem that one expression causes in several objects: the
/// same code and place in the source, the same rule, and the same message but for the names it
/// quotes ([`MessageShape`]). A function that makes 10,000 Deployments reports a missing field
/// once, with the other objects listed, not 10,000 times.
#[derive(PartialEq, Eq, Hash)]
struct PlaceKey<'r> {
    env: Option<&'r str>,
    code: &'static str,
    severity: Severity,
    span: kc_syntax::Span,
    label: &'r str,
    rule: Option<&'r str>,
}

fn place_key(reported: &Reported) -> Option<PlaceKey<'_>> {
    let diagnostic = &reported.diagnostic;
    let primary = diagnostic.primary.as_ref()?;
    Some(PlaceKey {
        env: reported.env.as_deref(),
        code: diagnostic.code,
        severity: diagnostic.severity,
        span: primary.span,
        label: &primary.message,
        rule: reported.rule.as_deref(),
    })
}

/// A message with what it quotes left out: the names of the objects, containers or values
/// between `"`s. Its parts are those of `message.split('"')`; the odd ones are quoted.
struct MessageShape<'r> {
    parts: Vec<&'r str>,
}

impl<'r> MessageShape<'r> {
    fn of(message: &'r str) -> MessageShape<'r> {
        MessageShape {
            parts: message.split('"').collect(),
        }
    }

    /// Whether `message` has this shape: the same parts outside quotes, and as many quotes.
    /// Matching against the parts found once, rather than splitting both messages, matters:
    /// a check can group 140,000 findings.
    fn matches(&self, message: &str) -> bool {
        let last = self.parts.len() - 1;
        let mut rest = message;
        for (index, part) in self.parts.iter().enumerate() {
            let outside_quotes = index % 2 == 0;
            if outside_quotes {
                let Some(after) = rest.strip_prefix(part) else {
                    return false;
                };
                if index == last {
                    return after.is_empty();
                }
                let Some(after) = after.strip_prefix('"') else {
                    return false;
                };
                rest = after;
            } else if index == last {
                // A quote left open: the rest is quoted and holds no other quote.
                return !rest.contains('"');
            } else {
                let Some(close) = rest.find('"') else {
                    return false;
                };
                rest = &rest[close + 1..];
            }
        }
        true
    }
}

/// The problems found at one place: the first few shapes, matched in turn, then the others by
/// their text. A policy whose messages name objects outside quotes has a shape per object.
#[derive(Default)]
struct ShapesAtPlace<'r> {
    first: Vec<(MessageShape<'r>, usize)>,
    others: rustc_hash::FxHashMap<String, usize>,
}

/// How many shapes at one place are matched in turn before the others are looked up by text.
const SHAPES_MATCHED_IN_TURN: usize = 8;

impl<'r> ShapesAtPlace<'r> {
    /// The group of `message`'s shape, if it has one.
    fn group_of(&self, message: &str) -> Option<usize> {
        if let Some(&(_, group)) = self.first.iter().find(|(shape, _)| shape.matches(message)) {
            return Some(group);
        }
        if self.others.is_empty() {
            return None;
        }
        self.others.get(&shape_text(message)).copied()
    }

    fn add(&mut self, message: &'r str, group: usize) {
        if self.first.len() < SHAPES_MATCHED_IN_TURN {
            self.first.push((MessageShape::of(message), group));
        } else {
            self.others.insert(shape_text(message), group);
        }
    }
}

/// A message's shape as text: every quoted part emptied.
fn shape_text(message: &str) -> String {
    let mut shape = String::with_capacity(message.len());
    for (index, part) in message.split('"').enumerate() {
        if index > 0 {
            shape.push('"');
        }
        if index % 2 == 0 {
            shape.push_str(part);
        }
    }
    shape
}

/// Groups of the same problem, in the order of their first diagnostic. A large report is
/// grouped in two halves, one per core, which are then merged: grouping waits on memory (each
/// diagnostic and its message are read once), 30 ms for 140,000 findings on one core.
fn group_problems<'r>(reported: &[&'r Reported]) -> Vec<Vec<&'r Reported>> {
    if reported.len() < 8192 {
        return group_part(reported).0;
    }
    let (first, second) = reported.split_at(reported.len() / 2);
    let ((mut groups, at_place), (later_groups, _)) = std::thread::scope(|scope| {
        let later = scope.spawn(|| group_part(second));
        let earlier = group_part(first);
        let later = later
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (earlier, later)
    });
    // A group of the second half joins the first half's group of the same problem, if there
    // is one; the others follow, in order.
    for group in later_groups {
        let first_of_group = group[0];
        let earlier = place_key(first_of_group).and_then(|key| {
            at_place
                .get(&key)
                .and_then(|shapes| shapes.group_of(&first_of_group.diagnostic.message))
        });
        match earlier {
            Some(index) => groups[index].extend(group),
            None => groups.push(group),
        }
    }
    groups
}

/// [`group_problems`] on one core, with the shapes found at each place.
type PartGroups<'r> = (
    Vec<Vec<&'r Reported>>,
    rustc_hash::FxHashMap<PlaceKey<'r>, ShapesAtPlace<'r>>,
);

fn group_part<'r>(reported: &[&'r Reported]) -> PartGroups<'r> {
    let mut groups: Vec<Vec<&Reported>> = Vec::new();
    let mut at_place: rustc_hash::FxHashMap<PlaceKey<'r>, ShapesAtPlace<'r>> = Default::default();
    for &item in reported {
        let Some(key) = place_key(item) else {
            groups.push(vec![item]);
            continue;
        };
        let message = item.diagnostic.message.as_str();
        let shapes = at_place.entry(key).or_default();
        match shapes.group_of(message) {
            Some(group) => groups[group].push(item),
            None => {
                shapes.add(message, groups.len());
                groups.push(vec![item]);
            }
        }
    }
    (groups, at_place)
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
            (Some(resource), None) => resource.to_string(),
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
    diagnostic.notes.push(
        format!(
            "the same problem, from this expression, in {} more place{plural}: {}; \
         `--format json` lists each one",
            with_separators(count),
            places.join(", ")
        )
        .into(),
    );
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

fn human(db: &Database, root: &Path, reported: &[&Reported], color: bool) -> String {
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

/// `env`, `resource` and `path`, those the diagnostic has: JSON diagnostics carry them, SARIF
/// results as properties.
fn add_context_fields(map: &mut serde_json::Map<String, Json>, r: &Reported) {
    for (key, value) in [
        ("env", r.env.as_deref()),
        ("resource", r.resource.as_deref()),
        ("path", r.path.as_deref()),
    ] {
        if let Some(value) = value {
            map.insert(key.to_owned(), Json::String(value.to_owned()));
        }
    }
}

/// One diagnostic of the JSON report: SPEC §4's object with `env`, `resource` and `path`.
fn json_diagnostic(files: &kc_eval::render::DatabaseFiles<'_>, r: &Reported) -> Json {
    let mut object = kc_eval::render::diagnostic_json_in(files, &r.diagnostic);
    if let Json::Object(map) = &mut object {
        add_context_fields(map, r);
    }
    object
}

/// The SARIF 2.1.0 log: `{"$schema", "runs": [{"originalUriBaseIds", "results", "tool"}],
/// "version"}`, keys in the order `serde_json` sorts them, results streamed.
struct SarifReport<'r> {
    files: &'r kc_eval::render::DatabaseFiles<'r>,
    root: &'r Path,
    reported: &'r [&'r Reported],
}

impl Serialize for SarifReport<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut log = serializer.serialize_map(Some(3))?;
        log.serialize_entry("$schema", "https://json.schemastore.org/sarif-2.1.0.json")?;
        log.serialize_entry("runs", &[SarifRun(self)])?;
        log.serialize_entry("version", "2.1.0")?;
        log.end()
    }
}

struct SarifRun<'a, 'r>(&'a SarifReport<'r>);

impl Serialize for SarifRun<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut codes: Vec<&'static str> =
            report.reported.iter().map(|r| r.diagnostic.code).collect();
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
        let mut run = serializer.serialize_map(Some(3))?;
        run.serialize_entry(
            "originalUriBaseIds",
            &json!({ "PROJECTROOT": { "uri": format!("file://{}/", uri_path(&report.root.to_string_lossy())) } }),
        )?;
        run.serialize_entry(
            "results",
            &Lazily(|| {
                report
                    .reported
                    .iter()
                    .map(|r| sarif_result(report.files, &codes, r))
            }),
        )?;
        run.serialize_entry(
            "tool",
            &json!({ "driver": {
                "name": "kc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/kc-lang/kc",
                "rules": rules,
            }}),
        )?;
        run.end()
    }
}

/// One SARIF result; `codes` are the rules' ids in the order of the rules table.
fn sarif_result(
    files: &kc_eval::render::DatabaseFiles<'_>,
    codes: &[&'static str],
    r: &Reported,
) -> Json {
    let plain = kc_eval::render::diagnostic_json_in(files, &r.diagnostic);
    let mut result = json!({
        "ruleId": r.diagnostic.code,
        "ruleIndex": codes.binary_search(&r.diagnostic.code).unwrap_or(0),
        "level": match r.diagnostic.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": { "text": r.diagnostic.message },
    });
    if let (Some(file), Some(line), Some(column)) =
        (plain.get("file"), plain.get("line"), plain.get("column"))
    {
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
    add_context_fields(&mut properties, r);
    if !properties.is_empty() {
        result["properties"] = Json::Object(properties);
    }
    result
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
            env: Some("prod".into()),
            resource: Some(resource.into()),
            path: Some("spec.replicas".to_owned()),
            rule: Some("hygiene.replicas".into()),
            object: None,
        }
    }

    #[test]
    fn sorting_orders_by_place_then_rule_or_message_and_keeps_ties_in_order() {
        // Policy findings of three rules and diagnostics of no rule, at 97 places, with many
        // ties; two environments.
        let reported: Vec<Reported> = (0..20_000u32)
            .map(|i| {
                let mut r = policy_finding(
                    &format!("object {i}"),
                    &format!("message {}", i % 7),
                    (i * 7919) % 97,
                );
                r.rule = match i % 4 {
                    0 => None,
                    1 => Some("b.rule".into()),
                    _ => Some(if i % 3 == 0 { "a.rule" } else { "c.rule" }.into()),
                };
                if i % 5 == 0 {
                    r.env = Some("dev".into());
                }
                r
            })
            .collect();
        // Where, what and about which object each diagnostic is.
        type Summary = (String, u32, String, String, String);
        let summary = |reported: &[&Reported]| -> Vec<Summary> {
            reported
                .iter()
                .map(|r| {
                    let start = r
                        .diagnostic
                        .primary
                        .as_ref()
                        .map_or(0, |l| u32::from(l.span.range.start()));
                    let text = |t: &Option<std::sync::Arc<str>>| {
                        t.as_deref().unwrap_or_default().to_owned()
                    };
                    (
                        text(&r.env),
                        start,
                        text(&r.rule),
                        r.diagnostic.message.clone(),
                        text(&r.resource),
                    )
                })
                .collect()
        };
        let mut expected = summary(&reported.iter().collect::<Vec<_>>());
        // A stable sort on environment and place, then rule: a rule's findings stay in the
        // order of their objects, and diagnostics of no rule are ordered by message.
        expected.sort_by(|a, b| {
            let message = |s: &Summary| {
                if s.2.is_empty() {
                    s.3.clone()
                } else {
                    String::new()
                }
            };
            (&a.0, a.1, &a.2, message(a)).cmp(&(&b.0, b.1, &b.2, message(b)))
        });
        assert_eq!(summary(&sorted(&reported)), expected);
    }

    #[test]
    fn diagnostics_without_a_place_come_first_and_any_file_number_sorts() {
        let in_file = |file: u32, message: &str| {
            let span = kc_syntax::Span::new(
                kc_syntax::FileId(file),
                kc_syntax::TextRange::new(0.into(), 1.into()),
            );
            let mut r = policy_finding("object", message, 0);
            r.diagnostic = Diagnostic::error("KC0301", message).with_primary(span, "here");
            r.rule = None;
            r
        };
        let mut nowhere = in_file(0, "nowhere");
        nowhere.diagnostic.primary = None;
        let reported = [
            in_file(u32::MAX, "last file"),
            in_file(0, "first file"),
            nowhere,
        ];
        let messages: Vec<&str> = sorted(&reported)
            .iter()
            .map(|r| r.diagnostic.message.as_str())
            .collect();
        assert_eq!(messages, ["nowhere", "first file", "last file"]);
    }

    #[test]
    fn many_shapes_at_one_place_are_grouped_by_text() {
        // Messages that name their object outside quotes: a shape per object, and each
        // object twice.
        let reported: Vec<Reported> = (0..40u32)
            .map(|i| {
                policy_finding(
                    "apps/v1/Deployment/a/web",
                    &format!("object web-{} has \"{i}\" replicas", i % 20),
                    10,
                )
            })
            .collect();
        let groups = group_problems(&reported.iter().collect::<Vec<_>>());
        assert_eq!(groups.len(), 20);
        for (number, group) in groups.iter().enumerate() {
            let messages: Vec<&str> = group
                .iter()
                .map(|r| r.diagnostic.message.as_str())
                .collect();
            let expected = [
                format!("object web-{number} has \"{number}\" replicas"),
                format!("object web-{number} has \"{}\" replicas", number + 20),
            ];
            assert_eq!(messages, expected);
        }
    }

    #[test]
    fn grouping_in_two_halves_gives_what_grouping_in_one_does() {
        // Enough diagnostics for two halves: problems at 7 places with 3 shapes each, 5 places
        // only in the second half, and diagnostics without a place.
        let reported: Vec<Reported> = (0..20_000u32)
            .map(|i| {
                let place = if i >= 15_000 { 100 + i % 5 } else { i % 7 };
                let mut r = policy_finding(
                    &format!("object {i}"),
                    &format!("shape {} of \"object {i}\"", i % 3),
                    place,
                );
                if i % 1000 == 0 {
                    r.diagnostic.primary = None;
                }
                r
            })
            .collect();
        let reported: Vec<&Reported> = reported.iter().collect();
        let resources = |groups: Vec<Vec<&Reported>>| -> Vec<Vec<String>> {
            groups
                .iter()
                .map(|group| {
                    group
                        .iter()
                        .map(|r| r.resource.as_deref().unwrap_or_default().to_owned())
                        .collect()
                })
                .collect()
        };
        let in_halves = resources(group_problems(&reported));
        assert_eq!(in_halves, resources(group_part(&reported).0));
        // 21 problems at the first places, 15 at the later ones, 20 without a place.
        assert_eq!(in_halves.len(), 21 + 15 + 20);
    }

    #[test]
    fn a_message_shape_ignores_what_is_quoted_but_not_how_many_quotes() {
        let shape = MessageShape::of("Container \"a\" of Deployment \"web\" runs as root");
        assert!(shape.matches("Container \"b-1\" of Deployment \"\" runs as root"));
        assert!(!shape.matches("Container \"b\" of Deployment \"web\" runs as root!"));
        assert!(!shape.matches("Container \"b\" of Deployment web runs as root"));
        assert!(!shape.matches("Container \"b\" of StatefulSet \"web\" runs as root"));
        assert!(!shape.matches("Container \"b\" of Deployment \"web\" runs as root \"x\""));
        // A quote left open: the rest is quoted.
        let open = MessageShape::of("bad value \"x");
        assert!(open.matches("bad value \"yy z"));
        assert!(!open.matches("bad value \"y\" z"));
        assert!(!open.matches("bad value y"));
        let unquoted = MessageShape::of("no quotes");
        assert!(unquoted.matches("no quotes"));
        assert!(!unquoted.matches("no quotes \"\""));
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
        let groups: Vec<Vec<&str>> = group_problems(&reported.iter().collect::<Vec<_>>())
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
    fn streamed_reports_are_what_pretty_printing_the_whole_document_gives() {
        let db = Database::new(std::sync::Arc::new(kc_eval::fs::RealFileSystem));
        let root = Path::new("/project");
        let file = db.register(
            &root.join("kc.nix"),
            "{\n  replicas = 1;\n  name = \"w\u{e9}b\";\n}\n".into(),
        );
        let span = |start: u32, end: u32| {
            kc_syntax::Span::new(
                *file.id(&db),
                kc_syntax::TextRange::new(start.into(), end.into()),
            )
        };
        let reported = [
            Reported {
                diagnostic: Diagnostic::error("KC0510", "hygiene.replicas: one replica")
                    .with_primary(span(4, 16), "here")
                    .with_secondary(span(19, 32), "and here")
                    .with_note("a note"),
                env: Some("prod".into()),
                resource: Some("apps/v1/Deployment/a/web".into()),
                path: Some("spec.replicas".to_owned()),
                rule: Some("hygiene.replicas".into()),
                object: Some(0),
            },
            Reported::of_project(Diagnostic::warning("KC0601", "no span at all")),
        ];
        for format in [Format::Json, Format::Sarif] {
            let mut streamed = Vec::new();
            let reported: Vec<&Reported> = reported.iter().collect();
            write_machine_report(&mut streamed, &db, root, &reported, format).expect("written");
            let text = String::from_utf8(streamed).expect("UTF-8");
            let document: Json = serde_json::from_str(&text).expect("valid JSON");
            let pretty = serde_json::to_string_pretty(&document).expect("printable") + "\n";
            assert_eq!(text, pretty, "{format:?}");
            assert!(
                text.contains("\"line\": 2") || text.contains("\"startLine\": 2"),
                "{text}"
            );
        }
        let mut empty = Vec::new();
        write_machine_report(&mut empty, &db, root, &[], Format::Json).expect("written");
        let empty = String::from_utf8(empty).expect("UTF-8");
        assert!(empty.contains("\"diagnostics\": []"), "{empty}");
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
