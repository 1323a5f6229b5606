# Tests of lib/debug.nix: the traces go to stderr; the values come back unchanged.
{ lib }:
{
  testTraceIf = {
    expr = [
      (lib.traceIf true "traceIf: printed" 3)
      (lib.traceIf false (throw "message not evaluated") 4)
    ];
    expected = [ 3 4 ];
  };
  testTraceVal = {
    expr = lib.traceVal 42;
    expected = 42;
  };
  testTraceValFn = {
    expr = lib.traceValFn (v: "traceValFn: value is ${toString v}") 42;
    expected = 42;
  };
  testTraceSeq = {
    expr = lib.traceSeq { a.b = [ 1 ]; } "done";
    expected = "done";
  };
  testTraceSeqForces = {
    expr = lib.traceSeq { a = throw "forced"; } "done";
    expectedError = true;
  };
  testTraceValSeq = {
    expr = lib.traceValSeq [ 1 2 ];
    expected = [ 1 2 ];
  };
  testTraceValSeqFn = {
    expr = lib.traceValSeqFn (v: builtins.toJSON v.a) { a = [ 1 2 ]; };
    expected = { a = [ 1 2 ]; };
  };
}
