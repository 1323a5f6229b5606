# Tests of kc.istio: Gateway, VirtualService and the short route form.
{ lib, kc }:
let
  gw = kc.istio.gateway { name = "public"; hosts = [ "shop.example.com" ]; };
  gwTls = kc.istio.gateway { name = "public"; hosts = [ "shop.example.com" ]; tls = "shop-tls"; };
  vs = kc.istio.virtualService {
    name = "shop";
    hosts = [ "shop.example.com" ];
    gateways = [ "public" ];
    routes = [
      { prefix = "/api"; host = "api"; port = 8080; timeout = "5s"; }
      { prefix = "/"; destinations = [ { host = "web"; weight = 90; } { host = "web-canary"; weight = 10; } ]; }
    ];
  };
in
{
  testGatewayKind = {
    expr = [ gw.apiVersion gw.kind gw.spec.selector ];
    expected = [ "networking.istio.io/v1" "Gateway" { istio = "ingressgateway"; } ];
  };
  testGatewayHttpOnly = {
    expr = gw.spec.servers;
    expected = [ { port = { number = 80; name = "http"; protocol = "HTTP"; }; hosts = [ "shop.example.com" ]; } ];
  };
  testGatewayTls = {
    expr = gwTls.spec.servers;
    expected = [
      { port = { number = 80; name = "http"; protocol = "HTTP"; }; hosts = [ "shop.example.com" ]; tls.httpsRedirect = true; }
      { port = { number = 443; name = "https"; protocol = "HTTPS"; }; hosts = [ "shop.example.com" ];
        tls = { mode = "SIMPLE"; credentialName = "shop-tls"; }; }
    ];
  };
  testGatewayCustomSelector = {
    expr = (kc.istio.gateway { name = "g"; hosts = [ "*" ]; selector.app = "gw"; }).spec.selector;
    expected = { app = "gw"; };
  };

  testVirtualServiceKind = {
    expr = [ vs.apiVersion vs.kind vs.spec.hosts vs.spec.gateways ];
    expected = [ "networking.istio.io/v1" "VirtualService" [ "shop.example.com" ] [ "public" ] ];
  };
  testPrefixRoute = {
    expr = builtins.elemAt vs.spec.http 0;
    expected = {
      match = [ { uri.prefix = "/api"; } ];
      route = [ { destination = { host = "api"; port.number = 8080; }; } ];
      timeout = "5s";
    };
  };
  testCanaryWeights = {
    expr = (builtins.elemAt vs.spec.http 1).route;
    expected = [
      { destination.host = "web"; weight = 90; }
      { destination.host = "web-canary"; weight = 10; }
    ];
  };
  testWeightsMustAddUp = {
    expr = kc.istio.httpRoute { destinations = [ { host = "a"; weight = 60; } { host = "b"; weight = 60; } ]; };
    expectedError = true;
  };
  testExactRewriteSubset = {
    expr = kc.istio.httpRoute { exact = "/old"; host = "web"; subset = "v2"; rewrite = "/new"; name = "legacy"; };
    expected = {
      name = "legacy";
      match = [ { uri.exact = "/old"; } ];
      rewrite.uri = "/new";
      route = [ { destination = { host = "web"; subset = "v2"; }; } ];
    };
  };
  testDefaultPrefix = {
    expr = (kc.istio.httpRoute { host = "web"; }).match;
    expected = [ { uri.prefix = "/"; } ];
  };
  testUnknownRouteAttribute = {
    expr = kc.istio.httpRoute { host = "web"; timout = "5s"; };
    expectedError = true;
  };
  testNeedsHostOrDestinations = {
    expr = kc.istio.httpRoute { prefix = "/"; };
    expectedError = true;
  };
  testNotBothHostAndDestinations = {
    expr = kc.istio.httpRoute { host = "a"; destinations = [ { host = "b"; weight = 100; } ]; };
    expectedError = true;
  };
  testRawHttpAppended = {
    expr = map (r: r.name or "short") (kc.istio.virtualService {
      name = "v"; hosts = [ "a" ];
      routes = [ { host = "web"; } ];
      http = [ { name = "raw"; route = [ { destination.host = "b"; } ]; } ];
    }).spec.http;
    expected = [ "short" "raw" ];
  };
  testMeshOnlyHasNoGateways = {
    expr = (kc.istio.virtualService { name = "v"; hosts = [ "web" ]; routes = [ { host = "web"; } ]; }).spec.gateways;
    expected = null;
  };
}
