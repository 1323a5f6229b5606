//! Doc comments (RFC 145 `/** ... */`) of a file: the file's own comment and the comment
//! directly before each documented binding, with the binding's attribute path as written.
//! `docs/stdlib.md` is generated from these, and editor hovers can show them.

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode, TextRange};
use rowan::ast::AstNode;

/// One documented binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocItem {
    /// The attribute path, including the paths of enclosing attribute sets in the same file
    /// (`k8s.deployment` for `k8s = { deployment = ...; }`).
    pub path: Vec<String>,
    /// The comment's text without its delimiters, dedented.
    pub text: String,
    /// The binding's range.
    pub range: TextRange,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDocs {
    /// The comment that opens the file, if it is a doc comment.
    pub file: Option<String>,
    pub items: Vec<DocItem>,
}

/// The doc comments of `text`, in source order. Bindings inside `let` are private and left out.
pub fn doc_comments(text: &str) -> FileDocs {
    let root = rnix::Root::parse(text).syntax();
    let mut docs = FileDocs {
        file: root
            .children_with_tokens()
            .filter_map(|element| element.into_token())
            .find(|token| token.kind() != SyntaxKind::TOKEN_WHITESPACE)
            .filter(|token| token.kind() == SyntaxKind::TOKEN_COMMENT)
            .and_then(|token| doc_text(token.text())),
        items: Vec::new(),
    };
    for node in root.descendants() {
        let Some(binding) = ast::AttrpathValue::cast(node.clone()) else {
            continue;
        };
        let Some(text) = preceding_doc_comment(&node) else {
            continue;
        };
        if is_private(&node) {
            continue;
        }
        let Some(path) = full_path(&binding) else {
            continue;
        };
        docs.items.push(DocItem {
            path,
            text,
            range: node.text_range(),
        });
    }
    docs
}

fn preceding_doc_comment(node: &SyntaxNode) -> Option<String> {
    let mut previous = node.prev_sibling_or_token();
    while let Some(element) = previous {
        match element.kind() {
            SyntaxKind::TOKEN_WHITESPACE => previous = element.prev_sibling_or_token(),
            SyntaxKind::TOKEN_COMMENT => {
                return element.into_token().and_then(|t| doc_text(t.text()));
            }
            _ => return None,
        }
    }
    None
}

/// Whether the binding is (inside) a `let` binding rather than part of the file's value.
fn is_private(node: &SyntaxNode) -> bool {
    node.ancestors().skip(1).any(|ancestor| {
        ancestor.kind() == SyntaxKind::NODE_LET_IN && is_binding_of(node, &ancestor)
    })
}

/// Whether `node` lies in the bindings of `let_in` (not in its body).
fn is_binding_of(node: &SyntaxNode, let_in: &SyntaxNode) -> bool {
    let Some(body) = ast::LetIn::cast(let_in.clone()).and_then(|l| l.body()) else {
        return true;
    };
    !body.syntax().text_range().contains_range(node.text_range())
}

fn attrpath_parts(binding: &ast::AttrpathValue) -> Option<Vec<String>> {
    let attrpath = binding.attrpath()?;
    Some(
        attrpath
            .attrs()
            .map(|attr| {
                attr.syntax()
                    .text()
                    .to_string()
                    .trim_matches('"')
                    .to_owned()
            })
            .collect(),
    )
}

fn full_path(binding: &ast::AttrpathValue) -> Option<Vec<String>> {
    let mut path = attrpath_parts(binding)?;
    for ancestor in binding.syntax().ancestors().skip(1) {
        if let Some(outer) = ast::AttrpathValue::cast(ancestor) {
            let mut outer_path = attrpath_parts(&outer)?;
            outer_path.extend(path);
            path = outer_path;
        }
    }
    Some(path)
}

/// The text of a `/** ... */` comment, dedented; `None` for other comments.
fn doc_text(comment: &str) -> Option<String> {
    let inner = comment.strip_prefix("/**")?.strip_suffix("*/")?;
    if inner.starts_with('*') {
        return None; // `/***` is not a doc comment.
    }
    let lines: Vec<&str> = inner.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate() {
        let line = if index == 0 {
            line.trim_start()
        } else if line.len() >= indent {
            &line[indent..]
        } else {
            line.trim_start()
        };
        text.push_str(line.trim_end());
        text.push('\n');
    }
    Some(text.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_binding_comments_with_nested_paths() {
        let docs = doc_comments(
            "/** The file. */\nlet\n  /** private */\n  helper = 1;\nin {\n  /**\n    Adds one.\n\n    # Example\n      inc 1\n  */\n  inc = x: x + 1;\n  # plain comment\n  plain = 2;\n  k8s = {\n    /** Makes a pod. */\n    pod = { };\n  };\n}\n",
        );
        assert_eq!(docs.file.as_deref(), Some("The file."));
        let items: Vec<(String, String)> = docs
            .items
            .iter()
            .map(|item| (item.path.join("."), item.text.clone()))
            .collect();
        assert_eq!(
            items,
            [
                (
                    "inc".to_owned(),
                    "Adds one.\n\n# Example\n  inc 1".to_owned()
                ),
                ("k8s.pod".to_owned(), "Makes a pod.".to_owned()),
            ]
        );
    }
}
