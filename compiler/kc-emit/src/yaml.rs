//! YAML output that every YAML 1.1 or 1.2 reader reads back as exactly the evaluated value.
//!
//! kc owns the quoting rule instead of trusting a serializer: `serde_yaml` and its forks write
//! strings such as `yes`, `on`, `y`, `1_000` or `2001-12-14` unquoted, and kubectl's YAML 1.1
//! reader then sees a Boolean, a number or a date. The rule here is deliberately conservative:
//! a string is written plain only when it cannot be read as anything but that string by
//! PyYAML, goyaml (v2 and v3) or a YAML 1.2 core-schema reader; otherwise it is double-quoted
//! (or, when it spans lines, a literal block scalar). Quoting a string that did not need it
//! costs two characters; failing to quote one changes the manifest.
//!
//! Layout: block style, two-space indentation, sequences indented under their key, `apiVersion`,
//! `kind` and `metadata` first in an object (`name`, `namespace` first inside `metadata`), every
//! other key in sorted order (as the evaluator keeps them).

use std::fmt::Write as _;

use kc_project::tree::{Entry, Node, NodeValue};

/// Appends one object as a YAML document (without a `---` line).
pub fn write_document(object: &Node, out: &mut String) {
    match &object.value {
        NodeValue::Object(entries) if !entries.is_empty() => {
            let ordered = top_level_order(entries);
            write_entries(&ordered, 0, false, out);
        }
        _ => {
            // Objects are always mappings; anything else is written as a single node.
            write_node_after_marker(object, 0, out);
            out.push('\n');
        }
    }
}

/// The document as a string.
pub fn to_string(object: &Node) -> String {
    let mut out = String::new();
    write_document(object, &mut out);
    out
}

/// `apiVersion`, `kind`, `metadata` first; inside the top-level `metadata`, `name` and
/// `namespace` first. The rest keeps its (sorted) order.
fn top_level_order(entries: &[Entry]) -> Vec<OrderedEntry<'_>> {
    let mut ordered = pinned_first(entries, &["apiVersion", "kind", "metadata"]);
    for entry in &mut ordered {
        if entry.entry.key == "metadata" {
            if let NodeValue::Object(metadata) = &entry.entry.value.value {
                entry.children = Some(pinned_first(metadata, &["name", "namespace"]));
            }
        }
    }
    ordered
}

/// An entry with, optionally, its children in a non-default order.
struct OrderedEntry<'n> {
    entry: &'n Entry,
    children: Option<Vec<OrderedEntry<'n>>>,
}

fn pinned_first<'n>(entries: &'n [Entry], pinned: &[&str]) -> Vec<OrderedEntry<'n>> {
    let mut ordered: Vec<OrderedEntry<'n>> = Vec::with_capacity(entries.len());
    for key in pinned {
        if let Some(entry) = entries.iter().find(|e| e.key == *key) {
            ordered.push(OrderedEntry {
                entry,
                children: None,
            });
        }
    }
    for entry in entries {
        if !pinned.contains(&entry.key) {
            ordered.push(OrderedEntry {
                entry,
                children: None,
            });
        }
    }
    ordered
}

fn plain_order(entries: &[Entry]) -> Vec<OrderedEntry<'_>> {
    entries
        .iter()
        .map(|entry| OrderedEntry {
            entry,
            children: None,
        })
        .collect()
}

/// Implicit keys are limited to 1024 characters by the YAML specification (PyYAML enforces
/// it); longer keys use the explicit `? key` form.
const LONGEST_IMPLICIT_KEY: usize = 1000;

/// Writes mapping entries at `indent`. With `first_inline`, the first entry continues the
/// current line (after a sequence's `- `).
fn write_entries(
    entries: &[OrderedEntry<'_>],
    indent: usize,
    first_inline: bool,
    out: &mut String,
) {
    for (index, ordered) in entries.iter().enumerate() {
        if index > 0 || !first_inline {
            push_indent(indent, out);
        }
        let key = &ordered.entry.key;
        let key_start = out.len();
        write_scalar_inline(key, scalar_style(key, false), out);
        if out.len() - key_start > LONGEST_IMPLICIT_KEY {
            // Rare: the key moves after a `? ` marker, and the value to the next line.
            out.insert_str(key_start, "? ");
            out.push('\n');
            push_indent(indent, out);
        }
        out.push(':');
        let value = &ordered.entry.value;
        match (&ordered.children, &value.value) {
            (Some(children), NodeValue::Object(entries)) if !entries.is_empty() => {
                out.push('\n');
                write_entries(children, indent + 2, false, out);
            }
            _ => write_value_after_key(value, indent, out),
        }
    }
}

/// Writes a value that follows `key:` (the key at column `indent`), ending with a newline.
fn write_value_after_key(node: &Node, indent: usize, out: &mut String) {
    match &node.value {
        NodeValue::Object(entries) if !entries.is_empty() => {
            out.push('\n');
            write_entries(&plain_order(entries), indent + 2, false, out);
        }
        NodeValue::List(items) if !items.is_empty() => {
            out.push('\n');
            write_items(items, indent + 2, false, out);
        }
        _ => {
            out.push(' ');
            write_node_after_marker(node, indent, out);
            out.push('\n');
        }
    }
}

/// Writes sequence items at `indent`.
fn write_items(items: &[Node], indent: usize, first_inline: bool, out: &mut String) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 || !first_inline {
            push_indent(indent, out);
        }
        out.push_str("- ");
        match &item.value {
            NodeValue::Object(entries) if !entries.is_empty() => {
                write_entries(&plain_order(entries), indent + 2, true, out);
            }
            NodeValue::List(nested) if !nested.is_empty() => {
                write_items(nested, indent + 2, true, out);
            }
            _ => {
                write_node_after_marker(item, indent, out);
                out.push('\n');
            }
        }
    }
}

