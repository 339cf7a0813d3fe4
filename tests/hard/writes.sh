#!/usr/bin/env bash
# writes.sh HETFLOW GEN OUTDIR SECTION: "Writes that cannot destroy" (docs/reliability.md, Writes),
# one section per ctest test:
#   rule     every command that writes: non-regular targets, inputs as outputs, existing files
#            without --force, bad -o found before the scenario runs, a planted link at the
#            temporary name
#   race     two runs writing one -o at once: exactly one succeeds, the file is whole
#   signals  SIGINT/SIGTERM during the simulation and during the write: the process ends by the
#            signal (status 130/143), no output, no temporary file
#   full     disk full (a 512 KiB tmpfs, when it can be mounted) and a file-size limit
#            (ulimit -f): exit 1, a message, nothing left behind
#   corrupt  a results file damaged at 400 offsets: inspect exits 0 or 1 with a message, never
#            by a signal
set -u
hetflow=$1 gen=$2 out=$3 section=$4
d=$out/writes-$section
rm -rf "$d"
mkdir -p "$d"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect RC FRAGMENT CMD...: CMD exits with RC and prints FRAGMENT.
expect() {
  local want=$1 frag=$2
  shift 2
  local msg rc
  msg=$("$@" 2>&1 </dev/null)
  rc=$?
  [ "$rc" = "$want" ] || fail "exit $rc (expected $want): $*: $msg"
  grep -qF -- "$frag" <<<"$msg" || fail "message lacks '$frag': $*: $msg"
}

# no_temp DIR: no temporary file of ours in DIR.
no_temp() {
  local left
  left=$(find "$1" -maxdepth 1 -name '*.tmp.*' | head -3)
  [ -z "$left" ] || fail "temporary files left: $left"
}

chain=tests/scenarios/chain2.lua

case $section in
rule)
  # a FIFO and a device are never replaced, --force or not
  mkfifo "$d/fifo"
  expect 1 "it is a FIFO; hetflow writes only regular files" \
    "$hetflow" run $chain -q -o "$d/fifo" --force
  [ -p "$d/fifo" ] || fail "the FIFO was replaced"
  if mknod "$d/null" c 1 3 2>/dev/null; then
    expect 1 "it is a character device" "$hetflow" run $chain -q -o "$d/null" --force
    [ -c "$d/null" ] || fail "the device was replaced"
  else
    echo "note: mknod not permitted: the device case is covered by unit.test_outfile"
  fi
  expect 1 "it is a directory" "$hetflow" run $chain -q -o "$d" --force

  # -o '' and a missing directory: refused before the scenario runs (it would leave a mark)
  mark=$d/ran.mark
  printf 'local f = assert(io.open(%q, "w")) f:write("ran") f:close()\n' "$mark" >"$d/mark.lua"
  cat $chain >>"$d/mark.lua"
  expect 1 "cannot write results to '': empty file name (-o)" \
    "$hetflow" run "$d/mark.lua" -q -o ''
  expect 1 "its directory does not exist" "$hetflow" run "$d/mark.lua" -q -o "$d/none/x.h5"
  expect 1 "it is a directory" "$hetflow" run "$d/mark.lua" -q -o "$d/"
  [ -e "$mark" ] && fail "the scenario ran before the output was checked"

  # a result file written before the seal and the 1.10 format is still read and exported
  expect 0 "makespan     5.502 s" "$hetflow" inspect tests/data/results-v1-pre-serverless.h5
  expect 0 "wrote $d/old.json" "$hetflow" export tests/data/results-v1-pre-serverless.h5 \
    --trace "$d/old.json" --csv "$d/old-csv"

  # inputs are never outputs, whatever the spelling, --force or not
  "$hetflow" run $chain -q -o "$d/r.h5" || fail "run"
  cp "$d/r.h5" "$d/r.copy"
  cp tests/bad/ok_platform.lua "$d/p.lua"
  cp tests/bad/ok_workflow.lua "$d/w.lua"
  expect 1 "it is the input" "$hetflow" export "$d/r.h5" --trace "$d/r.h5" --force
  expect 1 "it is the input" "$hetflow" export "$d/r.h5" --trace "$d/../writes-rule/r.h5"
  expect 1 "it is the input" "$hetflow" platform "$d/p.lua" --xml "$d/p.lua" --force
  expect 1 "it is the input" "$hetflow" dag "$d/w.lua" --dot "$d/./w.lua" --force
  expect 1 "it is the input" "$hetflow" dag "$d/w.lua" --graphml "$d/w.lua"
  expect 1 "it is the input" "$hetflow" run --platform "$d/p.lua" --workflow "$d/w.lua" \
    -o "$d/w.lua" --force
  cmp -s "$d/r.h5" "$d/r.copy" || fail "the result file was changed"
  cmp -s "$d/p.lua" tests/bad/ok_platform.lua || fail "the platform file was changed"
  cmp -s "$d/w.lua" tests/bad/ok_workflow.lua || fail "the workflow file was changed"

  # every writing command refuses an existing file without --force, and replaces it with
  expect 0 "wrote $d/t.json" "$hetflow" export "$d/r.h5" --trace "$d/t.json"
  expect 1 "'$d/t.json' exists: give --force to overwrite it, or another --trace" \
    "$hetflow" export "$d/r.h5" --trace "$d/t.json"
  expect 0 "wrote $d/t.json" "$hetflow" export "$d/r.h5" --trace "$d/t.json" --force
  expect 0 "wrote $d/csv/" "$hetflow" export "$d/r.h5" --csv "$d/csv"
  expect 1 "exists: give --force to overwrite it, or another --csv" \
    "$hetflow" export "$d/r.h5" --csv "$d/csv"
  expect 0 "wrote $d/csv/" "$hetflow" export "$d/r.h5" --csv "$d/csv" --force
  expect 0 "" "$hetflow" platform "$d/p.lua" --xml "$d/p.xml"
  expect 1 "exists: give --force to overwrite it, or another --xml" \
    "$hetflow" platform "$d/p.lua" --xml "$d/p.xml"
  expect 0 "" "$hetflow" platform "$d/p.lua" --xml "$d/p.xml" --force
  expect 0 "" "$hetflow" dag "$d/w.lua" --dot "$d/w.dot"
  expect 1 "exists: give --force to overwrite it, or another --dot" \
    "$hetflow" dag "$d/w.lua" --dot "$d/w.dot"
  expect 0 "" "$hetflow" dag "$d/w.lua" --dot "$d/w.dot" --force
  mkfifo "$d/t.fifo"
  expect 1 "it is a FIFO" "$hetflow" export "$d/r.h5" --trace "$d/t.fifo" --force

  # a symbolic link planted at the temporary name is not followed: a shell plants it for its
  # own pid, which hetflow keeps when exec'd
  echo precious >"$d/victim"
  sh -c 'ln -s "$1" "$2.tmp.$$" && exec "$3" run "$4" -q -o "$2"' sh "$d/victim" "$d/planted.h5" \
    "$hetflow" $chain || fail "run with a planted link"
  [ "$(cat "$d/victim")" = precious ] || fail "a planted link was followed: $(cat "$d/victim" | head -c 40)"
  [ -L "$(echo "$d"/planted.h5.tmp.*)" ] || fail "the planted link was removed or replaced"
  "$hetflow" inspect "$d/planted.h5" >/dev/null || fail "inspect planted.h5"
  rm -f "$d"/planted.h5.tmp.*
  no_temp "$d"
  ;;

