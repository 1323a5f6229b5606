/**
  Rook helpers: a Ceph storage cluster run by the Rook operator. The objects are
  `ceph.rook.io/v1` custom resources; add Rook's CRDs to the project's `schemas`
  (default `./crds`) so kc checks them.
*/
{ lib, k8s }:
{
  /**
    A Rook CephCluster (`ceph.rook.io/v1`): Ceph monitors, managers and OSDs on the cluster's
    nodes. The defaults follow Rook's production example: three monitors on separate nodes,
    two managers, every node and every empty device used for storage.

    # Arguments

    - `image`: the Ceph container image, such as `"quay.io/ceph/ceph:v19.2.2"`.
    - `name` (default `"rook-ceph"`), `namespace` (default `"rook-ceph"`).
    - `allowUnsupported` (default `false`): allow a Ceph version Rook does not support.
    - `dataDirHostPath` (default `"/var/lib/rook"`): where monitors keep their data on the host.
    - `mons` (default `3`): the number of monitors (odd, 1 to 9);
      `allowMultipleMonsPerNode` (default `false`).
    - `mgrs` (default `2`): the number of managers (1 or 2).
    - `dashboard` (default `true`): enable the Ceph dashboard (served with TLS).
    - `monitoring` (default `false`): create Prometheus rules and ServiceMonitors.
    - `useAllNodes` (default `true`), `useAllDevices` (default `true`), `deviceFilter`
      (default `null`, a regular expression such as `"^sd[b-d]"`): which disks become OSDs.
    - `nodes` (default `null`): per-node storage settings, when `useAllNodes` is false.
    - `resources` (default `null`): resources per daemon kind (`mon`, `mgr`, `osd`, ...).
    - `placement` (default `null`): placement per daemon kind.
    - `labels`, `annotations` (default `{ }`).

    # Example

    ```nix
    kc.rook.cephCluster {
      image = "quay.io/ceph/ceph:v19.2.2";
      mons = 3;
      useAllDevices = false;
      deviceFilter = "^nvme[0-9]n1$";
    }
    ```
  */
  cephCluster =
    { image
    , name ? "rook-ceph"
    , namespace ? "rook-ceph"
    , allowUnsupported ? false
    , dataDirHostPath ? "/var/lib/rook"
    , mons ? 3
    , allowMultipleMonsPerNode ? false
    , mgrs ? 2
    , dashboard ? true
    , monitoring ? false
    , useAllNodes ? true
    , useAllDevices ? true
    , deviceFilter ? null
    , nodes ? null
    , resources ? null
    , placement ? null
    , labels ? { }
    , annotations ? { }
    }:
    k8s.object {
      apiVersion = "ceph.rook.io/v1"; kind = "CephCluster";
      inherit name namespace labels annotations;
    } // {
      spec = {
        cephVersion = { inherit image allowUnsupported; };
        inherit dataDirHostPath resources placement;
        mon = { count = mons; allowMultiplePerNode = allowMultipleMonsPerNode; };
        mgr = {
          count = mgrs;
          allowMultiplePerNode = false;
          modules = [ { name = "rook"; enabled = true; } ];
        };
        dashboard = { enabled = dashboard; ssl = true; };
        monitoring.enabled = monitoring;
        storage = {
          inherit useAllNodes useAllDevices deviceFilter nodes;
        };
      };
    };
}
