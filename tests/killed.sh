#!/usr/bin/env bash
# killed.sh HETFLOW GEN OUTDIR: a run killed with SIGKILL mid-way leaves nothing at its output
# path (results are written to a temporary file and renamed at the very end); one ended by
# SIGINT or SIGTERM ends by that signal (status 130, 143) and leaves neither its output nor a
# temporary file; a finished run refuses to be overwritten without --force. Signals at other
# moments, the write's included: tests/hard/writes.sh (writes.signals).
set -u
set -m # background jobs receive SIGINT as a foreground command would (not ignored)
hetflow=$1 gen=$2 out=$3
mkdir -p "$out"
"$gen" 100000 1 "$out/killed" >/dev/null || exit 1
rm -f "$out/killed.h5" "$out/killed.lua" "$out"/killed.h5.tmp.*
for sig in KILL INT TERM; do
  "$hetflow" run bench/layered.lua --set "dag=$out/killed.dag" -q -o "$out/killed.h5" 2>"$out/killed.log" &
  pid=$!
  sleep 1
  kill -s $sig "$pid"
  wait "$pid" 2>/dev/null
  rc=$?
  if [ -e "$out/killed.h5" ]; then echo "FAIL: SIG$sig: the run left $out/killed.h5"; exit 1; fi
  case $sig in KILL) want=137 ;; INT) want=130 ;; TERM) want=143 ;; esac
  [ "$rc" = "$want" ] || { echo "FAIL: SIG$sig: exit $rc, expected $want: $(cat "$out/killed.log")"; exit 1; }
  # one second in, the write has not begun: even SIGKILL leaves no temporary file
  left=$(ls "$out"/killed.h5.tmp.* 2>/dev/null)
  [ -z "$left" ] || { echo "FAIL: SIG$sig: temporary file left: $left"; exit 1; }
done
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
