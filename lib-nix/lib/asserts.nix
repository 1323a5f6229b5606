/**
  Assertions with readable messages, for use with `assert`: each returns `true` or throws.
*/
let
  lists = import ./lists.nix;
  # A short rendering of a value for messages: strings quoted, lists and sets as JSON-like text.
  show =
    v:
    if builtins.isString v then
      "\"${v}\""
    else if builtins.isList v then
      "[ ${builtins.concatStringsSep " " (map show v)} ]"
    else if builtins.isFunction v then
      "<function>"
    else if builtins.isAttrs v then
      builtins.toJSON v
    else if v == null then
      "null"
    else if v == true then
      "true"
    else if v == false then
      "false"
    else
      toString v;
in
rec {

  /**
    Returns `true` when the condition holds and throws `msg` otherwise; meant for
    `assert assertMsg cond "message"; value`.

    # Type

    ```
    assertMsg :: Bool -> String -> Bool
    ```

    # Example

    ```nix
    assertMsg (1 < 2) "never thrown"
    => true
    assert assertMsg (builtins.isInt "3") "port must be an integer"; 1
    => error: port must be an integer
    ```
  */
  assertMsg = pred: msg: pred || builtins.throw msg;

  /**
    Asserts that a value is one of a list of allowed values, naming it in the error.

    # Type

    ```
    assertOneOf :: String -> a -> [a] -> Bool
    ```

    # Example

    ```nix
    assertOneOf "protocol" "TCP" [ "TCP" "UDP" ]
    => true
    assertOneOf "protocol" "HTTP" [ "TCP" "UDP" ]
    => error: protocol must be one of [ "TCP" "UDP" ], but is: "HTTP"
    ```
  */
  assertOneOf =
    name: val: xs:
    assertMsg (builtins.elem val xs) "${name} must be one of ${show xs}, but is: ${show val}";

  /**
    Asserts that every element of a list is one of the allowed values.

    # Type

    ```
    assertEachOneOf :: String -> [a] -> [a] -> Bool
    ```

    # Example

    ```nix
    assertEachOneOf "verbs" [ "get" "list" ] [ "get" "list" "watch" ]
    => true
    ```
  */
  assertEachOneOf =
    name: vals: xs:
    assertMsg (lists.all (val: builtins.elem val xs) vals)
      "each element in ${name} must be one of ${show xs}, but is: ${show vals}";
}
