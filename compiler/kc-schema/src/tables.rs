//! kc-owned facts about the built-in schema that the schemars definitions do not carry.
//!
//! Everything here is data keyed by schemars definition name (the OpenAPI name of the Rust type,
//! such as `io.k8s.api.core.v1.Container`) and property name, so that an entry applies wherever
//! the type appears. A test checks that every entry names an existing definition and property.

/// What a whole definition becomes, whatever its schemars schema says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefinitionOverride {
    IntOrString,
    Quantity,
    Any,
}

/// Definitions replaced wholesale. Quantity and IntOrString both say
/// `x-kubernetes-int-or-string`; only the name tells a quantity apart.
pub(crate) static DEFINITION_OVERRIDES: &[(&str, DefinitionOverride)] = &[
    (
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        DefinitionOverride::IntOrString,
    ),
    (
        "io.k8s.apimachinery.pkg.api.resource.Quantity",
        DefinitionOverride::Quantity,
    ),
    // Free-form JSON: arbitrary objects (or values) the API server does not validate.
    (
        "io.k8s.apimachinery.pkg.runtime.RawExtension",
        DefinitionOverride::Any,
    ),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
        DefinitionOverride::Any,
    ),
    (
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
        DefinitionOverride::Any,
    ),
];

const PROTOCOLS: &[&str] = &["TCP", "UDP", "SCTP"];
const TRAFFIC_POLICIES: &[&str] = &["Cluster", "Local"];
const RESTART_POLICIES: &[&str] = &["Always", "OnFailure", "Never"];
const ACCESS_MODES: &[&str] = &[
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
];
const VOLUME_MODES: &[&str] = &["Filesystem", "Block"];
const PROFILE_TYPES: &[&str] = &["RuntimeDefault", "Localhost", "Unconfined"];
const TAINT_EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];
const PREEMPTION_POLICIES: &[&str] = &["PreemptLowerPriority", "Never"];
const PULL_POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];
const TERMINATION_MESSAGE_POLICIES: &[&str] = &["File", "FallbackToLogsOnError"];
const METRIC_SOURCE_TYPES: &[&str] = &[
    "ContainerResource",
    "External",
    "Object",
    "Pods",
    "Resource",
];
const WEBHOOK_FAILURE_POLICIES: &[&str] = &["Ignore", "Fail"];
const WEBHOOK_SIDE_EFFECTS: &[&str] = &["None", "NoneOnDryRun"];
const WEBHOOK_MATCH_POLICIES: &[&str] = &["Exact", "Equivalent"];

