#!/usr/bin/env bash
# `kc build` of the 10,000-Deployment anchor program as a project (evaluate, check, write
# 30,000 files) against `nix-instantiate --eval --strict --json` of the same program alone.
# Also: a rebuild with nothing changed, and `kc build --stdout`.
# usage: bench/build.sh KC_BINARY [RUNS]
set -eu
kc=$(readlink -f "$1"); runs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
program="$here/../../shared/bench/k8s-deployments.nix"
project=$(mktemp -d)
cp "$program" "$project/program.nix"
echo '{ resources = [ (import ./program.nix) ]; }' > "$project/kc.nix"
cd "$project"
"$kc" build . > /dev/null 2>&1 || { echo "kc build failed on the benchmark project:"; "$kc" build . 2>&1 | tail -20; exit 1; }
# Each fresh build's directory is moved aside, not deleted, before the next: on ext4 without a
# journal (this benchmark's machine), the inode allocator skips inodes freed in the last
# minutes one by one, so creating 30,000 files right after deleting 30,000 spends seconds of
# kernel time in `recently_deleted` and measures the file system's bookkeeping, not kc.
mkdir -p trash
hyperfine -N --warmup 1 --runs "$runs" --export-json results.json \
  --prepare 'sh -c "test ! -d fresh || mv fresh trash/$(date +%s%N)"' "$kc build . --out fresh" \
  "$kc build . --out out" \
  "$kc build . --stdout" \
  "nix-instantiate --eval --strict --json program.nix" >/dev/null
python3 - <<'PY'
import json
r = json.load(open('results.json'))['results']
fresh, rebuild, stdout, nix = r
def show(x):
    return f"median {x['median']*1000:.0f} ms, best {min(x['times'])*1000:.0f} ms, user {x['user']*1000:.0f} ms, system {x['system']*1000:.0f} ms"
print(f"nix-instantiate --eval --strict --json: {show(nix)}")
for name, x in [("kc build (fresh output, 30,000 files)", fresh), ("kc build (rebuild, nothing changed)", rebuild), ("kc build --stdout", stdout)]:
    print(f"{name}: {show(x)} = {x['median']/nix['median']:.2f}x nix (best {min(x['times'])/min(nix['times']):.2f}x)")
PY
rm -rf "$project"
