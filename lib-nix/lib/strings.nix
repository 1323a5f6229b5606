/**
  Functions on strings: joining, splitting, prefixes and suffixes, case, escaping for shells,
  regular expressions, URLs and XML, trimming, padding, versions and integer parsing.
  Strings are sequences of bytes, as in Nix. Every function here is also available directly on
  `lib`, except `strings.replicate` (`lib.replicate` is the list one).
*/
let
  lists = import ./lists.nix;
  trivial = import ./trivial.nix;

  inherit (builtins)
    elemAt
    genList
    head
    isList
    isString
    length
    match
    stringLength
    substring
    ;

  # Each printable ASCII character (and tab, newline, carriage return) mapped to its code.
  asciiTable =
    let
      hex = "0123456789abcdef";
      char =
        i:
        builtins.fromJSON "\"\\u00${substring (i / 16) 1 hex}${substring (i - (i / 16) * 16) 1 hex}\"";
      codes = [
        9
        10
        13
      ]
      ++ lists.range 32 126;
    in
    builtins.listToAttrs (
      map (i: {
        name = char i;
        value = i;
      }) codes
    );
in
rec {

  /**
    Whether a value is a string (`builtins.isString`).

    # Type

    ```
    isString :: a -> Bool
    ```

    # Example

    ```nix
    isString "a"
    => true
    isString ./a
    => false
    ```
  */
  isString = builtins.isString;

  /**
    The type of a value as a string: `"int"`, `"bool"`, `"string"`, `"path"`, `"null"`, `"set"`,
    `"list"`, `"lambda"` or `"float"` (`builtins.typeOf`).

    # Type

    ```
    typeOf :: a -> String
    ```

    # Example

    ```nix
    typeOf { }
    => "set"
    ```
  */
  typeOf = builtins.typeOf;

  /**
    The length of a string in bytes (`builtins.stringLength`).

    # Type

    ```
    stringLength :: String -> Int
    ```

    # Example

    ```nix
    stringLength "hello"
    => 5
    ```
  */
  stringLength = builtins.stringLength;

  /**
    The part of a string starting at byte `start`, at most `len` bytes long; a negative `len`
    means "to the end" (`builtins.substring`).

    # Type

    ```
    substring :: Int -> Int -> String -> String
    ```

    # Example

    ```nix
    substring 1 3 "kubernetes"
    => "ube"
    substring 4 (-1) "kubernetes"
    => "rnetes"
    ```
  */
  substring = builtins.substring;

  /**
    Replaces every occurrence of each string of `from` with the string at the same position of
    `to`, scanning left to right (`builtins.replaceStrings`).

    # Type

    ```
    replaceStrings :: [String] -> [String] -> String -> String
    ```

    # Example

    ```nix
    replaceStrings [ "a" "b" ] [ "b" "a" ] "abba"
    => "baab"
    ```
  */
  replaceStrings = builtins.replaceStrings;

  /**
    Matches a POSIX extended regular expression against a whole string: `null` when it does not
    match, otherwise the list of capture groups (`builtins.match`).

    # Type

    ```
    match :: String -> String -> (Null | [String | Null])
    ```

    # Example

    ```nix
    match "([a-z]+)-([0-9]+)" "web-42"
    => [ "web" "42" ]
    match "[0-9]+" "web"
    => null
    ```
  */
  match = builtins.match;

  /**
    Splits a string by a POSIX extended regular expression: the parts between matches,
    interleaved with the lists of capture groups of each match (`builtins.split`).

    # Type

    ```
    split :: String -> String -> [String | [String | Null]]
    ```

    # Example

    ```nix
    split "(,)" "a,b"
    => [ "a" [ "," ] "b" ]
    ```
  */
  split = builtins.split;

  /**
    The JSON text of a value (`builtins.toJSON`).

    # Type

    ```
    toJSON :: a -> String
    ```

    # Example

    ```nix
    toJSON { a = [ 1 true ]; }
    => "{\"a\":[1,true]}"
    ```
  */
  toJSON = builtins.toJSON;

  /**
    The value denoted by a JSON text (`builtins.fromJSON`).

    # Type

    ```
    fromJSON :: String -> a
    ```

    # Example

    ```nix
    fromJSON "{\"a\": [1, null]}"
    => { a = [ 1 null ]; }
    ```
  */
  fromJSON = builtins.fromJSON;

  /**
    Compares two version strings: `-1`, `0` or `1` (`builtins.compareVersions`).

    # Type

    ```
    compareVersions :: String -> String -> Int
    ```

    # Example

    ```nix
    compareVersions "1.10" "1.9"
    => 1
    ```
  */
  compareVersions = builtins.compareVersions;

  /**
    Splits a package name like `"nginx-1.25.3"` into `{ name; version; }`
    (`builtins.parseDrvName`).

    # Type

    ```
    parseDrvName :: String -> { name :: String; version :: String; }
    ```

    # Example

    ```nix
    parseDrvName "nginx-1.25.3"
    => { name = "nginx"; version = "1.25.3"; }
    ```
  */
  parseDrvName = builtins.parseDrvName;

  /**
    Joins a list of strings with a separator between elements (`builtins.concatStringsSep`).

    # Type

    ```
    concatStringsSep :: String -> [String] -> String
    ```

    # Example

    ```nix
    concatStringsSep "/" [ "usr" "local" "bin" ]
    => "usr/local/bin"
    ```
  */
  concatStringsSep = builtins.concatStringsSep;

  /**
    Joins a list of strings with a separator between elements; same as `concatStringsSep`.

    # Type

    ```
    join :: String -> [String] -> String
    ```

    # Example

    ```nix
    join ", " [ "foo" "bar" ]
    => "foo, bar"
    ```
  */
  join = builtins.concatStringsSep;

  /**
    Concatenates a list of strings.

    # Type

    ```
    concatStrings :: [String] -> String
    ```

    # Example

    ```nix
    concatStrings [ "foo" "bar" ]
    => "foobar"
    ```
  */
  concatStrings = builtins.concatStringsSep "";

  /**
    Maps a function over a list and concatenates the resulting strings.

    # Type

    ```
    concatMapStrings :: (a -> String) -> [a] -> String
    ```

    # Example

    ```nix
    concatMapStrings (x: "a" + x) [ "foo" "bar" ]
    => "afooabar"
    ```
  */
  concatMapStrings = f: list: concatStrings (map f list);

  /**
    Like `concatMapStrings`, but the function also receives the 1-based position of the element.

    # Type

    ```
    concatImapStrings :: (Int -> a -> String) -> [a] -> String
    ```

    # Example

    ```nix
    concatImapStrings (pos: x: "${toString pos}-${x}") [ "foo" "bar" ]
    => "1-foo2-bar"
    ```
  */
  concatImapStrings = f: list: concatStrings (lists.imap1 f list);

  /**
    Puts a separator between the elements of a list.

    # Type

    ```
    intersperse :: a -> [a] -> [a]
    ```

    # Example

    ```nix
    intersperse "/" [ "usr" "local" "bin" ]
    => [ "usr" "/" "local" "/" "bin" ]
    ```
  */
  intersperse =
    separator: list:
    if list == [ ] || length list == 1 then
      list
    else
      builtins.tail (
        builtins.concatMap (x: [
          separator
          x
        ]) list
      );

  /**
    Maps a function over a list and joins the resulting strings with a separator.

    # Type

    ```
    concatMapStringsSep :: String -> (a -> String) -> [a] -> String
    ```

    # Example

    ```nix
    concatMapStringsSep "-" toUpper [ "foo" "bar" "baz" ]
    => "FOO-BAR-BAZ"
    ```
  */
  concatMapStringsSep =
    sep: f: list:
    concatStringsSep sep (map f list);

  /**
    Like `concatMapStringsSep`, but the function also receives the 1-based position of the
    element.

    # Type

    ```
    concatImapStringsSep :: String -> (Int -> a -> String) -> [a] -> String
    ```

    # Example

    ```nix
    concatImapStringsSep "-" (pos: x: toString (x / pos)) [ 6 6 6 ]
    => "6-3-2"
    ```
  */
  concatImapStringsSep =
    sep: f: list:
    concatStringsSep sep (lists.imap1 f list);

  /**
    Maps a function over the name-value pairs of a set (by sorted name) and joins the resulting
    strings with a separator.

    # Type

    ```
    concatMapAttrsStringSep :: String -> (String -> a -> String) -> AttrSet -> String
    ```

    # Example

    ```nix
    concatMapAttrsStringSep "," (n: v: "${n}=${v}") { b = "2"; a = "1"; }
    => "a=1,b=2"
    ```
  */
  concatMapAttrsStringSep =
    sep: f: attrs:
    concatStringsSep sep (builtins.attrValues (builtins.mapAttrs f attrs));

  /**
    Concatenates a list of strings, ending each one with a newline.

    # Type

    ```
    concatLines :: [String] -> String
    ```

    # Example

    ```nix
    concatLines [ "foo" "bar" ]
    => "foo\nbar\n"
    concatLines [ ]
    => ""
    ```
  */
  concatLines = lines: optionalString (lines != [ ]) (concatStringsSep "\n" lines + "\n");

  /**
    Replaces every occurrence of one string with another.

    # Type

    ```
    replaceString :: String -> String -> String -> String
    ```

    # Example

    ```nix
    replaceString "." "-" "v1.2.3"
    => "v1-2-3"
    ```
  */
  replaceString = from: to: builtins.replaceStrings [ from ] [ to ];

  /**
    A string repeated `n` times. Only `lib.strings.replicate`: `lib.replicate` is the list
    function.

    # Type

    ```
    replicate :: Int -> String -> String
    ```

    # Example

    ```nix
    replicate 3 "ab"
    => "ababab"
    ```
  */
  replicate = n: s: concatStrings (lists.replicate n s);

  /**
    Removes leading and/or trailing whitespace (spaces, tabs, carriage returns, newlines).

    The first argument is `{ start ? false, end ? false }`: which sides to trim.

    # Type

    ```
    trimWith :: { start :: Bool; end :: Bool; } -> String -> String
    ```

    # Example

    ```nix
    trimWith { start = true; } "  hello  "
    => "hello  "
    trimWith { end = true; } "  hello  "
    => "  hello"
    ```
  */
  trimWith =
    {
      start ? false,
      end ? false,
    }:
    let
      ws = " \t\r\n";
      regex =
        if start && end then
          "[${ws}]*(.*[^${ws}])[${ws}]*"
        else if start then
          "[${ws}]*(.*)"
        else if end then
          "(.*[^${ws}])[${ws}]*"
        else
          "(.*)";
    in
    s:
    let
      res = match regex s;
    in
    if res == null then "" else head res;

  /**
    Removes leading and trailing whitespace (spaces, tabs, carriage returns, newlines).

    # Type

    ```
    trim :: String -> String
    ```

    # Example

    ```nix
    trim "   hello, world!   "
    => "hello, world!"
    ```
  */
  trim = trimWith {
    start = true;
    end = true;
  };

  /**
    A colon-separated search path: `subDir` appended to each of the paths (`null`s skipped).

    # Type

    ```
    makeSearchPath :: String -> [String] -> String
    ```

    # Example

    ```nix
    makeSearchPath "bin" [ "/root" "/usr" "/usr/local" ]
    => "/root/bin:/usr/bin:/usr/local/bin"
    ```
  */
  makeSearchPath =
    subDir: paths:
    concatStringsSep ":" (
      builtins.concatMap (path: if path != null then [ (path + "/" + subDir) ] else [ ]) paths
    );

  /**
    A string with every run of `/` collapsed into one.

    # Type

    ```
    normalizePath :: String -> String
    ```

    # Example

    ```nix
    normalizePath "/a//b///c/"
    => "/a/b/c/"
    ```
  */
  normalizePath =
    s:
    builtins.foldl' (acc: c: if c == "/" && hasSuffix "/" acc then acc else acc + c) "" (
      stringToCharacters s
    );

  /**
    The string when the condition is true, the empty string otherwise.

    # Type

    ```
    optionalString :: Bool -> String -> String
    ```

    # Example

    ```nix
    optionalString true "-debug"
    => "-debug"
    optionalString false "-debug"
    => ""
    ```
  */
  optionalString = cond: string: if cond then string else "";

  /**
    Whether a string starts with a prefix.

    # Type

    ```
    hasPrefix :: String -> String -> Bool
    ```

    # Example

    ```nix
    hasPrefix "foo" "foobar"
    => true
    hasPrefix "foo" "barfoo"
    => false
    ```
  */
  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;

  /**
    Whether a string ends with a suffix.

    # Type

    ```
    hasSuffix :: String -> String -> Bool
    ```

    # Example

    ```nix
    hasSuffix "foo" "barfoo"
    => true
    hasSuffix "foo" "foobar"
    => false
    ```
  */
  hasSuffix =
    suffix: content:
    let
      lenContent = stringLength content;
      lenSuffix = stringLength suffix;
    in
    lenContent >= lenSuffix && substring (lenContent - lenSuffix) lenContent content == suffix;

  /**
    Whether a string contains another one.

    # Type

    ```
    hasInfix :: String -> String -> Bool
    ```

    # Example

    ```nix
    hasInfix "bc" "abcd"
    => true
    hasInfix "foo" "abcd"
    => false
    ```
  */
  hasInfix = infix: content: match ".*${escapeRegex infix}.*" "${content}" != null;

  /**
    The list of the characters (bytes) of a string, as one-character strings.

    # Type

    ```
    stringToCharacters :: String -> [String]
    ```

    # Example

    ```nix
    stringToCharacters "abc"
    => [ "a" "b" "c" ]
    stringToCharacters ""
    => [ ]
    ```
  */
  stringToCharacters = s: genList (p: substring p 1 s) (stringLength s);

  /**
    Maps a function over the characters of a string and concatenates the results.

    # Type

    ```
    stringAsChars :: (String -> String) -> String -> String
    ```

    # Example

    ```nix
    stringAsChars (x: if x == "a" then "i" else x) "nax"
    => "nix"
    ```
  */
  stringAsChars = f: s: concatStrings (map f (stringToCharacters s));

  /**
    The ASCII code of a printable character (or of tab, newline and carriage return).

    # Type

    ```
    charToInt :: String -> Int
    ```

    # Example

    ```nix
    charToInt "A"
    => 65
    ```
  */
  charToInt = c: builtins.getAttr c asciiTable;

  /**
    Escapes each occurrence of the given characters with a backslash.

    # Type

    ```
    escape :: [String] -> String -> String
    ```

    # Example

    ```nix
    escape [ "(" ")" ] "(foo)"
    => "\\(foo\\)"
    ```
  */
  escape = list: builtins.replaceStrings list (map (c: "\\${c}") list);

  /**
    Escapes each occurrence of the given characters as a C-style hex escape `\xNN`.

    # Type

    ```
    escapeC :: [String] -> String -> String
    ```

    # Example

    ```nix
    escapeC [ " " ] "foo bar"
    => "foo\\x20bar"
    ```
  */
  escapeC =
    list:
    builtins.replaceStrings list (
      map (c: "\\x${fixedWidthString 2 "0" (toLower (trivial.toHexString (charToInt c)))}") list
    );

  /**
    Percent-encodes a string for a URL: every character except letters, digits and `-_.~`.

    # Type

    ```
    escapeURL :: String -> String
    ```

    # Example

    ```nix
    escapeURL "foo/bar baz"
    => "foo%2Fbar%20baz"
    ```
  */
  escapeURL =
    let
      unreserved = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
      toEscape = builtins.removeAttrs asciiTable unreserved;
    in
    builtins.replaceStrings (builtins.attrNames toEscape) (
      map (c: "%${fixedWidthString 2 "0" (trivial.toHexString c)}") (builtins.attrValues toEscape)
    );

  /**
    Quotes a string for a POSIX shell when it contains characters that need it.

    A string made only of letters, digits and `,._+:@%/-` is returned unchanged; anything else is
    wrapped in single quotes, with embedded single quotes written as `'\''`.

    # Type

    ```
    escapeShellArg :: String -> String
    ```

    # Example

    ```nix
    escapeShellArg "abc"
    => "abc"
    escapeShellArg "esc'ape\nme"
    => "'esc'\\''ape\nme'"
    ```
  */
  escapeShellArg =
    arg:
    let
      string = toString arg;
    in
    if match "[[:alnum:],._+:@%/-]+" string == null then
      "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] string}'"
    else
      string;

  /**
    Quotes each argument with `escapeShellArg` and joins them with spaces.

    # Type

    ```
    escapeShellArgs :: [String] -> String
    ```

    # Example

    ```nix
    escapeShellArgs [ "one" "two three" "four'five" ]
    => "one 'two three' 'four'\\''five'"
    ```
  */
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;

  /**
    Whether a string is a valid POSIX shell variable name.

    # Type

    ```
    isValidPosixName :: String -> Bool
    ```

    # Example

    ```nix
    isValidPosixName "foo_bar000"
    => true
    isValidPosixName "0-bad.jpg"
    => false
    ```
  */
  isValidPosixName = name: match "[a-zA-Z_][a-zA-Z0-9_]*" name != null;

  /**
    A shell variable declaration for a value: a string becomes `name=value`, a list a Bash
    indexed array and a set a Bash associative array, everything quoted with `escapeShellArg`.

    # Type

    ```
    toShellVar :: String -> (String | [String] | { <name> :: String; }) -> String
    ```

    # Example

    ```nix
    toShellVar "greeting" "hello world"
    => "greeting='hello world'"
    toShellVar "xs" [ "a" "b c" ]
    => "declare -a xs=(a 'b c')"
    ```
  */
  toShellVar =
    name: value:
    trivial.throwIfNot (isValidPosixName name) "toShellVar: ${name} is not a valid shell variable name"
      (
        if builtins.isAttrs value && !isStringLike value then
          "declare -A ${name}=(${
            concatStringsSep " " (
              builtins.attrValues (
                builtins.mapAttrs (n: v: "[${escapeShellArg n}]=${escapeShellArg v}") value
              )
            )
          })"
        else if isList value then
          "declare -a ${name}=(${escapeShellArgs value})"
        else
          "${name}=${escapeShellArg value}"
      );

  /**
    Shell variable declarations (see `toShellVar`) for every attribute of a set, one per line.

    # Type

    ```
    toShellVars :: { <name> :: String | [String] | AttrSet; } -> String
    ```

    # Example

    ```nix
    toShellVars { a = "1"; b = "x y"; }
    => "a=1\nb='x y'"
    ```
  */
  toShellVars =
    vars: concatStringsSep "\n" (builtins.attrValues (builtins.mapAttrs toShellVar vars));

  /**
    A Nix string literal denoting the given string.

    # Type

    ```
    escapeNixString :: String -> String
    ```

    # Example

    ```nix
    escapeNixString "hello\${}\n"
    => "\"hello\\\${}\\n\""
    ```
  */
  escapeNixString = s: escape [ "$" ] (builtins.toJSON s);

  /**
    A regular expression matching exactly the given string, special characters escaped.

    # Type

    ```
    escapeRegex :: String -> String
    ```

    # Example

    ```nix
    escapeRegex "[^a-z]*"
    => "\\[\\^a-z]\\*"
    ```
  */
  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");

  /**
    The string itself when it is a valid Nix identifier, otherwise a quoted Nix string.

    # Type

    ```
    escapeNixIdentifier :: String -> String
    ```

    # Example

    ```nix
    escapeNixIdentifier "hello"
    => "hello"
    escapeNixIdentifier "0abc"
    => "\"0abc\""
    ```
  */
  escapeNixIdentifier =
    let
      keywords = [
        "assert"
        "else"
        "if"
        "in"
        "inherit"
        "let"
        "or"
        "rec"
        "then"
        "with"
      ];
    in
    s:
    if match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null && !builtins.elem s keywords then
      s
    else
      escapeNixString s;

  /**
    Escapes a string for XML text and attribute values (`"`, `'`, `<`, `>`, `&`).

    # Type

    ```
    escapeXML :: String -> String
    ```

    # Example

    ```nix
    escapeXML ''"test" 'test' < & >''
    => "&quot;test&quot; &apos;test&apos; &lt; &amp; &gt;"
    ```
  */
  escapeXML =
    builtins.replaceStrings
      [ "\"" "'" "<" ">" "&" ]
      [ "&quot;" "&apos;" "&lt;" "&gt;" "&amp;" ];

  /**
    The lower-case ASCII letters, as a list of one-character strings.

    # Type

    ```
    lowerChars :: [String]
    ```

    # Example

    ```nix
    builtins.head lowerChars
    => "a"
    ```
  */
  lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";

  /**
    The upper-case ASCII letters, as a list of one-character strings.

    # Type

    ```
    upperChars :: [String]
    ```

    # Example

    ```nix
    builtins.head upperChars
    => "A"
    ```
  */
  upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /**
    Converts the ASCII letters of a string to lower case.

    # Type

    ```
    toLower :: String -> String
    ```

    # Example

    ```nix
    toLower "HOME"
    => "home"
    ```
  */
  toLower = builtins.replaceStrings upperChars lowerChars;

  /**
    Converts the ASCII letters of a string to upper case.

    # Type

    ```
    toUpper :: String -> String
    ```

    # Example

    ```nix
    toUpper "home"
    => "HOME"
    ```
  */
  toUpper = builtins.replaceStrings lowerChars upperChars;

  /**
    Upper-cases the first character of a string and lower-cases the rest.

    # Type

    ```
    toSentenceCase :: String -> String
    ```

    # Example

    ```nix
    toSentenceCase "hELLO"
    => "Hello"
    ```
  */
  toSentenceCase =
    str:
    trivial.throwIfNot (isString str)
      "toSentenceCase does only accepts string values, but got ${builtins.typeOf str}"
      (toUpper (substring 0 1 str) + toLower (substring 1 (stringLength str) str));

  /**
    Converts a kebab-case, snake_case, space separated or PascalCase string to camelCase.

    # Type

    ```
    toCamelCase :: String -> String
    ```

    # Example

    ```nix
    toCamelCase "hello-world"
    => "helloWorld"
    toCamelCase "HelloWorld"
    => "helloWorld"
    ```
  */
  toCamelCase =
    str:
    trivial.throwIfNot (isString str)
      "toCamelCase does only accepts string values, but got ${builtins.typeOf str}"
      (
        let
          words = splitStringBy (
            prev: curr:
            builtins.elem curr [
              "-"
              "_"
              " "
            ]
          ) false str;
          parts = lists.flatten (
            map (splitStringBy (prev: curr: match "[a-z]" prev != null && match "[A-Z]" curr != null) true) words
          );
          first = if length parts > 0 then toLower (head parts) else "";
          rest = if length parts > 1 then map toSentenceCase (builtins.tail parts) else [ ];
        in
        concatStrings ([ first ] ++ rest)
      );

  /**
    Splits a string at every occurrence of a separator (taken literally, not as a regular
    expression).

    # Type

    ```
    splitString :: String -> String -> [String]
    ```

    # Example

    ```nix
    splitString "." "foo.bar.baz"
    => [ "foo" "bar" "baz" ]
    splitString "/" "/usr/local/bin"
    => [ "" "usr" "local" "bin" ]
    ```
  */
  splitString =
    sep: s: builtins.filter isString (builtins.split (escapeRegex (toString sep)) (toString s));

  /**
    Splits a string where a predicate on each pair of adjacent characters is true.

    The predicate receives the previous character (`""` for the first one) and the current one.
    With `keepSplit`, the character where the string is split starts the next part; otherwise it
    is dropped.

    # Type

    ```
    splitStringBy :: (String -> String -> Bool) -> Bool -> String -> [String]
    ```

    # Example

    ```nix
    splitStringBy (prev: curr: builtins.elem curr [ "." "-" ]) false "foo.bar-baz"
    => [ "foo" "bar" "baz" ]
    splitStringBy (prev: curr: builtins.match "[a-z]" prev != null && builtins.match "[A-Z]" curr != null) true "fooBarBaz"
    => [ "foo" "Bar" "Baz" ]
    ```
  */
  splitStringBy =
    predicate: keepSplit: str:
    let
      len = stringLength str;
      go =
        pos: current: result:
        if pos == len then
          result ++ [ current ]
        else
          let
            curr = substring pos 1 str;
            prev = if pos > 0 then substring (pos - 1) 1 str else "";
          in
          if predicate prev curr then
            go (pos + 1) (if keepSplit then curr else "") (result ++ [ current ])
          else
            go (pos + 1) (current + curr) result;
    in
    if len == 0 then [ "" ] else go 0 "" [ ];

  /**
    The string without a prefix, when it starts with it; otherwise the string unchanged.

    # Type

    ```
    removePrefix :: String -> String -> String
    ```

    # Example

    ```nix
    removePrefix "foo." "foo.bar.baz"
    => "bar.baz"
    removePrefix "xxx" "foo.bar.baz"
    => "foo.bar.baz"
    ```
  */
  removePrefix =
    prefix: str:
    let
      preLen = stringLength prefix;
    in
    if substring 0 preLen str == prefix then substring preLen (-1) str else str;

  /**
    The string without a suffix, when it ends with it; otherwise the string unchanged.

    # Type

    ```
    removeSuffix :: String -> String -> String
    ```

    # Example

    ```nix
    removeSuffix "front" "homefront"
    => "home"
    removeSuffix "xxx" "homefront"
    => "homefront"
    ```
  */
  removeSuffix =
    suffix: str:
    let
      sufLen = stringLength suffix;
      sLen = stringLength str;
    in
    if sufLen <= sLen && suffix == substring (sLen - sufLen) sufLen str then
      substring 0 (sLen - sufLen) str
    else
      str;

  /**
    Whether version `v1` is older than version `v2` (as `builtins.compareVersions` orders them).

    # Type

    ```
    versionOlder :: String -> String -> Bool
    ```

    # Example

    ```nix
    versionOlder "1.1" "1.2"
    => true
    versionOlder "1.1" "1.1"
    => false
    ```
  */
  versionOlder = v1: v2: builtins.compareVersions v2 v1 == 1;

  /**
    Whether version `v1` is equal to or newer than version `v2`.

    # Type

    ```
    versionAtLeast :: String -> String -> Bool
    ```

    # Example

    ```nix
    versionAtLeast "1.28" "1.9"
    => true
    versionAtLeast "1.1" "1.2"
    => false
    ```
  */
  versionAtLeast = v1: v2: !versionOlder v1 v2;

  /**
    The name part of a package name string like `"nginx-1.25.3"`, or of a set's `pname`
    (falling back to parsing its `name`).

    # Type

    ```
    getName :: (String | AttrSet) -> String
    ```

    # Example

    ```nix
    getName "youtube-dl-2016.01.01"
    => "youtube-dl"
    ```
  */
  getName =
    x:
    let
      parse = drv: (builtins.parseDrvName drv).name;
    in
    if isString x then parse x else x.pname or (parse x.name);

  /**
    The version part of a package name string like `"nginx-1.25.3"`, or of a set's `version`
    (falling back to parsing its `name`).

    # Type

    ```
    getVersion :: (String | AttrSet) -> String
    ```

    # Example

    ```nix
    getVersion "youtube-dl-2016.01.01"
    => "2016.01.01"
    ```
  */
  getVersion =
    x:
    let
      parse = drv: (builtins.parseDrvName drv).version;
    in
    if isString x then parse x else x.version or (parse x.name);

  /**
    The name in a URL's file name: the part before the first `sep`; an assertion fails when
    the file name does not contain `sep`.

    # Type

    ```
    nameFromURL :: String -> String -> String
    ```

    # Example

    ```nix
    nameFromURL "https://example.org/releases/nix-1.7-x86_64-linux.tar.bz2" "-"
    => "nix"
    ```
  */
  nameFromURL =
    url: sep:
    let
      components = splitString "/" url;
      filename = lists.last components;
      name = head (splitString sep filename);
    in
    assert name != filename;
    name;

  /**
    Left-pads a string with `filler` up to `width`; an error when the string is longer
    than `width`.

    # Type

    ```
    fixedWidthString :: Int -> String -> String -> String
    ```

    # Example

    ```nix
    fixedWidthString 5 "0" "15"
    => "00015"
    ```
  */
  fixedWidthString =
    width: filler: str:
    let
      strw = stringLength str;
      reqWidth = width - (stringLength filler);
    in
    assert
      strw <= width
      || throw "fixedWidthString: requested string length (${toString width}) must not be shorter than actual length (${toString strw})";
    if strw == width then str else filler + fixedWidthString reqWidth filler str;

  /**
    Formats a number with leading zeros up to a width.

    # Type

    ```
    fixedWidthNumber :: Int -> Int -> String
    ```

    # Example

    ```nix
    fixedWidthNumber 5 15
    => "00015"
    ```
  */
  fixedWidthNumber = width: n: fixedWidthString width "0" (toString n);

  /**
    Converts a float to a string, with a warning when the conversion loses precision.

    # Type

    ```
    floatToString :: Float -> String
    ```

    # Example

    ```nix
    floatToString 0.5
    => "0.500000"
    ```
  */
  floatToString =
    float:
    let
      result = toString float;
      precise = float == builtins.fromJSON result;
    in
    trivial.warnIf (!precise) "Imprecise conversion from float to string ${result}" result;

  /**
    Whether a value can be interpolated into a string without `toString`: a string, a path, or
    a set with `outPath` or `__toString`.

    # Type

    ```
    isStringLike :: a -> Bool
    ```

    # Example

    ```nix
    isStringLike { __toString = self: "x"; }
    => true
    isStringLike 1
    => false
    ```
  */
  isStringLike = x: isString x || builtins.isPath x || x ? outPath || x ? __toString;

  /**
    Whether `toString` accepts a value: string-like values, null, integers, floats, Booleans
    and lists of such values.

    # Type

    ```
    isConvertibleWithToString :: a -> Bool
    ```

    # Example

    ```nix
    isConvertibleWithToString [ 1 null true ]
    => true
    isConvertibleWithToString { }
    => false
    ```
  */
  isConvertibleWithToString =
    x:
    isStringLike x
    || builtins.elem (builtins.typeOf x) [
      "null"
      "int"
      "float"
      "bool"
    ]
    || (isList x && builtins.all isConvertibleWithToString x);

  /**
    Parses a decimal integer, allowing surrounding whitespace and a leading `-`.

    Leading zeros are rejected because they are ambiguous (octal or zero-padded?); use
    `toIntBase10` for zero-padded numbers.

    # Type

    ```
    toInt :: String -> Int
    ```

    # Example

    ```nix
    toInt "1337"
    => 1337
    toInt " -4 "
    => -4
    toInt "010"
    => error: toInt: Ambiguity in interpretation of "010" between octal and zero padded integer.
    ```
  */
  toInt =
    str:
    let
      stripped = match "[[:space:]]*(-?[[:digit:]]+)[[:space:]]*" str;
      digits = head stripped;
      generalError = "toInt: Could not convert ${escapeNixString str} to int.";
    in
    if stripped == null then
      throw generalError
    else if match "0[[:digit:]]+" digits != null then
      throw "toInt: Ambiguity in interpretation of ${escapeNixString str} between octal and zero padded integer."
    else
      let
        # "-0" is spelled out: kc's fromJSON reads it as the float -0.0, Nix as the integer 0.
        parsed = if digits == "-0" then 0 else builtins.fromJSON digits;
      in
      if !builtins.isInt parsed then throw generalError else parsed;

  /**
    Parses a decimal integer, allowing surrounding whitespace, a leading `-` and leading zeros.

    # Type

    ```
    toIntBase10 :: String -> Int
    ```

    # Example

    ```nix
    toIntBase10 "010"
    => 10
    toIntBase10 " 00 "
    => 0
    ```
  */
  toIntBase10 =
    str:
    let
      stripped = match "[[:space:]]*0*(-?[[:digit:]]+)[[:space:]]*" str;
      digits = head stripped;
      generalError = "toIntBase10: Could not convert ${escapeNixString str} to int.";
    in
    if stripped == null then
      throw generalError
    else if match "0+" digits != null then
      0
    else
      let
        # "-0" is spelled out: kc's fromJSON reads it as the float -0.0, Nix as the integer 0.
        parsed = if digits == "-0" then 0 else builtins.fromJSON digits;
      in
      if !builtins.isInt parsed then throw generalError else parsed;

  /**
    The contents of a file of the project without its trailing newline.

    # Type

    ```
    fileContents :: Path -> String
    ```

    # Example

    ```nix
    fileContents ./VERSION
    => "1.4.2"
    ```
  */
  fileContents = file: removeSuffix "\n" (builtins.readFile file);

  /**
    The length of the longest common prefix of two strings.

    # Type

    ```
    commonPrefixLength :: String -> String -> Int
    ```

    # Example

    ```nix
    commonPrefixLength "kubectl" "kubelet"
    => 4
    ```
  */
  commonPrefixLength =
    a: b:
    let
      m = trivial.min (stringLength a) (stringLength b);
      go =
        i:
        if i >= m then
          m
        else if substring i 1 a == substring i 1 b then
          go (i + 1)
        else
          i;
    in
    go 0;

  /**
    The length of the longest common suffix of two strings.

    # Type

    ```
    commonSuffixLength :: String -> String -> Int
    ```

    # Example

    ```nix
    commonSuffixLength "deployment" "statement"
    => 4
    ```
  */
  commonSuffixLength =
    a: b:
    let
      m = trivial.min (stringLength a) (stringLength b);
      go =
        i:
        if i >= m then
          m
        else if substring (stringLength a - i - 1) 1 a == substring (stringLength b - i - 1) 1 b then
          go (i + 1)
        else
          i;
    in
    go 0;

  /**
    The Levenshtein (edit) distance between two strings, in O(n·m).

    # Type

    ```
    levenshtein :: String -> String -> Int
    ```

    # Example

    ```nix
    levenshtein "book" "hook"
    => 1
    levenshtein "hello" "Heyo"
    => 3
    ```
  */
  levenshtein =
    a: b:
    let
      la = stringLength a;
      lb = stringLength b;
      table = genList (i: genList (j: dist i j) (lb + 1)) (la + 1);
      d = i: j: elemAt (elemAt table i) j;
      dist =
        i: j:
        if j == 0 then
          i
        else if i == 0 then
          j
        else
          let
            cost = if substring (i - 1) 1 a == substring (j - 1) 1 b then 0 else 1;
          in
          trivial.min (trivial.min (d (i - 1) j + 1) (d i (j - 1) + 1)) (d (i - 1) (j - 1) + cost);
    in
    d la lb;
}
