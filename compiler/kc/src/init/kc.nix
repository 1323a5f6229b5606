# A kc project. `kc check` type-checks every object; `kc build` writes out/<env>/...
# The standard library is documented in kc's docs/stdlib.md: `kc.app` below is a
# "chart without Helm" (Deployment + Service, optional Ingress, HPA and PDB).
{ kc, lib, ... }:
let
  # One function for every environment: change what differs, share the rest.
  hello = env: kc.app {
    name = "hello";
    image = "ghcr.io/nginxinc/nginx-unprivileged:1.27";
    port = 8080;
    replicas = if env == "prod" then 3 else 1;
    probes = { path = "/"; };
    env = {
      GREETING = "hello from ${env}";
    };
  };
in
{
  environments = lib.genAttrs [ "dev" "prod" ] (env: {
    namespace = "hello-${env}";
    labels = { "app.kubernetes.io/part-of" = "hello"; };
    resources = [
      (kc.k8s.namespace { name = "hello-${env}"; })
      (hello env)
    ];
  });
}
