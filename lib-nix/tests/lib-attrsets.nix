# Tests of lib/attrsets.nix.
{ lib }:
{
  testBuiltinPassthroughs = {
    expr = [
      (lib.attrNames { b = 1; a = 2; })
      (lib.attrValues { c = 3; a = 1; b = 2; })
      (lib.getAttr "a" { a = 1; })
      (lib.hasAttr "a" { a = 1; })
      (lib.isAttrs { })
      (lib.listToAttrs [ { name = "a"; value = 1; } { name = "a"; value = 2; } ])
      (lib.removeAttrs { a = 1; b = 2; } [ "a" "z" ])
      (lib.intersectAttrs { a = 0; } { a = 1; b = 2; })
      (lib.catAttrs "a" [ { a = 1; } { b = 0; } { a = 2; } ])
      (lib.mapAttrs (name: value: name + "-" + value) { x = "foo"; y = "bar"; })
    ];
    expected = [
      [ "a" "b" ]
      [ 1 2 3 ]
      1
      true
      true
      { a = 1; }
      { b = 2; }
      { a = 1; }
      [ 1 2 ]
      { x = "x-foo"; y = "y-bar"; }
    ];
  };
  testSubmoduleAccess = {
    expr = lib.attrsets.recursiveUpdate { a.b = 1; } { a.c = 2; };
    expected = { a = { b = 1; c = 2; }; };
  };
  testAttrByPath = {
    expr =
      let
        x = { a = { b = 3; }; };
      in
      [
        (lib.attrByPath [ "a" "b" ] 6 x)
        (lib.attrByPath [ "z" "z" ] 6 x)
        (lib.attrByPath [ ] 6 x)
        (lib.attrByPath [ "a" "b" "c" ] 6 x)
        (lib.attrByPath [ "a" ] 6 x)
      ];
    expected = [ 3 6 { a = { b = 3; }; } 6 { b = 3; } ];
  };
  testAttrByPathLazyDefault = {
    expr = lib.attrByPath [ "a" ] (throw "default not needed") { a = 1; };
    expected = 1;
  };
  testHasAttrByPath = {
    expr =
      let
        x = { a = { b = 3; }; };
      in
      [
        (lib.hasAttrByPath [ "a" "b" ] x)
        (lib.hasAttrByPath [ "a" "c" ] x)
        (lib.hasAttrByPath [ "z" "z" ] x)
        (lib.hasAttrByPath [ ] x)
        (lib.hasAttrByPath [ "a" "b" "c" ] x)
      ];
    expected = [ true false false true false ];
  };
  testSetAttrByPath = {
    expr = [
      (lib.setAttrByPath [ "a" "b" ] 3)
      (lib.setAttrByPath [ ] 3)
      (lib.setAttrByPath [ "x" ] { })
    ];
    expected = [ { a = { b = 3; }; } 3 { x = { }; } ];
  };
  testGetAttrFromPath = {
    expr = lib.getAttrFromPath [ "a" "b" ] { a = { b = 3; }; };
    expected = 3;
  };
  testAttrVals = {
    expr = [
      (lib.attrVals [ "b" "a" ] { a = 1; b = 2; c = 3; })
      (lib.attrVals [ ] { a = 1; })
    ];
    expected = [ [ 2 1 ] [ ] ];
  };
  testGetAttrs = {
    expr = lib.getAttrs [ "a" "b" ] { a = 1; b = 2; c = 3; };
    expected = { a = 1; b = 2; };
  };
  testFilterAttrs = {
    expr = [
      (lib.filterAttrs (n: v: n == "foo") { foo = 1; bar = 2; })
      (lib.filterAttrs (n: v: v != null) { a = null; b = 0; c = false; })
      (lib.filterAttrs (n: v: true) { })
    ];
    expected = [ { foo = 1; } { b = 0; c = false; } { } ];
  };
  testFilterAttrsKeepsValuesLazy = {
    expr = builtins.attrNames (lib.filterAttrs (n: v: n != "b") { a = throw "lazy"; b = 1; });
    expected = [ "a" ];
  };
  testFilterAttrsRecursive = {
    expr = [
      (lib.filterAttrsRecursive (n: v: v != null) { foo = { bar = null; baz = 1; }; qux = null; })
      (lib.filterAttrsRecursive (n: v: n != "x") { a = { x = 1; b = { x = 2; y = 3; }; }; })
      (lib.filterAttrsRecursive (n: v: v != null) { l = [ null ]; })
    ];
    expected = [
      { foo = { baz = 1; }; }
      { a = { b = { y = 3; }; }; }
      { l = [ null ]; }
    ];
  };
  testFoldlAttrs = {
    expr = [
      (lib.foldlAttrs (acc: name: value: {
        sum = acc.sum + value;
        names = acc.names ++ [ name ];
      }) { sum = 0; names = [ ]; } { foo = 1; bar = 10; })
      (lib.foldlAttrs (throw "function not needed") 123 { })
      (lib.foldlAttrs (acc: _: _: acc) 3 { z = throw "value not needed"; a = throw "value not needed"; })
      (lib.foldlAttrs (acc: _: v: acc * 10 + v) 1 { z = 1; a = 2; })
    ];
    expected = [
      { sum = 11; names = [ "bar" "foo" ]; }
      123
      3
      121
    ];
  };
  testFoldAttrs = {
    expr = [
      (lib.foldAttrs (item: acc: [ item ] ++ acc) [ ] [ { a = 2; } { a = 3; b = 1; } ])
      (lib.foldAttrs (n: a: n + a) 0 [ { a = 1; b = 2; } { a = 10; } { b = 20; c = 5; } ])
      (lib.foldAttrs (n: a: n + a) 0 [ ])
    ];
    expected = [
      { a = [ 2 3 ]; b = [ 1 ]; }
      { a = 11; b = 22; c = 5; }
      { }
    ];
  };
  testCollect = {
    expr = [
      (lib.collect builtins.isList { a = { b = [ "b" ]; }; c = [ 1 ]; })
      (lib.collect (x: x ? outPath) { a = { outPath = "a/"; }; b = { outPath = "b/"; }; })
      (lib.collect builtins.isInt { })
      (lib.collect (x: x ? kind) { x = { kind = "Pod"; inner = { kind = "Ignored"; }; }; y = 1; })
    ];
    expected = [
      [ [ "b" ] [ 1 ] ]
      [ { outPath = "a/"; } { outPath = "b/"; } ]
      [ ]
      [ { kind = "Pod"; inner = { kind = "Ignored"; }; } ]
    ];
  };
  testCartesianProduct = {
    expr = lib.cartesianProduct { a = [ 1 2 ]; b = [ 10 20 ]; };
    expected = [
      { a = 1; b = 10; }
      { a = 1; b = 20; }
      { a = 2; b = 10; }
      { a = 2; b = 20; }
    ];
  };
  testCartesianProductEdges = {
    expr = [
      (lib.cartesianProduct { })
      (lib.cartesianProduct { a = [ ]; b = [ 1 ]; })
      (lib.cartesianProduct { a = [ 1 ]; })
    ];
    expected = [ [ { } ] [ ] [ { a = 1; } ] ];
  };
  testMapCartesianProduct = {
    expr = lib.mapCartesianProduct ({ a, b }: "${a}-${b}") { a = [ "1" "2" ]; b = [ "3" "4" ]; };
    expected = [ "1-3" "1-4" "2-3" "2-4" ];
  };
  testNameValuePair = {
    expr = lib.nameValuePair "some" 6;
    expected = { name = "some"; value = 6; };
  };
  testMapAttrsPrime = {
    expr = lib.mapAttrs' (name: value: lib.nameValuePair ("foo_" + name) ("bar-" + value)) { x = "a"; y = "b"; };
    expected = { foo_x = "bar-a"; foo_y = "bar-b"; };
  };
  testMapAttrsPrimeCollision = {
    expr = lib.mapAttrs' (name: value: lib.nameValuePair "same" value) { a = 1; b = 2; };
    expected = { same = 1; };
  };
  testMapAttrsToList = {
    expr = [
      (lib.mapAttrsToList (name: value: name + value) { y = "b"; x = "a"; })
      (lib.mapAttrsToList (n: v: v) { })
    ];
    expected = [ [ "xa" "yb" ] [ ] ];
  };
  testAttrsToList = {
    expr = lib.attrsToList { foo = 1; bar = "asdf"; };
    expected = [
      { name = "bar"; value = "asdf"; }
      { name = "foo"; value = 1; }
    ];
  };
  testAttrsToListRoundTrip = {
    expr =
      let
        s = { a = 1; b = [ 2 ]; };
      in
      builtins.listToAttrs (lib.attrsToList s) == s;
    expected = true;
  };
  testMapAttrsRecursive = {
    expr = lib.mapAttrsRecursive (path: value: lib.concatStringsSep "-" (path ++ [ value ])) {
      n = { a = "A"; m = { b = "B"; c = "C"; }; };
      d = "D";
    };
    expected = {
      n = { a = "n-a-A"; m = { b = "n-m-b-B"; c = "n-m-c-C"; }; };
      d = "d-D";
    };
  };
  testMapAttrsRecursiveEmptySet = {
    expr = lib.mapAttrsRecursive (path: v: 1) { a = { }; b = 2; };
    expected = { a = { }; b = 1; };
  };
  testMapAttrsRecursiveCond = {
    expr = lib.mapAttrsRecursiveCond (as: !(as ? kind)) (path: v: lib.concatStringsSep "." path) {
      a = { kind = "Pod"; };
      b = { c = 1; d = { e = 2; }; };
    };
    expected = { a = "a"; b = { c = "b.c"; d = { e = "b.d.e"; }; }; };
  };
  testMapAttrsRecursiveCondDerivation = {
    expr = lib.mapAttrsRecursiveCond (as: !lib.isDerivation as) (path: v: builtins.typeOf v) {
      drv = { type = "derivation"; x = 1; };
      s = { y = "1"; };
    };
    expected = { drv = "set"; s = { y = "string"; }; };
  };
  testGenAttrs = {
    expr = [
      (lib.genAttrs [ "foo" "bar" ] (name: "x_" + name))
      (lib.genAttrs [ ] (name: name))
      (lib.genAttrs [ "a" "a" ] (name: name))
    ];
    expected = [ { foo = "x_foo"; bar = "x_bar"; } { } { a = "a"; } ];
  };
  testGenAttrsPrime = {
    expr = lib.genAttrs' [ "foo" "bar" ] (s: lib.nameValuePair ("x_" + s) ("y_" + s));
    expected = { x_foo = "y_foo"; x_bar = "y_bar"; };
  };
  testIsDerivation = {
    expr = [
      (lib.isDerivation { type = "derivation"; })
      (lib.isDerivation { type = "other"; })
      (lib.isDerivation "foobar")
      (lib.isDerivation { })
      (lib.isDerivation null)
    ];
    expected = [ true false false false false ];
  };
  testOptionalAttrs = {
    expr = [
      (lib.optionalAttrs true { my = "set"; })
      (lib.optionalAttrs false { my = "set"; })
      (lib.optionalAttrs false (throw "lazy"))
    ];
    expected = [ { my = "set"; } { } { } ];
  };
  testZipAttrsWithNames = {
    expr = lib.zipAttrsWithNames [ "a" ] (name: vs: vs) [ { a = "x"; } { a = "y"; b = "z"; } ];
    expected = { a = [ "x" "y" ]; };
  };
  testZipAttrsWith = {
    expr = [
      (lib.zipAttrsWith (name: values: values) [ { a = "x"; } { a = "y"; b = "z"; } ])
      (lib.zipAttrsWith (name: values: name + toString (builtins.length values)) [ { a = 1; } { a = 2; } ])
      (lib.zipAttrsWith (name: values: values) [ ])
    ];
    expected = [
      { a = [ "x" "y" ]; b = [ "z" ]; }
      { a = "a2"; }
      { }
    ];
  };
  testZipAttrs = {
    expr = lib.zipAttrs [ { a = "x"; } { a = "y"; b = "z"; } ];
    expected = { a = [ "x" "y" ]; b = [ "z" ]; };
  };
  testMergeAttrsList = {
    expr = [
      (lib.mergeAttrsList [ { a = 0; b = 1; } { c = 2; d = 3; } { a = 5; } ])
      (lib.mergeAttrsList [ ])
      (lib.mergeAttrsList [ { a = 1; } ])
      (lib.mergeAttrsList (map (i: { "k${toString (lib.mod i 3)}" = i; }) (lib.range 0 9)))
    ];
    expected = [
      { a = 5; b = 1; c = 2; d = 3; }
      { }
      { a = 1; }
      { k0 = 9; k1 = 7; k2 = 8; }
    ];
  };
  testConcatMapAttrs = {
    expr = [
      (lib.concatMapAttrs (name: value: { ${name} = value; ${name + value} = value; }) { x = "a"; y = "b"; })
      (lib.concatMapAttrs (name: value: { k = name; }) { a = 1; b = 2; })
      (lib.concatMapAttrs (name: value: { }) { })
    ];
    expected = [
      { x = "a"; xa = "a"; y = "b"; yb = "b"; }
      { k = "b"; }
      { }
    ];
  };
  testRecursiveUpdate = {
    expr = lib.recursiveUpdate {
      boot.loader.grub.enable = true;
      boot.loader.grub.device = "/dev/hda";
    } { boot.loader.grub.device = ""; };
    expected = {
      boot.loader.grub.enable = true;
      boot.loader.grub.device = "";
    };
  };
  testRecursiveUpdateNested = {
    expr = lib.recursiveUpdate {
      metadata = { name = "web"; labels = { app = "web"; tier = "fe"; }; };
      spec.replicas = 1;
      spec.template.spec.containers = [ { name = "a"; } ];
    } {
      metadata.labels.tier = "backend";
      metadata.labels.team = "x";
      spec.template.spec.containers = [ { name = "b"; } ];
      spec.paused = true;
    };
    expected = {
      metadata = { name = "web"; labels = { app = "web"; tier = "backend"; team = "x"; }; };
      spec = {
        replicas = 1;
        paused = true;
        template.spec.containers = [ { name = "b"; } ];
      };
    };
  };
  testRecursiveUpdateReplacesNonSets = {
    expr = [
      (lib.recursiveUpdate { a = { b = 1; }; } { a = 2; })
      (lib.recursiveUpdate { a = 2; } { a = { b = 1; }; })
      (lib.recursiveUpdate { a = [ 1 ]; } { a = [ 2 ]; })
      (lib.recursiveUpdate { a = { b = 1; }; } { a = null; })
      (lib.recursiveUpdate { } { })
      (lib.recursiveUpdate { a = { }; } { a = { }; })
    ];
    expected = [
      { a = 2; }
      { a = { b = 1; }; }
      { a = [ 2 ]; }
      { a = null; }
      { }
      { a = { }; }
    ];
  };
  testRecursiveUpdateLazy = {
    expr = (lib.recursiveUpdate { a = throw "lazy"; b = 1; } { c = 2; }).b;
    expected = 1;
  };
  testRecursiveUpdateUntil = {
    expr = lib.recursiveUpdateUntil (path: l: r: path == [ "foo" ]) {
      foo.bar = 1;
      foo.baz = 2;
      bar = 3;
    } {
      foo.bar = 1;
      foo.quz = 2;
      baz = 4;
    };
    expected = {
      foo.bar = 1;
      foo.quz = 2;
      bar = 3;
      baz = 4;
    };
  };
  testRecursiveUpdateUntilPredicateArgs = {
    # The predicate gets the path, the left value and the right value.
    expr = lib.recursiveUpdateUntil (path: l: r: l ? stop) {
      a = { stop = 1; x = 1; };
      b = { x = 1; };
    } {
      a = { y = 2; };
      b = { y = 2; };
    };
    expected = {
      a = { y = 2; };
      b = { x = 1; y = 2; };
    };
  };
  testMatchAttrs = {
    expr = [
      (lib.matchAttrs { cpu = { }; } { cpu = { bits = 64; }; })
      (lib.matchAttrs { app = "web"; } { app = "db"; tier = "x"; })
      (lib.matchAttrs { app = "web"; } { app = "web"; tier = "x"; })
      (lib.matchAttrs { a.b = 1; } { a = { b = 1; c = 2; }; })
      (lib.matchAttrs { a.b = 1; } { a = 1; })
      (lib.matchAttrs { z = 1; } { })
      (lib.matchAttrs { } { a = 1; })
    ];
    expected = [ true false true true false false true ];
  };
  testOverrideExisting = {
    expr = [
      (lib.overrideExisting { } { a = 1; })
      (lib.overrideExisting { b = 2; } { a = 1; })
      (lib.overrideExisting { a = 3; b = 2; } { a = 1; })
    ];
    expected = [ { } { b = 2; } { a = 1; b = 2; } ];
  };
  testShowAttrPath = {
    expr = [
      (lib.showAttrPath [ "metadata" "labels" "app.kubernetes.io/name" ])
      (lib.showAttrPath [ ])
      (lib.showAttrPath [ "foo" "10" "bar" ])
    ];
    expected = [ "metadata.labels.\"app.kubernetes.io/name\"" "<root attribute path>" "foo.\"10\".bar" ];
  };
  testUpdateManyAttrsByPath = {
    expr = lib.updateManyAttrsByPath [
      { path = [ "a" "b" ]; update = old: { d = old.c; }; }
      { path = [ "a" "b" "c" ]; update = old: old + 1; }
      { path = [ "x" "y" ]; update = old: "xy"; }
    ] { a.b.c = 0; };
    expected = { a = { b = { d = 1; }; }; x = { y = "xy"; }; };
  };
  testUpdateManyAttrsByPathEmpty = {
    expr = [
      (lib.updateManyAttrsByPath [ ] { a = 1; })
      (lib.updateManyAttrsByPath [ { path = [ ]; update = old: old // { b = 2; }; } ] { a = 1; })
    ];
    expected = [ { a = 1; } { a = 1; b = 2; } ];
  };
  testUpdateManyAttrsByPathOrder = {
    expr = lib.updateManyAttrsByPath [
      { path = [ "a" ]; update = old: old + 1; }
      { path = [ "a" ]; update = old: old * 10; }
    ] { a = 1; };
    expected = { a = 20; };
  };
  testUpdateManyAttrsByPathMissingValue = {
    expr = lib.updateManyAttrsByPath [ { path = [ "a" ]; update = old: old + 1; } ] { };
    expectedError = true;
  };
  testUpdateManyAttrsByPathNotASet = {
    expr = lib.updateManyAttrsByPath [ { path = [ "a" "b" ]; update = old: 1; } ] { a = 1; };
    expectedError = true;
  };
  testUnionOfDisjoint = {
    expr = lib.unionOfDisjoint { a = 1; } { b = 2; };
    expected = { a = 1; b = 2; };
  };
  testUnionOfDisjointCollision = {
    expr = lib.unionOfDisjoint { a = 1; } { a = 2; };
    expectedError = true;
  };
  testUnionOfDisjointCollisionIsLazy = {
    expr = (lib.unionOfDisjoint { a = 1; c = 3; } { a = 2; }).c;
    expected = 3;
  };
  testRecurseIntoAttrs = {
    expr = [
      (lib.recurseIntoAttrs { a = 1; })
      (lib.dontRecurseIntoAttrs (lib.recurseIntoAttrs { a = 1; }))
    ];
    expected = [
      { a = 1; recurseForDerivations = true; }
      { a = 1; recurseForDerivations = false; }
    ];
  };
}
