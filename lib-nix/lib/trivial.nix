/**
  Small general-purpose functions: combinators, boolean and integer helpers, comparison,
  warnings and errors, and functions that inspect or wrap other functions.
  Every function here is also available directly on `lib` (`lib.id` is `lib.trivial.id`).
*/
rec {

  /**
    The identity function: returns its argument unchanged.

    # Type

    ```
    id :: a -> a
    ```

    # Example

    ```nix
    id 5
    => 5
    ```
  */
  id = x: x;

  /**
    Returns a function that ignores its argument and always returns `x`.

    Useful wherever a function is expected but the value does not depend on its argument.

    # Type

    ```
    const :: a -> b -> a
    ```

    # Example

    ```nix
    map (const "x") [ 1 2 3 ]
    => [ "x" "x" "x" ]
    ```
  */
  const = x: _: x;

  /**
    Passes a value through a list of functions, left to right.

    `pipe x [ f g h ]` is `h (g (f x))`; it reads in the order the functions are applied.

    # Type

    ```
    pipe :: a -> [<functions>] -> <return type of last function>
    ```

    # Example

    ```nix
    pipe 2 [ (x: x + 2) (x: x * 3) toString ]
    => "12"
    ```
  */
  pipe = value: fns: builtins.foldl' (acc: f: f acc) value fns;

  /**
    Concatenates two lists; the function form of `++`.

    # Type

    ```
    concat :: [a] -> [a] -> [a]
    ```

    # Example

    ```nix
    concat [ 1 2 ] [ 3 4 ]
    => [ 1 2 3 4 ]
    ```
  */
  concat = x: y: x ++ y;

  /**
    Boolean "or" as a function; the second argument is evaluated only when the first is false.

    # Type

    ```
    or :: Bool -> Bool -> Bool
    ```

    # Example

    ```nix
    lib.or false true
    => true
    ```
  */
  or = x: y: x || y;

  /**
    Boolean "and" as a function; the second argument is evaluated only when the first is true.

    # Type

    ```
    and :: Bool -> Bool -> Bool
    ```

    # Example

    ```nix
    and true false
    => false
    ```
  */
  and = x: y: x && y;

  /**
    Boolean exclusive or: true when exactly one of the two arguments is true.

    # Type

    ```
    xor :: Bool -> Bool -> Bool
    ```

    # Example

    ```nix
    xor true false
    => true
    xor true true
    => false
    ```
  */
  xor = x: y: (!x) != (!y);

  /**
    Bitwise and of two integers (`builtins.bitAnd`).

    # Type

    ```
    bitAnd :: Int -> Int -> Int
    ```

    # Example

    ```nix
    bitAnd 12 10
    => 8
    ```
  */
  bitAnd = builtins.bitAnd;

  /**
    Bitwise or of two integers (`builtins.bitOr`).

    # Type

    ```
    bitOr :: Int -> Int -> Int
    ```

    # Example

    ```nix
    bitOr 12 10
    => 14
    ```
  */
  bitOr = builtins.bitOr;

  /**
    Bitwise exclusive or of two integers (`builtins.bitXor`).

    # Type

    ```
    bitXor :: Int -> Int -> Int
    ```

    # Example

    ```nix
    bitXor 12 10
    => 6
    ```
  */
  bitXor = builtins.bitXor;

  /**
    Bitwise negation of an integer (two's complement).

    # Type

    ```
    bitNot :: Int -> Int
    ```

    # Example

    ```nix
    bitNot 0
    => -1
    ```
  */
  bitNot = builtins.sub (-1);

  /**
    Converts a Boolean to the string `"true"` or `"false"`.

    # Type

    ```
    boolToString :: Bool -> String
    ```

    # Example

    ```nix
    boolToString true
    => "true"
    ```
  */
  boolToString = b: if b then "true" else "false";

  /**
    Converts a Boolean to the string `"yes"` or `"no"`.

    # Type

    ```
    boolToYesNo :: Bool -> String
    ```

    # Example

    ```nix
    boolToYesNo false
    => "no"
    ```
  */
  boolToYesNo = b: if b then "yes" else "no";

  /**
    Merges two attribute sets, the second one winning on common names; the function form of `//`.

    # Type

    ```
    mergeAttrs :: AttrSet -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    mergeAttrs { a = 1; b = 2; } { b = 3; c = 4; }
    => { a = 1; b = 3; c = 4; }
    ```
  */
  mergeAttrs = x: y: x // y;

  /**
    Swaps the first two arguments of a function.

    # Type

    ```
    flip :: (a -> b -> c) -> b -> a -> c
    ```

    # Example

    ```nix
    flip builtins.sub 1 10
    => 9
    ```
  */
  flip = f: a: b: f b a;

  /**
    Returns `value` unless it is `null`, in which case returns `default`.

    # Type

    ```
    defaultTo :: a -> (a | Null) -> a
    ```

    # Example

    ```nix
    defaultTo 80 null
    => 80
    defaultTo 80 8080
    => 8080
    ```
  */
  defaultTo = default: value: if value == null then default else value;

  /**
    Applies `f` to `a` unless `a` is `null`, in which case returns `null`.

    # Type

    ```
    mapNullable :: (a -> b) -> (a | Null) -> (b | Null)
    ```

    # Example

    ```nix
    mapNullable (x: x + 1) null
    => null
    mapNullable (x: x + 1) 22
    => 23
    ```
  */
  mapNullable = f: a: if a == null then a else f a;

  /**
    The smaller of two values, compared with `<`.

    # Type

    ```
    min :: a -> a -> a
    ```

    # Example

    ```nix
    min 3 7
    => 3
    ```
  */
  min = x: y: if x < y then x else y;

  /**
    The larger of two values, compared with `>`.

    # Type

    ```
    max :: a -> a -> a
    ```

    # Example

    ```nix
    max 3 7
    => 7
    ```
  */
  max = x: y: if x > y then x else y;

  /**
    Integer remainder of `base` divided by `int`, with the sign of `base` (like C's `%`).

    # Type

    ```
    mod :: Int -> Int -> Int
    ```

    # Example

    ```nix
    mod 11 10
    => 1
    mod (-11) 10
    => -1
    ```
  */
  mod = base: int: base - (int * (builtins.div base int));

  /**
    Three-way comparison: `-1` when `a < b`, `1` when `a > b`, `0` otherwise.

    # Type

    ```
    compare :: a -> a -> Int
    ```

    # Example

    ```nix
    compare "a" "b"
    => -1
    compare 2 2
    => 0
    ```
  */
  compare = a: b: if a < b then -1 else if a > b then 1 else 0;

  /**
    Compares two values by a predicate first, then with one of two comparison functions.

    When `p a` and `p b` are both true, `yes a b` decides; when both are false, `no a b` decides;
    otherwise the value satisfying `p` comes first (`-1` when it is `a`).

    # Type

    ```
    splitByAndCompare :: (a -> Bool) -> (a -> a -> Int) -> (a -> a -> Int) -> a -> a -> Int
    ```

    # Example

    ```nix
    splitByAndCompare (builtins.isString) compare compare "b" 1
    => -1
    splitByAndCompare (builtins.isString) compare compare "b" "a"
    => 1
    ```
  */
  splitByAndCompare =
    p: yes: no: a: b:
    if p a then
      if p b then yes a b else -1
    else if p b then
      1
    else
      no a b;

  /**
    Prints a warning message on stderr and returns the second argument.

    Uses `builtins.warn` when the evaluator has it, and `builtins.trace` otherwise.

    # Type

    ```
    warn :: String -> a -> a
    ```

    # Example

    ```nix
    warn "replicas is deprecated" 3
    => 3   # and prints "evaluation warning: replicas is deprecated"
    ```
  */
  warn = builtins.warn or (msg: builtins.trace "evaluation warning: ${msg}");

  /**
    Like `warn`, but only when the condition is true; otherwise returns the value silently.

    # Type

    ```
    warnIf :: Bool -> String -> a -> a
    ```

    # Example

    ```nix
    warnIf (1 > 2) "never printed" "value"
    => "value"
    ```
  */
  warnIf = cond: msg: if cond then warn msg else x: x;

  /**
    Like `warn`, but only when the condition is false.

    # Type

    ```
    warnIfNot :: Bool -> String -> a -> a
    ```

    # Example

    ```nix
    warnIfNot true "never printed" "value"
    => "value"
    ```
  */
  warnIfNot = cond: msg: if cond then x: x else warn msg;

  /**
    Prints an informational message on stderr and returns the second argument.

    # Type

    ```
    info :: String -> a -> a
    ```

    # Example

    ```nix
    info "rendering prod" 1
    => 1   # and prints "trace: INFO: rendering prod"
    ```
  */
  info = msg: builtins.trace "INFO: ${msg}";

  /**
    Prints every warning of a list, then returns the value.

    # Type

    ```
    showWarnings :: [String] -> a -> a
    ```

    # Example

    ```nix
    showWarnings [ "first" "second" ] 42
    => 42   # and prints both warnings
    ```
  */
  showWarnings = warnings: res: builtins.foldl' (acc: w: x: acc (warn w x)) (x: x) warnings res;

  /**
    Throws `msg` when the condition is true; otherwise returns the value unchanged.

    Made to be chained in front of a value: `throwIf cond msg value`.

    # Type

    ```
    throwIf :: Bool -> String -> a -> a
    ```

    # Example

    ```nix
    throwIf false "unreachable" "ok"
    => "ok"
    throwIf true "replicas must be positive" 3
    => error: replicas must be positive
    ```
  */
  throwIf = cond: msg: if cond then throw msg else x: x;

  /**
    Throws `msg` when the condition is false; otherwise returns the value unchanged.

    # Type

    ```
    throwIfNot :: Bool -> String -> a -> a
    ```

    # Example

    ```nix
    throwIfNot (3 > 0) "replicas must be positive" 3
    => 3
    ```
  */
  throwIfNot = cond: msg: if cond then x: x else throw msg;

  /**
    Checks that every element of `given` is in `valid`, throwing a message naming the others.

    Returns its last argument unchanged when the check passes.

    # Type

    ```
    checkListOfEnum :: String -> [a] -> [a] -> b -> b
    ```

    # Example

    ```nix
    checkListOfEnum "protocols" [ "TCP" "UDP" ] [ "TCP" ] "ok"
    => "ok"
    checkListOfEnum "protocols" [ "TCP" "UDP" ] [ "HTTP" ] "ok"
    => error: protocols: HTTP unexpected; valid ones: TCP, UDP
    ```
  */
  checkListOfEnum =
    msg: valid: given:
    let
      unexpected = builtins.filter (x: !(builtins.elem x valid)) given;
      show = xs: builtins.concatStringsSep ", " (map toString xs);
    in
    throwIfNot (unexpected == [ ]) "${msg}: ${show unexpected} unexpected; valid ones: ${show valid}";

  /**
    Evaluates the first argument to weak head normal form, then returns the second
    (`builtins.seq`).

    # Type

    ```
    seq :: a -> b -> b
    ```

    # Example

    ```nix
    seq (1 + 1) "done"
    => "done"
    ```
  */
  seq = builtins.seq;

  /**
    Evaluates the first argument completely, then returns the second (`builtins.deepSeq`).

    # Type

    ```
    deepSeq :: a -> b -> b
    ```

    # Example

    ```nix
    deepSeq { a = [ 1 ]; } "done"
    => "done"
    ```
  */
  deepSeq = builtins.deepSeq;

  /**
    Whether a value is a Boolean (`builtins.isBool`).

    # Type

    ```
    isBool :: a -> Bool
    ```

    # Example

    ```nix
    isBool false
    => true
    ```
  */
  isBool = builtins.isBool;

  /**
    Whether a value is an integer (`builtins.isInt`).

    # Type

    ```
    isInt :: a -> Bool
    ```

    # Example

    ```nix
    isInt 3
    => true
    isInt 3.0
    => false
    ```
  */
  isInt = builtins.isInt;

  /**
    Whether a value is a floating-point number (`builtins.isFloat`).

    # Type

    ```
    isFloat :: a -> Bool
    ```

    # Example

    ```nix
    isFloat 0.5
    => true
    ```
  */
  isFloat = builtins.isFloat;

  /**
    Whether a value is a path (`builtins.isPath`).

    # Type

    ```
    isPath :: a -> Bool
    ```

    # Example

    ```nix
    isPath ./kc.nix
    => true
    isPath "./kc.nix"
    => false
    ```
  */
  isPath = builtins.isPath;

  /**
    Integer or float addition as a function (`builtins.add`).

    # Type

    ```
    add :: Number -> Number -> Number
    ```

    # Example

    ```nix
    builtins.foldl' add 0 [ 1 2 3 ]
    => 6
    ```
  */
  add = builtins.add;

  /**
    Subtraction as a function (`builtins.sub`).

    # Type

    ```
    sub :: Number -> Number -> Number
    ```

    # Example

    ```nix
    sub 10 3
    => 7
    ```
  */
  sub = builtins.sub;

  /**
    The `<` operator as a function (`builtins.lessThan`).

    # Type

    ```
    lessThan :: a -> a -> Bool
    ```

    # Example

    ```nix
    lessThan 1 2
    => true
    ```
  */
  lessThan = builtins.lessThan;

  /**
    Prints its first argument on stderr and returns the second (`builtins.trace`).

    # Type

    ```
    trace :: a -> b -> b
    ```

    # Example

    ```nix
    trace "here" 1
    => 1   # and prints "trace: here"
    ```
  */
  trace = builtins.trace;

  /**
    Whether the value can be called like a function: a lambda, a builtin, or a set with
    `__functor`.

    # Type

    ```
    isFunction :: a -> Bool
    ```

    # Example

    ```nix
    isFunction (x: x)
    => true
    isFunction { __functor = self: x: x; }
    => true
    isFunction { }
    => false
    ```
  */
  isFunction = f: builtins.isFunction f || (f ? __functor && isFunction (f.__functor f));

  /**
    The formal arguments of a function: a set mapping each name to whether it has a default.

    Unlike `builtins.functionArgs`, it understands functors made by `setFunctionArgs` and sets
    with `__functor`. A function that takes a plain argument (`x: ...`) gives `{ }`.

    # Type

    ```
    functionArgs :: (a -> b) -> { <name> :: Bool; }
    ```

    # Example

    ```nix
    functionArgs ({ name, port ? 80 }: name)
    => { name = false; port = true; }
    ```
  */
  functionArgs =
    f:
    if f ? __functor then f.__functionArgs or (functionArgs (f.__functor f)) else builtins.functionArgs f;

  /**
    Wraps a function in a functor that reports `args` as its formal arguments to `functionArgs`.

    # Type

    ```
    setFunctionArgs :: (a -> b) -> { <name> :: Bool; } -> (a -> b)
    ```

    # Example

    ```nix
    functionArgs (setFunctionArgs (args: args.x) { x = false; })
    => { x = false; }
    ```
  */
  setFunctionArgs = f: args: {
    __functor = self: f;
    __functionArgs = args;
  };

  /**
    Gives a new function `g` the formal arguments of `f`.

    # Type

    ```
    mirrorFunctionArgs :: (a -> b) -> (a -> c) -> (a -> c)
    ```

    # Example

    ```nix
    functionArgs (mirrorFunctionArgs ({ x, y ? 1 }: x) (args: args.x * 2))
    => { x = false; y = true; }
    ```
  */
  mirrorFunctionArgs =
    f:
    let
      fArgs = functionArgs f;
    in
    g: setFunctionArgs g fArgs;

  /**
    Turns a value into a function: functions are returned as they are, anything else becomes
    a function that ignores its argument and returns the value.

    # Type

    ```
    toFunction :: (a -> b | b) -> a -> b
    ```

    # Example

    ```nix
    toFunction { replicas = 2; } { }
    => { replicas = 2; }
    toFunction (args: { replicas = args.n; }) { n = 3; }
    => { replicas = 3; }
    ```
  */
  toFunction = v: if isFunction v then v else _: v;

  /**
    The digits of a non-negative integer in a base (at least 2), most significant first.

    # Type

    ```
    toBaseDigits :: Int -> Int -> [Int]
    ```

    # Example

    ```nix
    toBaseDigits 2 6
    => [ 1 1 0 ]
    toBaseDigits 16 255
    => [ 15 15 ]
    ```
  */
  toBaseDigits =
    base: i:
    let
      go = n: acc: if n < base then [ n ] ++ acc else go (n / base) ([ (n - (n / base) * base) ] ++ acc);
    in
    assert builtins.isInt base;
    assert builtins.isInt i;
    assert base >= 2;
    assert i >= 0;
    go i [ ];

  /**
    The upper-case hexadecimal representation of a non-negative integer.

    # Type

    ```
    toHexString :: Int -> String
    ```

    # Example

    ```nix
    toHexString 250
    => "FA"
    ```
  */
  toHexString =
    i:
    builtins.concatStringsSep "" (
      map (d: builtins.substring d 1 "0123456789ABCDEF") (toBaseDigits 16 i)
    );

  /**
    The integer denoted by a hexadecimal string, with or without a `0x` prefix.

    Upper and lower case digits are accepted; anything else is an error.

    # Type

    ```
    fromHexString :: String -> Int
    ```

    # Example

    ```nix
    fromHexString "FF"
    => 255
    fromHexString "0x1a"
    => 26
    ```
  */
  fromHexString =
    str:
    let
      m = builtins.match "(0x)?([0-7]?[0-9A-Fa-f]{1,15})" str;
    in
    if m == null then
      throw "fromHexString: \"${str}\" is not a hexadecimal number"
    else
      (builtins.fromTOML "v=0x${builtins.elemAt m 1}").v;
}