/// Writes a scalar, `{}` or `[]` on the current line; a literal block scalar continues on the
/// following lines, indented two columns past `parent_indent` (without a final newline).
fn write_node_after_marker(node: &Node, parent_indent: usize, out: &mut String) {
    match &node.value {
        NodeValue::Null => out.push_str("null"),
        NodeValue::Bool(true) => out.push_str("true"),
        NodeValue::Bool(false) => out.push_str("false"),
        NodeValue::Int(value) => {
            let _ = write!(out, "{value}");
        }
        NodeValue::Float(value) => out.push_str(&format_float(*value)),
        NodeValue::String(text) => match scalar_style(text, true) {
            ScalarStyle::Literal => write_literal(text, parent_indent, out),
            style => write_scalar_inline(text, style, out),
        },
        NodeValue::Object(_) => out.push_str("{}"),
        NodeValue::List(_) => out.push_str("[]"),
    }
}

fn push_indent(indent: usize, out: &mut String) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let step = left.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        left -= step;
    }
}

/// Floats always carry a dot and a signed exponent, the form YAML 1.1 requires (`1e+100` is a
/// string to PyYAML; `1.0e+100` is a float to every reader).
pub fn format_float(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let text = kc_eval::print::format_float_json(value);
    match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let mantissa = if mantissa.contains('.') {
                mantissa.to_owned()
            } else {
                format!("{mantissa}.0")
            };
            let exponent = if exponent.starts_with(['+', '-']) {
                exponent.to_owned()
            } else {
                format!("+{exponent}")
            };
            format!("{mantissa}e{exponent}")
        }
        None if text.contains('.') => text,
        None => format!("{text}.0"),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    DoubleQuoted,
    /// A `|` block scalar, for multi-line values.
    Literal,
}

/// How a string must be written so that every reader gets the same string back.
pub fn scalar_style(text: &str, block_allowed: bool) -> ScalarStyle {
    if text.contains('\n') {
        return if block_allowed && literal_is_faithful(text) {
            ScalarStyle::Literal
        } else {
            ScalarStyle::DoubleQuoted
        };
    }
    if plain_is_faithful(text) {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    }
}

/// Whether `text` (one line) reads back as itself when written plain. One pass over the bytes
/// finds everything that rules plain style out; most strings in manifests are short and plain.
fn plain_is_faithful(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false; // The empty plain scalar is null.
    };
    if first == b' ' || last == b' ' || last == b':' {
        return false;
    }
    // Indicators that start something other than a plain scalar. `-` followed by a non-space is
    // a plain scalar (`--port=80`); alone or before a space it starts a sequence entry.
    match first {
        b'-' if bytes.len() == 1 || bytes[1] == b' ' || text.starts_with("---") => return false,
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => return false,
        b'.' if text.starts_with("...") => return false,
        _ => {}
    }
    let mut non_ascii = false;
    let mut previous = 0u8;
    for &byte in bytes {
        match byte {
            // Control characters (tab included: it is not safe in every plain position).
            0..=0x1f | 0x7f => return false,
            // A `: ` ends the key; ` #` starts a comment.
            b' ' if previous == b':' => return false,
            b'#' if previous == b' ' => return false,
            0x80.. => non_ascii = true,
            _ => {}
        }
        previous = byte;
    }
    if non_ascii && text.chars().any(needs_escape) {
        return false;
    }
    !resolves_to_non_string(text)
}

