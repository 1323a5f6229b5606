//! YAML safety: tricky strings, as keys and as values, are emitted and read back by PyYAML
//! (`yaml.safe_load`, the YAML 1.1 resolver kubectl-era tools share) and by `serde_yaml`
//! (a YAML 1.2 reader); both must give back exactly the input.

use std::process::Command;

use kc_project::tree::{Entry, Node, NodeValue};
use kc_syntax::Span;

/// Strings that a careless emitter writes so that some reader sees something else.
fn tricky_strings() -> Vec<String> {
    let mut strings: Vec<String> = [
        // YAML 1.1 Booleans in every case (goyaml v2, PyYAML), and some mixed-case spellings.
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "yEs",
        "oN",
        // Null.
        "~",
        "null",
        "Null",
        "NULL",
        "",
        // Numbers: octal, hex, binary, underscores, exponents, signs, sexagesimal, specials.
        "0",
        "00",
        "-0",
        "+0",
        "0.0",
        "0777",
        "0o17",
        "0x1F",
        "0X1f",
        "0b1010",
        "1_000",
        "1_000.5",
        "1e3",
        "1E3",
        "-1e-3",
        "+12",
        "-12",
        ".5",
        "-.5",
        "1.",
        "1.5",
        "6.8523015e+5",
        "685.230_15e+03",
        "190:20:30",
        "1:30",
        "-1:30",
        ".inf",
        ".Inf",
        "-.INF",
        "+.inf",
        ".nan",
        ".NaN",
        "NaN",
        "Infinity",
        "1,000",
        "1 000",
        // Dates and times.
        "2001-12-14",
        "2002-1-1",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "12:30:45",
        "2001-12-14T00:00:00Z",
        // Merge and value keys, indicators, comments, mapping and sequence syntax.
        "<<",
        "=",
        "-",
        "--",
        "---",
        "...",
        "? x",
        "?",
        ":",
        ": x",
        ",",
        "[",
        "]",
        "{",
        "}",
        "{}",
        "[]",
        "{a: 1}",
        "#",
        "#comment",
        "&anchor",
        "*alias",
        "!tag",
        "!!str",
        "|",
        ">",
        "'",
        "\"",
        "'quoted'",
        "\"quoted\"",
        "%TAG",
        "@at",
        "`tick",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "a:",
        "- item",
        "-item",
        "--port=8080",
        "key: value # comment",
        // Whitespace.
        " lead",
        "trail ",
        " ",
        "  ",
        "\t",
        "\ttab",
        "tab\t",
        "a\tb",
        "a  b",
        // Unicode and control characters.
        "ünïcödé",
        "日本語",
        "emoji 🎉",
        "\u{a0}nbsp",
        "nbsp\u{a0}",
        "ls\u{2028}x",
        "nel\u{85}x",
        "\u{feff}bom",
        "nul\u{0}x",
        "bell\u{7}",
        "\u{1b}[31mred",
        "del\u{7f}",
        "cr\rx",
        "\r",
        "\u{fffe}",
        "back\\slash",
        // Multi-line strings: every chomping case, leading blank lines, indented first lines.
        "a\nb",
        "a\nb\n",
        "a\n\n",
        "a\n\n\n",
        "\n",
        "\n\n",
        "\nleading",
        "  indented\nx",
        " one space\nx\n",
        "trailing spaces  \nx",
        "line\n  more\n",
        "a\r\nb",
        "\ttab first\nx",
        "# not a comment\nx",
        "- not a list\n- x\n",
        "---\n...\n",
        "a\n \nb",
        "x\n  \n",
        // Ordinary strings that must stay themselves too.
        "nginx:1.25",
        "100m",
        "10Gi",
        "http://example.com/a?b=c#d",
        "v1.2.3",
        "1.2.3",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    strings.push("x".repeat(5000));
    strings.push(format!("{}\n{}", "long ".repeat(300), "y".repeat(3000)));
    strings
}

fn node(value: NodeValue) -> Node {
    Node {
        value,
        origin: Span::new(kc_syntax::FileId(0), Default::default()),
    }
}

fn object(entries: Vec<(String, Node)>) -> Node {
    let mut entries: Vec<Entry> = entries
        .into_iter()
        .map(|(key, value)| Entry {
            // Keys of evaluated trees are interned names that live as long as the process.
            key: Box::leak(key.into_boxed_str()),
            key_span: Span::new(kc_syntax::FileId(0), Default::default()),
            value,
        })
        .collect();
    entries.sort_by(|a, b| a.key.cmp(b.key));
    entries.dedup_by(|a, b| a.key == b.key);
    node(NodeValue::object(entries))
}

/// A document with every tricky string as a key (mapping to itself), as a list element, and
/// nested, plus numbers that must keep their type.
fn tricky_document() -> Node {
    let strings = tricky_strings();
    let as_keys = object(
        strings
            .iter()
            .map(|s| (s.clone(), node(NodeValue::String(s.as_str().into()))))
            .collect(),
    );
    let as_items = node(NodeValue::List(
        strings
            .iter()
            .map(|s| node(NodeValue::String(s.as_str().into())))
            .collect(),
    ));
    let nested = node(NodeValue::List(
        strings
            .iter()
            .map(|s| {
                object(vec![(
                    s.clone(),
                    node(NodeValue::list(vec![node(NodeValue::String(
                        s.as_str().into(),
                    ))])),
                )])
            })
            .collect(),
    ));
    let numbers = node(NodeValue::list(vec![
        node(NodeValue::Int(0)),
        node(NodeValue::Int(-1)),
        node(NodeValue::Int(i64::MAX)),
        node(NodeValue::Int(i64::MIN)),
        node(NodeValue::Float(0.5)),
        node(NodeValue::Float(1.0)),
        node(NodeValue::Float(100.0)),
        node(NodeValue::Float(1e100)),
        node(NodeValue::Float(-2.5e-7)),
        node(NodeValue::Float(1e15)),
        node(NodeValue::Bool(true)),
        node(NodeValue::Null),
    ]));
    object(vec![
        ("apiVersion".into(), node(NodeValue::String("v1".into()))),
        ("kind".into(), node(NodeValue::String("Tricky".into()))),
        ("keys".into(), as_keys),
        ("items".into(), as_items),
        ("nested".into(), nested),
        ("numbers".into(), numbers),
    ])
}

/// The expected value as JSON (floats as f64).
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        NodeValue::Null => serde_json::Value::Null,
        NodeValue::Bool(b) => serde_json::Value::Bool(*b),
        NodeValue::Int(i) => serde_json::Value::from(*i),
        NodeValue::Float(f) => serde_json::Value::from(*f),
        NodeValue::String(s) => serde_json::Value::String(s.to_string()),
        NodeValue::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        NodeValue::Object(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|e| (e.key.to_string(), to_json(&e.value)))
                .collect(),
        ),
    }
}

