//! Lexical path normalisation, as Nix's `canonPath` does it without touching the file system.

/// Normalises an absolute path: collapses `//`, removes `.` and resolves `..` lexically (never
/// above `/`), and drops a trailing slash.
pub fn normalize_absolute(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut out = String::with_capacity(path.len());
    for part in &parts {
        out.push('/');
        out.push_str(part);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Joins `relative` to the absolute `directory` and normalises the result.
pub fn join_and_normalize(directory: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        normalize_absolute(relative)
    } else {
        normalize_absolute(&format!("{directory}/{relative}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_canon_path() {
        assert_eq!(normalize_absolute("/a/./b//c/../d/"), "/a/b/d");
        assert_eq!(normalize_absolute("/../.."), "/");
        assert_eq!(join_and_normalize("/proj/sub", "../x.nix"), "/proj/x.nix");
    }
}