/// Allowed values of string fields, or of the string items of list fields, by definition and
/// property. The values come from the Kubernetes API reference and the API server's validation.
pub(crate) static FIELD_ENUMS: &[(&str, &str, &[&str])] = &[
    (
        "io.k8s.api.core.v1.Container",
        "imagePullPolicy",
        PULL_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "imagePullPolicy",
        PULL_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.Container",
        "terminationMessagePolicy",
        TERMINATION_MESSAGE_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "terminationMessagePolicy",
        TERMINATION_MESSAGE_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.Container",
        "restartPolicy",
        RESTART_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "restartPolicy",
        RESTART_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "dnsPolicy",
        &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "preemptionPolicy",
        PREEMPTION_POLICIES,
    ),
    (
        "io.k8s.api.scheduling.v1.PriorityClass",
        "preemptionPolicy",
        PREEMPTION_POLICIES,
    ),
    ("io.k8s.api.core.v1.PodOS", "name", &["linux", "windows"]),
    (
        "io.k8s.api.core.v1.PodSecurityContext",
        "fsGroupChangePolicy",
        &["OnRootMismatch", "Always"],
    ),
    ("io.k8s.api.core.v1.SeccompProfile", "type", PROFILE_TYPES),
    ("io.k8s.api.core.v1.AppArmorProfile", "type", PROFILE_TYPES),
    (
        "io.k8s.api.core.v1.HTTPGetAction",
        "scheme",
        &["HTTP", "HTTPS"],
    ),
    ("io.k8s.api.core.v1.ContainerPort", "protocol", PROTOCOLS),
    ("io.k8s.api.core.v1.ServicePort", "protocol", PROTOCOLS),
    ("io.k8s.api.core.v1.EndpointPort", "protocol", PROTOCOLS),
    (
        "io.k8s.api.discovery.v1.EndpointPort",
        "protocol",
        PROTOCOLS,
    ),
    (
        "io.k8s.api.networking.v1.NetworkPolicyPort",
        "protocol",
        PROTOCOLS,
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "type",
        &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "externalTrafficPolicy",
        TRAFFIC_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "internalTrafficPolicy",
        TRAFFIC_POLICIES,
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "sessionAffinity",
        &["None", "ClientIP"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "ipFamilyPolicy",
        &["SingleStack", "PreferDualStack", "RequireDualStack"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "ipFamilies",
        &["IPv4", "IPv6"],
    ),
    (
        "io.k8s.api.core.v1.Toleration",
        "operator",
        &["Exists", "Equal"],
    ),
    ("io.k8s.api.core.v1.Toleration", "effect", TAINT_EFFECTS),
    ("io.k8s.api.core.v1.Taint", "effect", TAINT_EFFECTS),
    (
        "io.k8s.api.core.v1.NodeSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
    ),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist"],
    ),
    (
        "io.k8s.api.core.v1.TopologySpreadConstraint",
        "whenUnsatisfiable",
        &["DoNotSchedule", "ScheduleAnyway"],
    ),
    (
        "io.k8s.api.core.v1.TopologySpreadConstraint",
        "nodeAffinityPolicy",
        &["Honor", "Ignore"],
    ),
    (
        "io.k8s.api.core.v1.TopologySpreadConstraint",
        "nodeTaintsPolicy",
        &["Honor", "Ignore"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
        "accessModes",
        ACCESS_MODES,
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
        "volumeMode",
        VOLUME_MODES,
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "accessModes",
        ACCESS_MODES,
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "volumeMode",
        VOLUME_MODES,
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "persistentVolumeReclaimPolicy",
        &["Retain", "Delete", "Recycle"],
    ),
    (
        "io.k8s.api.storage.v1.StorageClass",
        "reclaimPolicy",
        &["Retain", "Delete"],
    ),
    (
        "io.k8s.api.storage.v1.StorageClass",
        "volumeBindingMode",
        &["Immediate", "WaitForFirstConsumer"],
    ),
    (
        "io.k8s.api.apps.v1.DeploymentStrategy",
        "type",
        &["RollingUpdate", "Recreate"],
    ),
    (
        "io.k8s.api.apps.v1.DaemonSetUpdateStrategy",
        "type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetUpdateStrategy",
        "type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetSpec",
        "podManagementPolicy",
        &["OrderedReady", "Parallel"],
    ),
    (
        "io.k8s.api.batch.v1.CronJobSpec",
        "concurrencyPolicy",
        &["Allow", "Forbid", "Replace"],
    ),
    (
        "io.k8s.api.batch.v1.JobSpec",
        "completionMode",
        &["NonIndexed", "Indexed"],
    ),
    (
        "io.k8s.api.networking.v1.HTTPIngressPath",
        "pathType",
        &["Exact", "Prefix", "ImplementationSpecific"],
    ),
    (
        "io.k8s.api.networking.v1.NetworkPolicySpec",
        "policyTypes",
        &["Ingress", "Egress"],
    ),
    (
        "io.k8s.api.autoscaling.v2.MetricSpec",
        "type",
        METRIC_SOURCE_TYPES,
    ),
    (
        "io.k8s.api.autoscaling.v2.MetricStatus",
        "type",
        METRIC_SOURCE_TYPES,
    ),
    (
        "io.k8s.api.autoscaling.v2.MetricTarget",
        "type",
        &["AverageValue", "Utilization", "Value"],
    ),
    (
        "io.k8s.api.autoscaling.v2.HPAScalingRules",
        "selectPolicy",
        &["Max", "Min", "Disabled"],
    ),
    (
        "io.k8s.api.autoscaling.v2.HPAScalingPolicy",
        "type",
        &["Pods", "Percent"],
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingWebhook",
        "failurePolicy",
        WEBHOOK_FAILURE_POLICIES,
    ),
    (
        "io.k8s.api.admissionregistration.v1.MutatingWebhook",
        "failurePolicy",
        WEBHOOK_FAILURE_POLICIES,
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingWebhook",
        "sideEffects",
        WEBHOOK_SIDE_EFFECTS,
    ),
    (
        "io.k8s.api.admissionregistration.v1.MutatingWebhook",
        "sideEffects",
        WEBHOOK_SIDE_EFFECTS,
    ),
    (
        "io.k8s.api.admissionregistration.v1.ValidatingWebhook",
        "matchPolicy",
        WEBHOOK_MATCH_POLICIES,
    ),
    (
        "io.k8s.api.admissionregistration.v1.MutatingWebhook",
        "matchPolicy",
        WEBHOOK_MATCH_POLICIES,
    ),
    (
        "io.k8s.api.admissionregistration.v1.MutatingWebhook",
        "reinvocationPolicy",
        &["Never", "IfNeeded"],
    ),
    (
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec",
        "scope",
        &["Namespaced", "Cluster"],
    ),
];

/// The list type of a list field, as the Kubernetes OpenAPI's `x-kubernetes-list-type`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ListTypeEntry {
    Set,
    Map(&'static [&'static str]),
}

