# Runs the library tests: every `lib-*.nix` and `kc-*.nix` file of this directory.
#
# Each test file is a function taking some of `{ lib, kc }` and returning a set of tests
# `{ <name> = { expr = ...; expected = ...; }; }` (nixpkgs `runTests` style). A test may instead
# say `expectedError = true;`: it passes when evaluating `expr` deeply throws (`throw` or a failed
# `assert`). Evaluates to `{ total; failures = [ { file; name; expr; expected; } ]; }`, files and
# test names in sorted order.
#
#   kc eval --json --expr 'import ./tests/run.nix'     (from lib-nix/)
let
  lib = import ../lib;
  kc = import ../kc {
    inherit lib;
    readYAML = _: throw "readYAML is not available in library tests";
  };
  args = { inherit lib kc; };

  isTestFile =
    name: kind:
    kind == "regular"
    && lib.hasSuffix ".nix" name
    && (lib.hasPrefix "lib-" name || lib.hasPrefix "kc-" name);

  files = builtins.filter (name: isTestFile name (builtins.readDir ./.).${name}) (
    builtins.attrNames (builtins.readDir ./.)
  );

  testsOf =
    file:
    let
      f = import (./. + "/${file}");
    in
    f (builtins.intersectAttrs (builtins.functionArgs f) args);

  # A failure record for one test, or null when it passes.
  check =
    file: name: test:
    if test ? expectedError then
      let
        result = builtins.tryEval (builtins.deepSeq test.expr test.expr);
      in
      if result.success then
        {
          inherit file name;
          expr = result.value;
          expected = "<an error>";
        }
      else
        null
    else
      let
        result = builtins.tryEval (builtins.deepSeq test.expr (test.expr == test.expected));
      in
      if result.success && result.value then
        null
      else
        {
          inherit file name;
          expr = if result.success then test.expr else "<an error>";
          inherit (test) expected;
        };

  perFile = map (
    file:
    let
      tests = testsOf file;
    in
    {
      count = builtins.length (builtins.attrNames tests);
      failures = builtins.filter (x: x != null) (
        map (name: check file name tests.${name}) (builtins.attrNames tests)
      );
    }
  ) files;
in
{
  total = builtins.foldl' (n: r: n + r.count) 0 perFile;
  failures = builtins.concatMap (r: r.failures) perFile;
}