/// The first place where `read` differs from `expected`, as a short description.
fn first_difference(
    read: &serde_json::Value,
    expected: &serde_json::Value,
    at: &str,
) -> Option<String> {
    use serde_json::Value;
    match (read, expected) {
        (Value::Object(r), Value::Object(e)) => {
            for (key, value) in e {
                let place = format!("{at}.{key:?}");
                match r.get(key) {
                    Some(got) => {
                        if let Some(difference) = first_difference(got, value, &place) {
                            return Some(difference);
                        }
                    }
                    None => return Some(format!("{place}: missing (read keys: {})", r.len())),
                }
            }
            (r.len() != e.len())
                .then(|| format!("{at}: {} keys read, {} expected", r.len(), e.len()))
        }
        (Value::Array(r), Value::Array(e)) => {
            for (index, (got, value)) in r.iter().zip(e).enumerate() {
                if let Some(difference) = first_difference(got, value, &format!("{at}[{index}]")) {
                    return Some(difference);
                }
            }
            (r.len() != e.len())
                .then(|| format!("{at}: {} items read, {} expected", r.len(), e.len()))
        }
        _ => (read != expected).then(|| format!("{at}: read {read}, expected {expected}")),
    }
}

#[test]
fn there_are_at_least_sixty_tricky_strings() {
    assert!(tricky_strings().len() >= 60);
}

#[test]
fn serde_yaml_reads_back_every_tricky_string() {
    let document = tricky_document();
    let text = kc_emit::yaml::to_string(&document);
    let read: serde_json::Value = match serde_yaml::from_str(&text) {
        Ok(value) => value,
        Err(error) => panic!("serde_yaml cannot read the output: {error}\n{text}"),
    };
    let expected = to_json(&document);
    if let Some(difference) = first_difference(&read, &expected, "document") {
        panic!("serde_yaml read the output differently: {difference}");
    }
}

#[test]
fn pyyaml_reads_back_every_tricky_string() {
    // The first `python3` on the PATH may lack Debian's python3-yaml; try the system one too.
    let python = ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import yaml"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(python) = python else {
        let message =
            "PyYAML (python3-yaml) is not installed: the YAML round-trip through PyYAML is SKIPPED";
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}, and CI requires it"
        );
        eprintln!("\n!!!!! {message} !!!!!\n");
        return;
    };
    let document = tricky_document();
    let text = kc_emit::yaml::to_string(&document);
    let path = std::env::temp_dir().join(format!("kc-tricky-{}.yaml", std::process::id()));
    std::fs::write(&path, &text).expect("temp file is writable");
    // safe_load resolves implicit types with YAML 1.1's rules; floats are printed with repr so
    // they read back exactly.
    let script = "import sys, json, yaml\n\
                  with open(sys.argv[1], encoding='utf-8') as f:\n    value = yaml.safe_load(f)\n\
                  sys.stdout.write(json.dumps(value, ensure_ascii=True))\n";
    let output = Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "PyYAML cannot read the output: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("python printed JSON");
    let expected = to_json(&document);
    if let Some(difference) = first_difference(&read, &expected, "document") {
        panic!("PyYAML read the output differently: {difference}");
    }
}
