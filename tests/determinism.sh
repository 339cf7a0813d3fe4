#!/usr/bin/env bash
# determinism.sh HETFLOW OUTDIR: the same scenario and seed give byte-identical task tables
# (h5dump of /tasks); another seed changes the random policy's placements.
set -eu
hetflow=$1 out=$2
run() { "$hetflow" run lua/examples/quickstart.lua --set policy=random --seed "$1" -q --force -o "$out/det-$2.h5"; }
run 7 a
run 7 b
run 8 c
for x in a b c; do h5dump -d /tasks "$out/det-$x.h5" | tail -n +2 >"$out/det-$x.txt"; done
cmp -s "$out/det-a.txt" "$out/det-b.txt" || { echo "FAIL: seed 7 twice gives different task tables"; exit 1; }
cmp -s "$out/det-a.txt" "$out/det-c.txt" && { echo "FAIL: seeds 7 and 8 give the same task table"; exit 1; }
echo "determinism: ok"
