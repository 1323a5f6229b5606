/**
  Knative Serving helpers: request-driven services that scale with traffic, down to zero.
  The objects are `serving.knative.dev/v1` custom resources; add the Knative Serving CRDs to
  the project's `schemas` (default `./crds`) so kc checks them.
*/
{ lib, k8s }:
{
  /**
    A Knative Service (`serving.knative.dev/v1`). Autoscaling is set with the
    `autoscaling.knative.dev/*` annotations of the revision template: `min-scale` (`"0"` scales
    to zero when idle), `max-scale` and the soft concurrency `target`; the hard limit is the
    revision's `containerConcurrency` (`0`: unlimited).

    # Arguments

    - `name`, `image`: required.
    - `namespace` (default `null`), `labels`, `annotations` (default `{ }`).
    - `port` (default `8080`): the container port Knative sends requests to.
    - `h2c` (default `false`): the port speaks HTTP/2 without TLS (gRPC).
    - `env` (default `{ }`): see `k8s.envFrom`; `envFromConfigMaps`, `envFromSecrets`
      (default `[ ]`): names of ConfigMaps and Secrets to take every key from.
    - `minScale` (default `0`), `maxScale` (default `10`), `initialScale` (default `null`).
    - `concurrency` (default `{ target = 100; hard = null; }`): soft target and hard limit of
      requests per replica; `utilization` (percent of the target) may be added.
    - `scaleDownDelay` (default `null`): such as `"15m"`, keeps idle replicas a while.
    - `resources` (default requests `cpu = "100m"; memory = "128Mi"`, limit `memory = "256Mi"`).
    - `command`, `args` (default `null`).
    - `probes` (default `null`): `{ path; }` for an HTTP readiness probe.
    - `timeoutSeconds` (default `null`): the request timeout.
    - `serviceAccount` (default `null`): the ServiceAccount name of the revision's pods.
    - `clusterLocal` (default `false`): only reachable inside the cluster.
    - `traffic` (default `null`: all traffic to the latest revision): a traffic list.
    - `revisionLabels`, `revisionAnnotations` (default `{ }`): extra revision template metadata.
    - `container` (default `{ }`): merged into the container.

    # Example

    ```nix
    kc.knative.service {
      name = "thumbnailer";
      image = "ghcr.io/acme/thumbnailer:2.0.1";
      minScale = 0;
      maxScale = 20;
      concurrency = { target = 10; hard = 50; };
    }
    ```
  */
  service =
    { name
    , image
    , namespace ? null
    , labels ? { }
    , annotations ? { }
    , port ? 8080
    , h2c ? false
    , env ? { }
    , envFromConfigMaps ? [ ]
    , envFromSecrets ? [ ]
    , minScale ? 0
    , maxScale ? 10
    , initialScale ? null
    , concurrency ? { target = 100; hard = null; }
    , scaleDownDelay ? null
    , resources ? { requests = { cpu = "100m"; memory = "128Mi"; }; limits = { memory = "256Mi"; }; }
    , command ? null
    , args ? null
    , probes ? null
    , timeoutSeconds ? null
    , serviceAccount ? null
    , clusterLocal ? false
    , traffic ? null
    , revisionLabels ? { }
    , revisionAnnotations ? { }
    , container ? { }
    }:
    let
      checked = what: allowed: set:
        let unknown = builtins.filter (n: !builtins.elem n allowed) (builtins.attrNames set); in
        if set == null || unknown == [ ] then set
        else throw "kc.knative.service ${name}: unknown ${what} option(s) ${builtins.concatStringsSep ", " unknown}; known: ${builtins.concatStringsSep ", " allowed}";
      concurrencyOpts = checked "concurrency" [ "target" "hard" "utilization" ] concurrency;
      probeOpts = checked "probes" [ "path" ] probes;
      nonEmpty = x: if x == [ ] || x == { } then null else x;
      allLabels = k8s.standardLabels { inherit name; } // labels
        // (if clusterLocal then { "networking.knative.dev/visibility" = "cluster-local"; } else { });
      scaleAnnotations = builtins.listToAttrs (builtins.filter (kv: kv.value != null) [
        { name = "autoscaling.knative.dev/min-scale"; value = toString minScale; }
        { name = "autoscaling.knative.dev/max-scale"; value = toString maxScale; }
        { name = "autoscaling.knative.dev/initial-scale";
          value = if initialScale == null then null else toString initialScale; }
        { name = "autoscaling.knative.dev/target";
          value = if (concurrencyOpts.target or null) == null then null else toString concurrencyOpts.target; }
        { name = "autoscaling.knative.dev/target-utilization-percentage";
          value = if (concurrencyOpts.utilization or null) == null then null else toString concurrencyOpts.utilization; }
        { name = "autoscaling.knative.dev/scale-down-delay"; value = scaleDownDelay; }
      ]);
      mainContainer = {
        name = "user-container";
        inherit image command args resources;
        env = nonEmpty (if builtins.isAttrs env then k8s.envFrom env else env);
        envFrom = nonEmpty (map (n: { configMapRef.name = n; }) envFromConfigMaps
          ++ map (n: { secretRef.name = n; }) envFromSecrets);
        ports = [ { name = if h2c then "h2c" else "http1"; containerPort = port; } ];
        securityContext = k8s.restrictedSecurityContext;
        readinessProbe = if probeOpts == null then null
          else { httpGet.path = probeOpts.path or "/healthz"; };
      } // container;
    in
    k8s.object {
      apiVersion = "serving.knative.dev/v1";
      kind = "Service";
      inherit name namespace annotations;
      labels = allLabels;
    } // {
      spec = {
        template = {
          metadata = {
            labels = k8s.selectorLabels { inherit name; } // revisionLabels;
            annotations = scaleAnnotations // revisionAnnotations;
          };
          spec = {
            containerConcurrency = concurrencyOpts.hard or null;
            inherit timeoutSeconds;
            serviceAccountName = serviceAccount;
            containers = [ mainContainer ];
          };
        };
        inherit traffic;
      };
    };
}
