//! Field paths as users read them: `spec.template.spec.containers[0].image`.

use std::fmt;
use std::rc::Rc;

/// A path is a shared linked list from the leaf up: extending it is one small allocation, not
/// a copy, which matters when a checker walks every field of 10,000 objects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath {
    last: Option<Rc<PathNode>>,
}

#[derive(Debug, PartialEq, Eq)]
struct PathNode {
    parent: FieldPath,
    segment: Segment,
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

    pub fn is_root(&self) -> bool {
        self.last.is_none()
    }

    fn push(&self, segment: Segment) -> FieldPath {
        FieldPath {
            last: Some(Rc::new(PathNode {
                parent: self.clone(),
                segment,
            })),
        }
    }

    pub fn key(&self, key: &str) -> FieldPath {
        self.push(Segment::Key(key.to_owned()))
    }

    pub fn index(&self, index: usize) -> FieldPath {
        self.push(Segment::Index(index))
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

    fn segments(&self) -> Vec<&Segment> {
        let mut segments = Vec::new();
        let mut current = &self.last;
        while let Some(node) = current {
            segments.push(&node.segment);
            current = &node.parent.last;
        }
        segments.reverse();
        segments
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments().into_iter().enumerate() {
            match segment {
                Segment::Key(key) => {
                    if kc_project::tree::is_plain_key(key) {
                        if i > 0 {
                            f.write_str(".")?;
                        }
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
