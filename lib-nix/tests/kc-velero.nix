# Tests of kc.velero: backup Schedules.
{ lib, kc }:
let
  s = kc.velero.schedule { name = "nightly"; schedule = "0 2 * * *"; includedNamespaces = [ "shop" ]; };
in
{
  testSchedule = {
    expr = { inherit (s) apiVersion kind metadata; inherit (s.spec) schedule; };
    expected = {
      apiVersion = "velero.io/v1"; kind = "Schedule";
      metadata = { name = "nightly"; namespace = "velero"; };
      schedule = "0 2 * * *";
    };
  };
  testTemplateDefaults = {
    expr = { inherit (s.spec.template) includedNamespaces ttl excludedNamespaces storageLocation labelSelector; };
    expected = { includedNamespaces = [ "shop" ]; ttl = "720h0m0s"; excludedNamespaces = null; storageLocation = null; labelSelector = null; };
  };
  testTemplateOptions = {
    expr = let t = (kc.velero.schedule {
      name = "n"; schedule = "@every 6h"; includedNamespaces = [ "*" ]; excludedNamespaces = [ "kube-system" ];
      ttl = "168h0m0s"; storageLocation = "s3"; snapshotVolumes = false; defaultVolumesToFsBackup = true;
      labelSelector.backup = "yes";
    }).spec.template; in {
      inherit (t) excludedNamespaces ttl storageLocation snapshotVolumes defaultVolumesToFsBackup labelSelector;
    };
    expected = {
      excludedNamespaces = [ "kube-system" ]; ttl = "168h0m0s"; storageLocation = "s3";
      snapshotVolumes = false; defaultVolumesToFsBackup = true; labelSelector.matchLabels.backup = "yes";
    };
  };
  testNamespaceOverride = {
    expr = (kc.velero.schedule { name = "n"; schedule = "0 1 * * *"; includedNamespaces = [ "a" ]; namespace = "backup"; }).metadata.namespace;
    expected = "backup";
  };
  testPaused = {
    expr = [ s.spec.paused (kc.velero.schedule { name = "n"; schedule = "0 1 * * *"; includedNamespaces = [ "a" ]; paused = true; }).spec.paused ];
    expected = [ null true ];
  };
}
