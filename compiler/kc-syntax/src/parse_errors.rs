//! rnix parse errors as `KC0101`/`KC0103` diagnostics.

use rnix::{ParseError, SyntaxKind, TextRange, TextSize};

use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

pub fn to_diagnostic(file: FileId, text: &str, error: &ParseError) -> Diagnostic {
    // An incomplete file is reported at the end of its last token, not after trailing blanks.
    let end = TextSize::of(text.trim_end());
    let at_end = Span::new(file, TextRange::new(end, end));
    match error {
        ParseError::Unexpected(range) => Diagnostic::error(
            "KC0101",
            format!("unexpected {}", describe_text(text, *range)),
        )
        .with_primary(Span::new(file, *range), "not valid here"),
        ParseError::UnexpectedExtra(range) => Diagnostic::error(
            "KC0101",
            format!(
                "unexpected {} after the end of the expression",
                describe_text(text, *range)
            ),
        )
        .with_primary(
            Span::new(file, *range),
            "a file holds exactly one expression",
        )
        .with_note("did you forget an operator, a `;` or a closing bracket before this?"),
        ParseError::UnexpectedWanted(found, range, wanted) => Diagnostic::error(
            "KC0101",
            format!(
                "expected {}, found {}",
                describe_wanted(wanted),
                describe_kind(*found)
            ),
        )
        .with_primary(
            Span::new(file, *range),
            format!("expected {}", describe_wanted(wanted)),
        ),
        ParseError::UnexpectedDoubleBind(range) => Diagnostic::error(
            "KC0101",
            "a function argument pattern can be bound with @ only once",
        )
        .with_primary(Span::new(file, *range), "second @-binding"),
        ParseError::UnexpectedEOF => Diagnostic::error("KC0101", "unexpected end of file")
            .with_primary(at_end, "the expression is incomplete"),
        ParseError::UnexpectedEOFWanted(wanted) => Diagnostic::error(
            "KC0101",
            format!(
                "unexpected end of file, expected {}",
                describe_wanted(wanted)
            ),
        )
        .with_primary(at_end, format!("expected {}", describe_wanted(wanted))),
        ParseError::DuplicatedArgs(range, name) => Diagnostic::error(
            "KC0103",
            format!("duplicate formal function argument '{name}'"),
        )
        .with_primary(
            Span::new(file, *range),
            "this argument name is already used",
        ),
        ParseError::RecursionLimitExceeded => {
            Diagnostic::error("KC0101", "the expression is nested too deeply to parse")
                .with_primary(at_end, "nesting limit reached")
                .with_note("split the expression into let bindings or separate files")
        }
        _ => Diagnostic::error("KC0101", format!("syntax error: {error}"))
            .with_primary(at_end, "syntax error"),
    }
}

fn describe_text(text: &str, range: TextRange) -> String {
    let snippet = text
        .get(usize::from(range.start())..usize::from(range.end()))
        .unwrap_or("");
    if snippet.trim().is_empty() {
        "input".to_owned()
    } else {
        let short: String = snippet.chars().take(20).collect();
        format!("'{short}'")
    }
}

fn describe_wanted(wanted: &[SyntaxKind]) -> String {
    let names: Vec<String> = wanted.iter().map(|k| describe_kind(*k)).collect();
    match names.len() {
        0 => "something else".to_owned(),
        1 => names[0].clone(),
        _ => format!("one of {}", names.join(", ")),
    }
}

fn describe_kind(kind: SyntaxKind) -> String {
    use SyntaxKind::*;
    let text = match kind {
        TOKEN_SEMICOLON => "';'",
        TOKEN_ASSIGN => "'='",
        TOKEN_COLON => "':'",
        TOKEN_COMMA => "','",
        TOKEN_DOT => "'.'",
        TOKEN_L_BRACE => "'{'",
        TOKEN_R_BRACE => "'}'",
        TOKEN_L_BRACK => "'['",
        TOKEN_R_BRACK => "']'",
        TOKEN_L_PAREN => "'('",
        TOKEN_R_PAREN => "')'",
        TOKEN_IN => "'in'",
        TOKEN_THEN => "'then'",
        TOKEN_ELSE => "'else'",
        TOKEN_IDENT => "an identifier",
        TOKEN_STRING_END => "the end of the string",
        TOKEN_INTERPOL_END => "'}' closing the interpolation",
        NODE_ATTRPATH => "an attribute path",
        other => {
            return format!("{other:?}")
                .trim_start_matches("TOKEN_")
                .trim_start_matches("NODE_")
                .to_lowercase()
        }
    };
    text.to_owned()
}
