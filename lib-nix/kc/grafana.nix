/**
  Grafana helpers: dashboards as ConfigMaps, picked up by the dashboard sidecar of the Grafana
  Helm chart or the kube-prometheus-stack (`sidecar.dashboards.enabled`, label
  `grafana_dashboard`).
*/
{ lib, k8s }:
{
  /**
    A ConfigMap holding one Grafana dashboard as `<name>.json`, labelled
    `grafana_dashboard = "1"` for the Grafana dashboard sidecar. With `folder`, the
    `grafana_folder` annotation files it into that folder (set the sidecar's
    `folderAnnotation = "grafana_folder"`).

    # Arguments

    - `name`: the ConfigMap's name and the file name of the dashboard.
    - `dashboard`: the dashboard's JSON model as an attribute set (or a JSON string).
    - `folder` (default `null`): the Grafana folder.
    - `namespace` (default `null`), `labels`, `annotations` (default `{ }`).

    # Example

    ```nix
    kc.grafana.dashboard {
      name = "shop-overview";
      folder = "Shop";
      dashboard = { title = "Shop overview"; uid = "shop-overview"; panels = [ ]; schemaVersion = 39; };
    }
    ```
  */
  dashboard = { name, dashboard, folder ? null, namespace ? null, labels ? { }, annotations ? { } }:
    k8s.configMap {
      inherit name namespace;
      labels = { grafana_dashboard = "1"; } // labels;
      annotations = (if folder == null then { } else { grafana_folder = folder; }) // annotations;
      data."${name}.json" = if builtins.isString dashboard then dashboard else builtins.toJSON dashboard;
    };
}
