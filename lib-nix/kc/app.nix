/**
  `kc.app`: a "chart without Helm". One function call gives the objects a typical stateless
  HTTP service needs (Deployment, Service, and optionally Ingress, HorizontalPodAutoscaler and
  PodDisruptionBudget) with consistent labels, matching selectors and restricted security
  defaults. It is a plain function: wrap it, override its result, or copy it.
*/
{ lib, k8s }:
{
  /**
    The objects of one application, as a list: a Deployment, a Service (unless
    `service = false` or `port = null`), and an Ingress, HorizontalPodAutoscaler and
    PodDisruptionBudget when `ingress`, `hpa` and `pdb` are set.

    Every object carries `k8s.standardLabels` (`app.kubernetes.io/name`, `instance`,
    `managed-by = "kc"`, and `component`, `part-of`, `version` when given) merged with `labels`;
    the Deployment, Service and PodDisruptionBudget select on `k8s.selectorLabels`. The container
    has a port named `http`, which the Service targets; it runs as non-root with a read-only root
    filesystem (with an `emptyDir` at `/tmp`), no privilege escalation, no capabilities and the
    default seccomp profile.

    # Arguments

    - `name`: the application's name (also the container's name and the objects' names).
    - `image`: the container image.
    - `namespace` (default `null`: the environment's namespace).
    - `port` (default `8080`): the container port named `http`; `null` for no port, no Service
      and no HTTP probes.
    - `servicePort` (default `80`): the Service's port.
    - `service` (default `true`): whether to create the Service.
    - `serviceType` (default `null`): the Service type, such as `"LoadBalancer"`.
    - `replicas` (default `1`): ignored when `hpa` is set (the autoscaler owns the count).
    - `env` (default `{ }`): environment variables, see `k8s.envFrom`.
    - `envFromConfigMaps`, `envFromSecrets` (default `[ ]`): names of ConfigMaps and Secrets
      whose keys all become environment variables.
    - `resources` (default requests `cpu = "100m"; memory = "128Mi"`, limit `memory = "256Mi"`).
    - `command`, `args` (default `null`): the container's command and arguments.
    - `probes` (default `{ path = "/healthz"; }`): HTTP readiness and liveness probes on the
      `http` port: `{ path ? "/healthz"; readinessPath ? path; livenessPath ? path;
      initialDelaySeconds ? null; periodSeconds ? null; }`, or `{ command = [ ... ]; }` for exec
      probes, or `null` for none.
    - `ingress` (default `null`): `{ host; path ? "/"; className ? null; tls ? false;
      annotations ? { }; }`; `tls` is `true` (secret `<name>-tls`) or a secret name.
    - `hpa` (default `null`): `{ min ? replicas; max; cpu ? 80; memory ? null; }`.
    - `pdb` (default `null`): `{ minAvailable ? 1; }` or `{ maxUnavailable; }`.
    - `labels`, `annotations` (default `{ }`): added to every object.
    - `podAnnotations` (default `{ }`): added to the pods, such as `prometheus.io/scrape`.
    - `component`, `partOf`, `version` (default `null`): the matching `app.kubernetes.io/*` labels.
    - `serviceAccount` (default `null`): the pods' ServiceAccount name.
    - `imagePullPolicy` (default `null`).
    - `volumes`, `volumeMounts` (default `[ ]`): extra volumes and their mounts in the container.
    - `tmpVolume` (default `true`): mount an `emptyDir` at `/tmp`, since the root filesystem
      is read-only.
    - `container` (default `{ }`): merged into the container; `podSpec` (default `{ }`): merged
      into the pod spec.

    # Example

    ```nix
    kc.app {
      name = "web";
      image = "ghcr.io/acme/web:1.4.2";
      replicas = 2;
      env.LOG_LEVEL = "info";
      ingress = { host = "shop.example.com"; className = "nginx"; tls = true; };
      hpa = { min = 2; max = 10; };
      pdb = { minAvailable = 1; };
    }
    # => [ Deployment Service Ingress HorizontalPodAutoscaler PodDisruptionBudget ]
    ```
  */
  app =
    { name
    , image
    , namespace ? null
    , port ? 8080
    , servicePort ? 80
    , service ? true
    , serviceType ? null
    , replicas ? 1
    , env ? { }
    , envFromConfigMaps ? [ ]
    , envFromSecrets ? [ ]
    , resources ? { requests = { cpu = "100m"; memory = "128Mi"; }; limits = { memory = "256Mi"; }; }
    , command ? null
    , args ? null
    , probes ? { path = "/healthz"; }
    , ingress ? null
    , hpa ? null
    , pdb ? null
    , labels ? { }
    , annotations ? { }
    , podAnnotations ? { }
    , component ? null
    , partOf ? null
    , version ? null
    , serviceAccount ? null
    , imagePullPolicy ? null
    , volumes ? [ ]
    , volumeMounts ? [ ]
    , tmpVolume ? true
    , container ? { }
    , podSpec ? { }
    }:
    let
      # Sub-options are checked, so that a typo is an error rather than silently ignored.
      checked = what: allowed: set:
        let unknown = builtins.filter (n: !builtins.elem n allowed) (builtins.attrNames set); in
        if set == null || unknown == [ ] then set
        else throw "kc.app ${name}: unknown ${what} option(s) ${builtins.concatStringsSep ", " unknown}; known: ${builtins.concatStringsSep ", " allowed}";
      ingressOpts = checked "ingress" [ "host" "path" "pathType" "className" "tls" "annotations" ] ingress;
      hpaOpts = checked "hpa" [ "min" "max" "cpu" "memory" ] hpa;
      pdbOpts = checked "pdb" [ "minAvailable" "maxUnavailable" ] pdb;
      probeOpts = checked "probes" [ "path" "readinessPath" "livenessPath" "command"
        "initialDelaySeconds" "periodSeconds" ] probes;

      selector = k8s.selectorLabels { inherit name; };
      allLabels = k8s.standardLabels { inherit name component partOf version; } // labels;
      meta = { inherit name namespace annotations; labels = allLabels; };
      hasService = service && port != null;

      probe = path: {
        httpGet = { inherit path; port = "http"; };
        initialDelaySeconds = probeOpts.initialDelaySeconds or null;
        periodSeconds = probeOpts.periodSeconds or null;
      };
      execProbe = {
        exec.command = probeOpts.command;
        initialDelaySeconds = probeOpts.initialDelaySeconds or null;
        periodSeconds = probeOpts.periodSeconds or null;
      };
      probeFields =
        if probeOpts == null then { }
        else if probeOpts ? command then { readinessProbe = execProbe; livenessProbe = execProbe; }
        else if port == null then { }
        else
          let path = probeOpts.path or "/healthz"; in {
            readinessProbe = probe (probeOpts.readinessPath or path);
            livenessProbe = probe (probeOpts.livenessPath or path);
          };

      tmpVolumes = if tmpVolume then [ { name = "tmp"; emptyDir = { }; } ] else [ ];
      tmpMounts = if tmpVolume then [ { name = "tmp"; mountPath = "/tmp"; } ] else [ ];

      mainContainer = k8s.container ({
        inherit name image command args resources imagePullPolicy;
        env = if builtins.isAttrs env then k8s.envFrom env else env;
        envFrom = map (n: { configMapRef.name = n; }) envFromConfigMaps
          ++ map (n: { secretRef.name = n; }) envFromSecrets;
        ports = if port == null then null else [ { name = "http"; containerPort = port; protocol = "TCP"; } ];
        securityContext = k8s.restrictedSecurityContext;
        volumeMounts = tmpMounts ++ volumeMounts;
      } // probeFields // container);

      # Empty lists are left out of the output.
      compactContainer = builtins.mapAttrs (_: v: if v == [ ] then null else v) mainContainer;

      deployment = k8s.deployment (meta // {
        replicas = if hpa != null then null else replicas;
        inherit selector podAnnotations;
        serviceAccountName = serviceAccount;
        securityContext = k8s.restrictedPodSecurityContext;
        containers = [ compactContainer ];
        volumes = tmpVolumes ++ volumes;
        inherit podSpec;
      });

      svc = k8s.service (meta // {
        inherit selector;
        type = serviceType;
        ports = [ { name = "http"; port = servicePort; targetPort = "http"; protocol = "TCP"; } ];
      });

      ing = k8s.ingress (meta // {
        annotations = annotations // (ingressOpts.annotations or { });
        host = ingressOpts.host;
        path = ingressOpts.path or "/";
        pathType = ingressOpts.pathType or "Prefix";
        className = ingressOpts.className or null;
        tls = ingressOpts.tls or false;
      });

      autoscaler = k8s.horizontalPodAutoscaler (meta // {
        minReplicas = hpaOpts.min or replicas;
        maxReplicas = hpaOpts.max;
        cpu = hpaOpts.cpu or 80;
        memory = hpaOpts.memory or null;
      });

      disruptionBudget = k8s.podDisruptionBudget (meta // {
        inherit selector;
      } // (if pdbOpts ? maxUnavailable
        then { maxUnavailable = pdbOpts.maxUnavailable; }
        else { minAvailable = pdbOpts.minAvailable or 1; }));
    in
    assert ingress == null || hasService
      || throw "kc.app ${name}: an ingress needs the Service (set a port and service = true)";
    [ deployment ]
    ++ (if hasService then [ svc ] else [ ])
    ++ (if ingress != null then [ ing ] else [ ])
    ++ (if hpa != null then [ autoscaler ] else [ ])
    ++ (if pdb != null then [ disruptionBudget ] else [ ]);
}
