/**
  A nixpkgs-compatible subset of `lib`: same names, same semantics.
*/
{ }
