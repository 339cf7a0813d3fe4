#!/usr/bin/env bash
# gpu_run.sh HETFLOW_VALIDATE OUT.h5: a --quick run on the GPU (exit 77, ctest's Skipped, where
# there is none), its file read back with h5py (check_meas.py).
set -u
bin=$1 out=$2
rm -f "$out"
"$bin" --quick --reps 30 --if-no-device skip -o "$out"
rc=$?
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "FAIL: hetflow-validate exited $rc"; exit 1; }
[ -f "$out" ] || { echo "FAIL: no file at $out"; exit 1; }
exec /usr/bin/python3 "$(dirname "$0")/check_meas.py" "$out" 30
