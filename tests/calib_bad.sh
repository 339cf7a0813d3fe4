#!/usr/bin/env bash
# calib_bad.sh HETFLOW GOOD.h5 DIR: measurement files that must be refused by `hetflow calibrate`
# and `hetflow compare` with exit status 1, a message naming the file and the problem, and no
# output file: a truncated file, another tool's HDF5 file, an empty file, and shares outside
# (0, 1] (1.5, 0 and NaN, written into a copy of a good file with h5py).
set -u
hetflow=$1; good=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
fail=0
expect() { # expect FILE FRAGMENT
  local out rc
  out=$("$hetflow" calibrate "$1" -o "$dir/out.lua" 2>&1); rc=$?
  if [ $rc != 1 ] || ! grep -qF -- "$2" <<<"$out" || ! grep -qF -- "$1" <<<"$out" ||
     [ -e "$dir/out.lua" ]; then
    echo "FAIL calibrate $1: rc $rc, want 1 and '$2' and the file name; output: $out"; fail=1
  fi
  out=$("$hetflow" compare "$1" --platform platforms/quickstart.lua 2>&1); rc=$?
  if [ $rc != 1 ] || ! grep -qF -- "$2" <<<"$out"; then
    echo "FAIL compare $1: rc $rc, want 1 and '$2'; output: $out"; fail=1
  fi
}
size=$(stat -c %s "$good")
head -c $((size / 2)) "$good" > "$dir/truncated.h5"
expect "$dir/truncated.h5" "is not a hetflow measurement file"
: > "$dir/empty.h5"
expect "$dir/empty.h5" "is not a hetflow measurement file"
/usr/bin/python3 - "$good" "$dir" <<'PY'
import shutil, sys
import h5py
good, d = sys.argv[1], sys.argv[2]
with h5py.File(f"{d}/other.h5", "w") as f:
    f["data"] = [1.0, 2.0, 3.0]
for tag, share in (("share15", 1.5), ("share0", 0.0), ("sharenan", float("nan"))):
    path = f"{d}/{tag}.h5"
    shutil.copy(good, path)
    with h5py.File(path, "r+") as f:
        t = f["experiments"]
        rows = t[...]
        rows["share"][1] = share
        t[...] = rows
PY
[ $? = 0 ] || { echo "FAIL: h5py could not write the bad files"; exit 1; }
expect "$dir/other.h5" "no 'format' attribute"
expect "$dir/share15.h5" "share 1.5 is outside (0, 1]"
expect "$dir/share0.h5" "share 0 is outside (0, 1]"
expect "$dir/sharenan.h5" "is outside (0, 1]"
exit $fail