/// Whether a plain scalar with this text would be read as something other than a string by a
/// YAML 1.1 reader (PyYAML, goyaml) or a YAML 1.2 core/JSON-schema reader.
pub fn resolves_to_non_string(text: &str) -> bool {
    const WORDS: &[&str] = &[
        // Booleans of YAML 1.1 (goyaml v2, PyYAML) and 1.2.
        "y", "n", "yes", "no", "true", "false", "on", "off", // Null.
        "~", "null", // Merge key and YAML 1.1's value key.
        "<<", "=",
    ];
    if text.len() <= 5 && WORDS.iter().any(|word| text.eq_ignore_ascii_case(word)) {
        return true;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    // Infinity and not-a-number: `.inf`, `-.Inf`, `.NaN`, ...
    if let Some(rest) = unsigned.strip_prefix('.') {
        if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("nan") {
            return true;
        }
    }
    // Numbers in every notation some reader accepts: decimal, `0x`, `0o`, `0b`, leading-zero
    // octal, underscores, exponents, sexagesimal (`1:30`), leading dot. Any string starting
    // like a number and made only of characters those notations use is treated as one; this
    // also catches dates (`2001-12-14`) and times (`12:30:45`).
    let digits_start = unsigned.strip_prefix('.').unwrap_or(unsigned);
    if digits_start.starts_with(|c: char| c.is_ascii_digit())
        && unsigned.chars().all(|c| {
            c.is_ascii_hexdigit()
                || matches!(c, 'x' | 'X' | 'o' | 'O' | '_' | '.' | ':' | '+' | '-')
        })
    {
        return true;
    }
    // YAML 1.1 timestamps with a time part: `2001-12-14t21:59:43.10-05:00`,
    // `2001-12-14 21:59:43.10 -5`.
    is_timestamp_prefix(text)
}

/// `YYYY-M-D` at the start of the text.
fn is_timestamp_prefix(text: &str) -> bool {
    let bytes = text.as_bytes();
    let year = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if year != 4 || bytes.get(4) != Some(&b'-') {
        return false;
    }
    let rest = &bytes[5..];
    let month = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&month) || rest.get(month) != Some(&b'-') {
        return false;
    }
    let day = rest[month + 1..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    (1..=2).contains(&day)
}

/// Characters that must be escaped: control characters other than newline and tab, C1
/// controls, the Unicode line and paragraph separators, the byte-order mark and the
/// non-characters. PyYAML refuses them unescaped in a stream.
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether a multi-line string survives as a literal block scalar: no characters that need
/// escaping, and at least one line with content (a string of only newlines is quoted).
fn literal_is_faithful(text: &str) -> bool {
    if text.chars().any(needs_escape) {
        return false;
    }
    text.split('\n').any(|line| !line.is_empty())
}

/// `|`, `|-` or `|+` by the number of final newlines, with an indentation indicator when the
/// first line with content starts with a space (the reader would take it for indentation).
fn write_literal(text: &str, parent_indent: usize, out: &mut String) {
    out.push('|');
    let first_content_line = text.split('\n').find(|line| !line.is_empty());
    if first_content_line.is_some_and(|line| line.starts_with([' ', '\t'])) {
        out.push('2');
    }
    let trailing_newlines = text.len() - text.trim_end_matches('\n').len();
    match trailing_newlines {
        0 => out.push('-'),
        1 => {}
        _ => out.push('+'),
    }
    let body = match trailing_newlines {
        0 => text,
        _ => &text[..text.len() - 1],
    };
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            push_indent(parent_indent + 2, out);
            out.push_str(line);
        }
    }
}

fn write_scalar_inline(text: &str, style: ScalarStyle, out: &mut String) {
    match style {
        ScalarStyle::Plain => out.push_str(text),
        ScalarStyle::DoubleQuoted | ScalarStyle::Literal => write_double_quoted(text, out),
    }
}

