//! Where each workload kind keeps its pod template, selector and allowed restart policies.

use kc_project::tree::Node;

use crate::path::FieldPath;

pub struct PodSpecLocation {
    /// Path of the pod spec (`spec` for a Pod, `spec.template.spec` for a Deployment).
    pub spec: &'static [&'static str],
    /// Path of the pod template's metadata, when the kind has a template.
    pub template_metadata: Option<&'static [&'static str]>,
    /// Restart policies the kind accepts.
    pub restart_policies: &'static [&'static str],
}

pub fn pod_spec_location(kind: &str) -> Option<PodSpecLocation> {
    const ALWAYS: &[&str] = &["Always"];
    const JOB: &[&str] = &["OnFailure", "Never"];
    const ANY: &[&str] = &["Always", "OnFailure", "Never"];
    Some(match kind {
        "Pod" => PodSpecLocation {
            spec: &["spec"],
            template_metadata: None,
            restart_policies: ANY,
        },
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "ReplicationController" => {
            PodSpecLocation {
                spec: &["spec", "template", "spec"],
                template_metadata: Some(&["spec", "template", "metadata"]),
                restart_policies: ALWAYS,
            }
        }
        "Job" => PodSpecLocation {
            spec: &["spec", "template", "spec"],
            template_metadata: Some(&["spec", "template", "metadata"]),
            restart_policies: JOB,
        },
        "CronJob" => PodSpecLocation {
            spec: &["spec", "jobTemplate", "spec", "template", "spec"],
            template_metadata: Some(&["spec", "jobTemplate", "spec", "template", "metadata"]),
            restart_policies: JOB,
        },
        _ => return None,
    })
}

pub fn field_path(segments: &[&str]) -> FieldPath {
    segments
        .iter()
        .fold(FieldPath::root(), |path, key| path.key(key))
}

/// The pod spec of a workload object and its path.
pub fn pod_spec<'t>(tree: &'t Node, kind: &str) -> Option<(&'t Node, FieldPath)> {
    let location = pod_spec_location(kind)?;
    Some((tree.at(location.spec)?, field_path(location.spec)))
}

/// The labels of a workload's pod template (for a Pod: its own labels).
pub fn template_labels<'t>(tree: &'t Node, kind: &str) -> Option<&'t Node> {
    let location = pod_spec_location(kind)?;
    match location.template_metadata {
        Some(metadata) => tree.at(metadata)?.get("labels"),
        None => tree.at(&["metadata", "labels"]),
    }
}
