//! Property tests: no input makes the front end or the evaluator panic, hang or overflow the
//! stack. Arbitrary bytes go through parsing and lowering; generated expressions (built from
//! every expression form, including self-application and deep nesting) are evaluated and must
//! end in a value or diagnostics. `PROPTEST_CASES` raises the number of cases for long runs.

use std::path::PathBuf;
use std::sync::Arc;

use kc_eval::fs::RealFileSystem;
use kc_eval::{Database, EvalRequest, OutputFormat, Source};
use proptest::prelude::*;

/// 300 cases by default; `PROPTEST_CASES` sets more for long runs.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

fn evaluate(text: &str, format: OutputFormat) -> Result<Vec<u8>, Vec<kc_syntax::Diagnostic>> {
    let db = Database::new(Arc::new(RealFileSystem));
    let request = EvalRequest {
        source: Source::Expr {
            text: text.to_owned(),
            directory: PathBuf::from("/nonexistent-kc-fuzz-root"),
        },
        attr_path: None,
        allowed_env: Vec::new(),
        format,
    };
    kc_eval::evaluate(&db, &request).output
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1".to_owned()),
        Just("(-3)".to_owned()),
        Just("2.5".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("\"s\"".to_owned()),
        Just("''\n  ind ${\"x\"}\n''".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("x".to_owned()),
        Just("y".to_owned()),
        Just("[ ]".to_owned()),
        Just("{ }".to_owned()),
        Just("./p".to_owned()),
        Just("builtins.length".to_owned()),
        Just("(x: x x)".to_owned()),
        Just("throw \"t\"".to_owned()),
        Just("rec { a = b; b = a; }.a".to_owned()),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} == {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} < {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} ++ {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} // {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[ {a} {b} ]")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("{{ x = {a}; \"y\" = {b}; }}")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("rec {{ x = {a}; y = {b}; }}")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("(let x = {a}; y = x; in {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("((x: {a}) {b})")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("(({{ x ? 1, ... }}@y: {a}) {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("(if {a} then {b} else {c})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(with {a}; {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(assert {a}; {b})")),
            inner.clone().prop_map(|a| format!("({a}).x or 0")),
            inner.clone().prop_map(|a| format!("({a} ? x)")),
            inner.clone().prop_map(|a| format!("\"${{{a}}}\"")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.tryEval {a})")),
            inner.clone().prop_map(|a| format!("(builtins.toJSON {a})")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.deepSeq {a} {a})")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.map (x: {a}) [ 1 2 ])")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.genList (x: {a}) 3)")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.sort (p: q: {a}) [ 3 1 2 ])")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.attrNames {a})")),
            inner.clone().prop_map(|a| format!("(toString {a})")),
            inner
                .clone()
                .prop_map(|a| format!("(builtins.match {a} \"abc\")")),
            inner.prop_map(|a| format!("(import {a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_front_end(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let lowered = kc_syntax::lower_file(kc_syntax::FileId(0), &text, "/project", &kc_eval::builtins::is_global_name);
        // Every reported problem carries a code and a location.
        for diagnostic in &lowered.diagnostics {
            prop_assert!(diagnostic.code.starts_with("KC01"));
            prop_assert!(diagnostic.primary.is_some());
        }
    }

    #[test]
    fn nix_like_text_never_panics_the_front_end(text in "[a-z{}()\\[\\];=:.,@?\"'$ \n/+*-]{0,200}") {
        let lowered = kc_syntax::lower_file(kc_syntax::FileId(0), &text, "/project", &kc_eval::builtins::is_global_name);
        for diagnostic in &lowered.diagnostics {
            prop_assert!(diagnostic.primary.is_some());
        }
    }

    #[test]
    fn yaml_text_never_panics_the_reader(text in "[a-z0-9:{}\\[\\],'\"&*!|>#\n -]{0,200}") {
        // Any outcome is fine, a document list or an error message; a panic is not.
        let _ = kc_eval::yaml::parse_documents(&text);
    }

    #[test]
    fn generated_expressions_end_in_a_value_or_diagnostics(
        body in expression(),
        json in any::<bool>(),
    ) {
        let text = format!("let x = 1; y = {{ x = 2; }}; in {body}");
        // For long fuzzing runs: keep the case being evaluated, so a crash can be reproduced.
        if let Ok(log) = std::env::var("KC_FUZZ_LOG") {
            let _ = std::fs::write(log, &text);
        }
        let format = if json { OutputFormat::Json } else { OutputFormat::Nix };
        match evaluate(&text, format) {
            Ok(_) => {}
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty());
                for diagnostic in &diagnostics {
                    prop_assert!(diagnostic.code.starts_with("KC0"), "code {}", diagnostic.code);
                }
            }
        }
    }
}

#[test]
fn unbounded_recursion_is_a_diagnostic() {
    let diagnostics =
        evaluate("let f = x: f (x + 1) + 1; in f 0", OutputFormat::Nix).expect_err("must fail");
    assert_eq!(diagnostics[0].code, "KC0204");
    let diagnostics = evaluate("(x: x x) (x: x x)", OutputFormat::Nix).expect_err("must fail");
    assert_eq!(diagnostics[0].code, "KC0204");
}

#[test]
fn deeply_nested_data_prints_or_fails_cleanly() {
    // A list nested 100,000 deep: printing it must not overflow the native stack.
    let text = "let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in f 100000";
    match evaluate(text, OutputFormat::Json) {
        Ok(bytes) => assert!(bytes.starts_with(b"[[[")),
        Err(diagnostics) => assert_eq!(diagnostics[0].code, "KC0204"),
    }
}
