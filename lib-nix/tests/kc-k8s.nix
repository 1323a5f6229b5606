# Tests of kc.k8s: constructors of the common kinds and their helpers.
{ lib, kc }:
let
  k = kc.k8s;
  c = k.container { name = "app"; image = "nginx:1.27"; };
  sel = k.selectorLabels { name = "web"; };
  deploy = k.deployment { name = "web"; labels.tier = "frontend"; containers = [ c ]; };
in
{
  testObjectMetaMinimal = {
    expr = k.objectMeta { name = "web"; };
    expected = { name = "web"; };
  };
  testObjectMetaFull = {
    expr = k.objectMeta { name = "web"; namespace = "shop"; labels.a = "1"; annotations.b = "2"; };
    expected = { name = "web"; namespace = "shop"; labels.a = "1"; annotations.b = "2"; };
  };
  testObject = {
    expr = k.object { apiVersion = "v1"; kind = "LimitRange"; name = "defaults"; };
    expected = { apiVersion = "v1"; kind = "LimitRange"; metadata.name = "defaults"; };
  };

  testSelectorLabels = {
    expr = sel;
    expected = { "app.kubernetes.io/name" = "web"; "app.kubernetes.io/instance" = "web"; };
  };
  testSelectorLabelsInstance = {
    expr = k.selectorLabels { name = "redis"; instance = "cache"; };
    expected = { "app.kubernetes.io/name" = "redis"; "app.kubernetes.io/instance" = "cache"; };
  };
  testStandardLabelsMinimal = {
    expr = k.standardLabels { name = "web"; };
    expected = sel // { "app.kubernetes.io/managed-by" = "kc"; };
  };
  testStandardLabelsFull = {
    expr = k.standardLabels { name = "web"; component = "frontend"; partOf = "shop"; version = "1.2.3"; };
    expected = sel // {
      "app.kubernetes.io/managed-by" = "kc";
      "app.kubernetes.io/component" = "frontend";
      "app.kubernetes.io/part-of" = "shop";
      "app.kubernetes.io/version" = "1.2.3";
    };
  };

  testEnvFromSortedAndConverted = {
    expr = k.envFrom { Z = "last"; A = 1; M = true; N = false; F = 1.5; SKIP = null; };
    expected = [
      { name = "A"; value = "1"; }
      { name = "F"; value = "1.5"; }
      { name = "M"; value = "true"; }
      { name = "N"; value = "false"; }
      { name = "Z"; value = "last"; }
    ];
  };
  testEnvFromValueFrom = {
    expr = k.envFrom {
      PASSWORD.secretKeyRef = { name = "db"; key = "password"; };
      POD.valueFrom.fieldRef.fieldPath = "metadata.name";
    };
    expected = [
      { name = "PASSWORD"; valueFrom.secretKeyRef = { name = "db"; key = "password"; }; }
      { name = "POD"; valueFrom.fieldRef.fieldPath = "metadata.name"; }
    ];
  };
  testEnvFromToString = {
    expr = k.envFrom { IMAGE = { __toString = _: "registry/x:1"; }; };
    expected = [ { name = "IMAGE"; value = "registry/x:1"; } ];
  };
  testEnvFromRejectsList = {
    expr = k.envFrom { BAD = [ 1 ]; };
    expectedError = true;
  };

  testContainerMinimal = {
    expr = c;
    expected = { name = "app"; image = "nginx:1.27"; };
  };
  testContainerEnvAndPorts = {
    expr = k.container { name = "web"; image = "nginx:1.27"; env.B = "2"; ports = { http = 8080; metrics = 9090; }; args = [ "-v" ]; };
    expected = {
      name = "web"; image = "nginx:1.27"; args = [ "-v" ];
      env = [ { name = "B"; value = "2"; } ];
      ports = [ { name = "http"; containerPort = 8080; } { name = "metrics"; containerPort = 9090; } ];
    };
  };
  testContainerListsPassThrough = {
    expr = (k.container { name = "a"; image = "b"; env = [ { name = "X"; value = "1"; } ]; }).env;
    expected = [ { name = "X"; value = "1"; } ];
  };

  testRestrictedSecurityContext = {
    expr = k.restrictedSecurityContext;
    expected = {
      runAsNonRoot = true; allowPrivilegeEscalation = false; readOnlyRootFilesystem = true;
      capabilities.drop = [ "ALL" ]; seccompProfile.type = "RuntimeDefault";
    };
  };
  testRestrictedPodSecurityContext = {
    expr = k.restrictedPodSecurityContext.seccompProfile.type;
    expected = "RuntimeDefault";
  };

  testDeploymentKind = {
    expr = { inherit (deploy) apiVersion kind; inherit (deploy.metadata) name labels; };
    expected = { apiVersion = "apps/v1"; kind = "Deployment"; name = "web"; labels.tier = "frontend"; };
  };
  testDeploymentSelectorMatchesTemplate = {
    expr = deploy.spec.template.metadata.labels;
    expected = sel // { tier = "frontend"; };
  };
  testDeploymentSelector = {
    expr = deploy.spec.selector.matchLabels;
    expected = sel;
  };
  testDeploymentCustomSelectorWins = {
    expr = (k.deployment { name = "web"; labels.app = "other"; selector.app = "web"; containers = [ c ]; })
      .spec.template.metadata.labels;
    expected = { app = "web"; };
  };
  testDeploymentPodArgs = {
    expr = let d = k.deployment {
      name = "web"; containers = [ c ]; replicas = 3; serviceAccountName = "web";
      podAnnotations.a = "b"; podLabels.extra = "x"; volumes = [ { name = "v"; emptyDir = { }; } ];
      podSpec.terminationGracePeriodSeconds = 60; extraSpec.minReadySeconds = 5;
    }; in {
      inherit (d.spec) replicas minReadySeconds;
      inherit (d.spec.template.spec) serviceAccountName volumes terminationGracePeriodSeconds;
      inherit (d.spec.template.metadata) annotations;
      extra = d.spec.template.metadata.labels.extra;
    };
    expected = {
      replicas = 3; minReadySeconds = 5; serviceAccountName = "web";
      volumes = [ { name = "v"; emptyDir = { }; } ]; terminationGracePeriodSeconds = 60;
      annotations.a = "b"; extra = "x";
    };
  };
  testDeploymentUnsetFieldsAreNull = {
    expr = with deploy.spec; [ replicas strategy template.metadata.annotations template.spec.volumes template.spec.initContainers ];
    expected = [ null null null null null ];
  };

  testStatefulSet = {
    expr = let s = k.statefulSet { name = "db"; containers = [ c ]; volumeClaimTemplates.data = "10Gi"; }; in {
      inherit (s) kind;
      inherit (s.spec) serviceName volumeClaimTemplates;
      match = s.spec.selector.matchLabels == s.spec.template.metadata.labels;
    };
    expected = {
      kind = "StatefulSet"; serviceName = "db"; match = true;
      volumeClaimTemplates = [ {
        metadata.name = "data";
        spec = { accessModes = [ "ReadWriteOnce" ]; resources.requests.storage = "10Gi"; };
      } ];
    };
  };
  testDaemonSet = {
    expr = let d = k.daemonSet { name = "agent"; containers = [ c ]; podSpec.hostNetwork = true; }; in
      [ d.kind d.spec.selector.matchLabels."app.kubernetes.io/name" d.spec.template.spec.hostNetwork ];
    expected = [ "DaemonSet" "agent" true ];
  };

  testJob = {
    expr = let j = k.job { name = "migrate"; containers = [ c ]; backoffLimit = 2; }; in
      [ j.apiVersion j.kind j.spec.backoffLimit j.spec.template.spec.restartPolicy (j.spec ? selector) ];
    expected = [ "batch/v1" "Job" 2 "Never" false ];
  };
  testCronJob = {
    expr = let j = k.cronJob { name = "report"; schedule = "0 6 * * *"; containers = [ c ]; labels.x = "y"; }; in {
      inherit (j.spec) schedule concurrencyPolicy;
      restartPolicy = j.spec.jobTemplate.spec.template.spec.restartPolicy;
      podLabels = j.spec.jobTemplate.spec.template.metadata.labels;
    };
    expected = { schedule = "0 6 * * *"; concurrencyPolicy = "Forbid"; restartPolicy = "OnFailure"; podLabels.x = "y"; };
  };

  testServiceDefaults = {
    expr = (k.service { name = "web"; }).spec;
    expected = {
      type = null; clusterIP = null; selector = sel;
      ports = [ { name = "http"; port = 80; targetPort = "http"; } ];
    };
  };
  testServicePortsSet = {
    expr = (k.service { name = "web"; ports = { http = 80; metrics = 9090; }; type = "NodePort"; }).spec.ports;
    expected = [
      { name = "http"; port = 80; targetPort = "http"; }
      { name = "metrics"; port = 9090; targetPort = "metrics"; }
    ];
  };

  testIngressFromHost = {
    expr = (k.ingress { name = "web"; host = "shop.example.com"; className = "nginx"; tls = true; }).spec;
    expected = {
      ingressClassName = "nginx";
      rules = [ {
        host = "shop.example.com";
        http.paths = [ { path = "/"; pathType = "Prefix"; backend.service = { name = "web"; port.name = "http"; }; } ];
      } ];
      tls = [ { hosts = [ "shop.example.com" ]; secretName = "web-tls"; } ];
    };
  };
  testIngressNumericPortNoTls = {
    expr = let i = (k.ingress { name = "web"; host = "a.example.com"; servicePort = 8080; serviceName = "api"; }).spec; in
      [ (builtins.head (builtins.head i.rules).http.paths).backend.service i.tls ];
    expected = [ { name = "api"; port.number = 8080; } null ];
  };
  testIngressTlsSecretName = {
    expr = (builtins.head (k.ingress { name = "web"; host = "a.example.com"; tls = "wildcard"; }).spec.tls).secretName;
    expected = "wildcard";
  };

  testConfigMap = {
    expr = k.configMap { name = "cfg"; data.A = "1"; };
    expected = {
      apiVersion = "v1"; kind = "ConfigMap"; metadata.name = "cfg";
      data.A = "1"; binaryData = null; immutable = null;
    };
  };
  testSecret = {
    expr = let s = k.secret { name = "db"; stringData.user = "shop"; }; in [ s.kind s.type s.stringData ];
    expected = [ "Secret" "Opaque" { user = "shop"; } ];
  };
  testNamespaceIsClusterScoped = {
    expr = k.namespace { name = "shop"; labels.team = "a"; };
    expected = { apiVersion = "v1"; kind = "Namespace"; metadata = { name = "shop"; labels.team = "a"; }; };
  };
  testServiceAccount = {
    expr = let s = k.serviceAccount { name = "worker"; imagePullSecrets = [ "ghcr" ]; }; in
      [ s.kind s.imagePullSecrets s.automountServiceAccountToken ];
    expected = [ "ServiceAccount" [ { name = "ghcr"; } ] null ];
  };
  testPersistentVolumeClaim = {
    expr = (k.persistentVolumeClaim { name = "data"; storage = "5Gi"; }).spec;
    expected = { accessModes = [ "ReadWriteOnce" ]; storageClassName = null; volumeMode = null; resources.requests.storage = "5Gi"; };
  };

  testHpaDefaults = {
    expr = (k.horizontalPodAutoscaler { name = "web"; maxReplicas = 5; }).spec;
    expected = {
      scaleTargetRef = { apiVersion = "apps/v1"; kind = "Deployment"; name = "web"; };
      minReplicas = 1; maxReplicas = 5; behavior = null;
      metrics = [ { type = "Resource"; resource = { name = "cpu"; target = { type = "Utilization"; averageUtilization = 80; }; }; } ];
    };
  };
  testHpaMemoryOnly = {
    expr = map (m: m.resource.name) (k.horizontalPodAutoscaler { name = "web"; maxReplicas = 5; cpu = null; memory = 75; }).spec.metrics;
    expected = [ "memory" ];
  };
  testHpaApiVersion = {
    expr = (k.horizontalPodAutoscaler { name = "web"; maxReplicas = 2; }).apiVersion;
    expected = "autoscaling/v2";
  };

  testPdbDefault = {
    expr = (k.podDisruptionBudget { name = "web"; }).spec;
    expected = { selector.matchLabels = sel; minAvailable = 1; maxUnavailable = null; };
  };
  testPdbMaxUnavailable = {
    expr = let s = (k.podDisruptionBudget { name = "web"; maxUnavailable = "25%"; }).spec; in [ s.minAvailable s.maxUnavailable ];
    expected = [ null "25%" ];
  };

  testNetworkPolicyDenyAll = {
    expr = (k.networkPolicy { name = "deny"; ingress = [ ]; }).spec;
    expected = { podSelector = { }; ingress = [ ]; egress = null; policyTypes = [ "Ingress" ]; };
  };
  testNetworkPolicyTypes = {
    expr = (k.networkPolicy { name = "p"; podSelector.app = "web"; egress = [ { } ]; }).spec;
    expected = { podSelector.matchLabels.app = "web"; ingress = null; egress = [ { } ]; policyTypes = [ "Egress" ]; };
  };
  testNetworkPolicyBoth = {
    expr = (k.networkPolicy { name = "p"; ingress = [ ]; egress = [ ]; }).spec.policyTypes;
    expected = [ "Ingress" "Egress" ];
  };

  testRole = {
    expr = let r = k.role { name = "r"; rules = [ ]; }; in [ r.apiVersion r.kind r.rules ];
    expected = [ "rbac.authorization.k8s.io/v1" "Role" [ ] ];
  };
  testClusterRole = {
    expr = let r = k.clusterRole { name = "r"; }; in [ r.kind (r.metadata ? namespace) ];
    expected = [ "ClusterRole" false ];
  };
  testRoleBinding = {
    expr = let b = k.roleBinding { name = "b"; namespace = "shop"; role = "r"; serviceAccounts = [ "worker" ]; }; in
      { inherit (b) roleRef subjects; };
    expected = {
      roleRef = { apiGroup = "rbac.authorization.k8s.io"; kind = "Role"; name = "r"; };
      subjects = [ { kind = "ServiceAccount"; name = "worker"; namespace = "shop"; } ];
    };
  };
  testRoleBindingClusterRole = {
    expr = (k.roleBinding { name = "b"; clusterRole = "view"; }).roleRef.kind;
    expected = "ClusterRole";
  };
  testRoleBindingNeedsARole = {
    expr = k.roleBinding { name = "b"; };
    expectedError = true;
  };
  testRoleBindingNotBothRoles = {
    expr = k.roleBinding { name = "b"; role = "a"; clusterRole = "c"; };
    expectedError = true;
  };
  testClusterRoleBinding = {
    expr = (k.clusterRoleBinding { name = "b"; clusterRole = "view"; serviceAccounts = [ "shop/worker" { name = "x"; namespace = "y"; } ]; }).subjects;
    expected = [
      { kind = "ServiceAccount"; namespace = "shop"; name = "worker"; }
      { kind = "ServiceAccount"; name = "x"; namespace = "y"; }
    ];
  };
  testClusterRoleBindingRejectsBareName = {
    expr = k.clusterRoleBinding { name = "b"; clusterRole = "view"; serviceAccounts = [ "worker" ]; };
    expectedError = true;
  };
}
