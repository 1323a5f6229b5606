# Tests of kc.argocd: Applications and the app-of-apps for kc's build output.
{ lib, kc }:
let
  app = kc.argocd.application {
    name = "shop";
    repoURL = "https://github.com/acme/deploy.git";
    path = "out/prod/shop";
    destinationNamespace = "shop";
  };
  root = kc.argocd.appOfApps {
    name = "shop-prod";
    repoURL = "https://github.com/acme/deploy.git";
    env = "prod";
    apps = [ "shop-prod" "monitoring" "_cluster" "argocd" ];
  };
  byName = name: builtins.head (builtins.filter (a: a.metadata.name == name) root);
in
{
  testApplication = {
    expr = { inherit (app) apiVersion kind; inherit (app.metadata) namespace finalizers; inherit (app.spec) project source destination; };
    expected = {
      apiVersion = "argoproj.io/v1alpha1"; kind = "Application";
      namespace = "argocd";
      finalizers = [ "resources-finalizer.argocd.argoproj.io" ];
      project = "default";
      source = { repoURL = "https://github.com/acme/deploy.git"; path = "out/prod/shop"; targetRevision = "HEAD"; directory = null; };
      destination = { server = "https://kubernetes.default.svc"; namespace = "shop"; };
    };
  };
  testSyncPolicyDefaults = {
    expr = app.spec.syncPolicy;
    expected = { automated = { prune = true; selfHeal = true; }; syncOptions = [ "CreateNamespace=true" ]; };
  };
  testManualSync = {
    expr = let a = kc.argocd.application {
      name = "a"; repoURL = "r"; path = "p"; automated = false; createNamespace = false; finalizer = false;
    }; in [ a.spec.syncPolicy (a.metadata ? finalizers) ];
    expected = [ { automated = null; syncOptions = null; } false ];
  };
  testSyncOptionsAndRecurse = {
    expr = let a = kc.argocd.application {
      name = "a"; repoURL = "r"; path = "p"; syncOptions = [ "ServerSideApply=true" ]; recurse = true; selfHeal = false;
    }; in [ a.spec.syncPolicy a.spec.source.directory ];
    expected = [
      { automated = { prune = true; selfHeal = false; }; syncOptions = [ "CreateNamespace=true" "ServerSideApply=true" ]; }
      { recurse = true; }
    ];
  };

  testAppOfAppsNames = {
    # "argocd" is the root's own directory, so it gets no child.
    expr = map (a: a.metadata.name) root;
    expected = [ "shop-prod" "shop-prod-shop-prod" "shop-prod-monitoring" "shop-prod-cluster" ];
  };
  testAppOfAppsPaths = {
    expr = map (a: a.spec.source.path) root;
    expected = [ "out/prod/argocd" "out/prod/shop-prod" "out/prod/monitoring" "out/prod/_cluster" ];
  };
  testAppOfAppsDestinations = {
    expr = map (a: a.spec.destination.namespace) root;
    expected = [ "argocd" "shop-prod" "monitoring" null ];
  };
  testAppOfAppsClusterNoCreateNamespace = {
    expr = (byName "shop-prod-cluster").spec.syncPolicy.syncOptions;
    expected = null;
  };
  testAppOfAppsRootKeepsChildrenOnDelete = {
    expr = [ ((byName "shop-prod").metadata ? finalizers) ((byName "shop-prod-monitoring").metadata ? finalizers) ];
    expected = [ false true ];
  };
  testAppOfAppsLabels = {
    expr = (byName "shop-prod-monitoring").metadata.labels;
    expected = { "app.kubernetes.io/part-of" = "shop-prod"; "app.kubernetes.io/managed-by" = "kc"; };
  };
  testAppOfAppsOutputPathAndRevision = {
    expr = map (a: [ a.spec.source.path a.spec.source.targetRevision ]) (kc.argocd.appOfApps {
      name = "r"; repoURL = "u"; env = "dev"; outputPath = "rendered"; targetRevision = "main"; apps = [ "x" ];
    });
    expected = [ [ "rendered/dev/argocd" "main" ] [ "rendered/dev/x" "main" ] ];
  };
}
