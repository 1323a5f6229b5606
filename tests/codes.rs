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
