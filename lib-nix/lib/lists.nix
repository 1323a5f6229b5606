/**
  Functions on lists: construction, folds, searching, slicing, sorting, set-like operations
  and zipping. Every function here is also available directly on `lib`.
*/
let
  trivial = import ./trivial.nix;
in
rec {

  /**
    The number of elements of a list (`builtins.length`).

    # Type

    ```
    length :: [a] -> Int
    ```

    # Example

    ```nix
    length [ "a" "b" ]
    => 2
    ```
  */
  length = builtins.length;

  /**
    The first element of a list; an error for the empty list (`builtins.head`).

    # Type

    ```
    head :: [a] -> a
    ```

    # Example

    ```nix
    head [ 1 2 3 ]
    => 1
    ```
  */
  head = builtins.head;

  /**
    The list without its first element; an error for the empty list (`builtins.tail`).

    # Type

    ```
    tail :: [a] -> [a]
    ```

    # Example

    ```nix
    tail [ 1 2 3 ]
    => [ 2 3 ]
    ```
  */
  tail = builtins.tail;

  /**
    The element at a 0-based index; an error when out of bounds (`builtins.elemAt`).

    # Type

    ```
    elemAt :: [a] -> Int -> a
    ```

    # Example

    ```nix
    elemAt [ "a" "b" "c" ] 1
    => "b"
    ```
  */
  elemAt = builtins.elemAt;

  /**
    Whether a value is equal (`==`) to some element of a list (`builtins.elem`).

    # Type

    ```
    elem :: a -> [a] -> Bool
    ```

    # Example

    ```nix
    elem 2 [ 1 2 3 ]
    => true
    ```
  */
  elem = builtins.elem;

  /**
    Whether a value is a list (`builtins.isList`).

    # Type

    ```
    isList :: a -> Bool
    ```

    # Example

    ```nix
    isList [ ]
    => true
    ```
  */
  isList = builtins.isList;

  /**
    Applies a function to every element of a list, lazily (`builtins.map`).

    # Type

    ```
    map :: (a -> b) -> [a] -> [b]
    ```

    # Example

    ```nix
    map (x: x * 2) [ 1 2 3 ]
    => [ 2 4 6 ]
    ```
  */
  map = builtins.map;

  /**
    The elements of a list for which a predicate is true, in order (`builtins.filter`).

    # Type

    ```
    filter :: (a -> Bool) -> [a] -> [a]
    ```

    # Example

    ```nix
    filter (x: x > 1) [ 1 2 3 ]
    => [ 2 3 ]
    ```
  */
  filter = builtins.filter;

  /**
    The list `[ (f 0) (f 1) ... (f (n - 1)) ]`, whose elements are computed lazily
    (`builtins.genList`).

    # Type

    ```
    genList :: (Int -> a) -> Int -> [a]
    ```

    # Example

    ```nix
    genList (i: i * i) 4
    => [ 0 1 4 9 ]
    ```
  */
  genList = builtins.genList;

  /**
    Concatenates a list of lists (`builtins.concatLists`).

    # Type

    ```
    concatLists :: [[a]] -> [a]
    ```

    # Example

    ```nix
    concatLists [ [ 1 2 ] [ ] [ 3 ] ]
    => [ 1 2 3 ]
    ```
  */
  concatLists = builtins.concatLists;

  /**
    Maps a function that returns lists over a list and concatenates the results
    (`builtins.concatMap`).

    # Type

    ```
    concatMap :: (a -> [b]) -> [a] -> [b]
    ```

    # Example

    ```nix
    concatMap (x: [ x x ]) [ 1 2 ]
    => [ 1 1 2 2 ]
    ```
  */
  concatMap = builtins.concatMap;

  /**
    Whether a predicate holds for at least one element (`builtins.any`).

    # Type

    ```
    any :: (a -> Bool) -> [a] -> Bool
    ```

    # Example

    ```nix
    any (x: x > 2) [ 1 3 ]
    => true
    any (x: x > 2) [ ]
    => false
    ```
  */
  any = builtins.any;

  /**
    Whether a predicate holds for every element (`builtins.all`).

    # Type

    ```
    all :: (a -> Bool) -> [a] -> Bool
    ```

    # Example

    ```nix
    all (x: x > 0) [ 1 3 ]
    => true
    all (x: x > 0) [ ]
    => true
    ```
  */
  all = builtins.all;

  /**
    Splits a list into the elements that satisfy a predicate (`right`) and the others (`wrong`),
    keeping their order (`builtins.partition`).

    # Type

    ```
    partition :: (a -> Bool) -> [a] -> { right :: [a]; wrong :: [a]; }
    ```

    # Example

    ```nix
    partition (x: x > 2) [ 5 1 2 3 4 ]
    => { right = [ 5 3 4 ]; wrong = [ 1 2 ]; }
    ```
  */
  partition = builtins.partition;

  /**
    Sorts a list with a strict "less than" function; the sort is stable, so equal elements
    keep their order (`builtins.sort`).

    # Type

    ```
    sort :: (a -> a -> Bool) -> [a] -> [a]
    ```

    # Example

    ```nix
    sort (a: b: a < b) [ 5 3 7 ]
    => [ 3 5 7 ]
    ```
  */
  sort = builtins.sort;

  /**
    A list of one element.

    # Type

    ```
    singleton :: a -> [a]
    ```

    # Example

    ```nix
    singleton "x"
    => [ "x" ]
    ```
  */
  singleton = x: [ x ];

  /**
    `map` with the arguments swapped: the list first, then the function.

    Reads well when the function is a long literal.

    # Type

    ```
    forEach :: [a] -> (a -> b) -> [b]
    ```

    # Example

    ```nix
    forEach [ 1 2 ] (x: toString x)
    => [ "1" "2" ]
    ```
  */
  forEach = xs: f: map f xs;

  /**
    Right fold: `foldr op nul [ x1 x2 ... xn ]` is `op x1 (op x2 ... (op xn nul))`.

    Lazy: `op` decides whether the rest of the fold is evaluated.

    # Type

    ```
    foldr :: (a -> b -> b) -> b -> [a] -> b
    ```

    # Example

    ```nix
    foldr (x: acc: "${x}${acc}") "z" [ "a" "b" "c" ]
    => "abcz"
    ```
  */
  foldr =
    op: nul: list:
    let
      len = length list;
      go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in
    go 0;

  /**
    Alias of `foldr`, kept for compatibility.

    # Type

    ```
    fold :: (a -> b -> b) -> b -> [a] -> b
    ```

    # Example

    ```nix
    fold (x: acc: x + acc) 0 [ 1 2 3 ]
    => 6
    ```
  */
  fold = foldr;

  /**
    Left fold: `foldl op nul [ x1 x2 ... xn ]` is `op (... (op (op nul x1) x2) ...) xn`.

    Lazy in the accumulator; prefer `foldl'` for long lists.

    # Type

    ```
    foldl :: (b -> a -> b) -> b -> [a] -> b
    ```

    # Example

    ```nix
    foldl (acc: x: "${acc}${x}") "z" [ "a" "b" "c" ]
    => "zabc"
    ```
  */
  foldl =
    op: nul: list:
    let
      go = n: if n == -1 then nul else op (go (n - 1)) (elemAt list n);
    in
    go (length list - 1);

  /**
    Strict left fold: like `foldl`, but the accumulator (including the initial one) is
    evaluated at each step.

    # Type

    ```
    foldl' :: (b -> a -> b) -> b -> [a] -> b
    ```

    # Example

    ```nix
    foldl' (acc: x: acc + x) 0 [ 1 2 3 ]
    => 6
    ```
  */
  foldl' = op: acc: builtins.seq acc (builtins.foldl' op acc);

  /**
    `map` whose function also receives the 0-based index of the element.

    # Type

    ```
    imap0 :: (Int -> a -> b) -> [a] -> [b]
    ```

    # Example

    ```nix
    imap0 (i: v: "${v}-${toString i}") [ "a" "b" ]
    => [ "a-0" "b-1" ]
    ```
  */
  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);

  /**
    `map` whose function also receives the 1-based index of the element.

    # Type

    ```
    imap1 :: (Int -> a -> b) -> [a] -> [b]
    ```

    # Example

    ```nix
    imap1 (i: v: "${v}-${toString i}") [ "a" "b" ]
    => [ "a-1" "b-2" ]
    ```
  */
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);

  /**
    `filter` whose predicate also receives the 0-based index of the element.

    # Type

    ```
    ifilter0 :: (Int -> a -> Bool) -> [a] -> [a]
    ```

    # Example

    ```nix
    ifilter0 (i: v: i == 0 || v > 2) [ 1 2 3 ]
    => [ 1 3 ]
    ```
  */
  ifilter0 =
    ipred: input:
    map (i: elemAt input i) (filter (i: ipred i (elemAt input i)) (genList (i: i) (length input)));

  /**
    Flattens nested lists into one list; a value that is not a list becomes a one-element list.

    # Type

    ```
    flatten :: a -> [b]
    ```

    # Example

    ```nix
    flatten [ 1 [ 2 [ 3 ] 4 ] 5 ]
    => [ 1 2 3 4 5 ]
    flatten 1
    => [ 1 ]
    ```
  */
  flatten = x: if isList x then concatMap flatten x else [ x ];

  /**
    The list without the elements equal to `e`.

    # Type

    ```
    remove :: a -> [a] -> [a]
    ```

    # Example

    ```nix
    remove 3 [ 1 3 4 3 ]
    => [ 1 4 ]
    ```
  */
  remove = e: filter (x: x != e);

  /**
    The only element satisfying a predicate; `default` when there is none and `multiple` when
    there are several.

    # Type

    ```
    findSingle :: (a -> Bool) -> a -> a -> [a] -> a
    ```

    # Example

    ```nix
    findSingle (x: x == 3) "none" "multiple" [ 1 3 3 ]
    => "multiple"
    findSingle (x: x == 3) "none" "multiple" [ 1 3 ]
    => 3
    findSingle (x: x == 3) "none" "multiple" [ 1 9 ]
    => "none"
    ```
  */
  findSingle =
    pred: default: multiple: list:
    let
      found = filter pred list;
      n = length found;
    in
    if n == 0 then
      default
    else if n != 1 then
      multiple
    else
      head found;

  /**
    The index of the first element satisfying a predicate, or `default` when there is none.

    The predicate is not called on the elements after the first match.

    # Type

    ```
    findFirstIndex :: (a -> Bool) -> b -> [a] -> (Int | b)
    ```

    # Example

    ```nix
    findFirstIndex (x: x > 3) null [ 0 6 4 ]
    => 1
    findFirstIndex (x: x > 9) null [ 0 6 4 ]
    => null
    ```
  */
  findFirstIndex =
    pred: default: list:
    let
      # Negative accumulator: -(i + 1) while no element matched yet, the index once one did.
      resultIndex = builtins.foldl' (
        index: el:
        if index < 0 then
          if pred el then -index - 1 else index - 1
        else
          index
      ) (-1) list;
    in
    if resultIndex < 0 then default else resultIndex;

  /**
    The first element satisfying a predicate, or `default` when there is none.

    The predicate is not called on the elements after the first match.

    # Type

    ```
    findFirst :: (a -> Bool) -> a -> [a] -> a
    ```

    # Example

    ```nix
    findFirst (x: x > 3) 7 [ 1 6 4 ]
    => 6
    findFirst (x: x > 9) 7 [ 1 6 4 ]
    => 7
    ```
  */
  findFirst =
    pred: default: list:
    let
      index = findFirstIndex pred null list;
    in
    if index == null then default else elemAt list index;

  /**
    The number of elements satisfying a predicate.

    # Type

    ```
    count :: (a -> Bool) -> [a] -> Int
    ```

    # Example

    ```nix
    count (x: x == 3) [ 3 2 3 4 6 ]
    => 2
    ```
  */
  count = pred: builtins.foldl' (c: x: if pred x then c + 1 else c) 0;

  /**
    A one-element list when the condition is true, the empty list otherwise.

    Handy to build lists with optional elements: `[ a ] ++ optional cond b`.

    # Type

    ```
    optional :: Bool -> a -> [a]
    ```

    # Example

    ```nix
    optional true "foo"
    => [ "foo" ]
    optional false "foo"
    => [ ]
    ```
  */
  optional = cond: elem: if cond then [ elem ] else [ ];

  /**
    The given list when the condition is true, the empty list otherwise.

    # Type

    ```
    optionals :: Bool -> [a] -> [a]
    ```

    # Example

    ```nix
    optionals true [ 2 3 ]
    => [ 2 3 ]
    optionals false [ 2 3 ]
    => [ ]
    ```
  */
  optionals = cond: elems: if cond then elems else [ ];

  /**
    Returns a list unchanged and wraps any other value in a one-element list.

    # Type

    ```
    toList :: (a | [a]) -> [a]
    ```

    # Example

    ```nix
    toList [ 1 2 ]
    => [ 1 2 ]
    toList "hi"
    => [ "hi" ]
    ```
  */
  toList = x: if isList x then x else [ x ];

  /**
    The integers from `first` to `last`, both included; empty when `first > last`.

    # Type

    ```
    range :: Int -> Int -> [Int]
    ```

    # Example

    ```nix
    range 2 4
    => [ 2 3 4 ]
    range 3 2
    => [ ]
    ```
  */
  range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);

  /**
    A list of `n` copies of a value.

    # Type

    ```
    replicate :: Int -> a -> [a]
    ```

    # Example

    ```nix
    replicate 3 "a"
    => [ "a" "a" "a" ]
    ```
  */
  replicate = n: elem: genList (_: elem) n;

  /**
    Groups elements into a set of lists by the string a function returns for each; every
    group keeps the original order (`builtins.groupBy`).

    # Type

    ```
    groupBy :: (a -> String) -> [a] -> { <key> :: [a]; }
    ```

    # Example

    ```nix
    groupBy (x: if x > 2 then "big" else "small") [ 5 1 2 3 4 ]
    => { big = [ 5 3 4 ]; small = [ 1 2 ]; }
    ```
  */
  groupBy = builtins.groupBy;

  /**
    Like `groupBy`, but folds each group with `op` (a left fold starting from `nul`) instead of
    collecting it in a list.

    # Type

    ```
    groupBy' :: (b -> a -> b) -> b -> (a -> String) -> [a] -> { <key> :: b; }
    ```

    # Example

    ```nix
    groupBy' builtins.add 0 (x: if x > 2 then "big" else "small") [ 5 1 2 3 4 ]
    => { big = 12; small = 3; }
    ```
  */
  groupBy' = op: nul: pred: lst: builtins.mapAttrs (_: foldl op nul) (groupBy pred lst);

  /**
    Combines two lists element by element with a function; stops at the shorter list.

    # Type

    ```
    zipListsWith :: (a -> b -> c) -> [a] -> [b] -> [c]
    ```

    # Example

    ```nix
    zipListsWith (a: b: a + b) [ "h" "l" ] [ "e" "o" ]
    => [ "he" "lo" ]
    ```
  */
  zipListsWith =
    f: fst: snd:
    genList (n: f (elemAt fst n) (elemAt snd n)) (trivial.min (length fst) (length snd));

  /**
    Pairs the elements of two lists as `{ fst; snd; }`; stops at the shorter list.

    # Type

    ```
    zipLists :: [a] -> [b] -> [{ fst :: a; snd :: b; }]
    ```

    # Example

    ```nix
    zipLists [ 1 2 ] [ "a" "b" ]
    => [ { fst = 1; snd = "a"; } { fst = 2; snd = "b"; } ]
    ```
  */
  zipLists = zipListsWith (fst: snd: { inherit fst snd; });

  /**
    The elements of a list in reverse order.

    # Type

    ```
    reverseList :: [a] -> [a]
    ```

    # Example

    ```nix
    reverseList [ "b" "o" "j" ]
    => [ "j" "o" "b" ]
    ```
  */
  reverseList =
    xs:
    let
      l = length xs;
    in
    genList (n: elemAt xs (l - n - 1)) l;

  /**
    Depth-first search for a minimal element of a non-empty list under a "before" relation.

    `before a b` means `b` depends on `a`. The result is `{ minimal; visited; rest; }`, or, when
    `stopOnCycles` is true and a cycle is found, `{ cycle; loops; visited; rest; }`.
    Used by `toposort`.

    # Type

    ```
    listDfs :: Bool -> (a -> a -> Bool) -> [a] -> AttrSet
    ```

    # Example

    ```nix
    listDfs true (a: b: a < b) [ 3 1 2 ]
    => { minimal = 1; visited = [ 3 ]; rest = [ 2 ]; }
    ```
  */
  listDfs =
    stopOnCycles: before: list:
    let
      dfs' =
        us: visited: rest:
        let
          c = filter (x: before x us) visited;
          b = partition (x: before x us) rest;
        in
        if stopOnCycles && (length c > 0) then
          {
            cycle = us;
            loops = c;
            inherit visited rest;
          }
        else if length b.right == 0 then
          {
            minimal = us;
            inherit visited rest;
          }
        else
          dfs' (head b.right) ([ us ] ++ visited) (tail b.right ++ b.wrong);
    in
    dfs' (head list) [ ] (tail list);

  /**
    Sorts a list by a partial order ("`before a b`: `a` must come before `b`") with a
    depth-first search, in O(n²).

    Returns `{ result = [ ... ]; }`, or `{ cycle = [ ... ]; loops = [ ... ]; }` when the relation
    has a cycle. For a total order, `sort` is faster.

    # Type

    ```
    toposort :: (a -> a -> Bool) -> [a] -> ({ result :: [a]; } | { cycle :: [a]; loops :: [a]; })
    ```

    # Example

    ```nix
    toposort (a: b: a < b) [ 3 2 1 ]
    => { result = [ 1 2 3 ]; }
    ```
  */
  toposort =
    before: list:
    let
      dfsthis = listDfs true before list;
      toporest = toposort before (dfsthis.visited ++ dfsthis.rest);
    in
    if length list < 2 then
      { result = list; }
    else if dfsthis ? cycle then
      {
        cycle = reverseList ([ dfsthis.cycle ] ++ dfsthis.visited);
        inherit (dfsthis) loops;
      }
    else if toporest ? cycle then
      toporest
    else
      { result = [ dfsthis.minimal ] ++ toporest.result; };

  /**
    Sorts a list by a key computed once per element, with `<` on the keys; the sort is stable.

    # Type

    ```
    sortOn :: (a -> b) -> [a] -> [a]
    ```

    # Example

    ```nix
    sortOn (x: x.priority) [ { n = "a"; priority = 2; } { n = "b"; priority = 1; } ]
    => [ { n = "b"; priority = 1; } { n = "a"; priority = 2; } ]
    ```
  */
  sortOn =
    f: list:
    let
      pairs = map (x: [
        (f x)
        x
      ]) list;
    in
    map (p: elemAt p 1) (sort (a: b: head a < head b) pairs);

  /**
    Compares two lists lexicographically with an element comparison function returning
    `-1`, `0` or `1`; a proper prefix is smaller.

    # Type

    ```
    compareLists :: (a -> a -> Int) -> [a] -> [a] -> Int
    ```

    # Example

    ```nix
    compareLists compare [ "a" "b" ] [ "a" "c" ]
    => -1
    compareLists compare [ "a" ] [ ]
    => 1
    ```
  */
  compareLists =
    cmp: a: b:
    if a == [ ] then
      if b == [ ] then 0 else -1
    else if b == [ ] then
      1
    else
      let
        rel = cmp (head a) (head b);
      in
      if rel == 0 then compareLists cmp (tail a) (tail b) else rel;

  /**
    Sorts strings "naturally": runs of digits compare as numbers.

    # Type

    ```
    naturalSort :: [String] -> [String]
    ```

    # Example

    ```nix
    naturalSort [ "disk11" "disk8" "disk100" "disk9" ]
    => [ "disk8" "disk9" "disk11" "disk100" ]
    ```
  */
  naturalSort =
    lst:
    let
      vectorise =
        s: map (x: if isList x then builtins.fromJSON (head x) else x) (builtins.split "(0|[1-9][0-9]*)" s);
      prepared = map (x: [
        (vectorise x)
        x
      ]) lst;
      less = a: b: (compareLists trivial.compare (head a) (head b)) < 0;
    in
    map (x: elemAt x 1) (sort less prepared);

  /**
    The first `count` elements of a list (all of them when the list is shorter).

    # Type

    ```
    take :: Int -> [a] -> [a]
    ```

    # Example

    ```nix
    take 2 [ "a" "b" "c" "d" ]
    => [ "a" "b" ]
    take 2 [ ]
    => [ ]
    ```
  */
  take = count: sublist 0 count;

  /**
    The list without its first `count` elements.

    # Type

    ```
    drop :: Int -> [a] -> [a]
    ```

    # Example

    ```nix
    drop 2 [ "a" "b" "c" "d" ]
    => [ "c" "d" ]
    drop 2 [ ]
    => [ ]
    ```
  */
  drop = count: list: sublist count (length list) list;

  /**
    The last `n` elements of a list (all of them when the list is shorter).

    # Type

    ```
    takeEnd :: Int -> [a] -> [a]
    ```

    # Example

    ```nix
    takeEnd 2 [ "a" "b" "c" "d" ]
    => [ "c" "d" ]
    ```
  */
  takeEnd = n: xs: drop (trivial.max 0 (length xs - n)) xs;

  /**
    The list without its last `n` elements.

    # Type

    ```
    dropEnd :: Int -> [a] -> [a]
    ```

    # Example

    ```nix
    dropEnd 2 [ "a" "b" "c" "d" ]
    => [ "a" "b" ]
    ```
  */
  dropEnd = n: xs: take (trivial.max 0 (length xs - n)) xs;

  /**
    At most `count` elements of a list, starting at index `start`.

    # Type

    ```
    sublist :: Int -> Int -> [a] -> [a]
    ```

    # Example

    ```nix
    sublist 1 3 [ "a" "b" "c" "d" "e" ]
    => [ "b" "c" "d" ]
    sublist 1 3 [ ]
    => [ ]
    ```
  */
  sublist =
    start: count: list:
    let
      len = length list;
    in
    genList (n: elemAt list (n + start)) (
      if start >= len then
        0
      else if start + count > len then
        len - start
      else
        count
    );

  /**
    The last element of a list; an error for the empty list.

    # Type

    ```
    last :: [a] -> a
    ```

    # Example

    ```nix
    last [ 1 2 3 ]
    => 3
    ```
  */
  last =
    list:
    assert list != [ ] || throw "lists.last: list must not be empty!";
    elemAt list (length list - 1);

  /**
    All elements of a list but the last; an error for the empty list.

    # Type

    ```
    init :: [a] -> [a]
    ```

    # Example

    ```nix
    init [ 1 2 3 ]
    => [ 1 2 ]
    ```
  */
  init =
    list:
    assert list != [ ] || throw "lists.init: list must not be empty!";
    take (length list - 1) list;

  /**
    The list without duplicates, keeping the first occurrence of each element; O(n²).

    # Type

    ```
    unique :: [a] -> [a]
    ```

    # Example

    ```nix
    unique [ 3 2 3 4 ]
    => [ 3 2 4 ]
    ```
  */
  unique = builtins.foldl' (acc: e: if elem e acc then acc else acc ++ [ e ]) [ ];

  /**
    Whether no element of a list occurs twice.

    # Type

    ```
    allUnique :: [a] -> Bool
    ```

    # Example

    ```nix
    allUnique [ 3 2 3 4 ]
    => false
    allUnique [ 3 2 4 1 ]
    => true
    ```
  */
  allUnique = list: length (unique list) == length list;

  /**
    The elements of the second list that also occur in the first.

    # Type

    ```
    intersectLists :: [a] -> [a] -> [a]
    ```

    # Example

    ```nix
    intersectLists [ 1 2 3 ] [ 6 3 2 ]
    => [ 3 2 ]
    ```
  */
  intersectLists = e: filter (x: elem x e);

  /**
    The elements of the second list that do not occur in the first.

    # Type

    ```
    subtractLists :: [a] -> [a] -> [a]
    ```

    # Example

    ```nix
    subtractLists [ 3 2 ] [ 1 2 3 4 5 3 ]
    => [ 1 4 5 ]
    ```
  */
  subtractLists = e: filter (x: !(elem x e));

  /**
    Whether two lists have no element in common.

    # Type

    ```
    mutuallyExclusive :: [a] -> [a] -> Bool
    ```

    # Example

    ```nix
    mutuallyExclusive [ 1 2 ] [ 3 4 ]
    => true
    mutuallyExclusive [ 1 2 ] [ 2 3 ]
    => false
    ```
  */
  mutuallyExclusive = a: b: length a == 0 || !(any (x: elem x a) b);
}
