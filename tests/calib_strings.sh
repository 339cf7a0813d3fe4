#!/usr/bin/env bash
# calib_strings.sh HETFLOW GOOD.h5 DIR: `hetflow calibrate` copies strings of a measurement file
# (host, device name, date, origin, precision) into the Lua platform file it writes. Whatever
# they hold (newlines, quotes, Lua code), the platform file must load as data: no code of the
# measurement file runs, and `hetflow platform` reads it (exit 0).
set -u
hetflow=$1; good=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
/usr/bin/python3 - "$good" "$dir/hostile.h5" <<'PY' || { echo "FAIL: h5py could not write the file"; exit 1; }
import shutil, sys
import h5py
good, path = sys.argv[1], sys.argv[2]
shutil.copy(good, path)
code = '\nprint("INJECTED")\n--'
with h5py.File(path, "r+") as f:
    for group, attr in (("metadata", "host"), ("metadata", "date"), ("metadata", "origin"),
                        ("device", "name")):
        f[group].attrs[attr] = f[group].attrs[attr] + code
    t = f["experiments"]
    rows = t[...]
    for i in range(len(rows)):  # dgemm's precision: no Lua name (15 bytes at most)
        if rows["precision"][i] == b"fp64_tensor":
            rows["precision"][i] = b'x=print"P",--'
    t[...] = rows
PY
out=$("$hetflow" calibrate "$dir/hostile.h5" -o "$dir/hostile.lua" 2>&1) ||
  { echo "FAIL: calibrate exited $?: $out"; exit 1; }
out=$("$hetflow" platform "$dir/hostile.lua" 2>&1); rc=$?
fail=0
[ $rc = 0 ] || { echo "FAIL: the platform file does not load (exit $rc): $out"; fail=1; }
if grep -q -x -e INJECTED -e P <<<"$out"; then # what the injected print()s would print
  echo "FAIL: code from the measurement file ran: $out"; fail=1
fi
exit $fail
