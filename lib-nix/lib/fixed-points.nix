/**
  Fixed points and extensions: define a set in terms of its own final value, and layer
  overlays (`final: prev: { ... }`) on top of it, as nixpkgs does for its package set.
*/
let
  lists = import ./lists.nix;
  trivial = import ./trivial.nix;
in
rec {

  /**
    The fixed point of a function: `fix f` is the `x` with `x == f x`, computed lazily.

    Lets a set refer to its own final attributes without `rec`.

    # Type

    ```
    fix :: (a -> a) -> a
    ```

    # Example

    ```nix
    fix (self: { foo = "foo"; bar = "bar"; foobar = self.foo + self.bar; })
    => { bar = "bar"; foo = "foo"; foobar = "foobar"; }
    ```
  */
  fix =
    f:
    let
      x = f x;
    in
    x;

  /**
    Like `fix`, but the result also carries the original function as `__unfix__`.

    # Type

    ```
    fix' :: (AttrSet -> AttrSet) -> AttrSet
    ```

    # Example

    ```nix
    (fix' (self: { a = 1; b = self.a + 1; })).b
    => 2
    ```
  */
  fix' =
    f:
    let
      x = f x // { __unfix__ = f; };
    in
    x;

  /**
    Applies `f` repeatedly, starting from `x`, until the value stops changing (`==`).

    # Type

    ```
    converge :: (a -> a) -> a -> a
    ```

    # Example

    ```nix
    converge (x: if x < 10 then x + 3 else x) 0
    => 12
    ```
  */
  converge =
    f: x:
    let
      x' = f x;
    in
    if x' == x then x else converge f x';

  /**
    Extends a function of the final set (`final: { ... }`) with an overlay
    (`final: prev: { ... }`): the overlay sees the unextended result as `prev` and the final
    result as `final`, and its attributes win.

    # Type

    ```
    extends :: (AttrSet -> AttrSet -> AttrSet) -> (AttrSet -> AttrSet) -> (AttrSet -> AttrSet)
    ```

    # Example

    ```nix
    fix (extends (final: prev: { b = prev.a + 10; }) (final: { a = 1; b = 2; c = final.b * 2; }))
    => { a = 1; b = 11; c = 22; }
    ```
  */
  extends =
    overlay: f: final:
    let
      prev = f final;
    in
    prev // overlay final prev;

  /**
    Composes two overlays into one: the second sees the first's changes in `prev`.

    # Type

    ```
    composeExtensions :: Overlay -> Overlay -> Overlay
    ```

    # Example

    ```nix
    fix (extends (composeExtensions (final: prev: { a = prev.a + 1; }) (final: prev: { a = prev.a * 10; })) (final: { a = 1; }))
    => { a = 20; }
    ```
  */
  composeExtensions =
    f: g: final: prev:
    let
      fApplied = f final prev;
      prev' = prev // fApplied;
    in
    fApplied // g final prev';

  /**
    Composes a list of overlays into one, applied in list order.

    # Type

    ```
    composeManyExtensions :: [Overlay] -> Overlay
    ```

    # Example

    ```nix
    fix (extends (composeManyExtensions [ (final: prev: { a = prev.a + 1; }) (final: prev: { a = prev.a * 10; }) ]) (final: { a = 1; }))
    => { a = 20; }
    ```
  */
  composeManyExtensions = lists.foldr (x: y: composeExtensions x y) (final: prev: { });

  /**
    Turns a value into an overlay: a set becomes `final: prev: set`, a function of `prev` alone
    becomes `final: prev: f prev`, and an overlay stays as it is.

    # Type

    ```
    toExtension :: (AttrSet | (AttrSet -> AttrSet) | Overlay) -> Overlay
    ```

    # Example

    ```nix
    fix (extends (toExtension { b = 2; }) (final: { a = 1; }))
    => { a = 1; b = 2; }
    fix (extends (toExtension (prev: { a = prev.a + 1; })) (final: { a = 1; }))
    => { a = 2; }
    ```
  */
  toExtension =
    f:
    if trivial.isFunction f then
      final: prev:
      let
        fPrev = f prev;
      in
      if trivial.isFunction fPrev then f final prev else fPrev
    else
      final: prev: f;

  /**
    A fixed point of `rattrs` with an `extend` function that returns a new fixed point with an
    overlay applied.

    # Type

    ```
    makeExtensible :: (AttrSet -> AttrSet) -> AttrSet
    ```

    # Example

    ```nix
    ((makeExtensible (final: { a = 1; b = final.a + 1; })).extend (final: prev: { a = 10; })).b
    => 11
    ```
  */
  makeExtensible = makeExtensibleWithCustomName "extend";

  /**
    Like `makeExtensible`, with another name than `extend` for the extension function.

    # Type

    ```
    makeExtensibleWithCustomName :: String -> (AttrSet -> AttrSet) -> AttrSet
    ```

    # Example

    ```nix
    ((makeExtensibleWithCustomName "overrideWith" (final: { a = 1; b = final.a + 1; })).overrideWith (final: prev: { a = 5; })).b
    => 6
    ```
  */
  makeExtensibleWithCustomName =
    extenderName: rattrs:
    fix' (
      self:
      (rattrs self)
      // {
        ${extenderName} = f: makeExtensibleWithCustomName extenderName (extends (toExtension f) rattrs);
      }
    );
}