const CONTAINER_LISTS: &[(&str, ListTypeEntry)] = &[
    ("env", ListTypeEntry::Map(&["name"])),
    ("ports", ListTypeEntry::Map(&["containerPort", "protocol"])),
    ("volumeMounts", ListTypeEntry::Map(&["mountPath"])),
    ("volumeDevices", ListTypeEntry::Map(&["devicePath"])),
];

/// List types by definition and property. Lists not named here are atomic.
pub(crate) static FIELD_LIST_TYPES: &[(&str, &[(&str, ListTypeEntry)])] = &[
    ("io.k8s.api.core.v1.Container", CONTAINER_LISTS),
    ("io.k8s.api.core.v1.EphemeralContainer", CONTAINER_LISTS),
    (
        "io.k8s.api.core.v1.PodSpec",
        &[
            ("containers", ListTypeEntry::Map(&["name"])),
            ("initContainers", ListTypeEntry::Map(&["name"])),
            ("ephemeralContainers", ListTypeEntry::Map(&["name"])),
            ("volumes", ListTypeEntry::Map(&["name"])),
            ("imagePullSecrets", ListTypeEntry::Map(&["name"])),
            ("hostAliases", ListTypeEntry::Map(&["ip"])),
            (
                "topologySpreadConstraints",
                ListTypeEntry::Map(&["topologyKey", "whenUnsatisfiable"]),
            ),
            ("resourceClaims", ListTypeEntry::Map(&["name"])),
            ("schedulingGates", ListTypeEntry::Map(&["name"])),
        ],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        &[("ports", ListTypeEntry::Map(&["port", "protocol"]))],
    ),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        &[
            ("ownerReferences", ListTypeEntry::Map(&["uid"])),
            ("finalizers", ListTypeEntry::Set),
        ],
    ),
];

/// The kc-owned enum values of a field, if any.
pub(crate) fn field_enum(definition: &str, property: &str) -> Option<&'static [&'static str]> {
    FIELD_ENUMS
        .iter()
        .find(|(entry_definition, entry_property, _)| {
            *entry_definition == definition && *entry_property == property
        })
        .map(|(_, _, values)| *values)
}

/// The kc-owned list type of a field, if any.
pub(crate) fn field_list_type(definition: &str, property: &str) -> Option<ListTypeEntry> {
    let (_, fields) = FIELD_LIST_TYPES
        .iter()
        .find(|(entry_definition, _)| *entry_definition == definition)?;
    fields
        .iter()
        .find(|(entry_property, _)| *entry_property == property)
        .map(|(_, list_type)| *list_type)
}

/// The kc-owned replacement of a whole definition, if any.
pub(crate) fn definition_override(definition: &str) -> Option<DefinitionOverride> {
    DEFINITION_OVERRIDES
        .iter()
        .find(|(entry_definition, _)| *entry_definition == definition)
        .map(|(_, replacement)| *replacement)
}

/// A group-version that no longer serves a kind.
pub(crate) struct RemovedApi {
    pub(crate) api_version: &'static str,
    pub(crate) kind: &'static str,
    /// The Kubernetes release that stopped serving it.
    pub(crate) removed_in: &'static str,
    /// The apiVersion to use instead, when the kind lives on.
    pub(crate) replacement: Option<&'static str>,
}

const fn removed(
    api_version: &'static str,
    kind: &'static str,
    removed_in: &'static str,
    replacement: Option<&'static str>,
) -> RemovedApi {
    RemovedApi {
        api_version,
        kind,
        removed_in,
        replacement,
    }
}

