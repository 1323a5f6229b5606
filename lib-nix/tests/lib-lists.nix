# Tests of lib/lists.nix.
{ lib }:
{
  testBuiltinPassthroughs = {
    expr = [
      (lib.length [ 1 2 ])
      (lib.head [ 1 2 ])
      (lib.tail [ 1 2 ])
      (lib.elemAt [ "a" "b" ] 1)
      (lib.elem 2 [ 1 2 ])
      (lib.map (x: x * 2) [ 1 2 ])
      (lib.filter (x: x > 1) [ 1 2 3 ])
      (lib.genList (i: i * i) 4)
      (lib.concatLists [ [ 1 ] [ ] [ 2 3 ] ])
      (lib.concatMap (x: [ x x ]) [ 1 2 ])
    ];
    expected = [
      2
      1
      [ 2 ]
      "b"
      true
      [ 2 4 ]
      [ 2 3 ]
      [ 0 1 4 9 ]
      [ 1 2 3 ]
      [ 1 1 2 2 ]
    ];
  };
  testSubmoduleAccess = {
    expr = lib.lists.singleton 1 == lib.singleton 1 && lib.lists.flatten [ [ 1 ] ] == lib.flatten [ [ 1 ] ];
    expected = true;
  };
  testSingleton = {
    expr = lib.singleton "x";
    expected = [ "x" ];
  };
  testForEach = {
    expr = lib.forEach [ 1 2 ] (x: toString (x * 10));
    expected = [ "10" "20" ];
  };
  testFoldr = {
    expr = lib.foldr (x: acc: "${x}${acc}") "z" [ "a" "b" "c" ];
    expected = "abcz";
  };
  testFoldrEmpty = {
    expr = lib.foldr (x: acc: throw "not called") "nul" [ ];
    expected = "nul";
  };
  testFoldrLazy = {
    # `op` ignores the rest of the fold after the first element, so the thrown element is never
    # looked at.
    expr = lib.foldr (x: acc: x) 0 [ 1 (throw "lazy") ];
    expected = 1;
  };
  testFoldrTypes = {
    expr = lib.foldr (int: str: toString (int + 1) + str) "a" [ 1 2 3 4 ];
    expected = "2345a";
  };
  testFold = {
    expr = lib.fold (x: acc: x + acc) 0 [ 1 2 3 ];
    expected = 6;
  };
  testFoldl = {
    expr = lib.foldl (acc: x: "${acc}${x}") "z" [ "a" "b" "c" ];
    expected = "zabc";
  };
  testFoldlEmpty = {
    expr = lib.foldl (acc: x: throw "not called") "nul" [ ];
    expected = "nul";
  };
  testFoldlLazyAccumulator = {
    expr = lib.foldl (acc: x: x) (throw "initial value not needed") [ 1 2 ];
    expected = 2;
  };
  testFoldlStrict = {
    expr = lib.foldl' (acc: x: acc + x) 0 [ 1 2 3 ];
    expected = 6;
  };
  testFoldlStrictForcesInitial = {
    expr = lib.foldl' (acc: x: x) (throw "initial value is forced") [ 1 ];
    expectedError = true;
  };
  testFoldlStrictForcesInitialOnEmpty = {
    expr = lib.foldl' (acc: x: x) (throw "initial value is forced") [ ];
    expectedError = true;
  };
  testImap0 = {
    expr = lib.imap0 (i: v: "${v}-${toString i}") [ "a" "b" ];
    expected = [ "a-0" "b-1" ];
  };
  testImap1 = {
    expr = lib.imap1 (i: v: "${v}-${toString i}") [ "a" "b" ];
    expected = [ "a-1" "b-2" ];
  };
  testImapEmpty = {
    expr = [
      (lib.imap0 (i: v: v) [ ])
      (lib.imap1 (i: v: v) [ ])
    ];
    expected = [ [ ] [ ] ];
  };
  testImapLazy = {
    expr = builtins.length (lib.imap0 (i: v: throw "lazy") [ 1 2 3 ]);
    expected = 3;
  };
  testIfilter0 = {
    expr = lib.ifilter0 (i: v: i == 0 || v > 2) [ 1 2 3 ];
    expected = [ 1 3 ];
  };
  testIfilter0Empty = {
    expr = lib.ifilter0 (i: v: true) [ ];
    expected = [ ];
  };
  testFlatten = {
    expr = lib.flatten [ 1 [ 2 [ 3 ] 4 ] 5 ];
    expected = [ 1 2 3 4 5 ];
  };
  testFlattenNonList = {
    expr = lib.flatten 1;
    expected = [ 1 ];
  };
  testFlattenEmpty = {
    expr = lib.flatten [ [ ] [ [ ] ] ];
    expected = [ ];
  };
  testFlattenKeepsSets = {
    expr = lib.flatten [ { a = [ 1 ]; } [ { b = 2; } ] ];
    expected = [ { a = [ 1 ]; } { b = 2; } ];
  };
  testRemove = {
    expr = lib.remove 3 [ 1 3 4 3 ];
    expected = [ 1 4 ];
  };
  testRemoveSets = {
    expr = lib.remove { a = 1; } [ { a = 1; } { a = 2; } ];
    expected = [ { a = 2; } ];
  };
  testFindSingle = {
    expr = [
      (lib.findSingle (x: x == 3) "none" "multiple" [ 1 3 3 ])
      (lib.findSingle (x: x == 3) "none" "multiple" [ 1 3 ])
      (lib.findSingle (x: x == 3) "none" "multiple" [ 1 9 ])
      (lib.findSingle (x: x == 3) "none" "multiple" [ ])
    ];
    expected = [ "multiple" 3 "none" "none" ];
  };
  testFindFirst = {
    expr = [
      (lib.findFirst (x: x > 3) 7 [ 1 6 4 ])
      (lib.findFirst (x: x > 9) 7 [ 1 6 4 ])
      (lib.findFirst (x: x > 9) 7 [ ])
    ];
    expected = [ 6 7 7 ];
  };
  testFindFirstLazyDefault = {
    expr = lib.findFirst (x: x > 0) (throw "default not needed") [ 1 ];
    expected = 1;
  };
  testFindFirstStopsAtMatch = {
    # The predicate is not called on elements after the first match.
    expr = lib.findFirst (x: if x < 2 then x == 1 else throw "not reached") null [ 0 1 2 3 ];
    expected = 1;
  };
  testFindFirstSkipsLaterElements = {
    expr = lib.findFirst (x: x == 1) null [ 1 (throw "not evaluated") ];
    expected = 1;
  };
  testFindFirstIndex = {
    expr = [
      (lib.findFirstIndex (x: x > 3) null [ 0 6 4 ])
      (lib.findFirstIndex (x: x > 9) null [ 0 6 4 ])
      (lib.findFirstIndex (x: x > 9) "none" [ ])
      (lib.findFirstIndex (x: x == "c") null [ "a" "b" "c" ])
    ];
    expected = [ 1 null "none" 2 ];
  };
  testFindFirstIndexLazy = {
    expr = lib.findFirstIndex (x: x == 1) null [ 1 (throw "not evaluated") ];
    expected = 0;
  };
  testAnyAll = {
    expr = [
      (lib.any (x: x > 2) [ 1 3 ])
      (lib.any (x: x > 2) [ ])
      (lib.all (x: x > 0) [ 1 3 ])
      (lib.all (x: x > 0) [ ])
      (lib.all (x: x > 1) [ 1 3 ])
    ];
    expected = [ true false true true false ];
  };
  testCount = {
    expr = [
      (lib.count (x: x == 3) [ 3 2 3 4 6 ])
      (lib.count (x: true) [ ])
    ];
    expected = [ 2 0 ];
  };
  testOptional = {
    expr = [
      (lib.optional true "foo")
      (lib.optional false "foo")
      (lib.optional false (throw "lazy"))
    ];
    expected = [ [ "foo" ] [ ] [ ] ];
  };
  testOptionals = {
    expr = [
      (lib.optionals true [ 2 3 ])
      (lib.optionals false [ 2 3 ])
      (lib.optionals false (throw "lazy"))
    ];
    expected = [ [ 2 3 ] [ ] [ ] ];
  };
  testOptionalsBuildsList = {
    expr = [ "a" ] ++ lib.optional (1 > 2) "b" ++ lib.optionals true [ "c" "d" ];
    expected = [ "a" "c" "d" ];
  };
  testToList = {
    expr = [
      (lib.toList [ 1 2 ])
      (lib.toList "hi")
      (lib.toList [ ])
      (lib.toList null)
    ];
    expected = [ [ 1 2 ] [ "hi" ] [ ] [ null ] ];
  };
  testRange = {
    expr = [
      (lib.range 2 4)
      (lib.range 3 2)
      (lib.range 0 0)
      (lib.range (-2) 1)
    ];
    expected = [ [ 2 3 4 ] [ ] [ 0 ] [ (-2) (-1) 0 1 ] ];
  };
  testReplicate = {
    expr = [
      (lib.replicate 3 "a")
      (lib.replicate 0 "a")
      (lib.lists.replicate 2 [ 1 ])
    ];
    expected = [ [ "a" "a" "a" ] [ ] [ [ 1 ] [ 1 ] ] ];
  };
  testPartition = {
    expr = lib.partition (x: x > 2) [ 5 1 2 3 4 ];
    expected = { right = [ 5 3 4 ]; wrong = [ 1 2 ]; };
  };
  testPartitionEmpty = {
    expr = lib.partition (x: x > 2) [ ];
    expected = { right = [ ]; wrong = [ ]; };
  };
  testGroupBy = {
    expr = lib.groupBy (x: x.name) [
      { name = "icewm"; script = "icewm &"; }
      { name = "xfce"; script = "xfce4-session &"; }
      { name = "icewm"; script = "icewmbg &"; }
    ];
    expected = {
      icewm = [
        { name = "icewm"; script = "icewm &"; }
        { name = "icewm"; script = "icewmbg &"; }
      ];
      xfce = [ { name = "xfce"; script = "xfce4-session &"; } ];
    };
  };
  testGroupByBool = {
    expr = lib.groupBy (x: lib.boolToString (x > 2)) [ 5 1 2 3 4 ];
    expected = { true = [ 5 3 4 ]; false = [ 1 2 ]; };
  };
  testGroupByPrime = {
    expr = lib.groupBy' builtins.add 0 (x: lib.boolToString (x > 2)) [ 5 1 2 3 4 ];
    expected = { true = 12; false = 3; };
  };
  testGroupByPrimeOrder = {
    expr = lib.groupBy' (acc: x: acc + x) "" (x: builtins.substring 0 1 x) [ "a1" "b1" "a2" "b2" ];
    expected = { a = "a1a2"; b = "b1b2"; };
  };
  testGroupByPrimeEmpty = {
    expr = lib.groupBy' builtins.add 0 (x: "k") [ ];
    expected = { };
  };
  testZipListsWith = {
    expr = lib.zipListsWith (a: b: a + b) [ "h" "l" ] [ "e" "o" ];
    expected = [ "he" "lo" ];
  };
  testZipListsWithShortest = {
    expr = lib.zipListsWith (a: b: a * b) [ 1 2 3 ] [ 4 5 ];
    expected = [ 4 10 ];
  };
  testZipLists = {
    expr = lib.zipLists [ 1 2 ] [ "a" "b" "c" ];
    expected = [
      { fst = 1; snd = "a"; }
      { fst = 2; snd = "b"; }
    ];
  };
  testReverseList = {
    expr = [
      (lib.reverseList [ "b" "o" "j" ])
      (lib.reverseList [ ])
      (lib.reverseList [ 1 ])
    ];
    expected = [ [ "j" "o" "b" ] [ ] [ 1 ] ];
  };
  testListDfs = {
    expr = lib.listDfs true lib.hasPrefix [ "/home/user" "other" "/" "/home" ];
    expected = {
      minimal = "/";
      visited = [ "/home/user" ];
      rest = [ "/home" "other" ];
    };
  };
  testListDfsCycle = {
    expr = lib.listDfs true lib.hasPrefix [ "/home/user" "other" "/" "/home" "/" ];
    expected = {
      cycle = "/";
      loops = [ "/" ];
      visited = [ "/" "/home/user" ];
      rest = [ "/home" "other" ];
    };
  };
  testToposort = {
    expr = lib.toposort lib.hasPrefix [ "/home/user" "other" "/" "/home" ];
    expected = { result = [ "/" "/home" "/home/user" "other" ]; };
  };
  testToposortOther = {
    expr = lib.toposort lib.hasPrefix [ "other" "/home/user" "/home" "/" ];
    expected = { result = [ "other" "/" "/home" "/home/user" ]; };
  };
  testToposortCycle = {
    expr = lib.toposort lib.hasPrefix [ "/home/user" "other" "/" "/home" "/" ];
    expected = {
      cycle = [ "/home/user" "/" "/" ];
      loops = [ "/" ];
    };
  };
  testToposortNumbers = {
    expr = lib.toposort (a: b: a < b) [ 3 2 1 ];
    expected = { result = [ 1 2 3 ]; };
  };
  testToposortTrivial = {
    expr = [
      (lib.toposort (a: b: a < b) [ ])
      (lib.toposort (a: b: a < b) [ 1 ])
    ];
    expected = [ { result = [ ]; } { result = [ 1 ]; } ];
  };
  testSort = {
    expr = lib.sort (a: b: a < b) [ 5 3 7 ];
    expected = [ 3 5 7 ];
  };
  testSortStable = {
    expr = lib.sort (a: b: a.k < b.k) [
      { k = 1; v = "a"; }
      { k = 0; v = "b"; }
      { k = 1; v = "c"; }
      { k = 0; v = "d"; }
    ];
    expected = [
      { k = 0; v = "b"; }
      { k = 0; v = "d"; }
      { k = 1; v = "a"; }
      { k = 1; v = "c"; }
    ];
  };
  testSortStrings = {
    expr = lib.sort (a: b: a < b) [ "b" "B" "a" "" ];
    expected = [ "" "B" "a" "b" ];
  };
  testSortOn = {
    expr = lib.sortOn builtins.stringLength [ "aa" "b" "cccc" "d" ];
    expected = [ "b" "d" "aa" "cccc" ];
  };
  testSortOnCallsKeyOncePerElement = {
    expr = lib.sortOn (x: x.priority) [
      { n = "a"; priority = 2; }
      { n = "b"; priority = 1; }
    ];
    expected = [
      { n = "b"; priority = 1; }
      { n = "a"; priority = 2; }
    ];
  };
  testCompareLists = {
    expr = [
      (lib.compareLists lib.compare [ ] [ ])
      (lib.compareLists lib.compare [ ] [ "a" ])
      (lib.compareLists lib.compare [ "a" ] [ ])
      (lib.compareLists lib.compare [ "a" "b" ] [ "a" "c" ])
      (lib.compareLists lib.compare [ "a" "b" ] [ "a" "b" ])
    ];
    expected = [ 0 (-1) 1 (-1) 0 ];
  };
  testNaturalSort = {
    expr = [
      (lib.naturalSort [ "disk11" "disk8" "disk100" "disk9" ])
      (lib.naturalSort [ "10.46.133.149" "10.5.16.62" "10.54.16.25" ])
      (lib.naturalSort [ "v0.2" "v0.15" "v0.0.9" ])
    ];
    expected = [
      [ "disk8" "disk9" "disk11" "disk100" ]
      [ "10.5.16.62" "10.46.133.149" "10.54.16.25" ]
      [ "v0.0.9" "v0.2" "v0.15" ]
    ];
  };
  testTake = {
    expr = [
      (lib.take 2 [ "a" "b" "c" "d" ])
      (lib.take 2 [ ])
      (lib.take 0 [ 1 ])
      (lib.take 5 [ 1 2 ])
    ];
    expected = [ [ "a" "b" ] [ ] [ ] [ 1 2 ] ];
  };
  testDrop = {
    expr = [
      (lib.drop 2 [ "a" "b" "c" "d" ])
      (lib.drop 2 [ ])
      (lib.drop 0 [ 1 ])
      (lib.drop 5 [ 1 2 ])
    ];
    expected = [ [ "c" "d" ] [ ] [ 1 ] [ ] ];
  };
  testTakeEndDropEnd = {
    expr = [
      (lib.takeEnd 2 [ "a" "b" "c" "d" ])
      (lib.takeEnd 5 [ 1 2 ])
      (lib.takeEnd 0 [ 1 2 ])
      (lib.dropEnd 2 [ "a" "b" "c" "d" ])
      (lib.dropEnd 5 [ 1 2 ])
      (lib.dropEnd 0 [ 1 2 ])
    ];
    expected = [ [ "c" "d" ] [ 1 2 ] [ ] [ "a" "b" ] [ ] [ 1 2 ] ];
  };
  testSublist = {
    expr = [
      (lib.sublist 1 3 [ "a" "b" "c" "d" "e" ])
      (lib.sublist 1 3 [ ])
      (lib.sublist 3 10 [ 1 2 3 4 ])
      (lib.sublist 4 1 [ 1 2 3 4 ])
    ];
    expected = [ [ "b" "c" "d" ] [ ] [ 4 ] [ ] ];
  };
  testTakeIsLazy = {
    expr = lib.take 1 [ 1 (throw "lazy") ];
    expected = [ 1 ];
  };
  testLast = {
    expr = lib.last [ 1 2 3 ];
    expected = 3;
  };
  testLastEmpty = {
    expr = lib.last [ ];
    expectedError = true;
  };
  testInit = {
    expr = [
      (lib.init [ 1 2 3 ])
      (lib.init [ 1 ])
    ];
    expected = [ [ 1 2 ] [ ] ];
  };
  testInitEmpty = {
    expr = lib.init [ ];
    expectedError = true;
  };
  testUnique = {
    expr = [
      (lib.unique [ 3 2 3 4 ])
      (lib.unique [ ])
      (lib.unique [ { a = 1; } { a = 1; } "x" "x" ])
    ];
    expected = [ [ 3 2 4 ] [ ] [ { a = 1; } "x" ] ];
  };
  testAllUnique = {
    expr = [
      (lib.allUnique [ 3 2 3 4 ])
      (lib.allUnique [ 3 2 4 1 ])
      (lib.allUnique [ ])
    ];
    expected = [ false true true ];
  };
  testIntersectLists = {
    expr = [
      (lib.intersectLists [ 1 2 3 ] [ 6 3 2 ])
      (lib.intersectLists [ ] [ 1 ])
      (lib.intersectLists [ 1 ] [ ])
    ];
    expected = [ [ 3 2 ] [ ] [ ] ];
  };
  testSubtractLists = {
    expr = [
      (lib.subtractLists [ 3 2 ] [ 1 2 3 4 5 3 ])
      (lib.subtractLists [ ] [ 1 2 ])
    ];
    expected = [ [ 1 4 5 ] [ 1 2 ] ];
  };
  testMutuallyExclusive = {
    expr = [
      (lib.mutuallyExclusive [ 1 2 ] [ 3 4 ])
      (lib.mutuallyExclusive [ 1 2 ] [ 2 3 ])
      (lib.mutuallyExclusive [ ] [ 1 ])
      (lib.mutuallyExclusive [ 1 ] [ ])
    ];
    expected = [ true false true true ];
  };
}