fn write_double_quoted(text: &str, out: &mut String) {
    out.push('"');
    // Runs of characters that need no escape are copied at once: a ConfigMap's JSON document
    // is a long quoted string.
    let mut run_start = 0;
    for (index, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            '\0' => "\\0",
            c if needs_escape(c) => "",
            _ => continue,
        };
        out.push_str(&text[run_start..index]);
        run_start = index + c.len_utf8();
        if escape.is_empty() {
            let code = c as u32;
            if code <= 0xff {
                let _ = write!(out, "\\x{code:02X}");
            } else {
                let _ = write!(out, "\\u{code:04X}");
            }
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&text[run_start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use kc_syntax::Span;

    fn node(value: NodeValue) -> Node {
        Node {
            value,
            origin: Span::new(kc_syntax::FileId(0), Default::default()),
        }
    }

    fn object(entries: Vec<(&'static str, Node)>) -> Node {
        let mut entries: Vec<Entry> = entries
            .into_iter()
            .map(|(key, value)| Entry {
                key,
                key_span: Span::new(kc_syntax::FileId(0), Default::default()),
                value,
            })
            .collect();
        entries.sort_by(|a, b| a.key.cmp(b.key));
        node(NodeValue::object(entries))
    }

    fn string(text: &str) -> Node {
        node(NodeValue::String(text.into()))
    }

    #[test]
    fn pinned_keys_come_first_and_the_rest_is_sorted() {
        let document = object(vec![
            ("spec", object(vec![("replicas", node(NodeValue::Int(2)))])),
            (
                "metadata",
                object(vec![
                    ("labels", object(vec![("app", string("web"))])),
                    ("namespace", string("shop")),
                    ("name", string("web")),
                ]),
            ),
            ("kind", string("Deployment")),
            ("apiVersion", string("apps/v1")),
        ]);
        assert_eq!(
            to_string(&document),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web\nspec:\n  replicas: 2\n"
        );
    }

    #[test]
    fn sequences_of_mappings_and_nested_sequences() {
        let document = object(vec![(
            "items",
            node(NodeValue::list(vec![
                object(vec![("a", node(NodeValue::Int(1))), ("b", string("x"))]),
                node(NodeValue::list(vec![string("p"), string("q")])),
                node(NodeValue::list(vec![])),
                object(vec![]),
            ])),
        )]);
        assert_eq!(
            to_string(&document),
            "items:\n  - a: 1\n    b: x\n  - - p\n    - q\n  - []\n  - {}\n"
        );
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        for text in [
            "yes",
            "No",
            "ON",
            "y",
            "N",
            "true",
            "~",
            "null",
            "",
            "0777",
            "1_000",
            "1e3",
            "0x1F",
            "0o17",
            "0b101",
            "+1",
            "-1",
            ".5",
            "1.",
            "12:30:45",
            "2001-12-14",
            "<<",
            "=",
            ".inf",
            "-.Inf",
            ".NaN",
            "2001-12-14 21:59:43.10 -5",
            "- a",
            "-",
            "---",
            "...",
            "a: b",
            "a #b",
            "a:",
            " lead",
            "trail ",
            "#c",
            "*alias",
            "&anchor",
            "!tag",
            "%x",
            "@x",
            "`x",
            "[a]",
            "{a}",
            "'q'",
            "\"q\"",
            "|",
            ">",
            "?",
            ":x",
            ",",
            "tab\there",
            "nul\u{0}",
            "bell\u{7}",
            "del\u{7f}",
            "nel\u{85}",
            "ls\u{2028}",
            "bom\u{feff}",
            "cr\rx",
        ] {
            assert_eq!(
                scalar_style(text, true),
                ScalarStyle::DoubleQuoted,
                "{text:?} must be quoted"
            );
        }
    }

    #[test]
    fn ordinary_strings_stay_plain() {
        for text in [
            "nginx:1.25",
            "100m",
            "10Gi",
            "web",
            "--port=8080",
            "-v",
            "a b",
            "a:b",
            "a#b",
            "http://example.com/x?y=1#z",
            "ünïcödé",
            "日本語",
            "yesterday",
            "one two",
            "1.2.3z",
            "v1",
            "app.kubernetes.io/name",
        ] {
            assert_eq!(scalar_style(text, true), ScalarStyle::Plain, "{text:?}");
        }
    }

    #[test]
    fn multi_line_strings_are_literal_blocks_with_the_right_chomping() {
        let document = object(vec![
            ("clip", string("a\nb\n")),
            ("keep", string("a\n\n")),
            ("strip", string("a\nb")),
            ("indented", string("  a\nb\n")),
            ("only_newlines", string("\n\n")),
            ("with_cr", string("a\r\nb")),
        ]);
        assert_eq!(
            to_string(&document),
            "clip: |\n  a\n  b\nindented: |2\n    a\n  b\nkeep: |+\n  a\n\nonly_newlines: \"\\n\\n\"\nstrip: |-\n  a\n  b\nwith_cr: \"a\\r\\nb\"\n"
        );
    }

    #[test]
    fn floats_keep_a_dot_and_a_signed_exponent() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(0.5), "0.5");
        assert_eq!(format_float(1e100), "1.0e+100");
        assert_eq!(format_float(-2.5e-7), "-2.5e-07");
        assert_eq!(format_float(f64::INFINITY), ".inf");
        assert_eq!(format_float(f64::NAN), ".nan");
    }

    #[test]
    fn keys_are_quoted_like_values() {
        let document = object(vec![("on", string("x")), ("a\nb", string("y"))]);
        // `y` is a YAML 1.1 Boolean, so the value is quoted too.
        assert_eq!(to_string(&document), "\"a\\nb\": \"y\"\n\"on\": x\n");
    }

    #[test]
    fn very_long_keys_use_the_explicit_form() {
        let key: &'static str = "k".repeat(1500).leak();
        let document = object(vec![(key, string("v"))]);
        assert_eq!(to_string(&document), format!("? {key}\n: v\n"));
    }
}
