#!/usr/bin/env bash
# Cost of checking: `kc eval --json` of the 10,000-Deployment anchor program against `kc check`
# of the same objects as a project, and the startup of `kc eval --expr 1` (which must not pay
# for the schema registry). usage: bench/check.sh KC_BINARY [RUNS]
set -eu
kc=$(readlink -f "$1"); runs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
program="$here/../../shared/bench/k8s-deployments.nix"
project=$(mktemp -d)
cp "$program" "$project/program.nix"
echo '{ resources = [ (import ./program.nix) ]; }' > "$project/kc.nix"
cd "$project"
"$kc" check . > /dev/null 2>&1 || { echo "kc check failed on the benchmark project:"; "$kc" check . 2>&1 | tail -20; exit 1; }
hyperfine -N --warmup 1 --runs "$runs" --export-json results.json \
  "$kc eval --json program.nix" "$kc check ." "$kc eval --expr 1" "$kc version" >/dev/null
python3 - <<'PY'
import json
r = {x['command'].split('/')[-1]: x for x in json.load(open('results.json'))['results']}
names = list(r)
ev, ck, one, ver = (r[n]['median'] for n in names)
print(f"eval --json: {ev*1000:.0f} ms; check: {ck*1000:.0f} ms; checking adds {100*(ck-ev)/ev:.0f}%")
print(f"kc eval --expr 1: {one*1000:.1f} ms; kc version: {ver*1000:.1f} ms")
PY
rm -rf "$project"
