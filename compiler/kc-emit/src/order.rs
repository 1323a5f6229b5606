//! Apply order for `kc build --stdout`: Helm's install order of built-in kinds, then custom
//! resources; CRDs come before their instances because CRDs are in the ordered list. Within a
//! rank: kind, group/version, namespace (cluster-scoped first), name.

use kc_project::Identity;

/// Helm 3's `InstallOrder` (pkg/releaseutil/kind_sorter.go), so that applying the stream creates
/// what other objects depend on first.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The position of a kind in the install order; kinds Helm does not list (custom resources)
/// come after all that it does.
pub fn install_rank(kind: &str) -> usize {
    INSTALL_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(INSTALL_ORDER.len())
}

/// The sort key of an object in the apply order.
pub fn apply_order_key(identity: &Identity) -> (usize, &str, &str, Option<&str>, &str) {
    (
        install_rank(&identity.kind),
        &identity.kind,
        &identity.api_version,
        identity.namespace.as_deref(),
        &identity.name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(api_version: &str, kind: &str, namespace: Option<&str>, name: &str) -> Identity {
        Identity {
            api_version: api_version.into(),
            kind: kind.into(),
            namespace: namespace.map(Into::into),
            name: name.into(),
        }
    }

    #[test]
    fn namespaces_and_crds_come_before_what_uses_them() {
        let mut objects = [
            identity("argoproj.io/v1alpha1", "Application", Some("argocd"), "web"),
            identity("apps/v1", "Deployment", Some("b"), "web"),
            identity("apps/v1", "Deployment", Some("a"), "web"),
            identity(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                None,
                "x",
            ),
            identity("v1", "Service", Some("a"), "web"),
            identity("v1", "Namespace", None, "a"),
            identity("velero.io/v1", "Backup", Some("velero"), "b"),
        ];
        objects.sort_by(|a, b| apply_order_key(a).cmp(&apply_order_key(b)));
        let kinds: Vec<String> = objects
            .iter()
            .map(|i| format!("{}/{}", i.kind, i.namespace.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            kinds,
            [
                "Namespace/-",
                "CustomResourceDefinition/-",
                "Service/a",
                "Deployment/a",
                "Deployment/b",
                "Application/argocd",
                "Backup/velero"
            ]
        );
    }
}
