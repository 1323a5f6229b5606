/**
  Functions on attribute sets: access by path, filtering, mapping, folding, generating,
  zipping and (recursive) merging. Every function here is also available directly on `lib`.
*/
let
  lists = import ./lists.nix;
  strings = import ./strings.nix;

  inherit (builtins)
    attrNames
    catAttrs
    concatMap
    elemAt
    head
    isAttrs
    length
    listToAttrs
    mapAttrs
    tail
    ;
in
rec {

  /**
    The names of a set's attributes, sorted (`builtins.attrNames`).

    # Type

    ```
    attrNames :: AttrSet -> [String]
    ```

    # Example

    ```nix
    attrNames { b = 1; a = 2; }
    => [ "a" "b" ]
    ```
  */
  attrNames = builtins.attrNames;

  /**
    The values of a set's attributes, ordered by name (`builtins.attrValues`).

    # Type

    ```
    attrValues :: AttrSet -> [a]
    ```

    # Example

    ```nix
    attrValues { c = 3; a = 1; b = 2; }
    => [ 1 2 3 ]
    ```
  */
  attrValues = builtins.attrValues;

  /**
    The value of an attribute by name; an error when it is missing (`builtins.getAttr`).

    # Type

    ```
    getAttr :: String -> AttrSet -> a
    ```

    # Example

    ```nix
    getAttr "a" { a = 1; }
    => 1
    ```
  */
  getAttr = builtins.getAttr;

  /**
    Whether a set has an attribute of the given name (`builtins.hasAttr`).

    # Type

    ```
    hasAttr :: String -> AttrSet -> Bool
    ```

    # Example

    ```nix
    hasAttr "a" { a = 1; }
    => true
    ```
  */
  hasAttr = builtins.hasAttr;

  /**
    Whether a value is an attribute set (`builtins.isAttrs`).

    # Type

    ```
    isAttrs :: a -> Bool
    ```

    # Example

    ```nix
    isAttrs { }
    => true
    ```
  */
  isAttrs = builtins.isAttrs;

  /**
    A set from a list of `{ name; value; }` pairs; for a repeated name the first pair wins
    (`builtins.listToAttrs`).

    # Type

    ```
    listToAttrs :: [{ name :: String; value :: a; }] -> AttrSet
    ```

    # Example

    ```nix
    listToAttrs [ { name = "a"; value = 1; } { name = "a"; value = 2; } ]
    => { a = 1; }
    ```
  */
  listToAttrs = builtins.listToAttrs;

  /**
    The set without the attributes of the listed names (`builtins.removeAttrs`).

    # Type

    ```
    removeAttrs :: AttrSet -> [String] -> AttrSet
    ```

    # Example

    ```nix
    removeAttrs { a = 1; b = 2; } [ "a" "z" ]
    => { b = 2; }
    ```
  */
  removeAttrs = builtins.removeAttrs;

  /**
    The attributes of the second set whose names also occur in the first
    (`builtins.intersectAttrs`).

    # Type

    ```
    intersectAttrs :: AttrSet -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    intersectAttrs { a = 0; } { a = 1; b = 2; }
    => { a = 1; }
    ```
  */
  intersectAttrs = builtins.intersectAttrs;

  /**
    The values of the attribute `name` in a list of sets, skipping sets that lack it
    (`builtins.catAttrs`).

    # Type

    ```
    catAttrs :: String -> [AttrSet] -> [a]
    ```

    # Example

    ```nix
    catAttrs "a" [ { a = 1; } { b = 0; } { a = 2; } ]
    => [ 1 2 ]
    ```
  */
  catAttrs = builtins.catAttrs;

  /**
    Applies a function to the name and value of each attribute, lazily; the names stay the same
    (`builtins.mapAttrs`).

    # Type

    ```
    mapAttrs :: (String -> a -> b) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    mapAttrs (name: value: name + "-" + value) { x = "foo"; y = "bar"; }
    => { x = "x-foo"; y = "y-bar"; }
    ```
  */
  mapAttrs = builtins.mapAttrs;

  /**
    The value at a path of attribute names in nested sets, or `default` when some name on the
    path is missing (or a value on the way is not a set).

    # Type

    ```
    attrByPath :: [String] -> a -> AttrSet -> a
    ```

    # Example

    ```nix
    attrByPath [ "a" "b" ] 6 { a = { b = 3; }; }
    => 3
    attrByPath [ "z" "z" ] 6 { a = { b = 3; }; }
    => 6
    ```
  */
  attrByPath =
    attrPath: default: set:
    let
      len = length attrPath;
      go =
        n: s:
        if n == len then
          s
        else
          let
            attr = elemAt attrPath n;
          in
          if s ? ${attr} then go (n + 1) s.${attr} else default;
    in
    go 0 set;

  /**
    Whether a path of attribute names exists in nested sets; the empty path always exists.

    # Type

    ```
    hasAttrByPath :: [String] -> AttrSet -> Bool
    ```

    # Example

    ```nix
    hasAttrByPath [ "a" "b" ] { a = { b = 3; }; }
    => true
    hasAttrByPath [ "a" "c" ] { a = { b = 3; }; }
    => false
    ```
  */
  hasAttrByPath =
    attrPath: set:
    let
      len = length attrPath;
      go =
        n: s:
        n == len
        || (
          let
            attr = elemAt attrPath n;
          in
          if s ? ${attr} then go (n + 1) s.${attr} else false
        );
    in
    go 0 set;

  /**
    A nested set holding `value` at a path of attribute names.

    # Type

    ```
    setAttrByPath :: [String] -> a -> AttrSet
    ```

    # Example

    ```nix
    setAttrByPath [ "a" "b" ] 3
    => { a = { b = 3; }; }
    ```
  */
  setAttrByPath =
    attrPath: value:
    let
      len = length attrPath;
      go = n: if n == len then value else { ${elemAt attrPath n} = go (n + 1); };
    in
    go 0;

  /**
    The value at a path of attribute names in nested sets; an error when it does not exist.

    # Type

    ```
    getAttrFromPath :: [String] -> AttrSet -> a
    ```

    # Example

    ```nix
    getAttrFromPath [ "a" "b" ] { a = { b = 3; }; }
    => 3
    getAttrFromPath [ "z" "z" ] { a = { b = 3; }; }
    => error: cannot find attribute 'z.z'
    ```
  */
  getAttrFromPath =
    attrPath: set:
    attrByPath attrPath (abort ("cannot find attribute '" + builtins.concatStringsSep "." attrPath + "'")) set;

  /**
    The values of the listed attributes, in the order of the list; an error when one is missing.

    # Type

    ```
    attrVals :: [String] -> AttrSet -> [a]
    ```

    # Example

    ```nix
    attrVals [ "b" "a" ] { a = 1; b = 2; c = 3; }
    => [ 2 1 ]
    ```
  */
  attrVals = nameList: set: map (x: set.${x}) nameList;

  /**
    The subset of a set with the listed attributes; an error when one is missing.

    # Type

    ```
    getAttrs :: [String] -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    getAttrs [ "a" "b" ] { a = 1; b = 2; c = 3; }
    => { a = 1; b = 2; }
    ```
  */
  getAttrs = names: attrs: genAttrs names (name: attrs.${name});

  /**
    The attributes of a set for which a predicate on name and value is true.

    # Type

    ```
    filterAttrs :: (String -> a -> Bool) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    filterAttrs (n: v: n == "foo") { foo = 1; bar = 2; }
    => { foo = 1; }
    ```
  */
  filterAttrs =
    pred: set: builtins.removeAttrs set (builtins.filter (name: !pred name set.${name}) (attrNames set));

  /**
    Like `filterAttrs`, but also filters every nested set that is kept.

    # Type

    ```
    filterAttrsRecursive :: (String -> a -> Bool) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    filterAttrsRecursive (n: v: v != null) { foo = { bar = null; baz = 1; }; qux = null; }
    => { foo = { baz = 1; }; }
    ```
  */
  filterAttrsRecursive =
    pred: set:
    listToAttrs (
      concatMap (
        name:
        let
          v = set.${name};
        in
        if pred name v then
          [ (nameValuePair name (if isAttrs v then filterAttrsRecursive pred v else v)) ]
        else
          [ ]
      ) (attrNames set)
    );

  /**
    A strict left fold over the attributes of a set, in name order: the function receives the
    accumulator, the name and the value.

    # Type

    ```
    foldlAttrs :: (b -> String -> a -> b) -> b -> AttrSet -> b
    ```

    # Example

    ```nix
    foldlAttrs (acc: name: value: acc // { ${name} = value * 2; }) { } { a = 1; b = 2; }
    => { a = 2; b = 4; }
    foldlAttrs (acc: _: v: acc * 10 + v) 1 { z = 1; a = 2; }
    => 121
    ```
  */
  foldlAttrs =
    f: init: set:
    builtins.foldl' (acc: name: f acc name set.${name}) init (attrNames set);

  /**
    Folds a list of sets into one set, combining the values of each name with `op` from the
    right, starting from `nul`.

    # Type

    ```
    foldAttrs :: (a -> b -> b) -> b -> [AttrSet] -> AttrSet
    ```

    # Example

    ```nix
    foldAttrs (item: acc: [ item ] ++ acc) [ ] [ { a = 2; } { a = 3; b = 1; } ]
    => { a = [ 2 3 ]; b = [ 1 ]; }
    ```
  */
  foldAttrs =
    op: nul: list_of_attrs:
    lists.foldr (
      n: a: lists.foldr (name: o: o // { ${name} = op n.${name} (a.${name} or nul); }) a (attrNames n)
    ) { } list_of_attrs;

  /**
    Collects, depth first in name order, the values of nested sets for which a predicate is
    true; it does not look inside a value that satisfies the predicate.

    # Type

    ```
    collect :: (a -> Bool) -> AttrSet -> [a]
    ```

    # Example

    ```nix
    collect builtins.isList { a = { b = [ "b" ]; }; c = [ 1 ]; }
    => [ [ "b" ] [ 1 ] ]
    ```
  */
  collect =
    pred: attrs:
    if pred attrs then
      [ attrs ]
    else if isAttrs attrs then
      concatMap (collect pred) (builtins.attrValues attrs)
    else
      [ ];

  /**
    Every combination of one element from each list of a set of lists, as sets.

    # Type

    ```
    cartesianProduct :: { <name> :: [a]; } -> [{ <name> :: a; }]
    ```

    # Example

    ```nix
    cartesianProduct { a = [ 1 2 ]; b = [ 10 20 ]; }
    => [ { a = 1; b = 10; } { a = 1; b = 20; } { a = 2; b = 10; } { a = 2; b = 20; } ]
    ```
  */
  cartesianProduct =
    attrsOfLists:
    builtins.foldl' (
      listOfAttrs: attrName:
      concatMap (attrs: map (v: attrs // { ${attrName} = v; }) attrsOfLists.${attrName}) listOfAttrs
    ) [ { } ] (attrNames attrsOfLists);

  /**
    Applies a function to every combination of `cartesianProduct`.

    # Type

    ```
    mapCartesianProduct :: ({ <name> :: a; } -> b) -> { <name> :: [a]; } -> [b]
    ```

    # Example

    ```nix
    mapCartesianProduct ({ a, b }: "${a}-${b}") { a = [ "1" "2" ]; b = [ "3" "4" ]; }
    => [ "1-3" "1-4" "2-3" "2-4" ]
    ```
  */
  mapCartesianProduct = f: attrsOfLists: map f (cartesianProduct attrsOfLists);

  /**
    A `{ name; value; }` pair, as `builtins.listToAttrs` and `mapAttrs'` expect.

    # Type

    ```
    nameValuePair :: String -> a -> { name :: String; value :: a; }
    ```

    # Example

    ```nix
    nameValuePair "some" 6
    => { name = "some"; value = 6; }
    ```
  */
  nameValuePair = name: value: { inherit name value; };

  /**
    Like `mapAttrs`, but the function returns a `nameValuePair`, so names can change too; when
    two attributes map to the same name, the first in name order wins.

    # Type

    ```
    mapAttrs' :: (String -> a -> { name :: String; value :: b; }) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    mapAttrs' (name: value: nameValuePair ("foo_" + name) ("bar-" + value)) { x = "a"; y = "b"; }
    => { foo_x = "bar-a"; foo_y = "bar-b"; }
    ```
  */
  mapAttrs' = f: set: listToAttrs (mapAttrsToList f set);

  /**
    Applies a function to the name and value of each attribute and returns the results as a
    list, in name order.

    # Type

    ```
    mapAttrsToList :: (String -> a -> b) -> AttrSet -> [b]
    ```

    # Example

    ```nix
    mapAttrsToList (name: value: name + value) { x = "a"; y = "b"; }
    => [ "xa" "yb" ]
    ```
  */
  mapAttrsToList = f: attrs: builtins.attrValues (mapAttrs f attrs);

  /**
    The attributes of a set as a list of `{ name; value; }` pairs, in name order.

    # Type

    ```
    attrsToList :: AttrSet -> [{ name :: String; value :: a; }]
    ```

    # Example

    ```nix
    attrsToList { foo = 1; bar = "asdf"; }
    => [ { name = "bar"; value = "asdf"; } { name = "foo"; value = 1; } ]
    ```
  */
  attrsToList = mapAttrsToList nameValuePair;

  /**
    Maps the leaves of nested sets: the function receives the path of names to the leaf and
    its value, and every nested set is descended into.

    # Type

    ```
    mapAttrsRecursive :: ([String] -> a -> b) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    mapAttrsRecursive (path: value: builtins.concatStringsSep "-" (path ++ [ value ]))
      { n = { a = "A"; m = { b = "B"; }; }; d = "D"; }
    => { n = { a = "n-a-A"; m = { b = "n-m-b-B"; }; }; d = "d-D"; }
    ```
  */
  mapAttrsRecursive = f: set: mapAttrsRecursiveCond (as: true) f set;

  /**
    Like `mapAttrsRecursive`, but descends into a nested set only when `cond` is true for it;
    otherwise the function is applied to the set as a whole.

    # Type

    ```
    mapAttrsRecursiveCond :: (AttrSet -> Bool) -> ([String] -> a -> b) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    mapAttrsRecursiveCond (as: !(as ? kind)) (path: v: builtins.concatStringsSep "." path)
      { a = { kind = "Pod"; }; b = { c = 1; }; }
    => { a = "a"; b = { c = "b.c"; }; }
    ```
  */
  mapAttrsRecursiveCond =
    cond: f: set:
    let
      recurse =
        path:
        mapAttrs (
          name: value:
          if isAttrs value && cond value then recurse (path ++ [ name ]) value else f (path ++ [ name ]) value
        );
    in
    recurse [ ] set;

  /**
    A set with the given names, each value computed by a function of its name.

    # Type

    ```
    genAttrs :: [String] -> (String -> a) -> AttrSet
    ```

    # Example

    ```nix
    genAttrs [ "foo" "bar" ] (name: "x_" + name)
    => { bar = "x_bar"; foo = "x_foo"; }
    ```
  */
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);

  /**
    A set made from a list by a function returning a `nameValuePair` for each element; the first
    pair wins for a repeated name.

    # Type

    ```
    genAttrs' :: [a] -> (a -> { name :: String; value :: b; }) -> AttrSet
    ```

    # Example

    ```nix
    genAttrs' [ "foo" "bar" ] (s: nameValuePair ("x_" + s) ("y_" + s))
    => { x_bar = "y_bar"; x_foo = "y_foo"; }
    ```
  */
  genAttrs' = xs: f: listToAttrs (map f xs);

  /**
    Whether a value is a set with `type = "derivation"`; kc has no derivations, so this is true
    only for such hand-made sets.

    # Type

    ```
    isDerivation :: a -> Bool
    ```

    # Example

    ```nix
    isDerivation { type = "derivation"; }
    => true
    isDerivation "foobar"
    => false
    ```
  */
  isDerivation = value: value.type or null == "derivation";

  /**
    The set when the condition is true, the empty set otherwise.

    # Type

    ```
    optionalAttrs :: Bool -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    optionalAttrs true { my = "set"; }
    => { my = "set"; }
    optionalAttrs false { my = "set"; }
    => { }
    ```
  */
  optionalAttrs = cond: as: if cond then as else { };

  /**
    Like `zipAttrsWith`, but only for the given names.

    # Type

    ```
    zipAttrsWithNames :: [String] -> (String -> [a] -> b) -> [AttrSet] -> AttrSet
    ```

    # Example

    ```nix
    zipAttrsWithNames [ "a" ] (name: vs: vs) [ { a = "x"; } { a = "y"; b = "z"; } ]
    => { a = [ "x" "y" ]; }
    ```
  */
  zipAttrsWithNames =
    names: f: sets:
    listToAttrs (
      map (name: {
        inherit name;
        value = f name (catAttrs name sets);
      }) names
    );

  /**
    Merges a list of sets: each name maps to `f name values`, with the values of that name in
    list order (`builtins.zipAttrsWith`).

    # Type

    ```
    zipAttrsWith :: (String -> [a] -> b) -> [AttrSet] -> AttrSet
    ```

    # Example

    ```nix
    zipAttrsWith (name: values: values) [ { a = "x"; } { a = "y"; b = "z"; } ]
    => { a = [ "x" "y" ]; b = [ "z" ]; }
    ```
  */
  zipAttrsWith = builtins.zipAttrsWith;

  /**
    Merges a list of sets into a set of lists of the values of each name.

    # Type

    ```
    zipAttrs :: [AttrSet] -> { <name> :: [a]; }
    ```

    # Example

    ```nix
    zipAttrs [ { a = "x"; } { a = "y"; b = "z"; } ]
    => { a = [ "x" "y" ]; b = [ "z" ]; }
    ```
  */
  zipAttrs = zipAttrsWith (name: values: values);

  /**
    Merges a list of sets with `//`, later sets winning; faster than a fold for long lists.

    # Type

    ```
    mergeAttrsList :: [AttrSet] -> AttrSet
    ```

    # Example

    ```nix
    mergeAttrsList [ { a = 0; b = 1; } { c = 2; d = 3; } { a = 5; } ]
    => { a = 5; b = 1; c = 2; d = 3; }
    ```
  */
  mergeAttrsList =
    list:
    let
      # Merges list[start..end) by halves, so each attribute is copied O(log n) times.
      binaryMerge =
        start: end:
        if end - start >= 2 then
          binaryMerge start (start + (end - start) / 2) // binaryMerge (start + (end - start) / 2) end
        else
          elemAt list start;
    in
    if list == [ ] then { } else binaryMerge 0 (length list);

  /**
    Maps each attribute to a set with a function of its name and value, and merges the results
    (later names winning).

    # Type

    ```
    concatMapAttrs :: (String -> a -> AttrSet) -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    concatMapAttrs (name: value: { ${name} = value; ${name + value} = value; }) { x = "a"; y = "b"; }
    => { x = "a"; xa = "a"; y = "b"; yb = "b"; }
    ```
  */
  concatMapAttrs =
    f: v: builtins.foldl' (acc: x: acc // x) { } (builtins.attrValues (mapAttrs f v));

  /**
    Like `recursiveUpdate`, but the merge stops at the paths where
    `pred path leftValue rightValue` is true, and the right value wins there.

    # Type

    ```
    recursiveUpdateUntil :: ([String] -> AttrSet -> AttrSet -> Bool) -> AttrSet -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    recursiveUpdateUntil (path: l: r: path == [ "foo" ])
      { foo.bar = 1; foo.baz = 2; bar = 3; }
      { foo.bar = 1; foo.quz = 2; baz = 4; }
    => { bar = 3; baz = 4; foo = { bar = 1; quz = 2; }; }
    ```
  */
  recursiveUpdateUntil =
    pred: lhs: rhs:
    let
      f =
        attrPath:
        zipAttrsWith (
          n: values:
          let
            here = attrPath ++ [ n ];
          in
          if length values == 1 || pred here (elemAt values 1) (head values) then
            head values
          else
            f here values
        );
    in
    f [ ] [
      rhs
      lhs
    ];

  /**
    Merges two sets recursively: where both sides hold a set the sets are merged, otherwise the
    right value wins (as with `//`).

    # Type

    ```
    recursiveUpdate :: AttrSet -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    recursiveUpdate { spec = { replicas = 1; paused = false; }; } { spec.replicas = 3; }
    => { spec = { paused = false; replicas = 3; }; }
    ```
  */
  recursiveUpdate =
    lhs: rhs: recursiveUpdateUntil (path: lhs: rhs: !(isAttrs lhs && isAttrs rhs)) lhs rhs;

  /**
    Whether a set contains a pattern: every attribute of the pattern is present with an equal
    value, nested sets of the pattern being matched recursively.

    # Type

    ```
    matchAttrs :: AttrSet -> AttrSet -> Bool
    ```

    # Example

    ```nix
    matchAttrs { cpu = { }; } { cpu = { bits = 64; }; }
    => true
    matchAttrs { app = "web"; } { app = "db"; tier = "x"; }
    => false
    ```
  */
  matchAttrs =
    pattern: attrs:
    assert isAttrs pattern;
    builtins.all (
      name:
      let
        pat = pattern.${name};
        val = attrs.${name};
      in
      attrs ? ${name} && (if isAttrs pat then isAttrs val && matchAttrs pat val else pat == val)
    ) (attrNames pattern);

  /**
    Overrides only the attributes of `old` that also exist in `new`.

    # Type

    ```
    overrideExisting :: AttrSet -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    overrideExisting { a = 3; b = 2; } { a = 1; c = 5; }
    => { a = 1; b = 2; }
    ```
  */
  overrideExisting = old: new: mapAttrs (name: value: new.${name} or value) old;

  /**
    A readable rendering of a path of attribute names, quoting names that need it.

    # Type

    ```
    showAttrPath :: [String] -> String
    ```

    # Example

    ```nix
    showAttrPath [ "metadata" "labels" "app.kubernetes.io/name" ]
    => "metadata.labels.\"app.kubernetes.io/name\""
    showAttrPath [ ]
    => "<root attribute path>"
    ```
  */
  showAttrPath =
    path:
    if path == [ ] then
      "<root attribute path>"
    else
      builtins.concatStringsSep "." (map strings.escapeNixIdentifier path);

  /**
    Applies a list of updates `{ path; update; }` to a nested set; each `update` receives the old
    value at its path.

    Updates to deeper paths are applied before updates to shallower ones; updates to the same
    path apply in list order. Missing intermediate sets are created; `update` may not use the
    old value when the path does not exist.

    # Type

    ```
    updateManyAttrsByPath :: [{ path :: [String]; update :: a -> b; }] -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    updateManyAttrsByPath [
      { path = [ "a" "b" ]; update = old: { d = old.c; }; }
      { path = [ "a" "b" "c" ]; update = old: old + 1; }
      { path = [ "x" "y" ]; update = old: "xy"; }
    ] { a.b.c = 0; }
    => { a = { b = { d = 1; }; }; x = { y = "xy"; }; }
    ```
  */
  updateManyAttrsByPath =
    let
      go =
        prefixLength: hasValue: value: updates:
        let
          split = builtins.partition (el: length el.path == prefixLength) updates;
          nested = builtins.groupBy (el: elemAt el.path prefixLength) split.wrong;
          withNestedMods =
            if split.wrong == [ ] then
              if hasValue then
                value
              else
                throw (
                  "updateManyAttrsByPath: Path '${showAttrPath (head split.right).path}' does "
                  + "not exist in the given value, but the first update to this "
                  + "path tries to access the existing value."
                )
            else if !hasValue then
              mapAttrs (name: go (prefixLength + 1) false null) nested
            else if isAttrs value then
              value // mapAttrs (name: go (prefixLength + 1) (value ? ${name}) value.${name}) nested
            else
              let
                updatePath = (head split.wrong).path;
              in
              throw (
                "updateManyAttrsByPath: Path '${showAttrPath updatePath}' needs to "
                + "be updated, but path '${showAttrPath (lists.take prefixLength updatePath)}' "
                + "of the given value is not an attribute set, so we can't "
                + "update an attribute inside of it."
              );
        in
        lists.foldl (acc: el: el.update acc) withNestedMods split.right;
    in
    updates: value: go 0 true value updates;

  /**
    The union of two sets that must not share names: accessing a shared name is an error.

    # Type

    ```
    unionOfDisjoint :: AttrSet -> AttrSet -> AttrSet
    ```

    # Example

    ```nix
    unionOfDisjoint { a = 1; } { b = 2; }
    => { a = 1; b = 2; }
    ```
  */
  unionOfDisjoint =
    x: y:
    let
      intersection = builtins.intersectAttrs x y;
      collisions = builtins.concatStringsSep " " (attrNames intersection);
      mask = mapAttrs (
        name: value: throw "unionOfDisjoint: collision on ${name}; complete list: ${collisions}"
      ) intersection;
    in
    (x // y) // mask;

  /**
    The set with `recurseForDerivations = true`, the marker Nix tools use to look inside it.

    # Type

    ```
    recurseIntoAttrs :: AttrSet -> AttrSet
    ```

    # Example

    ```nix
    recurseIntoAttrs { a = 1; }
    => { a = 1; recurseForDerivations = true; }
    ```
  */
  recurseIntoAttrs = attrs: attrs // { recurseForDerivations = true; };

  /**
    The set with `recurseForDerivations = false`, undoing `recurseIntoAttrs`.

    # Type

    ```
    dontRecurseIntoAttrs :: AttrSet -> AttrSet
    ```

    # Example

    ```nix
    dontRecurseIntoAttrs { a = 1; }
    => { a = 1; recurseForDerivations = false; }
    ```
  */
  dontRecurseIntoAttrs = attrs: attrs // { recurseForDerivations = false; };
}
