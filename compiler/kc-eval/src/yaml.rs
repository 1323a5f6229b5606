//! YAML documents as kc reads them (`kc.readYAML`), with the byte range of every value and key,
//! so a diagnostic about an adopted manifest points into the YAML file. Plain scalars resolve
//! with the YAML 1.2 core schema (as Kubernetes' reader does for the values that matter), a
//! repeated mapping key keeps its last value as Kubernetes does, and tags are ignored.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    pub value: Yaml,
    /// Byte range of the value in the text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Sequence(Vec<YamlNode>),
    /// Pairs in document order: key text, key byte range, value.
    Mapping(Vec<(String, (usize, usize), YamlNode)>),
}

/// The documents of a YAML stream; empty documents are `Null`.
pub fn parse_documents(text: &str) -> Result<Vec<YamlNode>, String> {
    let mut builder = Builder {
        positions: Positions::new(text),
        text: Some(text),
        ..Builder::default()
    };
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, true).map_err(|error| {
        let mark = error.marker();
        format!(
            "{} (line {}, column {})",
            error.info(),
            mark.line(),
            mark.col() + 1
        )
    })?;
    Ok(builder.documents)
}

/// Maps the parser's (line, column) positions to byte offsets.
#[derive(Default)]
struct Positions {
    line_starts: Vec<usize>,
    text_len: usize,
    line_texts: Vec<(usize, usize)>,
}

impl Positions {
    fn new(text: &str) -> Positions {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let line_texts = line_starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                (
                    start,
                    line_starts.get(i + 1).map_or(text.len(), |next| next - 1),
                )
            })
            .collect();
        Positions {
            line_starts,
            text_len: text.len(),
            line_texts,
        }
    }

    /// Byte offset of a marker (lines are 1-based, columns 0-based characters).
    fn offset(&self, text: &str, mark: &Marker) -> usize {
        let Some(&(start, end)) = self.line_texts.get(mark.line().saturating_sub(1)) else {
            return self.text_len;
        };
        let line = &text[start..end];
        start
            + line
                .char_indices()
                .nth(mark.col())
                .map_or(line.len(), |(i, _)| i)
    }

    /// The end of the line holding `offset`.
    fn line_end(&self, offset: usize) -> usize {
        let line = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.line_texts
            .get(line)
            .map_or(self.text_len, |&(_, end)| end)
    }
}

enum Frame {
    Sequence {
        items: Vec<YamlNode>,
        start: usize,
        anchor: usize,
    },
    Mapping {
        pairs: Vec<(String, (usize, usize), YamlNode)>,
        key: Option<(String, (usize, usize))>,
        start: usize,
        anchor: usize,
    },
}

#[derive(Default)]
struct Builder<'t> {
    positions: Positions,
    text: Option<&'t str>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, YamlNode>,
    documents: Vec<YamlNode>,
}

impl Builder<'_> {
    fn push(&mut self, node: YamlNode, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { pairs, key, .. }) => match key.take() {
                None => *key = Some((key_text(&node.value), (node.start, node.end))),
                Some((text, range)) => pairs.push((text, range, node)),
            },
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let text = self.text.unwrap_or_default();
        let offset = self.positions.offset(text, &mark);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let resolved = if style == TScalarStyle::Plain && tag.is_none() {
                    resolve_plain(&value)
                } else {
                    Yaml::String(value.clone())
                };
                let quotes = usize::from(matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                )) * 2;
                let end = (offset + value.len() + quotes)
                    .min(self.positions.line_end(offset))
                    .max(offset);
                self.push(
                    YamlNode {
                        value: resolved,
                        start: offset,
                        end,
                    },
                    anchor,
                );
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Sequence {
                items: Vec::new(),
                start: offset,
                anchor,
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Mapping {
                pairs: Vec::new(),
                key: None,
                start: offset,
                anchor,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence {
                        items,
                        start,
                        anchor,
                    }) => (Yaml::Sequence(items), start, anchor),
                    Some(Frame::Mapping {
                        pairs,
                        start,
                        anchor,
                        ..
                    }) => (Yaml::Mapping(pairs), start, anchor),
                    None => return,
                };
                self.push(
                    YamlNode {
                        value,
                        start,
                        end: offset.max(start),
                    },
                    anchor,
                );
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(YamlNode {
                    value: Yaml::Null,
                    start: offset,
                    end: offset,
                });
                self.push(node, 0);
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(value: &str) -> Yaml {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Yaml::Null,
        "true" | "True" | "TRUE" => return Yaml::Bool(true),
        "false" | "False" | "FALSE" => return Yaml::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Yaml::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Yaml::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Yaml::Float(f64::NAN),
        _ => {}
    }
    if let Some(hex) = value.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Yaml::Int(i);
        }
    }
    if let Some(octal) = value.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(octal, 8) {
            return Yaml::Int(i);
        }
    }
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = value.trim_start_matches('+').parse::<i64>() {
            return Yaml::Int(i);
        }
    }
    let is_float = {
        let mantissa_end = digits.find(['e', 'E']).unwrap_or(digits.len());
        let (mantissa, exponent) = digits.split_at(mantissa_end);
        let mantissa_ok = mantissa.bytes().filter(|b| *b == b'.').count() <= 1
            && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && mantissa.bytes().any(|b| b.is_ascii_digit());
        let exponent_ok = exponent.is_empty() || {
            let rest = exponent[1..]
                .strip_prefix(['-', '+'])
                .unwrap_or(&exponent[1..]);
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
        };
        mantissa_ok && exponent_ok
    };
    if is_float {
        if let Ok(f) = value.parse::<f64>() {
            return Yaml::Float(f);
        }
    }
    Yaml::String(value.to_owned())
}

/// Non-string keys (`1: a`, `true: b`) become their text, as JSON conversion does.
fn key_text(key: &Yaml) -> String {
    match key {
        Yaml::String(s) => s.clone(),
        Yaml::Null => "null".to_owned(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Int(i) => i.to_string(),
        Yaml::Float(f) => f.to_string(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_positions_and_repeated_keys() {
        let text = "a: 1\nb: 'x'\na: [2, true]\n---\nc: 1.5\n";
        let documents = parse_documents(text).expect("valid YAML");
        assert_eq!(documents.len(), 2);
        let Yaml::Mapping(pairs) = &documents[0].value else {
            panic!("a mapping")
        };
        assert_eq!(pairs.len(), 3);
        assert_eq!(pairs[0].0, "a");
        assert_eq!(&text[pairs[1].2.start..pairs[1].2.end], "'x'");
        assert_eq!(pairs[1].2.value, Yaml::String("x".to_owned()));
        assert!(
            matches!(&pairs[2].2.value, Yaml::Sequence(items) if items[1].value == Yaml::Bool(true))
        );
        let Yaml::Mapping(second) = &documents[1].value else {
            panic!("a mapping")
        };
        assert_eq!(second[0].2.value, Yaml::Float(1.5));
        assert_eq!(&text[second[0].1 .0..second[0].1 .1], "c");
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(resolve_plain("yes"), Yaml::String("yes".to_owned()));
        assert_eq!(resolve_plain("0x1F"), Yaml::Int(31));
        assert_eq!(resolve_plain("1_000"), Yaml::String("1_000".to_owned()));
        assert_eq!(
            resolve_plain("2001-12-14"),
            Yaml::String("2001-12-14".to_owned())
        );
        assert_eq!(resolve_plain("-12"), Yaml::Int(-12));
        assert_eq!(resolve_plain("1e3"), Yaml::Float(1000.0));
        assert_eq!(resolve_plain("~"), Yaml::Null);
    }
}
