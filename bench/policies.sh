#!/usr/bin/env bash
# Cost of the three built-in policy packs on the 10,000-Deployment anchor program as a project:
# `kc check` with and without `--policy builtin:restricted --policy builtin:hygiene`
# (restricted includes baseline). usage: bench/policies.sh KC_BINARY [RUNS]
set -eu
kc=$(readlink -f "$1"); runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
project=$(mktemp -d)
cp "$here/../../shared/bench/k8s-deployments.nix" "$project/program.nix"
echo '{ resources = [ (import ./program.nix) ]; }' > "$project/kc.nix"
cd "$project"
hyperfine -N -i --warmup 1 --runs "$runs" --export-json results.json \
  "$kc check ." "$kc check . --policy builtin:restricted --policy builtin:hygiene" >/dev/null
python3 - <<'PY'
import json
r = json.load(open('results.json'))['results']
plain, packs = r
print(f"kc check: {plain['median']*1000:.0f} ms; with the three packs: {packs['median']*1000:.0f} ms; "
      f"policies add {(packs['median']-plain['median'])*1000:.0f} ms "
      f"(best runs: {(min(packs['times'])-min(plain['times']))*1000:.0f} ms; "
      f"CPU time added: {(packs['user']+packs['system']-plain['user']-plain['system'])*1000:.0f} ms)")
PY
rm -rf "$project"
