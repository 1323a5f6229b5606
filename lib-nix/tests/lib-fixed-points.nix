# Tests of lib/fixed-points.nix.
{ lib }:
{
  testFix = {
    expr = lib.fix (self: { foo = "foo"; bar = "bar"; foobar = self.foo + self.bar; });
    expected = { foo = "foo"; bar = "bar"; foobar = "foobar"; };
  };
  testFixList = {
    expr = builtins.elemAt (lib.fix (self: [ 1 ((builtins.head self) + 1) ])) 1;
    expected = 2;
  };
  testFixPrime = {
    expr =
      let
        x = lib.fix' (self: { a = 1; b = self.a + 1; });
      in
      {
        inherit (x) a b;
        unfix = (x.__unfix__ { a = 10; }).b;
      };
    expected = { a = 1; b = 2; unfix = 11; };
  };
  testConverge = {
    expr = [
      (lib.converge (x: if x < 10 then x + 3 else x) 0)
      (lib.converge (x: x) 5)
      (lib.converge (xs: lib.unique (xs ++ map (x: lib.min 3 (x + 1)) xs)) [ 0 ])
    ];
    expected = [ 12 5 [ 0 1 2 3 ] ];
  };
  testExtends = {
    expr = lib.fix (
      lib.extends (final: prev: { b = prev.a + 10; }) (final: { a = 1; b = 2; c = final.b * 2; })
    );
    expected = { a = 1; b = 11; c = 22; };
  };
  testExtendsSeesFinal = {
    expr = lib.fix (
      lib.extends (final: prev: { greeting = "hello ${final.name}"; }) (final: { name = "world"; })
    );
    expected = { name = "world"; greeting = "hello world"; };
  };
  testComposeExtensions = {
    expr = lib.fix (
      lib.extends (lib.composeExtensions (final: prev: { a = prev.a + 1; }) (final: prev: { a = prev.a * 10; })) (final: { a = 1; })
    );
    expected = { a = 20; };
  };
  testComposeExtensionsKeepsBoth = {
    expr = lib.fix (
      lib.extends (lib.composeExtensions (final: prev: { x = 1; }) (final: prev: { y = prev.x + 1; })) (final: { })
    );
    expected = { x = 1; y = 2; };
  };
  testComposeManyExtensions = {
    expr = lib.fix (
      lib.extends (lib.composeManyExtensions [
        (final: prev: { a = prev.a + 1; })
        (final: prev: { a = prev.a * 10; })
        (final: prev: { b = final.a; })
      ]) (final: { a = 1; })
    );
    expected = { a = 20; b = 20; };
  };
  testComposeManyExtensionsEmpty = {
    expr = lib.fix (lib.extends (lib.composeManyExtensions [ ]) (final: { a = 1; }));
    expected = { a = 1; };
  };
  testToExtension = {
    expr = [
      (lib.fix (lib.extends (lib.toExtension { b = 2; }) (final: { a = 1; })))
      (lib.fix (lib.extends (lib.toExtension (prev: { a = prev.a + 1; })) (final: { a = 1; })))
      (lib.fix (lib.extends (lib.toExtension (final: prev: { b = final.a; })) (final: { a = 1; })))
    ];
    expected = [
      { a = 1; b = 2; }
      { a = 2; }
      { a = 1; b = 1; }
    ];
  };
  testMakeExtensible = {
    expr =
      let
        base = lib.makeExtensible (final: { a = 1; b = final.a + 1; });
        extended = base.extend (final: prev: { a = 10; });
        twice = extended.extend (final: prev: { c = prev.b * 2; });
      in
      [
        base.b
        extended.b
        twice.c
        (twice.extend { d = 4; }).d
      ];
    expected = [ 2 11 22 4 ];
  };
  testMakeExtensibleWithCustomName = {
    expr =
      ((lib.makeExtensibleWithCustomName "overrideWith" (final: { a = 1; b = final.a + 1; })).overrideWith (
        final: prev: { a = 5; }
      )).b;
    expected = 6;
  };
  testFixedPointsSubmodule = {
    expr = (lib.fixedPoints.fix (self: { a = 1; b = self.a; })).b;
    expected = 1;
  };
}