race)
  "$gen" 20000 1 "$d/dag" >/dev/null || exit 1
  for round in 1 2 3; do
    rm -f "$d/same.h5"
    "$hetflow" run bench/layered.lua --set "dag=$d/dag.dag" -q -o "$d/same.h5" >"$d/a.log" 2>&1 &
    a=$!
    "$hetflow" run bench/layered.lua --set "dag=$d/dag.dag" -q -o "$d/same.h5" >"$d/b.log" 2>&1 &
    b=$!
    wait $a
    ra=$?
    wait $b
    rb=$?
    if [ $((ra + rb)) != 1 ] || [ $((ra * rb)) != 0 ]; then
      fail "round $round: exits $ra and $rb (one 0 and one 1 expected): $(cat "$d/a.log" "$d/b.log")"
    fi
    grep -qF "exists" "$d/a.log" "$d/b.log" || fail "round $round: no 'exists' message"
    "$hetflow" inspect "$d/same.h5" >/dev/null || fail "round $round: the file is not whole"
  done
  no_temp "$d"
  ;;

signals)
  set -m # background jobs get SIGINT like a foreground command (not ignored)
  "$gen" 100000 1 "$d/big" >/dev/null || exit 1
  # during the simulation (and the loading before it)
  for spec in INT:0.3 TERM:1 INT:2 TERM:3 INT:4; do
    sig=${spec%%:*} delay=${spec#*:}
    rm -f "$d/k.h5"
    "$hetflow" run bench/layered.lua --set "dag=$d/big.dag" -q -o "$d/k.h5" 2>"$d/k.log" &
    pid=$!
    sleep "$delay"
    kill -s "$sig" $pid
    wait $pid
    rc=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$rc" = 0 ] && { echo "note: SIG$sig after ${delay}s came after the end"; continue; }
    [ "$rc" = "$want" ] || fail "SIG$sig after ${delay}s: exit $rc, expected $want: $(cat "$d/k.log")"
    [ -e "$d/k.h5" ] && fail "SIG$sig after ${delay}s: $d/k.h5 left"
    no_temp "$d"
  done
  # during the write: the signal goes as soon as the temporary file appears
  for sig in INT TERM; do
    rm -f "$d/w.h5"
    "$hetflow" run bench/layered.lua --set "dag=$d/big.dag" -q -o "$d/w.h5" 2>"$d/w.log" &
    pid=$!
    tmp=$d/w.h5.tmp.$pid
    # poll until the temporary file appears or the run ends (a sanitised build simulates the
    # 10^5 tasks for minutes: no fixed wait)
    while [ ! -e "$tmp" ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
    [ -e "$tmp" ] || fail "SIG$sig: the write never began (or ended before the poll saw it)"
    kill -s "$sig" $pid
    wait $pid
    rc=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$rc" = "$want" ] || fail "SIG$sig during the write: exit $rc, expected $want"
    [ -e "$d/w.h5" ] && fail "SIG$sig during the write: $d/w.h5 left"
    no_temp "$d"
  done
  ;;

full)
  "$gen" 10000 1 "$d/mid" >/dev/null || exit 1
  mkdir -p "$d/small"
  if mount -t tmpfs -o size=512k tmpfs "$d/small" 2>/dev/null; then
    expect 1 "No space left on device" \
      "$hetflow" run bench/layered.lua --set "dag=$d/mid.dag" -q -o "$d/small/out.h5"
    left=$(ls -A "$d/small")
    umount "$d/small"
    [ -z "$left" ] || fail "disk full: files left: $left"
  else
    echo "note: tmpfs cannot be mounted here: disk full is tested through ulimit -f only"
  fi
  # a file-size limit: hetflow ignores SIGXFSZ, so the write fails with EFBIG
  msg=$(ulimit -f 512 && "$hetflow" run bench/layered.lua --set "dag=$d/mid.dag" -q -o "$d/big.h5" 2>&1)
  rc=$?
  [ "$rc" = 1 ] || fail "ulimit -f: exit $rc, expected 1: $msg"
  grep -qF "cannot write '$d/big.h5'" <<<"$msg" || fail "ulimit -f: message: $msg"
  grep -qF "File too large" <<<"$msg" || fail "ulimit -f: message: $msg"
  [ -e "$d/big.h5" ] && fail "ulimit -f: $d/big.h5 left"
  no_temp "$d"
  # the same for an export
  "$hetflow" run bench/layered.lua --set "dag=$d/mid.dag" -q -o "$d/r.h5" || fail "run"
  msg=$(ulimit -f 64 && "$hetflow" export "$d/r.h5" --trace "$d/t.json" 2>&1)
  rc=$?
  [ "$rc" = 1 ] || fail "export under ulimit -f: exit $rc: $msg"
  grep -qF "File too large" <<<"$msg" || fail "export under ulimit -f: message: $msg"
  [ -e "$d/t.json" ] && fail "export under ulimit -f: $d/t.json left"
  no_temp "$d"
  ;;

corrupt)
  "$hetflow" run $chain -q -o "$d/r.h5" || exit 1
  /usr/bin/python3 - "$hetflow" "$d" <<'PY' || fails=$((fails + 1))
