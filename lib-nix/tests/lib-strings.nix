# Tests of lib/strings.nix.
{ lib }:
{
  testBuiltinPassthroughs = {
    expr = [
      (lib.isString "a")
      (lib.typeOf { })
      (lib.stringLength "hello")
      (lib.substring 1 3 "kubernetes")
      (lib.substring 4 (-1) "kubernetes")
      (lib.replaceStrings [ "a" "b" ] [ "b" "a" ] "abba")
      (lib.match "([a-z]+)-([0-9]+)" "web-42")
      (lib.split "(,)" "a,b")
      (lib.compareVersions "1.10" "1.9")
      (lib.parseDrvName "nginx-1.25.3")
    ];
    expected = [
      true
      "set"
      5
      "ube"
      "rnetes"
      "baab"
      [ "web" "42" ]
      [ "a" [ "," ] "b" ]
      1
      { name = "nginx"; version = "1.25.3"; }
    ];
  };
  testJSONPassthrough = {
    expr = [
      (lib.strings.toJSON { a = [ 1 true null "x" ]; })
      (lib.strings.fromJSON ''{"a": [1, null, "x"], "b": {"c": 1.5}}'')
      (lib.toJSON "é\n")
    ];
    expected = [
      ''{"a":[1,true,null,"x"]}''
      { a = [ 1 null "x" ]; b = { c = 1.5; }; }
      ''"é\n"''
    ];
  };
  testConcatStrings = {
    expr = [
      (lib.concatStrings [ "foo" "bar" ])
      (lib.concatStrings [ ])
    ];
    expected = [ "foobar" "" ];
  };
  testConcatMapStrings = {
    expr = lib.concatMapStrings (x: "a" + x) [ "foo" "bar" ];
    expected = "afooabar";
  };
  testConcatImapStrings = {
    expr = lib.concatImapStrings (pos: x: "${toString pos}-${x}") [ "foo" "bar" ];
    expected = "1-foo2-bar";
  };
  testIntersperse = {
    expr = [
      (lib.intersperse "/" [ "usr" "local" "bin" ])
      (lib.intersperse "/" [ ])
      (lib.intersperse "/" [ "a" ])
    ];
    expected = [
      [ "usr" "/" "local" "/" "bin" ]
      [ ]
      [ "a" ]
    ];
  };
  testConcatStringsSep = {
    expr = [
      (lib.concatStringsSep "/" [ "usr" "local" "bin" ])
      (lib.concatStringsSep "," [ ])
      (lib.concatStringsSep "," [ "a" ])
      (lib.join ", " [ "foo" "bar" ])
    ];
    expected = [ "usr/local/bin" "" "a" "foo, bar" ];
  };
  testConcatMapStringsSep = {
    expr = lib.concatMapStringsSep "-" lib.toUpper [ "foo" "bar" "baz" ];
    expected = "FOO-BAR-BAZ";
  };
  testConcatImapStringsSep = {
    expr = lib.concatImapStringsSep "-" (pos: x: toString (x / pos)) [ 6 6 6 ];
    expected = "6-3-2";
  };
  testConcatMapAttrsStringSep = {
    expr = lib.concatMapAttrsStringSep "," (n: v: "${n}=${v}") { b = "2"; a = "1"; };
    expected = "a=1,b=2";
  };
  testConcatLines = {
    expr = [
      (lib.concatLines [ "foo" "bar" ])
      (lib.concatLines [ ])
      (lib.concatLines [ "" ])
    ];
    expected = [ "foo\nbar\n" "" "\n" ];
  };
  testReplaceString = {
    expr = lib.replaceString "." "-" "v1.2.3";
    expected = "v1-2-3";
  };
  testStringsReplicate = {
    expr = [
      (lib.strings.replicate 3 "ab")
      (lib.strings.replicate 0 "ab")
    ];
    expected = [ "ababab" "" ];
  };
  testTrim = {
    expr = [
      (lib.trim "   hello, world!   ")
      (lib.trim "")
      (lib.trim " \t\n\r ")
      (lib.trim "\n a b \n")
      (lib.trim "x")
    ];
    expected = [ "hello, world!" "" "" "a b" "x" ];
  };
  testTrimWith = {
    expr = [
      (lib.trimWith { start = true; } "  hello  ")
      (lib.trimWith { end = true; } "  hello  ")
      (lib.trimWith { } "  hello  ")
      (lib.trimWith { end = true; } "   ")
    ];
    expected = [ "hello  " "  hello" "  hello  " "" ];
  };
  testMakeSearchPath = {
    expr = [
      (lib.makeSearchPath "bin" [ "/root" "/usr" "/usr/local" ])
      (lib.makeSearchPath "bin" [ "" ])
      (lib.makeSearchPath "bin" [ null "/a" ])
    ];
    expected = [ "/root/bin:/usr/bin:/usr/local/bin" "/bin" "/a/bin" ];
  };
  testNormalizePath = {
    expr = [
      (lib.normalizePath "/a//b///c/")
      (lib.normalizePath "")
    ];
    expected = [ "/a/b/c/" "" ];
  };
  testOptionalString = {
    expr = [
      (lib.optionalString true "-debug")
      (lib.optionalString false "-debug")
      (lib.optionalString false (throw "lazy"))
    ];
    expected = [ "-debug" "" "" ];
  };
  testHasPrefix = {
    expr = [
      (lib.hasPrefix "foo" "foobar")
      (lib.hasPrefix "foo" "barfoo")
      (lib.hasPrefix "" "x")
      (lib.hasPrefix "foobar" "foo")
      (lib.hasPrefix "foo" "foo")
    ];
    expected = [ true false true false true ];
  };
  testHasSuffix = {
    expr = [
      (lib.hasSuffix "foo" "barfoo")
      (lib.hasSuffix "foo" "foobar")
      (lib.hasSuffix "" "x")
      (lib.hasSuffix "barfoo" "foo")
      (lib.hasSuffix ".yaml" "deploy.yaml")
    ];
    expected = [ true false true false true ];
  };
  testHasInfix = {
    expr = [
      (lib.hasInfix "bc" "abcd")
      (lib.hasInfix "ab" "abcd")
      (lib.hasInfix "cd" "abcd")
      (lib.hasInfix "foo" "abcd")
      (lib.hasInfix "" "")
      (lib.hasInfix "a.c" "abc")
      (lib.hasInfix "a.c" "xa.cx")
      (lib.hasInfix "[" "a[b")
      (lib.hasInfix "\n" "a\nb")
    ];
    expected = [ true true true false true false true true true ];
  };
  testStringToCharacters = {
    expr = [
      (lib.stringToCharacters "abc")
      (lib.stringToCharacters "")
    ];
    expected = [ [ "a" "b" "c" ] [ ] ];
  };
  testStringAsChars = {
    expr = lib.stringAsChars (x: if x == "a" then "i" else x) "nax";
    expected = "nix";
  };
  testCharToInt = {
    expr = map lib.charToInt [ "A" "(" " " "~" "0" "\n" ];
    expected = [ 65 40 32 126 48 10 ];
  };
  testEscape = {
    expr = lib.escape [ "(" ")" ] "(foo)";
    expected = "\\(foo\\)";
  };
  testEscapeC = {
    expr = [
      (lib.escapeC [ " " ] "foo bar")
      (lib.escapeC [ "\n" "=" ] "a=b\n")
    ];
    expected = [ "foo\\x20bar" "a\\x3db\\x0a" ];
  };
  testEscapeURL = {
    expr = [
      (lib.escapeURL "foo/bar baz")
      (lib.escapeURL "abc-_.~XYZ019")
      (lib.escapeURL "?a=1&b=%")
      (lib.escapeURL "")
    ];
    expected = [ "foo%2Fbar%20baz" "abc-_.~XYZ019" "%3Fa%3D1%26b%3D%25" "" ];
  };
  testEscapeShellArg = {
    expr = [
      (lib.escapeShellArg "abc")
      (lib.escapeShellArg "a/b.c:d@e%f+g,h-i_j")
      (lib.escapeShellArg "esc'ape\nme")
      (lib.escapeShellArg "two words")
      (lib.escapeShellArg "")
      (lib.escapeShellArg "$HOME")
      (lib.escapeShellArg 42)
    ];
    expected = [
      "abc"
      "a/b.c:d@e%f+g,h-i_j"
      "'esc'\\''ape\nme'"
      "'two words'"
      "''"
      "'$HOME'"
      "42"
    ];
  };
  testEscapeShellArgs = {
    expr = lib.escapeShellArgs [ "one" "two three" "four'five" ];
    expected = "one 'two three' 'four'\\''five'";
  };
  testIsValidPosixName = {
    expr = map lib.isValidPosixName [ "foo_bar000" "0-bad.jpg" "_x" "" "a-b" ];
    expected = [ true false true false false ];
  };
  testToShellVar = {
    expr = [
      (lib.toShellVar "greeting" "hello world")
      (lib.toShellVar "n" "1")
      (lib.toShellVar "xs" [ "a" "b c" ])
      (lib.toShellVar "m" { k = "v v"; a = "1"; })
    ];
    expected = [
      "greeting='hello world'"
      "n=1"
      "declare -a xs=(a 'b c')"
      "declare -A m=([a]=1 [k]='v v')"
    ];
  };
  testToShellVarInvalidName = {
    expr = lib.toShellVar "not-valid" "x";
    expectedError = true;
  };
  testToShellVars = {
    expr = lib.toShellVars { a = "1"; b = "x y"; };
    expected = "a=1\nb='x y'";
  };
  testEscapeNixString = {
    expr = [
      (lib.escapeNixString "hello\${}\n")
      (lib.escapeNixString ''a"b'')
    ];
    expected = [ "\"hello\\\${}\\n\"" "\"a\\\"b\"" ];
  };
  testEscapeRegex = {
    expr = lib.escapeRegex "[^a-z]*";
    expected = "\\[\\^a-z]\\*";
  };
  testEscapeRegexMatchesLiterally = {
    expr = builtins.match (lib.escapeRegex "a.b*c+(d)|e$^{1}?\\") "a.b*c+(d)|e$^{1}?\\" != null;
    expected = true;
  };
  testEscapeNixIdentifier = {
    expr = map lib.escapeNixIdentifier [ "hello" "0abc" "a-b'c" "if" "app.kubernetes.io/name" ];
    expected = [ "hello" "\"0abc\"" "a-b'c" "\"if\"" "\"app.kubernetes.io/name\"" ];
  };
  testEscapeXML = {
    expr = lib.escapeXML ''"test" 'test' < & >'';
    expected = "&quot;test&quot; &apos;test&apos; &lt; &amp; &gt;";
  };
  testCaseChars = {
    expr = [
      (builtins.length lib.lowerChars)
      (builtins.head lib.upperChars)
      (lib.last lib.lowerChars)
    ];
    expected = [ 26 "A" "z" ];
  };
  testToLowerUpper = {
    expr = [
      (lib.toLower "HOME-Dir_1")
      (lib.toUpper "home-dir_1")
      (lib.toUpper "")
      (lib.toLower "é")
    ];
    expected = [ "home-dir_1" "HOME-DIR_1" "" "é" ];
  };
  testToSentenceCase = {
    expr = [
      (lib.toSentenceCase "hELLO")
      (lib.toSentenceCase "a")
      (lib.toSentenceCase "")
    ];
    expected = [ "Hello" "A" "" ];
  };
  testToSentenceCaseNotString = {
    expr = lib.toSentenceCase 1;
    expectedError = true;
  };
  testToCamelCase = {
    expr = map lib.toCamelCase [
      "hello-world"
      "hello_world"
      "hello world"
      "HelloWorld"
      "helloWorld"
      ""
      "XMLHttpRequest"
    ];
    expected = [ "helloWorld" "helloWorld" "helloWorld" "helloWorld" "helloWorld" "" "xmlhttpRequest" ];
  };
  testSplitString = {
    expr = [
      (lib.splitString "." "foo.bar.baz")
      (lib.splitString "/" "/usr/local/bin")
      (lib.splitString "," "")
      (lib.splitString "," "a,")
      (lib.splitString ", " "a, b, c")
      (lib.splitString "abc" "xabcyabc")
    ];
    expected = [
      [ "foo" "bar" "baz" ]
      [ "" "usr" "local" "bin" ]
      [ "" ]
      [ "a" "" ]
      [ "a" "b" "c" ]
      [ "x" "y" "" ]
    ];
  };
  testSplitStringRegexSpecialSeparators = {
    expr = [
      (lib.splitString "*" "a*b")
      (lib.splitString "|" "a|b|c")
      (lib.splitString "(" "f(x")
      (lib.splitString "." "no-dots")
      (lib.splitString "$" "a$b")
      (lib.splitString "+" "1+2")
      (lib.splitString "\\" "a\\b")
      (lib.splitString "[" "a[b")
    ];
    expected = [
      [ "a" "b" ]
      [ "a" "b" "c" ]
      [ "f" "x" ]
      [ "no-dots" ]
      [ "a" "b" ]
      [ "1" "2" ]
      [ "a" "b" ]
      [ "a" "b" ]
    ];
  };
  testSplitStringNewlines = {
    expr = lib.splitString "\n" "line1\nline2\n";
    expected = [ "line1" "line2" "" ];
  };
  testSplitStringBy = {
    expr = [
      (lib.splitStringBy (prev: curr: builtins.elem curr [ "." "-" ]) false "foo.bar-baz")
      (lib.splitStringBy (prev: curr: builtins.match "[a-z]" prev != null && builtins.match "[A-Z]" curr != null) true "fooBarBaz")
      (lib.splitStringBy (prev: curr: curr == ".") false ".foo.bar.baz")
      (lib.splitStringBy (prev: curr: curr == ".") false "foo.bar.baz.")
      (lib.splitStringBy (prev: curr: curr == ".") false "")
    ];
    expected = [
      [ "foo" "bar" "baz" ]
      [ "foo" "Bar" "Baz" ]
      [ "" "foo" "bar" "baz" ]
      [ "foo" "bar" "baz" "" ]
      [ "" ]
    ];
  };
  testRemovePrefix = {
    expr = [
      (lib.removePrefix "foo." "foo.bar.baz")
      (lib.removePrefix "xxx" "foo.bar.baz")
      (lib.removePrefix "" "abc")
      (lib.removePrefix "abc" "abc")
      (lib.removePrefix "abcd" "abc")
    ];
    expected = [ "bar.baz" "foo.bar.baz" "abc" "" "abc" ];
  };
  testRemoveSuffix = {
    expr = [
      (lib.removeSuffix "front" "homefront")
      (lib.removeSuffix "xxx" "homefront")
      (lib.removeSuffix "" "abc")
      (lib.removeSuffix "abc" "abc")
      (lib.removeSuffix "zabc" "abc")
    ];
    expected = [ "home" "homefront" "abc" "" "abc" ];
  };
  testVersionOlder = {
    expr = [
      (lib.versionOlder "1.1" "1.2")
      (lib.versionOlder "1.1" "1.1")
      (lib.versionOlder "1.2" "1.1")
      (lib.versionOlder "1.9" "1.10")
      (lib.versionOlder "1.2pre" "1.2")
      (lib.versionOlder "1.2" "1.2.1")
    ];
    expected = [ true false false true true true ];
  };
  testVersionAtLeast = {
    expr = [
      (lib.versionAtLeast "1.1" "1.0")
      (lib.versionAtLeast "1.1" "1.1")
      (lib.versionAtLeast "1.1" "1.2")
      (lib.versionAtLeast "1.28" "1.9")
    ];
    expected = [ true true false true ];
  };
  testGetNameVersion = {
    expr = [
      (lib.getName "youtube-dl-2016.01.01")
      (lib.getVersion "youtube-dl-2016.01.01")
      (lib.getName { pname = "nginx"; version = "1.25"; })
      (lib.getVersion { pname = "nginx"; version = "1.25"; })
      (lib.getName { name = "redis-7.2.4"; })
      (lib.getVersion { name = "redis-7.2.4"; })
      (lib.getName "hello")
      (lib.getVersion "hello")
    ];
    expected = [ "youtube-dl" "2016.01.01" "nginx" "1.25" "redis" "7.2.4" "hello" "" ];
  };
  testNameFromURL = {
    expr = [
      (lib.nameFromURL "https://nixos.org/releases/nix/nix-1.7/nix-1.7-x86_64-linux.tar.bz2" "-")
      (lib.nameFromURL "https://nixos.org/releases/nix/nix-1.7/nix-1.7-x86_64-linux.tar.bz2" "_")
    ];
    expected = [ "nix" "nix-1.7-x86" ];
  };
  testNameFromURLNoSeparator = {
    expr = lib.nameFromURL "https://example.org/file.tar" "-";
    expectedError = true;
  };
  testFixedWidthString = {
    expr = [
      (lib.fixedWidthString 5 "0" "15")
      (lib.fixedWidthString 2 "0" "15")
      (lib.fixedWidthString 4 " " "")
      (lib.fixedWidthString 3 "0" "abc")
    ];
    expected = [ "00015" "15" "    " "abc" ];
  };
  testFixedWidthStringTooLong = {
    expr = lib.fixedWidthString 2 "0" "123";
    expectedError = true;
  };
  testFixedWidthNumber = {
    expr = [
      (lib.fixedWidthNumber 5 15)
      (lib.fixedWidthNumber 1 0)
      (lib.fixedWidthNumber 3 123)
    ];
    expected = [ "00015" "0" "123" ];
  };
  testFloatToString = {
    expr = [
      (lib.floatToString 0.5)
      (lib.floatToString 1.0)
    ];
    expected = [ "0.500000" "1.000000" ];
  };
  testIsStringLike = {
    expr = [
      (lib.isStringLike "x")
      (lib.isStringLike ./run.nix)
      (lib.isStringLike { __toString = self: "x"; })
      (lib.isStringLike { outPath = "/x"; })
      (lib.isStringLike 1)
      (lib.isStringLike { })
    ];
    expected = [ true true true true false false ];
  };
  testIsConvertibleWithToString = {
    expr = [
      (lib.isConvertibleWithToString [ 1 null true "a" ])
      (lib.isConvertibleWithToString 1.5)
      (lib.isConvertibleWithToString { })
      (lib.isConvertibleWithToString [ { } ])
      (lib.isConvertibleWithToString (x: x))
    ];
    expected = [ true true false false false ];
  };
  testToInt = {
    expr = [
      (lib.toInt "1337")
      (lib.toInt "-4")
      (lib.toInt " 123 ")
      (lib.toInt "0")
      (lib.toInt "\t7\n")
      (lib.toInt "-0")
    ];
    expected = [ 1337 (-4) 123 0 7 0 ];
  };
  testToIntLeadingZero = {
    expr = lib.toInt "010";
    expectedError = true;
  };
  testToIntLeadingZeros = {
    expr = lib.toInt "00024";
    expectedError = true;
  };
  testToIntFloat = {
    expr = lib.toInt "3.14";
    expectedError = true;
  };
  testToIntGarbage = {
    expr = lib.toInt "12abc";
    expectedError = true;
  };
  testToIntEmpty = {
    expr = lib.toInt "";
    expectedError = true;
  };
  testToIntBase10 = {
    expr = [
      (lib.toIntBase10 "1337")
      (lib.toIntBase10 "-4")
      (lib.toIntBase10 " 123 ")
      (lib.toIntBase10 "010")
      (lib.toIntBase10 "00024")
      (lib.toIntBase10 "0")
      (lib.toIntBase10 " 000 ")
      (lib.toIntBase10 "-0")
    ];
    expected = [ 1337 (-4) 123 10 24 0 0 0 ];
  };
  testToIntBase10Invalid = {
    expr = lib.toIntBase10 "3.14";
    expectedError = true;
  };
  testFileContents = {
    expr = lib.hasPrefix "# Tests of lib/strings.nix." (lib.fileContents ./lib-strings.nix);
    expected = true;
  };
  testCommonPrefixSuffixLength = {
    expr = [
      (lib.commonPrefixLength "kubectl" "kubelet")
      (lib.commonPrefixLength "" "abc")
      (lib.commonPrefixLength "abc" "abc")
      (lib.commonSuffixLength "deployment" "statement")
      (lib.commonSuffixLength "abc" "xyz")
    ];
    expected = [ 4 0 3 4 0 ];
  };
  testLevenshtein = {
    expr = [
      (lib.levenshtein "foo" "foo")
      (lib.levenshtein "book" "hook")
      (lib.levenshtein "hello" "Heyo")
      (lib.levenshtein "" "abc")
      (lib.levenshtein "replicas" "replica")
    ];
    expected = [ 0 1 3 3 1 ];
  };
}
