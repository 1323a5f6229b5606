//! The built-in policy pack, written by kc in current Rego with a `path` on every violation:
//! `builtin:baseline` and `builtin:restricted` (Pod Security Standards) and `builtin:hygiene`.

/// One built-in pack.
pub struct BuiltinPack {
    /// The name after `builtin:`.
    pub name: &'static str,
    /// The Rego package (`kc.builtin.<name>`).
    pub package: &'static str,
    pub source: &'static str,
    /// Packs this one implies (`restricted` includes `baseline`, as the standard defines it).
    pub includes: &'static [&'static str],
    /// The kinds the pack looks at (empty: every kind): the Pod Security Standards concern
    /// only objects that carry a pod spec, so other objects are not evaluated at all.
    pub kinds: &'static [&'static str],
    /// The note on each of its findings, `policy: builtin:<name>`, written once here rather
    /// than formatted for each of 100,000 findings.
    pub note: &'static str,
}

/// Kinds with a pod spec.
const POD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

pub const PACKS: &[BuiltinPack] = &[
    BuiltinPack {
        name: "baseline",
        note: "policy: builtin:baseline",
        package: "kc.builtin.baseline",
        source: include_str!("../builtin/baseline.rego"),
        includes: &[],
        kinds: POD_KINDS,
    },
    BuiltinPack {
        name: "restricted",
        note: "policy: builtin:restricted",
        package: "kc.builtin.restricted",
        source: include_str!("../builtin/restricted.rego"),
        includes: &["baseline"],
        kinds: POD_KINDS,
    },
    BuiltinPack {
        name: "hygiene",
        note: "policy: builtin:hygiene",
        package: "kc.builtin.hygiene",
        source: include_str!("../builtin/hygiene.rego"),
        includes: &[],
        kinds: &[],
    },
];

/// What the packs share (`data.kc.builtin.pods`: the pod of a workload, its containers, how
/// messages name them): loaded with any built-in pack, never run as a pack.
pub const PODS_LIBRARY: &str = include_str!("../builtin/pods.rego");

/// The pack a policy origin (`builtin:<name>`) names.
pub fn of_origin(origin: &str) -> Option<&'static BuiltinPack> {
    find(origin.strip_prefix("builtin:")?)
}

pub fn find(name: &str) -> Option<&'static BuiltinPack> {
    PACKS.iter().find(|pack| pack.name == name)
}

/// The pack and the Rego source of a built-in policy id such as `baseline.privileged`, for
/// `kc explain`.
pub fn explain(id: &str) -> Option<(&'static BuiltinPack, String)> {
    let (pack_name, _) = id.split_once('.')?;
    let pack = find(pack_name)?;
    let needle = format!("\"{id}\"");
    if !pack.source.contains(&needle) {
        return None;
    }
    // The rules that mention the id, with the comment block above each.
    let lines: Vec<&str> = pack.source.lines().collect();
    let mut excerpt = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !line.contains(&needle) {
            continue;
        }
        let mut start = index;
        while start > 0 && !lines[start - 1].trim().is_empty() {
            start -= 1;
        }
        let mut end = index;
        while end + 1 < lines.len() && !lines[end + 1].trim().is_empty() {
            end += 1;
        }
        excerpt.push(lines[start..=end].join("\n"));
    }
    excerpt.dedup();
    let shared = shared_rules_used_by(&excerpt.join("\n"));
    if !shared.is_empty() {
        excerpt.push(format!(
            "# From the packs' shared library, package kc.builtin.pods:\n\n{}",
            shared.join("\n\n")
        ));
    }
    Some((pack, excerpt.join("\n\n")))
}

/// The rules of [`PODS_LIBRARY`] that `source` names (`data.kc.builtin.pods.<rule>`), with
/// the library rules those use in turn, each with its comment, in the library's order: so
/// that `kc explain` shows all the Rego a policy runs.
fn shared_rules_used_by(source: &str) -> Vec<&'static str> {
    // Blank lines separate the library's rules; a rule's name starts its first code line.
    let rules: Vec<(&str, &str)> = PODS_LIBRARY
        .split("\n\n")
        .filter_map(|block| {
            let code = block.lines().find(|line| !line.starts_with('#'))?;
            let name = code.split([' ', '[', '(']).next()?;
            (name != "package").then_some((name, block))
        })
        .collect();
    let names_a_rule = |text: &str, name: &str| {
        text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word_char(before) && !word_char(after)
        })
    };
    let mut used: Vec<bool> = rules
        .iter()
        .map(|(name, _)| source.contains(&format!("data.kc.builtin.pods.{name}")))
        .collect();
    // The library's rules name each other without the package: follow them to a fixed point.
    loop {
        let mut grew = false;
        for (index, (name, _)) in rules.iter().enumerate() {
            if used[index] {
                continue;
            }
            let needed = rules.iter().zip(&used).any(|((_, block), &is_used)| {
                let code: Vec<&str> = block.lines().filter(|l| !l.starts_with('#')).collect();
                is_used && names_a_rule(&code.join("\n"), name)
            });
            if needed {
                used[index] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    rules
        .iter()
        .zip(&used)
        .filter(|(_, &is_used)| is_used)
        .map(|((_, block), _)| *block)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pack_notes_its_own_origin() {
        for pack in PACKS {
            let origin = format!("builtin:{}", pack.name);
            assert_eq!(pack.note, format!("policy: {origin}"));
            assert_eq!(of_origin(&origin).map(|p| p.name), Some(pack.name));
        }
        assert!(of_origin("policies/main.rego").is_none());
    }

    #[test]
    fn explaining_a_policy_shows_the_shared_rules_it_runs() {
        let (_, source) = explain("hygiene.probes").expect("a built-in policy");
        assert!(source.contains("\"hygiene.probes\""));
        // Named by the rule, and used by what it names (`container_whos` reads `containers`,
        // which reads `pod_specs`).
        for rule in [
            "container_whos :=",
            "container_paths :=",
            "containers :=",
            "pod_specs :=",
        ] {
            assert!(source.contains(rule), "{rule} is shown");
        }
        assert!(
            !source.contains("pod_who :="),
            "rules it does not run are not shown"
        );
        let (_, source) = explain("hygiene.default-namespace").expect("a built-in policy");
        assert!(source.contains("object_name :="));
        assert!(!source.contains("containers :="));
    }
}
