/**
  Velero helpers: scheduled backups of namespaces and their volumes. The objects are
  `velero.io/v1` custom resources; add Velero's CRDs to the project's `schemas`
  (default `./crds`) so kc checks them.
*/
{ lib, k8s }:
{
  /**
    A Velero Schedule (`velero.io/v1`) in the `velero` namespace: a backup of
    `includedNamespaces` taken on a cron `schedule` and kept for `ttl`.

    # Arguments

    - `name`, `schedule`: the Schedule's name and a cron expression (`"0 2 * * *"`) or
      `"@every 6h"`.
    - `includedNamespaces`: the namespaces to back up (`[ "*" ]` for all).
    - `excludedNamespaces` (default `null`).
    - `ttl` (default `"720h0m0s"`, 30 days): how long each backup is kept.
    - `storageLocation` (default `null`: Velero's default BackupStorageLocation).
    - `volumeSnapshotLocations` (default `null`).
    - `snapshotVolumes` (default `null`), `defaultVolumesToFsBackup` (default `null`): how
      volumes are backed up.
    - `includeClusterResources` (default `null`).
    - `labelSelector` (default `null`): `matchLabels` of the objects to back up.
    - `useOwnerReferencesInBackup` (default `null`), `paused` (default `null`).
    - `namespace` (default `"velero"`), `labels`, `annotations` (default `{ }`).

    # Example

    ```nix
    kc.velero.schedule {
      name = "shop-nightly";
      schedule = "0 2 * * *";
      includedNamespaces = [ "shop-prod" ];
      ttl = "168h0m0s";
    }
    ```
  */
  schedule =
    { name
    , schedule
    , includedNamespaces
    , excludedNamespaces ? null
    , ttl ? "720h0m0s"
    , storageLocation ? null
    , volumeSnapshotLocations ? null
    , snapshotVolumes ? null
    , defaultVolumesToFsBackup ? null
    , includeClusterResources ? null
    , labelSelector ? null
    , useOwnerReferencesInBackup ? null
    , paused ? null
    , namespace ? "velero"
    , labels ? { }
    , annotations ? { }
    }:
    k8s.object {
      apiVersion = "velero.io/v1"; kind = "Schedule";
      inherit name namespace labels annotations;
    } // {
      spec = {
        inherit schedule useOwnerReferencesInBackup paused;
        template = {
          inherit includedNamespaces excludedNamespaces ttl storageLocation
            volumeSnapshotLocations snapshotVolumes defaultVolumesToFsBackup
            includeClusterResources;
          labelSelector = if labelSelector == null then null else { matchLabels = labelSelector; };
        };
      };
    };
}
