//! Every diagnostic code that appears in the compiler's source is explained by `kc explain`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use support::*;

fn collect_codes(dir: &Path, codes: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_codes(&path, codes);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("codes.rs") {
            let text = std::fs::read_to_string(&path).expect("readable source");
            let bytes = text.as_bytes();
            for (index, _) in text.match_indices("\"KC0") {
                let candidate = &bytes[index + 1..(index + 8).min(bytes.len())];
                if candidate.len() == 7
                    && candidate[..6].iter().skip(2).all(u8::is_ascii_digit)
                    && candidate[6] == b'"'
                {
                    codes.insert(String::from_utf8_lossy(&candidate[..6]).into_owned());
                }
            }
        }
    }
}

#[test]
fn every_code_in_the_source_is_explained() {
    let mut codes = BTreeSet::new();
    collect_codes(&workspace_root().join("compiler"), &mut codes);
    assert!(codes.len() > 20, "found only {codes:?}");
    for code in &codes {
        let output = run_kc(&["explain", code], Path::new("."));
        assert!(
            output.status.success(),
            "kc explain {code} fails: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).starts_with(&format!("{code}: ")));
    }
    let unknown = run_kc(&["explain", "KC0999"], Path::new("."));
    assert_eq!(unknown.status.code(), Some(2));
}

/// The first fixture of `fixtures/check/` or `fixtures/policy/` that expects `code`, with its human output.
fn example_for(code: &str) -> Option<(String, String, String)> {
    for directory in ["fixtures/check", "fixtures/policy"] {
        if let Some(example) = example_in(directory, code) {
            return Some(example);
        }
    }
    None
}

fn example_in(directory: &str, code: &str) -> Option<(String, String, String)> {
    let root = workspace_root().join(directory);
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let Ok(kc_nix) = std::fs::read_to_string(dir.join("kc.nix")) else {
            continue;
        };
        if !kc_nix
            .lines()
            .any(|l| l.starts_with(&format!("# expect: {code} ")))
        {
            continue;
        }
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        // The diagnostic block of this code: from its header to the next blank line.
        let block: String = expected
            .split("\n\n")
            .find(|b| b.contains(&format!("[{code}]")))
            .unwrap_or_default()
            .to_owned();
        let source: String = kc_nix
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let name = format!("{directory}/{}", dir.file_name()?.to_string_lossy());
        return Some((name, source, block));
    }
    None
}

fn checks_markdown() -> String {
    let mut out = String::from(
        "# Checks\n\nEvery diagnostic `kc check` reports, with an example taken from the test fixtures in\n\
         `fixtures/check/` and `fixtures/policy/` (so the output shown is what kc prints today) and the fix. `kc explain CODE`\n\
         prints the same explanation. This file is generated: `UPDATE_EXPECT=1 cargo test --test codes`\n\
         rewrites it, and a test fails when it is stale.\n",
    );
    for family in ["KC03", "KC04", "KC05", "KC06"] {
        let title = match family {
            "KC03" => "Schema (KC03xx)",
            "KC04" => "Semantic and cross-object checks (KC04xx)",
            "KC05" => "Policies (KC05xx)",
            _ => "Project (KC06xx)",
        };
        out.push_str(&format!("\n## {title}\n"));
        for info in kc_syntax::codes::all()
            .iter()
            .filter(|i| i.code.starts_with(family))
        {
            out.push_str(&format!(
                "\n### {} — {}\n\n{}\n",
                info.code, info.title, info.explanation
            ));
            if let Some((name, source, block)) = example_for(info.code) {
                out.push_str(&format!(
                    "\nExample (`{name}`):\n\n```nix\n{}\n```\n\n```text\n{}\n```\n",
                    source.trim(),
                    block.trim_end()
                ));
            }
        }
    }
    out
}

#[test]
fn docs_checks_lists_every_check() {
    let path = workspace_root().join("docs/checks.md");
    let generated = checks_markdown();
    if update_expect() {
        std::fs::write(&path, &generated).expect("docs/checks.md written");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/checks.md is stale: run UPDATE_EXPECT=1 cargo test -p kc --test codes"
    );
}
