#!/usr/bin/env bash
# calib_csv.sh HETFLOW GOOD.h5 PLATFORM.lua DIR: `hetflow compare --csv` on a measurement file
# whose experiment, workload and mechanism names hold commas, quotes and a newline: the CSV
# still has one record of 12 fields per experiment, the names read back as they were written.
set -u
hetflow=$1; good=$2; platform=$3; dir=$4
rm -rf "$dir"; mkdir -p "$dir"
/usr/bin/python3 - "$good" "$dir/odd.h5" <<'PY' || { echo "FAIL: h5py could not write the file"; exit 1; }
import shutil, sys
import h5py
good, path = sys.argv[1], sys.argv[2]
shutil.copy(good, path)
old, new = b"tiny@1.00", 'tiny, "one"\nat 1.00'.encode()
with h5py.File(path, "r+") as f:
    for table, col in (("experiments", "name"), ("kernels", "experiment"), ("samples", "experiment")):
        t = f[table]
        rows = t[...]
        rows[col][rows[col] == old] = new
        t[...] = rows
    t = f["experiments"]
    rows = t[...]
    rows["mechanism"][rows["name"] == new] = b"whole,really"
    t[...] = rows
PY
"$hetflow" compare "$dir/odd.h5" --platform "$platform" --csv "$dir/odd.csv" >/dev/null 2>&1 ||
  { echo "FAIL: compare exited $?"; exit 1; }
/usr/bin/python3 - "$dir/odd.h5" "$dir/odd.csv" <<'PY'
import csv, sys
import h5py
with h5py.File(sys.argv[1], "r") as f:
    names = [n.decode() for n in f["experiments"]["name"]]
rows = list(csv.reader(open(sys.argv[2], newline="")))
bad = [r for r in rows if len(r) != 12]
if bad or [r[0] for r in rows[1:]] != names:
    print("FAIL: %d records of other than 12 fields (%r), names %r" % (len(bad), bad[:2], [r[0] for r in rows[1:3]]))
    sys.exit(1)
odd = [r for r in rows if r[0].startswith("tiny, ")][0]
if odd[2] != "whole,really":
    print("FAIL: mechanism read back as %r" % odd[2]); sys.exit(1)
PY
