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
    Some((pack, excerpt.join("\n\n")))
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
}
