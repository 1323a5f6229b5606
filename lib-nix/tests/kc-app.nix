# Tests of kc.app: the objects it makes, their labels and selectors, and its options.
{ lib, kc }:
let
  kinds = objs: map (o: o.kind) objs;
  byKind = kind: objs: builtins.head (builtins.filter (o: o.kind == kind) objs);

  basic = kc.app { name = "web"; image = "ghcr.io/acme/web:1.0"; };
  full = kc.app {
    name = "web";
    image = "ghcr.io/acme/web:1.0";
    namespace = "shop";
    replicas = 3;
    component = "frontend";
    partOf = "shop";
    labels.team = "a";
    annotations."acme.dev/owner" = "team-a";
    ingress = { host = "shop.example.com"; className = "nginx"; tls = true; annotations."cert-manager.io/cluster-issuer" = "le"; };
    hpa = { min = 2; max = 10; cpu = 70; };
    pdb = { minAvailable = 1; };
  };
  deploy = byKind "Deployment" basic;
  container = builtins.head deploy.spec.template.spec.containers;
  svc = byKind "Service" basic;
  sel = kc.k8s.selectorLabels { name = "web"; };
  labelsOf = o: o.metadata.labels;
in
{
  testBasicKinds = {
    expr = kinds basic;
    expected = [ "Deployment" "Service" ];
  };
  testFullKinds = {
    expr = kinds full;
    expected = [ "Deployment" "Service" "Ingress" "HorizontalPodAutoscaler" "PodDisruptionBudget" ];
  };
  testAllNamed = {
    expr = map (o: o.metadata.name) full;
    expected = [ "web" "web" "web" "web" "web" ];
  };
  testNamespaceOnEveryObject = {
    expr = map (o: o.metadata.namespace) full;
    expected = [ "shop" "shop" "shop" "shop" "shop" ];
  };
  testNoNamespaceByDefault = {
    expr = builtins.any (o: o.metadata ? namespace) basic;
    expected = false;
  };

  testStandardLabels = {
    expr = labelsOf deploy;
    expected = sel // { "app.kubernetes.io/managed-by" = "kc"; };
  };
  testSameLabelsEverywhere = {
    expr = map labelsOf full;
    expected = let l = sel // {
      "app.kubernetes.io/managed-by" = "kc"; "app.kubernetes.io/component" = "frontend";
      "app.kubernetes.io/part-of" = "shop"; team = "a";
    }; in [ l l l l l ];
  };
  testAnnotationsEverywhere = {
    expr = map (o: o.metadata.annotations."acme.dev/owner") full;
    expected = [ "team-a" "team-a" "team-a" "team-a" "team-a" ];
  };
  testSelectorMatchesTemplate = {
    expr = let d = byKind "Deployment" full; l = d.spec.template.metadata.labels; in
      builtins.all (k: l.${k} == d.spec.selector.matchLabels.${k}) (builtins.attrNames d.spec.selector.matchLabels);
    expected = true;
  };
  testSelectorIsStable = {
    # Extra labels (team, component, version) must not enter the selector, which is immutable.
    expr = (byKind "Deployment" full).spec.selector.matchLabels;
    expected = sel;
  };
  testServiceSelectsDeployment = {
    expr = svc.spec.selector == deploy.spec.selector.matchLabels;
    expected = true;
  };
  testPdbSelectsDeployment = {
    expr = (byKind "PodDisruptionBudget" full).spec.selector.matchLabels;
    expected = sel;
  };

  testContainerPortNamedHttp = {
    expr = container.ports;
    expected = [ { name = "http"; containerPort = 8080; protocol = "TCP"; } ];
  };
  testServiceTargetsHttp = {
    expr = svc.spec.ports;
    expected = [ { name = "http"; port = 80; targetPort = "http"; protocol = "TCP"; } ];
  };
  testCustomPorts = {
    expr = let objs = kc.app { name = "api"; image = "x:1"; port = 3000; servicePort = 8080; }; in [
      (builtins.head (byKind "Deployment" objs).spec.template.spec.containers).ports
      (byKind "Service" objs).spec.ports
    ];
    expected = [
      [ { name = "http"; containerPort = 3000; protocol = "TCP"; } ]
      [ { name = "http"; port = 8080; targetPort = "http"; protocol = "TCP"; } ]
    ];
  };
  testReplicas = {
    expr = [ deploy.spec.replicas (byKind "Deployment" full).spec.replicas ];
    # With an HPA the Deployment leaves replicas to the autoscaler.
    expected = [ 1 null ];
  };

  testSecurityDefaults = {
    expr = [ container.securityContext deploy.spec.template.spec.securityContext ];
    expected = [ kc.k8s.restrictedSecurityContext kc.k8s.restrictedPodSecurityContext ];
  };
  testTmpVolume = {
    expr = [ container.volumeMounts deploy.spec.template.spec.volumes ];
    expected = [ [ { name = "tmp"; mountPath = "/tmp"; } ] [ { name = "tmp"; emptyDir = { }; } ] ];
  };
  testNoTmpVolume = {
    expr = let d = byKind "Deployment" (kc.app { name = "w"; image = "x:1"; tmpVolume = false; }); in
      [ (builtins.head d.spec.template.spec.containers).volumeMounts d.spec.template.spec.volumes ];
    expected = [ null null ];
  };
  testDefaultResources = {
    expr = container.resources;
    expected = { requests = { cpu = "100m"; memory = "128Mi"; }; limits.memory = "256Mi"; };
  };

  testDefaultProbes = {
    expr = [ container.readinessProbe.httpGet container.livenessProbe.httpGet ];
    expected = [ { path = "/healthz"; port = "http"; } { path = "/healthz"; port = "http"; } ];
  };
  testProbePaths = {
    expr = let c = builtins.head (byKind "Deployment" (kc.app {
      name = "w"; image = "x:1"; probes = { readinessPath = "/ready"; livenessPath = "/live"; periodSeconds = 5; };
    })).spec.template.spec.containers; in [ c.readinessProbe.httpGet.path c.livenessProbe.httpGet.path c.livenessProbe.periodSeconds ];
    expected = [ "/ready" "/live" 5 ];
  };
  testExecProbes = {
    expr = (builtins.head (byKind "Deployment" (kc.app {
      name = "w"; image = "x:1"; port = null; probes.command = [ "health" ];
    })).spec.template.spec.containers).readinessProbe.exec.command;
    expected = [ "health" ];
  };
  testNoProbes = {
    expr = builtins.any (n: n == "readinessProbe" || n == "livenessProbe")
      (builtins.attrNames (builtins.head (byKind "Deployment" (kc.app { name = "w"; image = "x:1"; probes = null; })).spec.template.spec.containers));
    expected = false;
  };
  testUnknownProbeOption = {
    expr = kc.app { name = "w"; image = "x:1"; probes.pth = "/"; };
    expectedError = true;
  };

  testEnvSortedWithValueFrom = {
    expr = (builtins.head (byKind "Deployment" (kc.app {
      name = "w"; image = "x:1"; env = { B = 2; A.secretKeyRef = { name = "s"; key = "k"; }; };
    })).spec.template.spec.containers).env;
    expected = [
      { name = "A"; valueFrom.secretKeyRef = { name = "s"; key = "k"; }; }
      { name = "B"; value = "2"; }
    ];
  };
  testEnvFromRefs = {
    expr = (builtins.head (byKind "Deployment" (kc.app {
      name = "w"; image = "x:1"; envFromConfigMaps = [ "cfg" ]; envFromSecrets = [ "sec" ];
    })).spec.template.spec.containers).envFrom;
    expected = [ { configMapRef.name = "cfg"; } { secretRef.name = "sec"; } ];
  };
  testEmptyEnvLeftOut = {
    expr = [ container.env container.envFrom ];
    expected = [ null null ];
  };
  testCommandArgsServiceAccount = {
    expr = let d = byKind "Deployment" (kc.app {
      name = "w"; image = "x:1"; command = [ "/bin/w" ]; args = [ "serve" ]; serviceAccount = "w";
    }); c = builtins.head d.spec.template.spec.containers; in
      [ c.command c.args d.spec.template.spec.serviceAccountName ];
    expected = [ [ "/bin/w" ] [ "serve" ] "w" ];
  };
  testContainerAndPodOverrides = {
    expr = let d = byKind "Deployment" (kc.app {
      name = "w"; image = "x:1"; container.workingDir = "/app"; podSpec.priorityClassName = "high";
      podAnnotations."prometheus.io/scrape" = "true";
    }); in [
      (builtins.head d.spec.template.spec.containers).workingDir
      d.spec.template.spec.priorityClassName
      d.spec.template.metadata.annotations
    ];
    expected = [ "/app" "high" { "prometheus.io/scrape" = "true"; } ];
  };

  testWorkerWithoutService = {
    expr = kinds (kc.app { name = "worker"; image = "x:1"; port = null; });
    expected = [ "Deployment" ];
  };
  testServiceFalse = {
    expr = let objs = kc.app { name = "w"; image = "x:1"; service = false; }; in
      [ (kinds objs) (builtins.head (byKind "Deployment" objs).spec.template.spec.containers).ports ];
    expected = [ [ "Deployment" ] [ { name = "http"; containerPort = 8080; protocol = "TCP"; } ] ];
  };
  testNoPortNoHttpProbes = {
    expr = (builtins.head (byKind "Deployment" (kc.app { name = "w"; image = "x:1"; port = null; })).spec.template.spec.containers) ? readinessProbe;
    expected = false;
  };
  testIngressNeedsService = {
    expr = kc.app { name = "w"; image = "x:1"; service = false; ingress.host = "a.example.com"; };
    expectedError = true;
  };

  testIngress = {
    expr = let i = byKind "Ingress" full; in {
      inherit (i.spec) ingressClassName tls;
      backend = (builtins.head (builtins.head i.spec.rules).http.paths).backend;
      issuer = i.metadata.annotations."cert-manager.io/cluster-issuer";
    };
    expected = {
      ingressClassName = "nginx";
      tls = [ { hosts = [ "shop.example.com" ]; secretName = "web-tls"; } ];
      backend.service = { name = "web"; port.name = "http"; };
      issuer = "le";
    };
  };
  testUnknownIngressOption = {
    expr = kc.app { name = "w"; image = "x:1"; ingress = { host = "a.example.com"; tsl = true; }; };
    expectedError = true;
  };
  testHpa = {
    expr = let h = (byKind "HorizontalPodAutoscaler" full).spec; in
      [ h.minReplicas h.maxReplicas (builtins.head h.metrics).resource.target.averageUtilization h.scaleTargetRef ];
    expected = [ 2 10 70 { apiVersion = "apps/v1"; kind = "Deployment"; name = "web"; } ];
  };
  testHpaMinDefaultsToReplicas = {
    expr = (byKind "HorizontalPodAutoscaler" (kc.app { name = "w"; image = "x:1"; replicas = 4; hpa.max = 8; })).spec.minReplicas;
    expected = 4;
  };
  testPdbDefaults = {
    expr = (byKind "PodDisruptionBudget" (kc.app { name = "w"; image = "x:1"; pdb = { }; })).spec;
    expected = { selector.matchLabels = kc.k8s.selectorLabels { name = "w"; }; minAvailable = 1; maxUnavailable = null; };
  };
  testPdbMaxUnavailable = {
    expr = let s = (byKind "PodDisruptionBudget" (kc.app { name = "w"; image = "x:1"; pdb.maxUnavailable = 1; })).spec; in
      [ s.minAvailable s.maxUnavailable ];
    expected = [ null 1 ];
  };
  testVersionLabel = {
    expr = (builtins.head (kc.app { name = "w"; image = "x:1.2"; version = "1.2"; })).spec.template.metadata.labels."app.kubernetes.io/version";
    expected = "1.2";
  };
  testUnknownArgumentIsAnError = {
    # kc.app has no `...`: a misspelt option is reported, not ignored.
    expr = builtins.functionArgs kc.app ? replicas && !(builtins.functionArgs kc.app ? replica);
    expected = true;
  };
}
