# Tests of lib/versions.nix.
{ lib }:
{
  testSplitVersion = {
    expr = [
      (lib.splitVersion "1.28.3-rc1")
      (lib.versions.splitVersion "1.2")
    ];
    expected = [ [ "1" "28" "3" "rc" "1" ] [ "1" "2" ] ];
  };
  testMajorMinorPatch = {
    expr = [
      (lib.versions.major "1.28.3")
      (lib.versions.minor "1.28.3")
      (lib.versions.patch "1.28.3")
      (lib.versions.majorMinor "1.28.3")
      (lib.versions.majorMinor "1")
    ];
    expected = [ "1" "28" "3" "1.28" "1" ];
  };
  testPad = {
    expr = [
      (lib.versions.pad 3 "1.2")
      (lib.versions.pad 3 "1.3-rc1")
      (lib.versions.pad 3 "1.2.3.4")
      (lib.versions.pad 2 "7")
    ];
    expected = [ "1.2.0" "1.3.0-rc1" "1.2.3" "7.0" ];
  };
}
