/**
  Functions on version strings like `"1.28.3"`: their components, major, minor and patch parts.
  Only `lib.versions.*` (and `lib.splitVersion`), not flattened into `lib`.
*/
let
  lists = import ./lists.nix;
  strings = import ./strings.nix;
in
rec {

  /**
    The components of a version string, split at `.`, `-` and letter/digit boundaries
    (`builtins.splitVersion`).

    # Type

    ```
    splitVersion :: String -> [String]
    ```

    # Example

    ```nix
    splitVersion "1.28.3-rc1"
    => [ "1" "28" "3" "rc" "1" ]
    ```
  */
  splitVersion = builtins.splitVersion;

  /**
    The first component of a version.

    # Type

    ```
    major :: String -> String
    ```

    # Example

    ```nix
    major "1.28.3"
    => "1"
    ```
  */
  major = v: builtins.elemAt (splitVersion v) 0;

  /**
    The second component of a version.

    # Type

    ```
    minor :: String -> String
    ```

    # Example

    ```nix
    minor "1.28.3"
    => "28"
    ```
  */
  minor = v: builtins.elemAt (splitVersion v) 1;

  /**
    The third component of a version.

    # Type

    ```
    patch :: String -> String
    ```

    # Example

    ```nix
    patch "1.28.3"
    => "3"
    ```
  */
  patch = v: builtins.elemAt (splitVersion v) 2;

  /**
    The first two components of a version, joined with a dot.

    # Type

    ```
    majorMinor :: String -> String
    ```

    # Example

    ```nix
    majorMinor "1.28.3"
    => "1.28"
    ```
  */
  majorMinor = v: builtins.concatStringsSep "." (lists.take 2 (splitVersion v));

  /**
    A version padded with zero components (or truncated) to `n` numeric components, keeping a
    `-suffix`.

    # Type

    ```
    pad :: Int -> String -> String
    ```

    # Example

    ```nix
    pad 3 "1.2"
    => "1.2.0"
    pad 3 "1.3-rc1"
    => "1.3.0-rc1"
    pad 3 "1.2.3.4"
    => "1.2.3"
    ```
  */
  pad =
    n: version:
    let
      numericVersion = builtins.head (strings.splitString "-" version);
      versionSuffix = strings.removePrefix numericVersion version;
    in
    builtins.concatStringsSep "." (
      lists.take n (splitVersion numericVersion ++ lists.genList (_: "0") n)
    )
    + versionSuffix;
}
