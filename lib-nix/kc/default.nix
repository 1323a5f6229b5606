/**
  The `kc` argument of `kc.nix`: Kubernetes constructors, `kc.app` and ecosystem helpers.
*/
{ lib, readYAML }:
let
  k8s' = import ./k8s.nix { inherit lib; };
  args = { inherit lib; k8s = k8s'; };
in
{
  /**
    The documents of a YAML file as values, to adopt existing manifests: a list with one value
    per document (empty documents are left out).

    # Arguments

    - `path`: a YAML file of the project.

    # Example

    ```nix
    { kc, ... }: {
      resources = [ (kc.readYAML ./legacy/redis.yaml) ];
    }
    ```
  */
  readYAML = readYAML;

  /**
    Constructors for the common Kubernetes kinds and the helpers they share; see `k8s.nix`.

    # Example

    ```nix
    kc.k8s.configMap { name = "settings"; data.MODE = "fast"; }
    ```
  */
  k8s = k8s';

  /**
    A "chart without Helm": Deployment, Service and optional Ingress, HPA and PDB for one
    application; see `app.nix`.

    # Example

    ```nix
    kc.app { name = "web"; image = "ghcr.io/acme/web:1.4.2"; }
    ```
  */
  app = (import ./app.nix args).app;

  /**
    Knative Serving helpers (`knative.service`); see `knative.nix`.

    # Example

    ```nix
    kc.knative.service { name = "hello"; image = "ghcr.io/acme/hello:1.0"; }
    ```
  */
  knative = import ./knative.nix args;

  /**
    Istio helpers (`istio.gateway`, `istio.virtualService`, `istio.httpRoute`); see `istio.nix`.

    # Example

    ```nix
    kc.istio.gateway { name = "public"; hosts = [ "example.com" ]; }
    ```
  */
  istio = import ./istio.nix args;

  /**
    Argo CD helpers (`argocd.application`, `argocd.appOfApps`); see `argocd.nix`.

    # Example

    ```nix
    kc.argocd.appOfApps { name = "shop"; repoURL = "https://github.com/acme/shop.git"; env = "prod"; }
    ```
  */
  argocd = import ./argocd.nix args;

  /**
    Velero helpers (`velero.schedule`); see `velero.nix`.

    # Example

    ```nix
    kc.velero.schedule { name = "nightly"; schedule = "0 2 * * *"; includedNamespaces = [ "*" ]; }
    ```
  */
  velero = import ./velero.nix args;

  /**
    Rook helpers (`rook.cephCluster`); see `rook.nix`.

    # Example

    ```nix
    kc.rook.cephCluster { image = "quay.io/ceph/ceph:v19.2.2"; }
    ```
  */
  rook = import ./rook.nix args;

  /**
    Grafana helpers (`grafana.dashboard`); see `grafana.nix`.

    # Example

    ```nix
    kc.grafana.dashboard { name = "overview"; dashboard = { title = "Overview"; panels = [ ]; }; }
    ```
  */
  grafana = import ./grafana.nix args;
}
