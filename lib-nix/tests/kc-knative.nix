# Tests of kc.knative: Knative Services and their autoscaling annotations.
{ lib, kc }:
let
  svc = kc.knative.service { name = "thumbnailer"; image = "ghcr.io/acme/thumbnailer:2.0"; };
  tmpl = svc.spec.template;
  container = builtins.head tmpl.spec.containers;
  annotationsOf = args: (kc.knative.service ({ name = "s"; image = "x:1"; } // args)).spec.template.metadata.annotations;
in
{
  testApiVersionKind = {
    expr = [ svc.apiVersion svc.kind svc.metadata.name ];
    expected = [ "serving.knative.dev/v1" "Service" "thumbnailer" ];
  };
  testScaleToZeroByDefault = {
    expr = tmpl.metadata.annotations;
    expected = {
      "autoscaling.knative.dev/min-scale" = "0";
      "autoscaling.knative.dev/max-scale" = "10";
      "autoscaling.knative.dev/target" = "100";
    };
  };
  testScaleAnnotations = {
    expr = annotationsOf { minScale = 1; maxScale = 20; initialScale = 2; scaleDownDelay = "15m"; concurrency = { target = 10; utilization = 70; }; };
    expected = {
      "autoscaling.knative.dev/min-scale" = "1";
      "autoscaling.knative.dev/max-scale" = "20";
      "autoscaling.knative.dev/initial-scale" = "2";
      "autoscaling.knative.dev/scale-down-delay" = "15m";
      "autoscaling.knative.dev/target" = "10";
      "autoscaling.knative.dev/target-utilization-percentage" = "70";
    };
  };
  testAnnotationValuesAreStrings = {
    expr = builtins.all builtins.isString (builtins.attrValues tmpl.metadata.annotations);
    expected = true;
  };
  testRevisionAnnotationsMerge = {
    expr = (annotationsOf { revisionAnnotations."autoscaling.knative.dev/metric" = "rps"; })."autoscaling.knative.dev/metric";
    expected = "rps";
  };
  testHardConcurrency = {
    expr = [
      tmpl.spec.containerConcurrency
      (kc.knative.service { name = "s"; image = "x:1"; concurrency = { target = 5; hard = 8; }; }).spec.template.spec.containerConcurrency
    ];
    expected = [ null 8 ];
  };
  testUnknownConcurrencyOption = {
    expr = kc.knative.service { name = "s"; image = "x:1"; concurrency.soft = 5; };
    expectedError = true;
  };
  testContainer = {
    expr = { inherit (container) name image ports securityContext; };
    expected = {
      name = "user-container";
      image = "ghcr.io/acme/thumbnailer:2.0";
      ports = [ { name = "http1"; containerPort = 8080; } ];
      securityContext = kc.k8s.restrictedSecurityContext;
    };
  };
  testH2c = {
    expr = (builtins.head (kc.knative.service { name = "s"; image = "x:1"; h2c = true; port = 9000; }).spec.template.spec.containers).ports;
    expected = [ { name = "h2c"; containerPort = 9000; } ];
  };
  testEnv = {
    expr = let c = builtins.head (kc.knative.service {
      name = "s"; image = "x:1"; env = { B = "2"; A = 1; }; envFromSecrets = [ "creds" ];
    }).spec.template.spec.containers; in [ c.env c.envFrom ];
    expected = [ [ { name = "A"; value = "1"; } { name = "B"; value = "2"; } ] [ { secretRef.name = "creds"; } ] ];
  };
  testEmptyEnvLeftOut = {
    expr = [ container.env container.envFrom container.readinessProbe ];
    expected = [ null null null ];
  };
  testProbe = {
    expr = (builtins.head (kc.knative.service { name = "s"; image = "x:1"; probes.path = "/ready"; }).spec.template.spec.containers).readinessProbe;
    expected = { httpGet.path = "/ready"; };
  };
  testLabels = {
    expr = [ svc.metadata.labels tmpl.metadata.labels ];
    expected = [
      (kc.k8s.standardLabels { name = "thumbnailer"; })
      (kc.k8s.selectorLabels { name = "thumbnailer"; })
    ];
  };
  testClusterLocal = {
    expr = (kc.knative.service { name = "s"; image = "x:1"; clusterLocal = true; }).metadata.labels."networking.knative.dev/visibility";
    expected = "cluster-local";
  };
  testTrafficAndTimeout = {
    expr = let s = kc.knative.service {
      name = "s"; image = "x:1"; timeoutSeconds = 30; serviceAccount = "s";
      traffic = [ { latestRevision = true; percent = 100; } ];
    }; in [ s.spec.traffic s.spec.template.spec.timeoutSeconds s.spec.template.spec.serviceAccountName ];
    expected = [ [ { latestRevision = true; percent = 100; } ] 30 "s" ];
  };
  testDefaultTrafficUnset = {
    expr = svc.spec.traffic;
    expected = null;
  };
}
