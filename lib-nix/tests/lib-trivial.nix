# Tests of lib/trivial.nix.
{ lib }:
{
  testId = {
    expr = lib.id 5;
    expected = 5;
  };
  testIdFromSubmodule = {
    expr = lib.trivial.id "x";
    expected = "x";
  };
  testConst = {
    expr = map (lib.const "x") [ 1 2 3 ];
    expected = [ "x" "x" "x" ];
  };
  testConstIgnoresArgument = {
    expr = lib.const 1 (throw "not evaluated");
    expected = 1;
  };
  testPipe = {
    expr = lib.pipe 2 [
      (x: x + 2)
      (x: x * 3)
      toString
    ];
    expected = "12";
  };
  testPipeEmpty = {
    expr = lib.pipe 2 [ ];
    expected = 2;
  };
  testPipeOrder = {
    expr = lib.pipe [ 3 1 2 ] [
      (builtins.sort (a: b: a < b))
      (map (x: x * 10))
      builtins.head
    ];
    expected = 10;
  };
  testConcat = {
    expr = lib.concat [ 1 2 ] [ 3 ];
    expected = [ 1 2 3 ];
  };
  testOr = {
    expr = [
      (lib.or false false)
      (lib.or false true)
      (lib.or true (throw "lazy"))
    ];
    expected = [ false true true ];
  };
  testAnd = {
    expr = [
      (lib.and true true)
      (lib.and true false)
      (lib.and false (throw "lazy"))
    ];
    expected = [ true false false ];
  };
  testXor = {
    expr = [
      (lib.xor true false)
      (lib.xor false true)
      (lib.xor true true)
      (lib.xor false false)
    ];
    expected = [ true true false false ];
  };
  testBitOps = {
    expr = [
      (lib.bitAnd 12 10)
      (lib.bitOr 12 10)
      (lib.bitXor 12 10)
      (lib.bitNot 0)
      (lib.bitNot 5)
    ];
    expected = [ 8 14 6 (-1) (-6) ];
  };
  testBoolToString = {
    expr = map lib.boolToString [ true false ];
    expected = [ "true" "false" ];
  };
  testBoolToYesNo = {
    expr = map lib.boolToYesNo [ true false ];
    expected = [ "yes" "no" ];
  };
  testMergeAttrs = {
    expr = lib.mergeAttrs { a = 1; b = 2; } { b = 3; c = 4; };
    expected = { a = 1; b = 3; c = 4; };
  };
  testFlip = {
    expr = lib.flip builtins.sub 1 10;
    expected = 9;
  };
  testFlipConcat = {
    expr = lib.flip lib.concat [ 1 ] [ 2 ];
    expected = [ 2 1 ];
  };
  testDefaultTo = {
    expr = [
      (lib.defaultTo 80 null)
      (lib.defaultTo 80 8080)
      (lib.defaultTo 80 false)
    ];
    expected = [ 80 8080 false ];
  };
  testMapNullable = {
    expr = [
      (lib.mapNullable (x: x + 1) null)
      (lib.mapNullable (x: x + 1) 22)
    ];
    expected = [ null 23 ];
  };
  testMinMax = {
    expr = [
      (lib.min 3 7)
      (lib.max 3 7)
      (lib.min "b" "a")
      (lib.max 1.5 1)
    ];
    expected = [ 3 7 "a" 1.5 ];
  };
  testMod = {
    expr = [
      (lib.mod 11 10)
      (lib.mod 1 10)
      (lib.mod (-11) 10)
      (lib.mod 10 10)
    ];
    expected = [ 1 1 (-1) 0 ];
  };
  testCompare = {
    expr = [
      (lib.compare 1 2)
      (lib.compare 2 1)
      (lib.compare 2 2)
      (lib.compare "a" "b")
      (lib.compare [ 1 2 ] [ 1 3 ])
    ];
    expected = [ (-1) 1 0 (-1) (-1) ];
  };
  testSplitByAndCompare = {
    expr =
      let
        cmp = lib.splitByAndCompare (lib.hasPrefix "foo") lib.compare lib.compare;
      in
      [
        (cmp "a" "z")
        (cmp "fooa" "fooz")
        (cmp "f" "fooz")
        (cmp "fooz" "a")
      ];
    expected = [ (-1) (-1) 1 (-1) ];
  };
  testSortWithSplitByAndCompare = {
    expr = builtins.sort (a: b: lib.splitByAndCompare (lib.hasPrefix "kube-") lib.compare lib.compare a b < 0) [
      "zeta"
      "kube-proxy"
      "alpha"
      "kube-dns"
    ];
    expected = [ "kube-dns" "kube-proxy" "alpha" "zeta" ];
  };
  testWarnReturnsValue = {
    expr = lib.warn "a test warning" 42;
    expected = 42;
  };
  testWarnIfFalse = {
    expr = lib.warnIf false (throw "message not evaluated") "value";
    expected = "value";
  };
  testWarnIfTrue = {
    expr = lib.warnIf true "a test warning" "value";
    expected = "value";
  };
  testWarnIfNot = {
    expr = lib.warnIfNot true (throw "message not evaluated") "value";
    expected = "value";
  };
  testInfo = {
    expr = lib.info "an info message" 1;
    expected = 1;
  };
  testShowWarnings = {
    expr = lib.showWarnings [ "first" "second" ] 42;
    expected = 42;
  };
  testShowWarningsEmpty = {
    expr = lib.showWarnings [ ] "x";
    expected = "x";
  };
  testThrowIfFalse = {
    expr = lib.throwIf false "unreachable" "ok";
    expected = "ok";
  };
  testThrowIfTrue = {
    expr = lib.throwIf true "boom" "ok";
    expectedError = true;
  };
  testThrowIfNotTrue = {
    expr = lib.throwIfNot true "unreachable" 3;
    expected = 3;
  };
  testThrowIfNotFalse = {
    expr = lib.throwIfNot false "boom" 3;
    expectedError = true;
  };
  testCheckListOfEnumOk = {
    expr = lib.checkListOfEnum "protocols" [ "TCP" "UDP" ] [ "TCP" ] "ok";
    expected = "ok";
  };
  testCheckListOfEnumEmpty = {
    expr = lib.checkListOfEnum "protocols" [ "TCP" "UDP" ] [ ] "ok";
    expected = "ok";
  };
  testCheckListOfEnumBad = {
    expr = lib.checkListOfEnum "protocols" [ "TCP" "UDP" ] [ "TCP" "HTTP" ] "ok";
    expectedError = true;
  };
  testSeq = {
    expr = lib.seq (1 + 1) "done";
    expected = "done";
  };
  testSeqForces = {
    expr = lib.seq (throw "forced") "done";
    expectedError = true;
  };
  testSeqIsShallow = {
    expr = lib.seq { a = throw "not forced"; } "done";
    expected = "done";
  };
  testDeepSeqForces = {
    expr = lib.deepSeq { a = throw "forced"; } "done";
    expectedError = true;
  };
  testTypePredicates = {
    expr = [
      (lib.isBool true)
      (lib.isInt 3)
      (lib.isInt 3.0)
      (lib.isFloat 0.5)
      (lib.isPath ./run.nix)
      (lib.isPath "./run.nix")
      (lib.isString "x")
      (lib.isList [ ])
      (lib.isAttrs { })
    ];
    expected = [ true true false true true false true true true ];
  };
  testArithmeticFunctions = {
    expr = [
      (builtins.foldl' lib.add 0 [ 1 2 3 ])
      (lib.sub 10 3)
      (lib.lessThan 1 2)
      (lib.trace "a trace" 7)
    ];
    expected = [ 6 7 true 7 ];
  };
  testIsFunction = {
    expr = [
      (lib.isFunction (x: x))
      (lib.isFunction builtins.map)
      (lib.isFunction { __functor = self: x: x; })
      (lib.isFunction { })
      (lib.isFunction "x")
    ];
    expected = [ true true true false false ];
  };
  testFunctionArgsLambda = {
    expr = lib.functionArgs ({ name, port ? 80 }: name);
    expected = { name = false; port = true; };
  };
  testFunctionArgsPlain = {
    expr = lib.functionArgs (x: x);
    expected = { };
  };
  testFunctionArgsFunctor = {
    expr = lib.functionArgs { __functor = self: { a, b ? 1 }: a; };
    expected = { a = false; b = true; };
  };
  testSetFunctionArgs = {
    expr =
      let
        f = lib.setFunctionArgs (args: args.x + 1) { x = false; };
      in
      {
        args = lib.functionArgs f;
        result = f { x = 1; };
        isFunction = lib.isFunction f;
      };
    expected = {
      args = { x = false; };
      result = 2;
      isFunction = true;
    };
  };
  testMirrorFunctionArgs = {
    expr =
      let
        g = lib.mirrorFunctionArgs ({ x, y ? 1 }: x) (args: args.x * 2);
      in
      {
        args = lib.functionArgs g;
        result = g { x = 4; };
      };
    expected = {
      args = { x = false; y = true; };
      result = 8;
    };
  };
  testToFunctionValue = {
    expr = lib.toFunction { replicas = 2; } { };
    expected = { replicas = 2; };
  };
  testToFunctionFunction = {
    expr = lib.toFunction (args: { replicas = args.n; }) { n = 3; };
    expected = { replicas = 3; };
  };
  testToFunctionFunctor = {
    expr = lib.toFunction { __functor = self: x: x + 1; } 1;
    expected = 2;
  };
  testToBaseDigits = {
    expr = [
      (lib.toBaseDigits 2 6)
      (lib.toBaseDigits 16 255)
      (lib.toBaseDigits 10 0)
      (lib.toBaseDigits 10 1230)
    ];
    expected = [
      [ 1 1 0 ]
      [ 15 15 ]
      [ 0 ]
      [ 1 2 3 0 ]
    ];
  };
  testToBaseDigitsNegative = {
    expr = lib.toBaseDigits 10 (-1);
    expectedError = true;
  };
  testToHexString = {
    expr = map lib.toHexString [ 0 9 10 250 4095 65536 ];
    expected = [ "0" "9" "A" "FA" "FFF" "10000" ];
  };
  testFromHexString = {
    expr = map lib.fromHexString [ "FF" "ff" "0x1a" "0" "7fffffffffffffff" ];
    expected = [ 255 255 26 0 9223372036854775807 ];
  };
  testFromHexStringInvalid = {
    expr = lib.fromHexString "xyz";
    expectedError = true;
  };
}
