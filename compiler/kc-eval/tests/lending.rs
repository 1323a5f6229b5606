//! `Evaluator::with_forced`: a computed value is lent to the walk that reads it, not cloned; a
//! value not yet computed is computed first.

mod support;

use std::rc::Rc;
use std::sync::Arc;

use kc_eval::fs::RealFileSystem;
use kc_eval::sandbox::Sandbox;
use kc_eval::value::Value;
use kc_eval::{Database, Evaluator, FileArena};
use kc_syntax::{Span, Symbol};

#[test]
fn computed_values_are_lent_and_pending_ones_computed() {
    let root = support::project_with(
        "lending",
        &[(
            "kc.nix",
            "let shared = { a = 1; }; in { first = shared; second = shared; later = builtins.length [ 1 2 3 ]; }\n",
        )],
    );
    let db = Database::new(Arc::new(RealFileSystem));
    let arena = FileArena::default();
    let ev = Evaluator::new(&db, &arena, Sandbox::new(root.clone(), Vec::new()));
    let no_span = Span::new(kc_syntax::FileId(u32::MAX), Default::default());
    let value = ev
        .import_file(&root.join("kc.nix").to_string_lossy(), no_span)
        .expect("evaluates");
    let Value::Attrs(top) = value else {
        panic!("a set")
    };
    let thunk = |name: &str| {
        top.get(Symbol::intern(name.as_bytes()))
            .expect("the attribute exists")
            .value
            .clone()
    };

    // Computed once through `first`; `second` is the same thunk, so its set is held once.
    let first = thunk("first");
    drop(ev.force(&first).expect("evaluates"));
    let lent_count = ev
        .with_forced(&thunk("second"), |value| match value {
            Value::Attrs(set) => Ok(Rc::strong_count(set)),
            _ => panic!("a set"),
        })
        .expect("evaluates");
    assert_eq!(lent_count, 1, "the computed set was lent, not cloned");

    // Not computed yet: computed, then handed to the walk.
    let later = thunk("later");
    assert!(later.value_if_done().is_none());
    let sum = ev
        .with_forced(&later, |value| match value {
            Value::Int(n) => Ok(*n),
            _ => panic!("an integer"),
        })
        .expect("evaluates");
    assert_eq!(sum, 3);
    assert!(matches!(later.value_if_done(), Some(Value::Int(3))));
    let _ = std::fs::remove_dir_all(&root);
}
