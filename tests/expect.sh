#!/usr/bin/env bash
# expect.sh RC FRAGMENT CMD...: run CMD, require exit status RC and FRAGMENT in its output.
# If CMD has "-o PATH" and RC is not 0, PATH must not exist afterwards (no half-written result).
set -u
want_rc=$1; fragment=$2; shift 2
out_path=""
prev=""
for a in "$@"; do
  [ "$prev" = "-o" ] && out_path=$a
  prev=$a
done
[ -n "$out_path" ] && rm -f "$out_path" # each run starts without a result file (see --force)
output=$(timeout 50 "$@" 2>&1 </dev/null)
rc=$?
fail=0
if [ "$rc" != "$want_rc" ]; then
  echo "FAIL: exit status $rc, expected $want_rc"; fail=1
fi
if ! grep -qF -- "$fragment" <<<"$output"; then
  echo "FAIL: output lacks: $fragment"; fail=1
fi
if [ -n "$out_path" ] && [ "$want_rc" != 0 ] && [ -e "$out_path" ]; then
  echo "FAIL: a file was left at $out_path"; fail=1
fi
if [ $fail = 1 ]; then
  echo "--- command: $*"; echo "--- output:"; echo "$output"; exit 1
fi
exit 0
