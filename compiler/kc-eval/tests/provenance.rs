//! Values remember where they were written: a field set inside a helper function in another
//! file points into that file, an argument passed by the caller points at the caller. Also: the
//! lowering query is incremental over file texts (salsa).

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kc_eval::fs::RealFileSystem;
use kc_eval::sandbox::Sandbox;
use kc_eval::value::Value;
use kc_eval::{Database, Evaluator, FileArena};
use kc_syntax::{Span, Symbol};

fn project() -> PathBuf {
    support::project_with(
        "provenance",
        &[
            (
                "kc.nix",
                "let mk = import ./lib.nix; values = import ./values.nix; in mk \"api\" // {\n  port = values.port or 80;\n  size = with values; if true then size else \"small\";\n}\n",
            ),
            ("values.nix", "{\n  port = 8080;\n  size = \"large\";\n}\n"),
            (
                "lib.nix",
                "name: {\n  metadata.name = name;\n  spec.replicas = 3;\n}\n",
            ),
        ],
    )
}

/// `(file name, line)` of a span.
fn locate(db: &Database, span: Span) -> (String, u32) {
    let file = db.file(span.file).expect("span in a known file");
    let name = file
        .path(db)
        .file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned();
    let (line, _) = kc_syntax::line_column(file.text(db), span.range.start().into());
    (name, line)
}

fn attr<'a>(ev: &Evaluator<'a>, value: &Value<'a>, name: &str) -> (Value<'a>, Span, Span) {
    let Value::Attrs(attrs) = value else {
        panic!("expected a set")
    };
    let attr = attrs
        .get(Symbol::intern(name.as_bytes()))
        .expect("attribute exists");
    let forced = ev.force(&attr.value).expect("evaluates");
    (forced, attr.value.origin(), attr.key_span)
}

#[test]
fn fields_point_at_the_expression_that_wrote_them() {
    let root = project();
    let db = Database::new(Arc::new(RealFileSystem));
    let arena = FileArena::default();
    let ev = Evaluator::new(&db, &arena, Sandbox::new(root.clone(), Vec::new()));
    let no_span = Span::new(kc_syntax::FileId(u32::MAX), Default::default());
    let value = ev
        .import_file(&root.join("kc.nix").to_string_lossy(), no_span)
        .expect("evaluates");

    let (spec, _, spec_key) = attr(&ev, &value, "spec");
    assert_eq!(locate(&db, spec_key), ("lib.nix".to_owned(), 3));
    let (replicas, replicas_origin, replicas_key) = attr(&ev, &spec, "replicas");
    assert!(matches!(replicas, Value::Int(3)));
    assert_eq!(locate(&db, replicas_origin), ("lib.nix".to_owned(), 3));
    assert_eq!(locate(&db, replicas_key), ("lib.nix".to_owned(), 3));

    let (metadata, _, _) = attr(&ev, &value, "metadata");
    let (_, name_origin, name_key) = attr(&ev, &metadata, "name");
    // The key was written in the helper, the value came from the caller's argument.
    assert_eq!(locate(&db, name_key), ("lib.nix".to_owned(), 2));
    assert_eq!(locate(&db, name_origin), ("kc.nix".to_owned(), 1));

    // Selections, `or`, `with` and `if` pass values through: the origin is where they were
    // written, in values.nix.
    let (_, port_origin, _) = attr(&ev, &value, "port");
    assert_eq!(locate(&db, port_origin), ("values.nix".to_owned(), 2));
    let (_, size_origin, _) = attr(&ev, &value, "size");
    assert_eq!(locate(&db, size_origin), ("values.nix".to_owned(), 3));
}

#[test]
fn lowering_follows_text_changes() {
    let mut db = Database::new(Arc::new(RealFileSystem));
    let path = Path::new("/virtual/kc.nix");
    let file = db.set_text(path, Arc::from("{ a = 1; }"));
    assert!(kc_eval::db::lowered_file(&db, file).diagnostics.is_empty());
    db.set_text(path, Arc::from("{ a = 1; a = 2; }"));
    let lowered = kc_eval::db::lowered_file(&db, file);
    assert_eq!(lowered.diagnostics.len(), 1);
    assert_eq!(lowered.diagnostics[0].code, "KC0102");
}
