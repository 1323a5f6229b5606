/**
  Constructors for the common Kubernetes kinds, and the helpers they share (labels, selectors,
  containers, environment variables, security defaults).

  Every constructor takes one attribute set with `name` and the optional `namespace`, `labels`
  and `annotations`, plus fields of its kind, and returns a plain Kubernetes object
  (`apiVersion`, `kind`, `metadata`, and `spec` or the kind's own top-level fields).
  Unset optional fields are `null`, which kc leaves out of the output. Constructors that have a
  `spec` accept `extraSpec`, a set merged (shallowly, right-biased) into the generated `spec`,
  for the fields they have no argument for.
*/
{ lib }:
let
  # Internal helpers; not part of the public API.
  filterNulls = set: builtins.listToAttrs (builtins.filter (kv: kv.value != null)
    (map (name: { inherit name; value = set.${name}; }) (builtins.attrNames set)));
  nonEmpty = x: if x == { } || x == [ ] then null else x;
  orNull = x: if x == null then null else nonEmpty x;
  sortedEnvValue = v:
    if builtins.isString v then { value = v; }
    else if builtins.isBool v then { value = if v then "true" else "false"; }
    else if builtins.isInt v then { value = toString v; }
    else if builtins.isFloat v then { value = builtins.toJSON v; }
    else if builtins.isAttrs v && (v ? __toString || v ? outPath) then { value = "${v}"; }
    else if builtins.isAttrs v && v ? valueFrom then { inherit (v) valueFrom; }
    else if builtins.isAttrs v then { valueFrom = v; }
    else throw "kc.k8s.envFrom: an environment variable must be a string, number, Boolean or a valueFrom set, not a ${builtins.typeOf v}";

  # A pod template from the workload arguments shared by deployment, statefulSet, daemonSet,
  # job and cronJob.
  podTemplate = { labels, podLabels ? { }, podAnnotations ? { }, containers
    , initContainers ? null, volumes ? null, serviceAccountName ? null
    , restartPolicy ? null, securityContext ? null, podSpec ? { } }: {
    metadata = {
      labels = orNull (labels // podLabels);
      annotations = orNull podAnnotations;
    };
    spec = {
      inherit containers restartPolicy securityContext serviceAccountName;
      initContainers = orNull initContainers;
      volumes = orNull volumes;
    } // podSpec;
  };

  podArgNames = [ "podLabels" "podAnnotations" "containers" "initContainers" "volumes"
    "serviceAccountName" "securityContext" "podSpec" ];
  podArgs = args: builtins.intersectAttrs (builtins.listToAttrs
    (map (name: { inherit name; value = null; }) podArgNames)) args;
in
rec {
  /**
    The metadata of an object: `name`, and `namespace`, `labels` and `annotations` when set.
    Empty label and annotation sets are left out.

    # Arguments

    - `name`: the object's name.
    - `namespace` (default `null`): its namespace; `null` leaves it to the environment's default.
    - `labels` (default `{ }`), `annotations` (default `{ }`): string maps.

    # Example

    ```nix
    kc.k8s.objectMeta { name = "web"; labels.tier = "frontend"; }
    # => { name = "web"; labels = { tier = "frontend"; }; }
    ```
  */
  objectMeta = { name, namespace ? null, labels ? { }, annotations ? { } }: filterNulls {
    inherit name namespace;
    labels = orNull labels;
    annotations = orNull annotations;
  };

  /**
    Any Kubernetes object: `apiVersion`, `kind` and metadata built by `objectMeta`. The other
    constructors are built on it; use it for kinds that have no constructor of their own.

    # Arguments

    - `apiVersion`, `kind`: the object's type.
    - `name`, `namespace` (default `null`), `labels` (default `{ }`), `annotations` (default `{ }`):
      as in `objectMeta`.

    # Example

    ```nix
    kc.k8s.object { apiVersion = "v1"; kind = "LimitRange"; name = "defaults"; }
      // { spec.limits = [ { type = "Container"; default.memory = "256Mi"; } ]; }
    ```
  */
  object = { apiVersion, kind, name, namespace ? null, labels ? { }, annotations ? { } }: {
    inherit apiVersion kind;
    metadata = objectMeta { inherit name namespace labels annotations; };
  };

  /**
    The labels a workload's selector uses: `app.kubernetes.io/name` and
    `app.kubernetes.io/instance`. Use the same set in the workload's selector, its pod template
    and the Service that selects it.

    # Arguments

    - `name`: the application's name.
    - `instance` (default `name`): the instance, when one application runs more than once.

    # Example

    ```nix
    kc.k8s.selectorLabels { name = "web"; }
    # => { "app.kubernetes.io/instance" = "web"; "app.kubernetes.io/name" = "web"; }
    ```
  */
  selectorLabels = { name, instance ? name }: {
    "app.kubernetes.io/name" = name;
    "app.kubernetes.io/instance" = instance;
  };

  /**
    The recommended `app.kubernetes.io/*` labels: the selector labels plus `component`,
    `part-of`, `version` (when given) and `managed-by`.

    # Arguments

    - `name`: `app.kubernetes.io/name`.
    - `instance` (default `name`): `app.kubernetes.io/instance`.
    - `component` (default `null`): `app.kubernetes.io/component`, such as `frontend`.
    - `partOf` (default `null`): `app.kubernetes.io/part-of`, the larger application.
    - `version` (default `null`): `app.kubernetes.io/version`; must be a valid label value.
    - `managedBy` (default `"kc"`): `app.kubernetes.io/managed-by`.

    # Example

    ```nix
    kc.k8s.standardLabels { name = "web"; component = "frontend"; partOf = "shop"; }
    # => { "app.kubernetes.io/component" = "frontend"; "app.kubernetes.io/instance" = "web";
    #      "app.kubernetes.io/managed-by" = "kc"; "app.kubernetes.io/name" = "web";
    #      "app.kubernetes.io/part-of" = "shop"; }
    ```
  */
  standardLabels = { name, instance ? name, component ? null, partOf ? null, version ? null
    , managedBy ? "kc" }:
    selectorLabels { inherit name instance; } // filterNulls {
      "app.kubernetes.io/component" = component;
      "app.kubernetes.io/part-of" = partOf;
      "app.kubernetes.io/version" = version;
      "app.kubernetes.io/managed-by" = managedBy;
    };

  /**
    A container's `env` list from an attribute set, sorted by name. Strings stay as they are,
    numbers and Booleans become strings, and a set is a `valueFrom` source (`secretKeyRef`,
    `configMapKeyRef`, `fieldRef`, `resourceFieldRef`, or a set with `valueFrom` itself).
    `null` values are left out.

    # Arguments

    - `vars`: an attribute set of variable name to value.

    # Example

    ```nix
    kc.k8s.envFrom {
      LOG_LEVEL = "info";
      WORKERS = 4;
      DB_PASSWORD.secretKeyRef = { name = "db"; key = "password"; };
    }
    # => [ { name = "DB_PASSWORD"; valueFrom.secretKeyRef = { name = "db"; key = "password"; }; }
    #      { name = "LOG_LEVEL"; value = "info"; }
    #      { name = "WORKERS"; value = "4"; } ]
    ```
  */
  envFrom = vars: map (name: { inherit name; } // sortedEnvValue vars.${name})
    (builtins.filter (name: vars.${name} != null) (builtins.attrNames vars));

  /**
    A container security context following the Pod Security Standards "restricted" profile:
    non-root, no privilege escalation, read-only root filesystem, all capabilities dropped and
    the runtime's default seccomp profile.

    # Example

    ```nix
    kc.k8s.container {
      name = "web"; image = "nginx:1.27";
      securityContext = kc.k8s.restrictedSecurityContext // { readOnlyRootFilesystem = false; };
    }
    ```
  */
  restrictedSecurityContext = {
    runAsNonRoot = true;
    allowPrivilegeEscalation = false;
    readOnlyRootFilesystem = true;
    capabilities.drop = [ "ALL" ];
    seccompProfile.type = "RuntimeDefault";
  };

  /**
    A pod security context for the "restricted" profile: non-root with the runtime's default
    seccomp profile.

    # Example

    ```nix
    kc.k8s.deployment {
      name = "web";
      containers = [ (kc.k8s.container { name = "web"; image = "nginx:1.27"; }) ];
      securityContext = kc.k8s.restrictedPodSecurityContext // { fsGroup = 1000; };
    }
    ```
  */
  restrictedPodSecurityContext = {
    runAsNonRoot = true;
    seccompProfile.type = "RuntimeDefault";
  };

  /**
    A container. `env` may be an attribute set (turned into a sorted list by `envFrom`) or a
    list; `ports` may be an attribute set of port name to number (TCP) or a list; every other
    attribute is passed through unchanged.

    # Arguments

    - `name`, `image`: required.
    - `env` (default `null`): a set (see `envFrom`) or a list of `{ name; value; }`.
    - `ports` (default `null`): a set `{ http = 8080; }` or a list of container ports.
    - any other container field (`command`, `args`, `resources`, `securityContext`,
      `volumeMounts`, probes, ...).

    # Example

    ```nix
    kc.k8s.container {
      name = "web"; image = "nginx:1.27";
      ports.http = 8080;
      env.LOG_LEVEL = "info";
    }
    # => { name = "web"; image = "nginx:1.27";
    #      ports = [ { name = "http"; containerPort = 8080; } ];
    #      env = [ { name = "LOG_LEVEL"; value = "info"; } ]; }
    ```
  */
  container = args@{ name, image, env ? null, ports ? null, ... }:
    removeAttrs args [ "env" "ports" ] // filterNulls {
      env = if builtins.isAttrs env then nonEmpty (envFrom env) else env;
      ports = if builtins.isAttrs ports
        then nonEmpty (map (n: { name = n; containerPort = ports.${n}; }) (builtins.attrNames ports))
        else ports;
    };

  /**
    An apps/v1 Deployment. The selector is `selector` (by default `selectorLabels { inherit name; }`)
    and the pod template carries `labels // selector // podLabels`, so the Deployment always
    selects its own pods.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`: the object's metadata.
    - `containers`: the pod's containers (see `container`).
    - `replicas` (default `null`: the API's default, 1, or left to an autoscaler).
    - `selector` (default `selectorLabels { inherit name; }`): the `matchLabels`.
    - `podLabels`, `podAnnotations` (default `{ }`): extra metadata for the pods.
    - `initContainers`, `volumes`, `serviceAccountName`, `securityContext` (default `null`).
    - `strategy` (default `null`): the rollout strategy.
    - `podSpec` (default `{ }`): merged into the pod spec; `extraSpec` (default `{ }`): merged
      into the Deployment spec.

    # Example

    ```nix
    kc.k8s.deployment {
      name = "web";
      replicas = 2;
      containers = [ (kc.k8s.container { name = "web"; image = "nginx:1.27"; ports.http = 80; }) ];
    }
    ```
  */
  deployment = args@{ name, namespace ? null, labels ? { }, annotations ? { }
    , containers, replicas ? null, selector ? selectorLabels { inherit name; }
    , podLabels ? { }, podAnnotations ? { }, initContainers ? null, volumes ? null
    , serviceAccountName ? null, securityContext ? null, strategy ? null
    , podSpec ? { }, extraSpec ? { } }:
    object { apiVersion = "apps/v1"; kind = "Deployment"; inherit name namespace labels annotations; } // {
      spec = {
        inherit replicas strategy;
        selector.matchLabels = selector;
        template = podTemplate (podArgs args // { labels = labels // selector; });
      } // extraSpec;
    };

  /**
    An apps/v1 StatefulSet, with the same pod arguments as `deployment`.

    # Arguments

    - everything `deployment` takes except `strategy`.
    - `serviceName` (default `name`): the headless Service that governs the pods.
    - `volumeClaimTemplates` (default `null`): PersistentVolumeClaim templates; a set
      `{ data = "10Gi"; }` gives ReadWriteOnce claims of that size.
    - `podManagementPolicy`, `updateStrategy` (default `null`).

    # Example

    ```nix
    kc.k8s.statefulSet {
      name = "db";
      containers = [ (kc.k8s.container {
        name = "postgres"; image = "postgres:17";
        volumeMounts = [ { name = "data"; mountPath = "/var/lib/postgresql/data"; } ];
      }) ];
      volumeClaimTemplates.data = "10Gi";
    }
    ```
  */
  statefulSet = args@{ name, namespace ? null, labels ? { }, annotations ? { }
    , containers, replicas ? null, selector ? selectorLabels { inherit name; }
    , podLabels ? { }, podAnnotations ? { }, initContainers ? null, volumes ? null
    , serviceAccountName ? null, securityContext ? null, serviceName ? name
    , volumeClaimTemplates ? null, podManagementPolicy ? null, updateStrategy ? null
    , podSpec ? { }, extraSpec ? { } }:
    object { apiVersion = "apps/v1"; kind = "StatefulSet"; inherit name namespace labels annotations; } // {
      spec = {
        inherit replicas serviceName podManagementPolicy updateStrategy;
        selector.matchLabels = selector;
        template = podTemplate (podArgs args // { labels = labels // selector; });
        volumeClaimTemplates =
          if builtins.isAttrs volumeClaimTemplates then
            nonEmpty (map (claim: {
              metadata.name = claim;
              spec = {
                accessModes = [ "ReadWriteOnce" ];
                resources.requests.storage = volumeClaimTemplates.${claim};
              };
            }) (builtins.attrNames volumeClaimTemplates))
          else volumeClaimTemplates;
      } // extraSpec;
    };

  /**
    An apps/v1 DaemonSet, with the same pod arguments as `deployment`.

    # Arguments

    - everything `deployment` takes except `replicas` and `strategy`.
    - `updateStrategy` (default `null`).

    # Example

    ```nix
    kc.k8s.daemonSet {
      name = "node-exporter";
      containers = [ (kc.k8s.container { name = "node-exporter"; image = "prom/node-exporter:v1.8.2"; }) ];
      podSpec.hostNetwork = true;
    }
    ```
  */
  daemonSet = args@{ name, namespace ? null, labels ? { }, annotations ? { }
    , containers, selector ? selectorLabels { inherit name; }
    , podLabels ? { }, podAnnotations ? { }, initContainers ? null, volumes ? null
    , serviceAccountName ? null, securityContext ? null, updateStrategy ? null
    , podSpec ? { }, extraSpec ? { } }:
    object { apiVersion = "apps/v1"; kind = "DaemonSet"; inherit name namespace labels annotations; } // {
      spec = {
        inherit updateStrategy;
        selector.matchLabels = selector;
        template = podTemplate (podArgs args // { labels = labels // selector; });
      } // extraSpec;
    };

  /**
    A batch/v1 Job. The API server generates its selector; the pods carry `labels // podLabels`.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`, `containers`.
    - `restartPolicy` (default `"Never"`): `Never` or `OnFailure`.
    - `backoffLimit`, `activeDeadlineSeconds`, `ttlSecondsAfterFinished`, `completions`,
      `parallelism` (default `null`).
    - `podLabels`, `podAnnotations`, `initContainers`, `volumes`, `serviceAccountName`,
      `securityContext`, `podSpec`, `extraSpec`: as in `deployment`.

    # Example

    ```nix
    kc.k8s.job {
      name = "migrate";
      backoffLimit = 2;
      containers = [ (kc.k8s.container { name = "migrate"; image = "acme/shop:1.4.2"; args = [ "migrate" ]; }) ];
    }
    ```
  */
  job = args@{ name, namespace ? null, labels ? { }, annotations ? { }
    , containers, restartPolicy ? "Never", backoffLimit ? null, activeDeadlineSeconds ? null
    , ttlSecondsAfterFinished ? null, completions ? null, parallelism ? null
    , podLabels ? { }, podAnnotations ? { }, initContainers ? null, volumes ? null
    , serviceAccountName ? null, securityContext ? null, podSpec ? { }, extraSpec ? { } }:
    object { apiVersion = "batch/v1"; kind = "Job"; inherit name namespace labels annotations; } // {
      spec = {
        inherit backoffLimit activeDeadlineSeconds ttlSecondsAfterFinished completions parallelism;
        template = podTemplate (podArgs args // { inherit labels restartPolicy; });
      } // extraSpec;
    };

  /**
    A batch/v1 CronJob.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`, `containers`.
    - `schedule`: a cron expression such as `"0 3 * * *"`.
    - `timeZone` (default `null`): such as `"Europe/Berlin"`.
    - `concurrencyPolicy` (default `"Forbid"`): `Allow`, `Forbid` or `Replace`.
    - `restartPolicy` (default `"OnFailure"`), `backoffLimit` (default `null`).
    - `suspend`, `startingDeadlineSeconds`, `successfulJobsHistoryLimit`,
      `failedJobsHistoryLimit` (default `null`).
    - `podLabels`, `podAnnotations`, `initContainers`, `volumes`, `serviceAccountName`,
      `securityContext`, `podSpec`, `extraSpec`: as in `deployment`.

    # Example

    ```nix
    kc.k8s.cronJob {
      name = "report";
      schedule = "0 6 * * *";
      containers = [ (kc.k8s.container { name = "report"; image = "acme/report:1.0"; }) ];
    }
    ```
  */
  cronJob = args@{ name, namespace ? null, labels ? { }, annotations ? { }
    , containers, schedule, timeZone ? null, concurrencyPolicy ? "Forbid"
    , restartPolicy ? "OnFailure", backoffLimit ? null, suspend ? null
    , startingDeadlineSeconds ? null, successfulJobsHistoryLimit ? null
    , failedJobsHistoryLimit ? null
    , podLabels ? { }, podAnnotations ? { }, initContainers ? null, volumes ? null
    , serviceAccountName ? null, securityContext ? null, podSpec ? { }, extraSpec ? { } }:
    object { apiVersion = "batch/v1"; kind = "CronJob"; inherit name namespace labels annotations; } // {
      spec = {
        inherit schedule timeZone concurrencyPolicy suspend startingDeadlineSeconds
          successfulJobsHistoryLimit failedJobsHistoryLimit;
        jobTemplate = {
          metadata.labels = orNull labels;
          spec = {
            inherit backoffLimit;
            template = podTemplate (podArgs args // { inherit labels restartPolicy; });
          };
        };
      } // extraSpec;
    };

  /**
    A v1 Service selecting pods by label.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `selector` (default `selectorLabels { inherit name; }`): the pods' labels.
    - `ports` (default `[ { name = "http"; port = 80; targetPort = "http"; } ]`): a list of
      service ports, or a set of port name to number, whose `targetPort` is the container port
      of the same name.
    - `type` (default `null`: `ClusterIP`): `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
    - `clusterIP` (default `null`): `"None"` for a headless Service.
    - `extraSpec` (default `{ }`).

    # Example

    ```nix
    kc.k8s.service { name = "web"; ports = { http = 80; metrics = 9090; }; }
    ```
  */
  service = { name, namespace ? null, labels ? { }, annotations ? { }
    , selector ? selectorLabels { inherit name; }
    , ports ? [ { name = "http"; port = 80; targetPort = "http"; } ]
    , type ? null, clusterIP ? null, extraSpec ? { } }:
    object { apiVersion = "v1"; kind = "Service"; inherit name namespace labels annotations; } // {
      spec = {
        inherit type clusterIP selector;
        ports = if builtins.isAttrs ports
          then map (n: { name = n; port = ports.${n}; targetPort = n; }) (builtins.attrNames ports)
          else ports;
      } // extraSpec;
    };

  /**
    A networking.k8s.io/v1 Ingress. Either give `rules` yourself or a `host`, which routes
    `path` to the Service `serviceName` on `servicePort`.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `host` (default `null`), `path` (default `"/"`), `pathType` (default `"Prefix"`).
    - `serviceName` (default `name`); `servicePort` (default `"http"`): a port name (string) or
      number.
    - `className` (default `null`): the IngressClass, such as `"nginx"`.
    - `tls` (default `false`): `true` for a TLS secret named `<name>-tls`, or the secret's name.
    - `rules` (default `null`): Ingress rules, replacing the ones built from `host`.
    - `extraSpec` (default `{ }`).

    # Example

    ```nix
    kc.k8s.ingress { name = "web"; host = "shop.example.com"; className = "nginx"; tls = true; }
    ```
  */
  ingress = { name, namespace ? null, labels ? { }, annotations ? { }
    , host ? null, path ? "/", pathType ? "Prefix", serviceName ? name, servicePort ? "http"
    , className ? null, tls ? false, rules ? null, extraSpec ? { } }:
    let
      port = if builtins.isString servicePort then { name = servicePort; } else { number = servicePort; };
      secretName = if builtins.isString tls then tls else "${name}-tls";
    in
    object { apiVersion = "networking.k8s.io/v1"; kind = "Ingress"; inherit name namespace labels annotations; } // {
      spec = {
        ingressClassName = className;
        rules = if rules != null then rules else [
          (filterNulls {
            inherit host;
            http.paths = [ { inherit path pathType; backend.service = { name = serviceName; inherit port; }; } ];
          })
        ];
        tls = if tls == false || tls == null then null
          else [ (filterNulls { hosts = if host == null then null else [ host ]; inherit secretName; }) ];
      } // extraSpec;
    };

  /**
    A v1 ConfigMap.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `data` (default `{ }`): string values; `binaryData` (default `null`): base64 values.
    - `immutable` (default `null`).

    # Example

    ```nix
    kc.k8s.configMap { name = "web-config"; data = { LOG_LEVEL = "info"; "app.toml" = builtins.readFile ./app.toml; }; }
    ```
  */
  configMap = { name, namespace ? null, labels ? { }, annotations ? { }
    , data ? { }, binaryData ? null, immutable ? null }:
    object { apiVersion = "v1"; kind = "ConfigMap"; inherit name namespace labels annotations; } // {
      inherit data binaryData immutable;
    };

  /**
    A v1 Secret with `stringData` (plain text the API server encodes). Keep real secrets out of
    the repository; this suits generated or non-sensitive values and placeholders that a
    secret manager overwrites.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `stringData` (default `{ }`): plain-text values; `data` (default `null`): base64 values.
    - `type` (default `"Opaque"`).
    - `immutable` (default `null`).

    # Example

    ```nix
    kc.k8s.secret { name = "db"; stringData = { username = "shop"; host = "db.internal"; }; }
    ```
  */
  secret = { name, namespace ? null, labels ? { }, annotations ? { }
    , stringData ? { }, data ? null, type ? "Opaque", immutable ? null }:
    object { apiVersion = "v1"; kind = "Secret"; inherit name namespace labels annotations; } // {
      inherit stringData data type immutable;
    };

  /**
    A v1 Namespace (cluster-scoped).

    # Arguments

    - `name`, `labels` (default `{ }`), `annotations` (default `{ }`).

    # Example

    ```nix
    kc.k8s.namespace { name = "shop-prod"; labels."pod-security.kubernetes.io/enforce" = "restricted"; }
    ```
  */
  namespace = { name, labels ? { }, annotations ? { } }:
    object { apiVersion = "v1"; kind = "Namespace"; inherit name labels annotations; };

  /**
    A v1 ServiceAccount.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `automountServiceAccountToken` (default `null`).
    - `imagePullSecrets` (default `[ ]`): names of image pull Secrets.

    # Example

    ```nix
    kc.k8s.serviceAccount { name = "worker"; automountServiceAccountToken = false; }
    ```
  */
  serviceAccount = { name, namespace ? null, labels ? { }, annotations ? { }
    , automountServiceAccountToken ? null, imagePullSecrets ? [ ] }:
    object { apiVersion = "v1"; kind = "ServiceAccount"; inherit name namespace labels annotations; } // {
      inherit automountServiceAccountToken;
      imagePullSecrets = nonEmpty (map (n: { name = n; }) imagePullSecrets);
    };

  /**
    A v1 PersistentVolumeClaim.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `storage`: the requested size, such as `"10Gi"`.
    - `accessModes` (default `[ "ReadWriteOnce" ]`).
    - `storageClassName`, `volumeMode` (default `null`).

    # Example

    ```nix
    kc.k8s.persistentVolumeClaim { name = "uploads"; storage = "20Gi"; storageClassName = "ceph-block"; }
    ```
  */
  persistentVolumeClaim = { name, namespace ? null, labels ? { }, annotations ? { }
    , storage, accessModes ? [ "ReadWriteOnce" ], storageClassName ? null, volumeMode ? null }:
    object { apiVersion = "v1"; kind = "PersistentVolumeClaim"; inherit name namespace labels annotations; } // {
      spec = {
        inherit accessModes storageClassName volumeMode;
        resources.requests.storage = storage;
      };
    };

  /**
    An autoscaling/v2 HorizontalPodAutoscaler scaling a workload on CPU (and optionally memory)
    utilisation.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `target` (default the Deployment `name`): `{ apiVersion; kind; name; }` of the workload.
    - `minReplicas` (default `1`), `maxReplicas`.
    - `cpu` (default `80`): target average CPU utilisation in percent of the request, or `null`.
    - `memory` (default `null`): target average memory utilisation in percent.
    - `metrics` (default `null`): a metrics list replacing the ones from `cpu` and `memory`.
    - `behavior` (default `null`).

    # Example

    ```nix
    kc.k8s.horizontalPodAutoscaler { name = "web"; minReplicas = 2; maxReplicas = 10; cpu = 70; }
    ```
  */
  horizontalPodAutoscaler = { name, namespace ? null, labels ? { }, annotations ? { }
    , target ? { apiVersion = "apps/v1"; kind = "Deployment"; inherit name; }
    , minReplicas ? 1, maxReplicas, cpu ? 80, memory ? null, metrics ? null, behavior ? null }:
    let
      utilization = resource: percent: {
        type = "Resource";
        resource = { name = resource; target = { type = "Utilization"; averageUtilization = percent; }; };
      };
    in
    object { apiVersion = "autoscaling/v2"; kind = "HorizontalPodAutoscaler"; inherit name namespace labels annotations; } // {
      spec = {
        scaleTargetRef = target;
        inherit minReplicas maxReplicas behavior;
        metrics = if metrics != null then metrics else nonEmpty (
          (if cpu == null then [ ] else [ (utilization "cpu" cpu) ])
          ++ (if memory == null then [ ] else [ (utilization "memory" memory) ]));
      };
    };

  /**
    A policy/v1 PodDisruptionBudget. Give `minAvailable` or `maxUnavailable`; with neither,
    `minAvailable` is 1.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `selector` (default `selectorLabels { inherit name; }`): the pods' labels.
    - `minAvailable`, `maxUnavailable` (default `null`): a number or a percentage string.

    # Example

    ```nix
    kc.k8s.podDisruptionBudget { name = "web"; maxUnavailable = "25%"; }
    ```
  */
  podDisruptionBudget = { name, namespace ? null, labels ? { }, annotations ? { }
    , selector ? selectorLabels { inherit name; }, minAvailable ? null, maxUnavailable ? null }:
    object { apiVersion = "policy/v1"; kind = "PodDisruptionBudget"; inherit name namespace labels annotations; } // {
      spec = {
        selector.matchLabels = selector;
        minAvailable = if minAvailable == null && maxUnavailable == null then 1 else minAvailable;
        inherit maxUnavailable;
      };
    };

  /**
    A networking.k8s.io/v1 NetworkPolicy. `policyTypes` follows from the rules given: `Ingress`
    when `ingress` is set, `Egress` when `egress` is set; a policy with `ingress = [ ]` denies
    all incoming traffic.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `podSelector` (default `{ }`: every pod of the namespace): the `matchLabels` of the pods.
    - `ingress`, `egress` (default `null`): lists of rules.
    - `policyTypes` (default derived from `ingress` and `egress`).

    # Example

    ```nix
    kc.k8s.networkPolicy {
      name = "web";
      podSelector = kc.k8s.selectorLabels { name = "web"; };
      ingress = [ { ports = [ { port = "http"; } ]; } ];
    }
    ```
  */
  networkPolicy = { name, namespace ? null, labels ? { }, annotations ? { }
    , podSelector ? { }, ingress ? null, egress ? null, policyTypes ? null }:
    object { apiVersion = "networking.k8s.io/v1"; kind = "NetworkPolicy"; inherit name namespace labels annotations; } // {
      spec = {
        podSelector = filterNulls { matchLabels = orNull podSelector; };
        inherit ingress egress;
        policyTypes = if policyTypes != null then policyTypes
          else (if ingress != null || egress == null then [ "Ingress" ] else [ ])
            ++ (if egress != null then [ "Egress" ] else [ ]);
      };
    };

  /**
    An rbac.authorization.k8s.io/v1 Role.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `rules`: a list of `{ apiGroups; resources; verbs; }`.

    # Example

    ```nix
    kc.k8s.role {
      name = "read-config";
      rules = [ { apiGroups = [ "" ]; resources = [ "configmaps" ]; verbs = [ "get" "list" "watch" ]; } ];
    }
    ```
  */
  role = { name, namespace ? null, labels ? { }, annotations ? { }, rules }:
    object { apiVersion = "rbac.authorization.k8s.io/v1"; kind = "Role"; inherit name namespace labels annotations; } // {
      inherit rules;
    };

  /**
    An rbac.authorization.k8s.io/v1 ClusterRole (cluster-scoped).

    # Arguments

    - `name`, `labels`, `annotations`.
    - `rules` (default `[ ]`), `aggregationRule` (default `null`).

    # Example

    ```nix
    kc.k8s.clusterRole {
      name = "node-reader";
      rules = [ { apiGroups = [ "" ]; resources = [ "nodes" ]; verbs = [ "get" "list" ]; } ];
    }
    ```
  */
  clusterRole = { name, labels ? { }, annotations ? { }, rules ? [ ], aggregationRule ? null }:
    object { apiVersion = "rbac.authorization.k8s.io/v1"; kind = "ClusterRole"; inherit name labels annotations; } // {
      inherit rules aggregationRule;
    };

  /**
    An rbac.authorization.k8s.io/v1 RoleBinding granting a Role (or a ClusterRole, within the
    namespace) to subjects.

    # Arguments

    - `name`, `namespace`, `labels`, `annotations`.
    - `role` (default `null`): the Role's name; or `clusterRole` (default `null`): a ClusterRole's.
    - `serviceAccounts` (default `[ ]`): ServiceAccount names in the binding's namespace, or
      `{ name; namespace; }` sets.
    - `subjects` (default `[ ]`): further subjects.

    # Example

    ```nix
    kc.k8s.roleBinding { name = "worker-read-config"; role = "read-config"; serviceAccounts = [ "worker" ]; }
    ```
  */
  roleBinding = { name, namespace ? null, labels ? { }, annotations ? { }
    , role ? null, clusterRole ? null, serviceAccounts ? [ ], subjects ? [ ] }:
    assert (role == null) != (clusterRole == null)
      || throw "kc.k8s.roleBinding ${name}: give exactly one of role and clusterRole";
    object { apiVersion = "rbac.authorization.k8s.io/v1"; kind = "RoleBinding"; inherit name namespace labels annotations; } // {
      roleRef = {
        apiGroup = "rbac.authorization.k8s.io";
        kind = if role != null then "Role" else "ClusterRole";
        name = if role != null then role else clusterRole;
      };
      subjects = map (sa: { kind = "ServiceAccount"; }
        // (if builtins.isString sa then filterNulls { name = sa; inherit namespace; } else sa))
        serviceAccounts ++ subjects;
    };

  /**
    An rbac.authorization.k8s.io/v1 ClusterRoleBinding (cluster-scoped).

    # Arguments

    - `name`, `labels`, `annotations`.
    - `clusterRole`: the ClusterRole's name.
    - `serviceAccounts` (default `[ ]`): `{ name; namespace; }` sets or `"namespace/name"` strings.
    - `subjects` (default `[ ]`): further subjects.

    # Example

    ```nix
    kc.k8s.clusterRoleBinding { name = "worker-node-reader"; clusterRole = "node-reader"; serviceAccounts = [ "shop-prod/worker" ]; }
    ```
  */
  clusterRoleBinding = { name, labels ? { }, annotations ? { }
    , clusterRole, serviceAccounts ? [ ], subjects ? [ ] }:
    let
      saSubject = sa:
        if builtins.isString sa then
          let parts = builtins.match "([^/]+)/([^/]+)" sa; in
          if parts == null
          then throw "kc.k8s.clusterRoleBinding ${name}: service account '${sa}' must be written namespace/name"
          else { kind = "ServiceAccount"; namespace = builtins.elemAt parts 0; name = builtins.elemAt parts 1; }
        else { kind = "ServiceAccount"; } // sa;
    in
    object { apiVersion = "rbac.authorization.k8s.io/v1"; kind = "ClusterRoleBinding"; inherit name labels annotations; } // {
      roleRef = { apiGroup = "rbac.authorization.k8s.io"; kind = "ClusterRole"; name = clusterRole; };
      subjects = map saSubject serviceAccounts ++ subjects;
    };
}
