/**
  The kc standard library. kc calls a project's `kc.nix` with `{ kc, lib }` taken from here:
  `lib` is a nixpkgs-compatible subset, `kc` holds the Kubernetes constructors and helpers.
*/
{ readYAML }:
let
  lib = import ./lib;
  kc = import ./kc { inherit lib readYAML; };
in
{
  inherit lib kc;
}
