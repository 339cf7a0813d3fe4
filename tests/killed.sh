#!/usr/bin/env bash
# killed.sh HETFLOW GEN OUTDIR: a run killed with SIGKILL mid-way leaves nothing at its output
# path (results are written to a temporary file and renamed at the very end); a finished run
# refuses to be overwritten without --force.
set -u
hetflow=$1 gen=$2 out=$3
mkdir -p "$out"
"$gen" 100000 1 "$out/killed" >/dev/null || exit 1
rm -f "$out/killed.h5" "$out/killed.lua"
"$hetflow" run bench/layered.lua --set "dag=$out/killed.dag" -q -o "$out/killed.h5" &
pid=$!
sleep 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
if [ -e "$out/killed.h5" ]; then echo "FAIL: a killed run left $out/killed.h5"; exit 1; fi
rm -f "$out"/killed.h5.tmp.*
# overwrite protection
f=$out/twice.h5
rm -f "$f"
"$hetflow" run tests/scenarios/chain2.lua -q -o "$f" || { echo "FAIL: first run"; exit 1; }
msg=$("$hetflow" run tests/scenarios/chain2.lua -q -o "$f" 2>&1)
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: second run without --force exited $rc"; exit 1; }
grep -qF "exists: give --force to overwrite it" <<<"$msg" || { echo "FAIL: message: $msg"; exit 1; }
"$hetflow" run tests/scenarios/chain2.lua -q -o "$f" --force || { echo "FAIL: --force run"; exit 1; }
echo "killed: ok"