/// Removed group-versions, from the Kubernetes deprecated API migration guide.
pub(crate) static REMOVED_APIS: &[RemovedApi] = &[
    removed("extensions/v1beta1", "Deployment", "1.16", Some("apps/v1")),
    removed("extensions/v1beta1", "DaemonSet", "1.16", Some("apps/v1")),
    removed("extensions/v1beta1", "ReplicaSet", "1.16", Some("apps/v1")),
    removed(
        "extensions/v1beta1",
        "NetworkPolicy",
        "1.16",
        Some("networking.k8s.io/v1"),
    ),
    removed("extensions/v1beta1", "PodSecurityPolicy", "1.16", None),
    removed(
        "extensions/v1beta1",
        "Ingress",
        "1.22",
        Some("networking.k8s.io/v1"),
    ),
    removed("apps/v1beta1", "Deployment", "1.16", Some("apps/v1")),
    removed("apps/v1beta1", "StatefulSet", "1.16", Some("apps/v1")),
    removed("apps/v1beta1", "ReplicaSet", "1.16", Some("apps/v1")),
    removed(
        "apps/v1beta1",
        "ControllerRevision",
        "1.16",
        Some("apps/v1"),
    ),
    removed("apps/v1beta2", "Deployment", "1.16", Some("apps/v1")),
    removed("apps/v1beta2", "DaemonSet", "1.16", Some("apps/v1")),
    removed("apps/v1beta2", "StatefulSet", "1.16", Some("apps/v1")),
    removed("apps/v1beta2", "ReplicaSet", "1.16", Some("apps/v1")),
    removed(
        "apps/v1beta2",
        "ControllerRevision",
        "1.16",
        Some("apps/v1"),
    ),
    removed(
        "networking.k8s.io/v1beta1",
        "Ingress",
        "1.22",
        Some("networking.k8s.io/v1"),
    ),
    removed(
        "networking.k8s.io/v1beta1",
        "IngressClass",
        "1.22",
        Some("networking.k8s.io/v1"),
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        "1.22",
        Some("rbac.authorization.k8s.io/v1"),
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        "1.22",
        Some("rbac.authorization.k8s.io/v1"),
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        "1.22",
        Some("rbac.authorization.k8s.io/v1"),
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        "1.22",
        Some("rbac.authorization.k8s.io/v1"),
    ),
    removed(
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        "1.22",
        Some("apiextensions.k8s.io/v1"),
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        "1.22",
        Some("admissionregistration.k8s.io/v1"),
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        "1.22",
        Some("admissionregistration.k8s.io/v1"),
    ),
    removed(
        "apiregistration.k8s.io/v1beta1",
        "APIService",
        "1.22",
        Some("apiregistration.k8s.io/v1"),
    ),
    removed(
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        "1.22",
        Some("certificates.k8s.io/v1"),
    ),
    removed(
        "coordination.k8s.io/v1beta1",
        "Lease",
        "1.22",
        Some("coordination.k8s.io/v1"),
    ),
    removed(
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        "1.22",
        Some("scheduling.k8s.io/v1"),
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        "1.22",
        Some("storage.k8s.io/v1"),
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "CSINode",
        "1.22",
        Some("storage.k8s.io/v1"),
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "StorageClass",
        "1.22",
        Some("storage.k8s.io/v1"),
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        "1.22",
        Some("storage.k8s.io/v1"),
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        "1.27",
        Some("storage.k8s.io/v1"),
    ),
    removed("batch/v1beta1", "CronJob", "1.25", Some("batch/v1")),
    removed("batch/v2alpha1", "CronJob", "1.21", Some("batch/v1")),
    removed(
        "policy/v1beta1",
        "PodDisruptionBudget",
        "1.25",
        Some("policy/v1"),
    ),
    removed("policy/v1beta1", "PodSecurityPolicy", "1.25", None),
    removed(
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        "1.25",
        Some("discovery.k8s.io/v1"),
    ),
    removed(
        "events.k8s.io/v1beta1",
        "Event",
        "1.25",
        Some("events.k8s.io/v1"),
    ),
    removed(
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        "1.25",
        Some("node.k8s.io/v1"),
    ),
    removed(
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        "1.25",
        Some("autoscaling/v2"),
    ),
    removed(
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        "1.26",
        Some("autoscaling/v2"),
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        "1.26",
        Some("flowcontrol.apiserver.k8s.io/v1"),
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        "1.26",
        Some("flowcontrol.apiserver.k8s.io/v1"),
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        "1.29",
        Some("flowcontrol.apiserver.k8s.io/v1"),
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        "1.29",
        Some("flowcontrol.apiserver.k8s.io/v1"),
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        "1.32",
        Some("flowcontrol.apiserver.k8s.io/v1"),
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        "1.32",
        Some("flowcontrol.apiserver.k8s.io/v1"),
    ),
];

/// The explanation for a kind requested under a group-version that no longer serves it.
pub(crate) fn removed_api_note(api_version: &str, kind: &str) -> Option<String> {
    let entry = REMOVED_APIS
        .iter()
        .find(|entry| entry.api_version == api_version && entry.kind == kind)?;
    Some(match entry.replacement {
        Some(replacement) => format!(
            "{api_version} {kind} was removed in Kubernetes {}; use {replacement}",
            entry.removed_in
        ),
        None => format!(
            "{api_version} {kind} was removed in Kubernetes {} and has no replacement",
            entry.removed_in
        ),
    })
}
