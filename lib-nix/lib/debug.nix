/**
  Tracing helpers for debugging an evaluation: each prints on stderr and returns a value
  unchanged.
*/
rec {

  /**
    Prints `msg` when the condition is true, then returns the value.

    # Type

    ```
    traceIf :: Bool -> String -> a -> a
    ```

    # Example

    ```nix
    traceIf true "hello" 3
    => 3   # and prints "trace: hello"
    ```
  */
  traceIf = pred: msg: x: if pred then builtins.trace msg x else x;

  /**
    Prints `f x` and returns `x`.

    # Type

    ```
    traceValFn :: (a -> b) -> a -> a
    ```

    # Example

    ```nix
    traceValFn (v: "value is ${toString v}") 42
    => 42   # and prints "trace: value is 42"
    ```
  */
  traceValFn = f: x: builtins.trace (f x) x;

  /**
    Prints a value and returns it.

    # Type

    ```
    traceVal :: a -> a
    ```

    # Example

    ```nix
    traceVal 42
    => 42   # and prints "trace: 42"
    ```
  */
  traceVal = traceValFn (x: x);

  /**
    Evaluates the first argument completely, prints it, and returns the second.

    # Type

    ```
    traceSeq :: a -> b -> b
    ```

    # Example

    ```nix
    traceSeq { a.b = [ 1 ]; } "done"
    => "done"   # and prints the whole set
    ```
  */
  traceSeq = x: y: builtins.trace (builtins.deepSeq x x) y;

  /**
    Like `traceValFn`, but evaluates the value completely first.

    # Type

    ```
    traceValSeqFn :: (a -> b) -> a -> a
    ```

    # Example

    ```nix
    traceValSeqFn (v: v.a) { a = [ 1 2 ]; }
    => { a = [ 1 2 ]; }   # and prints "trace: [ 1 2 ]"
    ```
  */
  traceValSeqFn = f: v: traceValFn f (builtins.deepSeq v v);

  /**
    Like `traceVal`, but evaluates the value completely first.

    # Type

    ```
    traceValSeq :: a -> a
    ```

    # Example

    ```nix
    traceValSeq [ 1 2 ]
    => [ 1 2 ]   # and prints "trace: [ 1 2 ]"
    ```
  */
  traceValSeq = traceValSeqFn (x: x);
}
