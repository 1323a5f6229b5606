#!/usr/bin/env bash
# `kc build` of the 10,000-Deployment anchor program as a project (evaluate, check, write
# 30,000 files) against `nix-instantiate --eval --strict --json` of the same program alone:
# into a fresh directory, a rebuild with nothing changed, and `kc build --stdout`. The commands
# run in turn, round after round (bench/interleave.py), so that the machine's drift does not
# land on one of them. usage: bench/build.sh KC_BINARY [RUNS]
set -eu
kc=$(readlink -f "$1"); runs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
program="$here/../../shared/bench/k8s-deployments.nix"
project=$(mktemp -d)
cp "$program" "$project/program.nix"
echo '{ resources = [ (import ./program.nix) ]; }' > "$project/kc.nix"
cd "$project"
"$kc" build . > /dev/null 2>&1 || { echo "kc build failed on the benchmark project:"; "$kc" build . 2>&1 | tail -20; exit 1; }
# Each fresh build writes a directory of its own ({n}), deleted only at the end: on ext4
# without a journal (this benchmark's machine), the inode allocator skips inodes freed in the
# last minutes one by one, so creating 30,000 files right after deleting 30,000 spends seconds
# of kernel time in `recently_deleted` and measures the file system's bookkeeping, not kc.
# `sync` between runs: a fresh build's 30,000 files are written back to the disk after it
# exits, which would slow whichever run comes next.
mkdir -p fresh
INTERLEAVE_BETWEEN=sync python3 "$here/interleave.py" "$runs" \
  "nix=nix-instantiate --eval --strict --json program.nix" \
  "fresh=$kc build . --out fresh/{n}" \
  "rebuild=$kc build . --out out" \
  "stdout=$kc build . --stdout"
rm -rf "$project"