import concurrent.futures, subprocess, sys
hetflow, d = sys.argv[1], sys.argv[2]
data = open(d + "/r.h5", "rb").read()
bad = refused = accepted = 0

def inspect(i):  # deterministic offsets spread over the file; every bit of the byte flipped
    off = i * len(data) // 400
    c = bytearray(data)
    c[off] ^= 0xFF
    path = "%s/c%03d.h5" % (d, i)
    open(path, "wb").write(c)
    p = subprocess.run([hetflow, "inspect", path], capture_output=True, timeout=120)
    return off, path, p.returncode, p.stderr.decode("utf-8", "replace")  # names may be damaged

with concurrent.futures.ThreadPoolExecutor(2) as pool:
    runs = list(pool.map(inspect, range(400)))
for off, path, rc, err in runs:
    if rc not in (0, 1):
        bad += 1
        print(f"FAIL: offset {off}: inspect exit {rc}: {err[-300:]}")
    elif rc == 1:
        refused += 1
        if f"hetflow: '{path}' is not a hetflow results file" not in err:
            bad += 1
            print(f"FAIL: offset {off}: message: {err}")
    else:
        accepted += 1
        if off >= 512:
            bad += 1
            print(f"FAIL: offset {off}: a damaged file past the seal's block was read")
print(f"corrupt: 400 copies: {refused} refused, {accepted} read (damage in the seal's padding)")
sys.exit(1 if bad else 0)
PY
  ;;
*)
  echo "unknown section $section"
  exit 2
  ;;
esac
[ $fails = 0 ] && echo "writes $section: ok"
[ $fails = 0 ]
