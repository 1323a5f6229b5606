# Tests of the shape of the kc library itself.
{ lib, kc }:
{
  testAreas = {
    expr = builtins.attrNames kc;
    expected = [ "app" "argocd" "grafana" "istio" "k8s" "knative" "readYAML" "rook" "velero" ];
  };
  testAppIsAFunction = {
    expr = builtins.isFunction kc.app;
    expected = true;
  };
  testEveryHelperIsAFunction = {
    expr = builtins.filter (n: !builtins.isFunction n.value) (builtins.concatMap (area:
      map (fn: { name = "${area}.${fn}"; value = kc.${area}.${fn}; }) (builtins.attrNames kc.${area}))
      [ "knative" "istio" "argocd" "velero" "rook" "grafana" ]);
    expected = [ ];
  };
}
