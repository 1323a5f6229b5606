//! KC0408: the pod template's restartPolicy is one the workload kind accepts (Deployments and
//! friends need Always; Jobs and CronJobs need OnFailure or Never).

use super::error_at;
use crate::workload::{pod_spec, pod_spec_location};
use crate::Sink;

pub fn check(sink: &mut Sink<'_>) {
    let object = sink.object;
    let kind = object.identity.kind.as_str();
    let Some(location) = pod_spec_location(kind) else {
        return;
    };
    let Some((spec, spec_path)) = pod_spec(&object.tree, kind) else {
        return;
    };
    let Some(policy_node) = spec.get("restartPolicy") else {
        if location.restart_policies == ["OnFailure", "Never"] {
            // Jobs have no default: the API server rejects a template without one.
            let diagnostic = error_at(
                "KC0408",
                format!("a {kind} needs spec.template.spec.restartPolicy"),
                spec,
                "no restartPolicy in this pod template",
            )
            .with_note("set restartPolicy = \"OnFailure\"; or \"Never\";");
            sink.report(diagnostic, Some(&spec_path.key("restartPolicy")));
        }
        return;
    };
    let Some(policy) = policy_node.as_str() else {
        return;
    };
    if !location.restart_policies.contains(&policy) {
        let allowed = location.restart_policies.join(" or ");
        let diagnostic = error_at(
            "KC0408",
            format!("a {kind} cannot use restartPolicy {policy}"),
            policy_node,
            format!("use {allowed}"),
        );
        sink.report(diagnostic, Some(&spec_path.key("restartPolicy")));
    }
}
