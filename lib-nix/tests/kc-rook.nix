# Tests of kc.rook: CephCluster.
{ lib, kc }:
let
  c = kc.rook.cephCluster { image = "quay.io/ceph/ceph:v19.2.2"; };
in
{
  testDefaults = {
    expr = { inherit (c) apiVersion kind metadata; inherit (c.spec) cephVersion dataDirHostPath mon dashboard storage; mgrCount = c.spec.mgr.count; };
    expected = {
      apiVersion = "ceph.rook.io/v1"; kind = "CephCluster";
      metadata = { name = "rook-ceph"; namespace = "rook-ceph"; };
      cephVersion = { image = "quay.io/ceph/ceph:v19.2.2"; allowUnsupported = false; };
      dataDirHostPath = "/var/lib/rook";
      mon = { count = 3; allowMultiplePerNode = false; };
      dashboard = { enabled = true; ssl = true; };
      storage = { useAllNodes = true; useAllDevices = true; deviceFilter = null; nodes = null; };
      mgrCount = 2;
    };
  };
  testOptions = {
    expr = let s = (kc.rook.cephCluster {
      image = "quay.io/ceph/ceph:v19.2.2"; name = "ceph"; namespace = "storage"; mons = 1; allowMultipleMonsPerNode = true;
      mgrs = 1; dashboard = false; monitoring = true; useAllDevices = false; deviceFilter = "^sd[b-d]";
    }); in [ s.metadata s.spec.mon s.spec.mgr.count s.spec.dashboard.enabled s.spec.monitoring.enabled s.spec.storage.deviceFilter ];
    expected = [ { name = "ceph"; namespace = "storage"; } { count = 1; allowMultiplePerNode = true; } 1 false true "^sd[b-d]" ];
  };
  testMgrRookModule = {
    expr = c.spec.mgr.modules;
    expected = [ { name = "rook"; enabled = true; } ];
  };
}
