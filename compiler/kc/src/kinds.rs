//! Which kinds are cluster-scoped, until the schema registry answers it.

/// Cluster-scoped built-in kinds; everything else is namespaced.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "RuntimeClass",
    "APIService",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "CertificateSigningRequest",
    "PodSecurityPolicy",
    "ComponentStatus",
    "FlowSchema",
    "PriorityLevelConfiguration",
];

pub fn is_namespaced(_api_version: &str, kind: &str) -> Option<bool> {
    Some(!CLUSTER_SCOPED.contains(&kind))
}
