//! Field paths as users read them: `spec.template.spec.containers[0].image`.

use std::fmt;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl FieldPath {
    pub fn root() -> FieldPath {
        FieldPath::default()
    }

    pub fn key(&self, key: &str) -> FieldPath {
        let mut next = self.clone();
        next.segments.push(Segment::Key(key.to_owned()));
        next
    }

    pub fn index(&self, index: usize) -> FieldPath {
        let mut next = self.clone();
        next.segments.push(Segment::Index(index));
        next
    }

    pub fn parse(text: &str) -> FieldPath {
        let mut path = FieldPath::root();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let (key, rest) = part.split_once('[').unwrap_or((part, ""));
            if !key.is_empty() {
                path = path.key(key);
            }
            for index in rest
                .split('[')
                .filter_map(|i| i.trim_end_matches(']').parse().ok())
            {
                path = path.index(index);
            }
        }
        path
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    let plain = key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if plain {
                        f.write_str(key)?;
                    } else {
                        write!(f, "[{key:?}]")?;
                    }
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::FieldPath;

    #[test]
    fn displays_like_kubectl_explain() {
        let path = FieldPath::root()
            .key("spec")
            .key("containers")
            .index(0)
            .key("image");
        assert_eq!(path.to_string(), "spec.containers[0].image");
        assert_eq!(FieldPath::parse("spec.containers[0].image"), path);
        assert_eq!(
            FieldPath::root()
                .key("metadata")
                .key("labels")
                .key("app.kubernetes.io/name")
                .to_string(),
            "metadata.labels[\"app.kubernetes.io/name\"]"
        );
    }
}
