/**
  Argo CD helpers: Applications that sync a path of a git repository, and an app-of-apps that
  deploys the output of `kc build` (`out/<env>/<namespace>/...`) from the repository it is
  committed to. The objects are `argoproj.io/v1alpha1` custom resources; add Argo CD's CRDs to
  the project's `schemas` (default `./crds`) so kc checks them.
*/
{ lib, k8s }:
rec {
  /**
    An Argo CD Application (`argoproj.io/v1alpha1`) in the `argocd` namespace, syncing `path`
    of `repoURL` into `destinationNamespace`. By default it syncs automatically, prunes what
    was removed from git, undoes manual changes (self-heal) and creates the namespace.

    # Arguments

    - `name`, `repoURL`, `path`: the Application and the directory it syncs.
    - `targetRevision` (default `"HEAD"`): a branch, tag or commit.
    - `destinationNamespace` (default `null`: the objects' own namespaces).
    - `destinationServer` (default `"https://kubernetes.default.svc"`: the cluster Argo CD runs in).
    - `project` (default `"default"`): the AppProject.
    - `namespace` (default `"argocd"`): where the Application object lives.
    - `automated` (default `true`), `prune` (default `true`), `selfHeal` (default `true`).
    - `createNamespace` (default `true`): adds the `CreateNamespace=true` sync option.
    - `syncOptions` (default `[ ]`): further sync options, such as `"ServerSideApply=true"`.
    - `recurse` (default `false`): include subdirectories of `path`.
    - `finalizer` (default `true`): delete the Application's objects when it is deleted.
    - `labels`, `annotations` (default `{ }`).

    # Example

    ```nix
    kc.argocd.application {
      name = "shop-prod";
      repoURL = "https://github.com/acme/shop-deploy.git";
      path = "out/prod/shop-prod";
      destinationNamespace = "shop-prod";
    }
    ```
  */
  application =
    { name
    , repoURL
    , path
    , targetRevision ? "HEAD"
    , destinationNamespace ? null
    , destinationServer ? "https://kubernetes.default.svc"
    , project ? "default"
    , namespace ? "argocd"
    , automated ? true
    , prune ? true
    , selfHeal ? true
    , createNamespace ? true
    , syncOptions ? [ ]
    , recurse ? false
    , finalizer ? true
    , labels ? { }
    , annotations ? { }
    }:
    let
      options = (if createNamespace then [ "CreateNamespace=true" ] else [ ]) ++ syncOptions;
      metadata = k8s.objectMeta { inherit name namespace labels annotations; };
    in
    {
      apiVersion = "argoproj.io/v1alpha1";
      kind = "Application";
      metadata = metadata // (if finalizer
        then { finalizers = [ "resources-finalizer.argocd.argoproj.io" ]; } else { });
      spec = {
        inherit project;
        source = {
          inherit repoURL path targetRevision;
          directory = if recurse then { recurse = true; } else null;
        };
        destination = {
          server = destinationServer;
          namespace = destinationNamespace;
        };
        syncPolicy = {
          automated = if automated then { inherit prune selfHeal; } else null;
          syncOptions = if options == [ ] then null else options;
        };
      };
    };

  /**
    The "app of apps" for one environment of a kc project: a root Application syncing
    `<outputPath>/<env>/<namespace>` (where `kc build` writes the Application objects, including
    this one, so Argo CD manages itself), and one child Application per entry of `apps`,
    syncing `<outputPath>/<env>/<app>` into the namespace `<app>`. `"_cluster"` in `apps` syncs the
    cluster-scoped objects; its Application is named `<name>-cluster`.

    # Arguments

    - `name`: the root Application's name; children are named `<name>-<app>`.
    - `repoURL`: the repository holding the build output.
    - `env`: the environment whose output to deploy.
    - `apps` (default `[ ]`): namespaces of the environment (directories of `out/<env>`).
    - `outputPath` (default `"out"`): the output directory in the repository.
    - `targetRevision` (default `"HEAD"`), `project` (default `"default"`),
      `namespace` (default `"argocd"`), `automated`, `prune`, `selfHeal` (default `true`),
      `labels`, `annotations` (default `{ }`): passed to every `application`.

    # Example

    ```nix
    kc.argocd.appOfApps {
      name = "shop-prod";
      repoURL = "https://github.com/acme/shop-deploy.git";
      env = "prod";
      apps = [ "shop-prod" "monitoring" "_cluster" ];
    }
    # => [ Application shop-prod (out/prod/argocd)
    #      Application shop-prod-shop-prod (out/prod/shop-prod)
    #      Application shop-prod-monitoring (out/prod/monitoring)
    #      Application shop-prod-cluster (out/prod/_cluster) ]
    ```
  */
  appOfApps =
    { name
    , repoURL
    , env
    , apps ? [ ]
    , outputPath ? "out"
    , targetRevision ? "HEAD"
    , project ? "default"
    , namespace ? "argocd"
    , automated ? true
    , prune ? true
    , selfHeal ? true
    , labels ? { }
    , annotations ? { }
    }:
    let
      common = {
        inherit repoURL targetRevision project namespace automated prune selfHeal annotations;
        labels = { "app.kubernetes.io/part-of" = name; "app.kubernetes.io/managed-by" = "kc"; } // labels;
      };
      child = app: application (common // {
        name = if app == "_cluster" then "${name}-cluster" else "${name}-${app}";
        path = "${outputPath}/${env}/${app}";
        destinationNamespace = if app == "_cluster" then null else app;
        createNamespace = app != "_cluster";
      });
    in
    [
      (application (common // {
        inherit name;
        path = "${outputPath}/${env}/${namespace}";
        destinationNamespace = namespace;
        # Deleting the root must not delete the whole environment.
        finalizer = false;
      }))
    ] ++ map child (builtins.filter (app: app != namespace) apps);
}
