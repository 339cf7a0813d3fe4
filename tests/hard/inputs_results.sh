#!/usr/bin/env bash
# inputs_results.sh HETFLOW OUTDIR: `hetflow inspect` on result files edited with h5py (the way a
# hostile or corrupted file would come): a format_version of 2^40 is named as such (it was shown
# as 2147483647, an int's clamp), and a bytes moved / energy of 1e60 print in a few digits with
# a unit (they were printed as 61-digit numbers). Each edited file is sealed again
# (tests/metadata_h5.py reseal): inspect's own checks are under test, not the seal.
set -u
bin=$1 out=$2
mkdir -p "$out"
fail=0
expect() { # expect RC FRAGMENT FILE
    local got rc
    got=$("$bin" inspect "$3" 2>&1)
    rc=$?
    if [ "$rc" != "$1" ] || ! grep -qF -- "$2" <<<"$got"; then
        echo "FAIL: inspect $3: exit $rc (want $1), output lacks: $2"
        echo "$got" | head -20
        fail=1
    fi
}
base="$out/inputs_results.h5"
"$bin" run --platform tests/bad/ok_platform.lua --workflow tests/bad/ok_workflow.lua -q --force \
    -o "$base" || exit 1

cp "$base" "$out/version.h5"
/usr/bin/python3 - "$out/version.h5" <<'PY' || exit 1
import sys, h5py, numpy as np
sys.path.insert(0, "tests")
from metadata_h5 import reseal
with h5py.File(sys.argv[1], "r+") as f:
    del f.attrs["format_version"]
    f.attrs.create("format_version", 2**40, dtype=np.int64)
reseal(sys.argv[1])
PY
expect 1 "has format_version 1099511627776; this hetflow reads" "$out/version.h5"

cp "$base" "$out/huge.h5"
/usr/bin/python3 - "$out/huge.h5" <<'PY' || exit 1
import sys, h5py
sys.path.insert(0, "tests")
from metadata_h5 import reseal
with h5py.File(sys.argv[1], "r+") as f:
    f["summary"].attrs["bytes_moved"] = 1e60
    f["summary"].attrs["energy"] = 2.5e40
reseal(sys.argv[1])
PY
# 1e60 B = 1e36 YB; 2.5e40 J = 2.5e16 YJ
expect 0 "bytes moved  1e+60 B (1.000e+36 YB)" "$out/huge.h5"
expect 0 "energy       2.5e+40 J (2.500e+16 YJ)" "$out/huge.h5"
# below 2^53 figures stay whole: 1e15 B = 1 PB
cp "$base" "$out/peta.h5"
/usr/bin/python3 - "$out/peta.h5" <<'PY' || exit 1
import sys, h5py
sys.path.insert(0, "tests")
from metadata_h5 import reseal
with h5py.File(sys.argv[1], "r+") as f:
    f["summary"].attrs["bytes_moved"] = 1e15
reseal(sys.argv[1])
PY
expect 0 "bytes moved  1000000000000000 B (1.00 PB)" "$out/peta.h5"
exit $fail
