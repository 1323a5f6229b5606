# Tests of kc.grafana: dashboards as ConfigMaps for the Grafana sidecar.
{ lib, kc }:
let
  model = { title = "Overview"; uid = "overview"; panels = [ ]; };
  d = kc.grafana.dashboard { name = "overview"; dashboard = model; };
in
{
  testConfigMap = {
    expr = [ d.apiVersion d.kind d.metadata ];
    expected = [ "v1" "ConfigMap" { name = "overview"; labels.grafana_dashboard = "1"; } ];
  };
  testJsonData = {
    expr = builtins.fromJSON d.data."overview.json";
    expected = model;
  };
  testJsonString = {
    expr = (kc.grafana.dashboard { name = "x"; dashboard = "{}"; }).data."x.json";
    expected = "{}";
  };
  testFolderAndNamespace = {
    expr = (kc.grafana.dashboard { name = "x"; dashboard = model; folder = "Shop"; namespace = "monitoring"; labels.team = "a"; }).metadata;
    expected = {
      name = "x"; namespace = "monitoring";
      labels = { grafana_dashboard = "1"; team = "a"; };
      annotations.grafana_folder = "Shop";
    };
  };
}
