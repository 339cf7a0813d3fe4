#!/usr/bin/env bash
# eft_equiv.sh HETFLOW OUTDIR: the built-in earliest_finish and heft (which search per-class
# indexes, sim/exec/eft.h) give the same task table as the same rule written as a Lua policy
# (which scans every candidate), on tests/equiv/eft_random.lua.
set -eu
hetflow=$1 out=$2
for policy in earliest_finish heft; do
  for impl in builtin lua; do
    "$hetflow" run tests/equiv/eft_random.lua --set policy=$policy --set impl=$impl -q --force \
      -o "$out/eft-$policy-$impl.h5"
    h5dump -d /tasks "$out/eft-$policy-$impl.h5" | tail -n +2 >"$out/eft-$policy-$impl.txt"
  done
  if ! cmp -s "$out/eft-$policy-builtin.txt" "$out/eft-$policy-lua.txt"; then
    echo "FAIL: $policy: the built-in and the Lua scan give different schedules"
    diff "$out/eft-$policy-builtin.txt" "$out/eft-$policy-lua.txt" | head -20
    exit 1
  fi
done
# the two policies must differ here (HEFT's rank order matters), or the test proves little
cmp -s "$out/eft-heft-builtin.txt" "$out/eft-earliest_finish-builtin.txt" &&
  { echo "FAIL: heft and earliest_finish give the same schedule: the workflow is too easy"; exit 1; }
echo "eft equivalence: ok"
