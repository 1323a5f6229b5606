# Tests of lib/asserts.nix.
{ lib }:
{
  testAssertMsgTrue = {
    expr = lib.assertMsg (1 < 2) "never thrown";
    expected = true;
  };
  testAssertMsgFalse = {
    expr = lib.assertMsg false "thrown";
    expectedError = true;
  };
  testAssertMsgInAssert = {
    expr = assert lib.assertMsg (builtins.isInt 3) "port must be an integer"; "ok";
    expected = "ok";
  };
  testAssertOneOf = {
    expr = lib.assertOneOf "protocol" "TCP" [ "TCP" "UDP" ];
    expected = true;
  };
  testAssertOneOfFails = {
    expr = lib.assertOneOf "protocol" "HTTP" [ "TCP" "UDP" ];
    expectedError = true;
  };
  testAssertEachOneOf = {
    expr = [
      (lib.assertEachOneOf "verbs" [ "get" "list" ] [ "get" "list" "watch" ])
      (lib.assertEachOneOf "verbs" [ ] [ "get" ])
    ];
    expected = [ true true ];
  };
  testAssertEachOneOfFails = {
    expr = lib.assertEachOneOf "verbs" [ "get" "delete" ] [ "get" "list" ];
    expectedError = true;
  };
}
