/**
  Istio traffic management helpers: a Gateway at the mesh's edge and VirtualServices routing
  to Services, with a short route form for prefix routing and weighted (canary) splits.
  The objects are `networking.istio.io/v1` custom resources; add Istio's CRDs to the project's
  `schemas` (default `./crds`) so kc checks them.
*/
{ lib, k8s }:
let
  # `host` or `host:port` -> an Istio Destination.
  destination = d: builtins.listToAttrs (builtins.filter (kv: kv.value != null) [
    { name = "host"; value = d.host; }
    { name = "subset"; value = d.subset or null; }
    { name = "port"; value = if (d.port or null) == null then null else { number = d.port; }; }
  ]);
  routeDestination = d: { destination = destination d; }
    // (if d ? weight then { inherit (d) weight; } else { });
in
rec {
  /**
    An Istio Gateway (`networking.istio.io/v1`) on the default ingress gateway. Without `tls`
    it serves plain HTTP on port 80; with `tls` (the name of a TLS Secret in the gateway's
    namespace) it serves HTTPS on 443 and redirects port 80 to it.

    # Arguments

    - `name`, `hosts`: the Gateway's name and the host names it accepts.
    - `namespace` (default `null`), `labels`, `annotations` (default `{ }`).
    - `selector` (default `{ istio = "ingressgateway"; }`): the gateway workload's labels.
    - `tls` (default `null`): the `credentialName` of the certificate Secret.
    - `servers` (default `null`): a servers list replacing the generated one.

    # Example

    ```nix
    kc.istio.gateway { name = "shop"; hosts = [ "shop.example.com" ]; tls = "shop-example-com-tls"; }
    ```
  */
  gateway = { name, hosts, namespace ? null, labels ? { }, annotations ? { }
    , selector ? { istio = "ingressgateway"; }, tls ? null, servers ? null }:
    let
      http = {
        port = { number = 80; name = "http"; protocol = "HTTP"; };
        inherit hosts;
      } // (if tls == null then { } else { tls.httpsRedirect = true; });
      https = {
        port = { number = 443; name = "https"; protocol = "HTTPS"; };
        inherit hosts;
        tls = { mode = "SIMPLE"; credentialName = tls; };
      };
    in
    k8s.object {
      apiVersion = "networking.istio.io/v1"; kind = "Gateway";
      inherit name namespace labels annotations;
    } // {
      spec = {
        inherit selector;
        servers = if servers != null then servers
          else [ http ] ++ (if tls == null then [ ] else [ https ]);
      };
    };

  /**
    One HTTP route of a VirtualService in the short form `virtualService` accepts: requests
    whose path starts with `prefix` (or equals `exact`) go to `host` (on `port`), or are split
    over `destinations` by weight.

    # Arguments

    - `prefix` (default `"/"` when `exact` is not set), `exact` (default `null`): the path match.
    - `host`, `port` (default `null`), `subset` (default `null`): a single destination; or
    - `destinations`: a list of `{ host; port ? null; subset ? null; weight; }` whose weights
      add up to 100.
    - `name`, `rewrite` (a new path prefix), `timeout` (such as `"5s"`), `retries`
      (`{ attempts; perTryTimeout; }`), `headers` (default `null`).

    # Example

    ```nix
    kc.istio.httpRoute {
      prefix = "/";
      destinations = [
        { host = "web"; port = 80; weight = 90; }
        { host = "web-canary"; port = 80; weight = 10; }
      ];
    }
    # => { match = [ { uri.prefix = "/"; } ];
    #      route = [ { destination = { host = "web"; port.number = 80; }; weight = 90; }
    #                { destination = { host = "web-canary"; port.number = 80; }; weight = 10; } ]; }
    ```
  */
  httpRoute = r:
    let
      known = [ "name" "prefix" "exact" "host" "port" "subset" "destinations" "rewrite" "timeout"
        "retries" "headers" ];
      unknown = builtins.filter (n: !builtins.elem n known) (builtins.attrNames r);
      exact = r.exact or null;
      match = if exact != null then { uri.exact = exact; } else { uri.prefix = r.prefix or "/"; };
      dests = r.destinations or [ { inherit (r) host; port = r.port or null; subset = r.subset or null; } ];
      weightSum = builtins.foldl' (acc: d: acc + (d.weight or 0)) 0 dests;
    in
    assert unknown == [ ] || throw "kc.istio.httpRoute: unknown route attribute(s) ${builtins.concatStringsSep ", " unknown}; known: ${builtins.concatStringsSep ", " known}";
    assert (r ? host) != (r ? destinations)
      || throw "kc.istio.httpRoute: give either host or destinations";
    assert !(r ? destinations) || weightSum == 100
      || throw "kc.istio.httpRoute: the destination weights add up to ${toString weightSum}, not 100";
    builtins.listToAttrs (builtins.filter (kv: kv.value != null) [
      { name = "name"; value = r.name or null; }
      { name = "match"; value = [ match ]; }
      { name = "rewrite"; value = if (r.rewrite or null) == null then null else { uri = r.rewrite; }; }
      { name = "route"; value = map routeDestination dests; }
      { name = "timeout"; value = r.timeout or null; }
      { name = "retries"; value = r.retries or null; }
      { name = "headers"; value = r.headers or null; }
    ]);

  /**
    An Istio VirtualService (`networking.istio.io/v1`) routing HTTP traffic for `hosts`.
    Routes are tried in order; give them in the short form of `httpRoute`, or as Istio's own
    `http` list.

    # Arguments

    - `name`, `hosts`: the VirtualService's name and the hosts it applies to.
    - `namespace` (default `null`), `labels`, `annotations` (default `{ }`).
    - `gateways` (default `[ ]`: the mesh sidecars only): Gateway names (`namespace/name` for a
      Gateway in another namespace); add `"mesh"` to apply to sidecars too.
    - `routes` (default `[ ]`): routes in the short form of `httpRoute`.
    - `http` (default `null`): Istio HTTP routes, used as they are, after `routes`.

    # Example

    ```nix
    kc.istio.virtualService {
      name = "shop";
      hosts = [ "shop.example.com" ];
      gateways = [ "shop" ];
      routes = [
        { prefix = "/thumbnails"; host = "thumbnailer"; rewrite = "/"; }
        { prefix = "/"; host = "web"; port = 80; }
      ];
    }
    ```
  */
  virtualService = { name, hosts, namespace ? null, labels ? { }, annotations ? { }
    , gateways ? [ ], routes ? [ ], http ? null }:
    k8s.object {
      apiVersion = "networking.istio.io/v1"; kind = "VirtualService";
      inherit name namespace labels annotations;
    } // {
      spec = {
        inherit hosts;
        gateways = if gateways == [ ] then null else gateways;
        http = map httpRoute routes ++ (if http == null then [ ] else http);
      };
    };
}
