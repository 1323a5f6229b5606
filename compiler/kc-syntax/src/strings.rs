//! String literal semantics exactly as Nix's lexer and parser define them: escapes in `"..."`
//! strings, and the escapes plus indentation stripping of `''...''` strings.

/// A piece of a string literal: text, or an interpolated expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<E> {
    Text(Vec<u8>),
    Interpolation(E),
}

/// Decodes the escapes of a double-quoted string segment (`\n`, `\r`, `\t`, `\X` for any other
/// X), and turns raw CR and CRLF line ends into LF, as Nix's `unescapeStr` does.
pub fn unescape_double_quoted(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\\' && i + 1 < bytes.len() {
            let next = bytes[i + 1];
            i += 2;
            match next {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'\r' => {
                    // An escaped CR(LF) is still a line end.
                    out.push(b'\n');
                    if bytes.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                }
                other => out.push(other),
            }
        } else if c == b'\r' {
            out.push(b'\n');
            i += 1;
            if bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// One token of an indented string, as Nix's lexer produces it. `indentation` is false for
/// escapes (`''$`, `'''`, `''\x`) and lone `$`/`'`, which end a line's leading whitespace.
#[derive(Debug, Clone, PartialEq)]
enum IndentedToken<E> {
    Text { bytes: Vec<u8>, indentation: bool },
    Interpolation(E),
}

/// Splits the raw text of one indented-string segment (between interpolations) the way Nix's
/// flex rules do: longest match, earlier rule on ties.
fn lex_indented_segment<E>(raw: &[u8], out: &mut Vec<IndentedToken<E>>) {
    let mut i = 0;
    while i < raw.len() {
        // The "plain text" rule: ([^$']|\$[^{']|'[^'$])+
        let mut plain = i;
        loop {
            match raw.get(plain) {
                None => break,
                Some(b'$') => match raw.get(plain + 1) {
                    Some(b'{') | Some(b'\'') | None => break,
                    Some(_) => plain += 2,
                },
                Some(b'\'') => match raw.get(plain + 1) {
                    Some(b'\'') | Some(b'$') | None => break,
                    Some(_) => plain += 2,
                },
                Some(_) => plain += 1,
            }
        }
        let plain_len = plain - i;
        // The escape rules.
        let rest = &raw[i..];
        let (escape_len, escaped): (usize, Vec<u8>) = if rest.starts_with(b"''$") {
            (3, b"$".to_vec())
        } else if rest.starts_with(b"'''") {
            (3, b"''".to_vec())
        } else if rest.starts_with(b"''\\") && rest.len() >= 4 {
            let len = utf8_len(rest[3]).min(rest.len() - 3);
            let unescaped = match rest[3] {
                b'n' => b"\n".to_vec(),
                b'r' => b"\r".to_vec(),
                b't' => b"\t".to_vec(),
                _ => rest[3..3 + len].to_vec(),
            };
            (3 + len, unescaped)
        } else if rest.starts_with(b"$") {
            (1, b"$".to_vec())
        } else if rest.starts_with(b"'") {
            (1, b"'".to_vec())
        } else {
            (0, Vec::new())
        };
        if plain_len >= escape_len && plain_len > 0 {
            out.push(IndentedToken::Text {
                bytes: raw[i..plain].to_vec(),
                indentation: true,
            });
            i = plain;
        } else if escape_len > 0 {
            out.push(IndentedToken::Text {
                bytes: escaped,
                indentation: false,
            });
            i += escape_len;
        } else {
            // Cannot happen for text that rnix accepted as string content; keep the byte so
            // nothing is lost.
            out.push(IndentedToken::Text {
                bytes: vec![raw[i]],
                indentation: false,
            });
            i += 1;
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Input to [`indented_string`]: raw segment text or an interpolation.
pub enum RawPart<E> {
    Text(String),
    Interpolation(E),
}

/// Evaluates the literal structure of an indented string: Nix's lexer rules, the dropped first
/// line (`''` followed by spaces and a newline), minimum-indentation stripping, and removal of a
/// final line made only of spaces.
pub fn indented_string<E>(parts: Vec<RawPart<E>>) -> Vec<Piece<E>> {
    let mut tokens: Vec<IndentedToken<E>> = Vec::new();
    let mut first = true;
    for part in parts {
        match part {
            RawPart::Text(text) => {
                let mut raw = text.as_bytes();
                if first {
                    // The opening `''` swallows trailing spaces and one newline.
                    let spaces = raw.iter().take_while(|&&b| b == b' ').count();
                    if raw.get(spaces) == Some(&b'\n') {
                        raw = &raw[spaces + 1..];
                    }
                }
                lex_indented_segment(raw, &mut tokens);
            }
            RawPart::Interpolation(e) => tokens.push(IndentedToken::Interpolation(e)),
        }
        first = false;
    }
    strip_indentation(tokens)
}

fn strip_indentation<E>(tokens: Vec<IndentedToken<E>>) -> Vec<Piece<E>> {
    // Minimum indentation, ignoring whitespace-only lines.
    let mut at_start_of_line = true;
    let mut min_indent = usize::MAX;
    let mut cur_indent = 0usize;
    for token in &tokens {
        match token {
            IndentedToken::Text {
                bytes,
                indentation: true,
            } => {
                for &b in bytes {
                    if at_start_of_line {
                        if b == b' ' {
                            cur_indent += 1;
                        } else if b == b'\n' {
                            cur_indent = 0;
                        } else {
                            at_start_of_line = false;
                            min_indent = min_indent.min(cur_indent);
                        }
                    } else if b == b'\n' {
                        at_start_of_line = true;
                        cur_indent = 0;
                    }
                }
            }
            _ => {
                if at_start_of_line {
                    at_start_of_line = false;
                    min_indent = min_indent.min(cur_indent);
                }
            }
        }
    }

    let mut pieces: Vec<Piece<E>> = Vec::new();
    at_start_of_line = true;
    let mut cur_dropped = 0usize;
    let mut remaining = tokens.len();
    for token in tokens {
        match token {
            IndentedToken::Interpolation(e) => {
                at_start_of_line = false;
                cur_dropped = 0;
                pieces.push(Piece::Interpolation(e));
            }
            IndentedToken::Text { bytes, .. } => {
                let mut kept = Vec::with_capacity(bytes.len());
                for b in bytes {
                    if at_start_of_line {
                        if b == b' ' {
                            if cur_dropped >= min_indent {
                                kept.push(b);
                            }
                            cur_dropped += 1;
                        } else if b == b'\n' {
                            cur_dropped = 0;
                            kept.push(b);
                        } else {
                            at_start_of_line = false;
                            cur_dropped = 0;
                            kept.push(b);
                        }
                    } else {
                        kept.push(b);
                        if b == b'\n' {
                            at_start_of_line = true;
                        }
                    }
                }
                if remaining == 1 {
                    // The final line, when made only of spaces, is dropped.
                    if let Some(newline) = kept.iter().rposition(|&b| b == b'\n') {
                        if kept[newline + 1..].iter().all(|&b| b == b' ') {
                            kept.truncate(newline + 1);
                        }
                    }
                }
                match pieces.last_mut() {
                    Some(Piece::Text(previous)) => previous.extend_from_slice(&kept),
                    _ => pieces.push(Piece::Text(kept)),
                }
            }
        }
        remaining -= 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indented(raw: &str) -> String {
        let pieces = indented_string::<()>(vec![RawPart::Text(raw.to_owned())]);
        match pieces.as_slice() {
            [] => String::new(),
            [Piece::Text(t)] => String::from_utf8(t.clone()).unwrap(),
            _ => panic!("unexpected pieces"),
        }
    }

    #[test]
    fn double_quoted_escapes() {
        assert_eq!(
            unescape_double_quoted(r#"a\nb\t\"\$\\x\q"#),
            b"a\nb\t\"$\\xq"
        );
        assert_eq!(unescape_double_quoted("a\r\nb\rc"), b"a\nb\nc");
    }

    #[test]
    fn indented_strips_common_indent_and_last_line() {
        assert_eq!(indented("\n    foo\n      bar\n  "), "foo\n  bar\n");
        assert_eq!(indented("  \n  a\n\n  b"), "a\n\nb");
        assert_eq!(indented("x ''$ ''' y"), "x $ '' y");
        assert_eq!(indented("\n  ''\\n  x\n"), "\nx\n");
    }
}
