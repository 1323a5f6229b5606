#!/usr/bin/env bash
# Cost of the three built-in policy packs on the 10,000-Deployment anchor program as a project:
# `kc check` with and without `--policy builtin:restricted --policy builtin:hygiene`
# (restricted includes baseline), run in turn (bench/interleave.py), so that the machine's
# drift does not land on one of them. usage: bench/policies.sh KC_BINARY [RUNS]
set -eu
kc=$(readlink -f "$1"); runs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
project=$(mktemp -d)
cp "$here/../../shared/bench/k8s-deployments.nix" "$project/program.nix"
echo '{ resources = [ (import ./program.nix) ]; }' > "$project/kc.nix"
cd "$project"
"$kc" check . > /dev/null 2>&1 || { echo "kc check failed on the benchmark project:"; "$kc" check . 2>&1 | tail -20; exit 1; }
python3 "$here/interleave.py" "$runs" "check=$kc check ." \
  "packs=$kc check . --policy builtin:restricted --policy builtin:hygiene"
rm -rf "$project"
