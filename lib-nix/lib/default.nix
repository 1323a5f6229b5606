/**
  A nixpkgs-compatible subset of `lib`: same names, same argument order, same semantics.
  Each submodule is available by name (`lib.attrsets.mapAttrs`) and, except `versions`, its
  functions also directly on `lib` (`lib.mapAttrs`), as in nixpkgs.
*/
let
  /**
    Small general-purpose functions: combinators, comparison, warnings, function inspection.
  */
  trivial = import ./trivial.nix;

  /**
    Functions on lists.
  */
  lists = import ./lists.nix;

  /**
    Functions on strings.
  */
  strings = import ./strings.nix;

  /**
    Functions on attribute sets.
  */
  attrsets = import ./attrsets.nix;

  /**
    Fixed points and overlays.
  */
  fixedPoints = import ./fixed-points.nix;

  /**
    Assertions with readable messages.
  */
  asserts = import ./asserts.nix;

  /**
    Tracing helpers for debugging.
  */
  debug = import ./debug.nix;

  /**
    Functions on version strings.
  */
  versions = import ./versions.nix;
in
trivial
// fixedPoints
// lists
// strings
// attrsets
// asserts
// debug
// {
  inherit
    trivial
    lists
    strings
    attrsets
    fixedPoints
    asserts
    debug
    versions
    ;
  # `lib.replicate` is the list function; the string one is `lib.strings.replicate`.
  inherit (lists) replicate;
  inherit (versions) splitVersion;
}
