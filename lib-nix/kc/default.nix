/**
  The `kc` argument of `kc.nix`: Kubernetes constructors, `kc.app` and ecosystem helpers.
*/
{ lib, readYAML }:
{
  inherit readYAML;
}
