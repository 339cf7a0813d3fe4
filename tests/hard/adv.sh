#!/usr/bin/env bash
# adv.sh CHECK HETFLOW OUTDIR: what an adversarial review of issue 14's hardening found
# (docs/reliability.md). CHECK is one of:
#   write_xml  platform:write_xml never writes a file the run read (the platform itself, through
#              a hard link too, the scenario), with or without --sandbox; a platform that cannot
#              be written (an XML platform) leaves an existing file as it was; a new file and an
#              existing one are written whole, as `hetflow platform P --xml -` writes them.
#              Before: the file was opened with fopen("w") (truncated) first: `p.xml` written
#              over itself was left empty, a Lua platform replaced by its XML.
#   tmp_platform  SIGTERM while SimGrid loads the platform's XML from TMPDIR: status 143 and no
#              temporary file left (mkstemp's hetflow-platform-XXXXXX was left, 7.5 MB here)
#   tmp_platform_sandbox  the same file when the sandbox's wall clock stops a run stuck in C
#              (SimGrid loading): status 1, the limit's message, no file left (its _exit skipped
#              the clean-up)
#   order      a list with several named keys (tests/hard/adv_keys.lua): the same message, naming
#              the first key in hetflow's order, in 6 processes (it named the first in hash order)
set -u
check=$1 hetflow=$2 out=$3/adv-$1
rm -rf "$out"
mkdir -p "$out" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

case $check in
write_xml)
  cp tests/data/gpu_node.xml "$out/p.xml"
  cp platforms/quickstart.lua "$out/q.lua"
  cp tests/hard/adv_write_xml.lua "$out/s.lua"
  ln "$out/q.lua" "$out/hq.lua" 2>/dev/null || echo "no hard link here: skipped"
  echo keep >"$out/other.txt"
  cp "$out/p.xml" "$out/p.orig"; cp "$out/q.lua" "$out/q.orig"; cp "$out/s.lua" "$out/s.orig"
  # xml_run P OUT [ARGS]: prints the output, returns the exit status
  xml_run() {
    local p=$1 o=$2
    shift 2
    (cd "$out" && timeout 60 "$hetflow" run s.lua -q --force --set "p=$p" --set "out=$o" "$@" \
      -o res.h5 2>&1 </dev/null)
  }
  for sb in "" --sandbox; do
    for case in "p.xml p.xml p.xml platform" "q.lua q.lua q.lua platform" \
      "q.lua hq.lua q.lua platform" "q.lua s.lua s.lua scenario"; do
      set -- $case
      [ -e "$out/$2" ] || continue
      msg=$(xml_run "$1" "$2" $sb); rc=$?
      [ $rc = 1 ] || fail "$sb write_xml($2) of $1: exit status $rc: $msg"
      grep -qF "cannot write '$2': it is the run's input '$3' ($4): an input is never overwritten" \
        <<<"$msg" || fail "$sb write_xml($2) of $1: message: $msg"
      for f in p.xml q.lua s.lua; do
        cmp -s "$out/${f%.*}.orig" "$out/$f" || fail "$sb write_xml($2) of $1: $f changed"
      done
    done
    # an XML platform cannot be written: the existing file is left as it was
    msg=$(xml_run p.xml other.txt $sb); rc=$?
    [ $rc = 1 ] && grep -qF "platform 'p.xml' has no nodes" <<<"$msg" ||
      fail "$sb write_xml of an XML platform: $rc: $msg"
    [ "$(cat "$out/other.txt")" = keep ] || fail "$sb write_xml of an XML platform: other.txt changed"
  done
  # written whole: a new file, an existing one (replaced), as the platform command writes them
  "$hetflow" platform "$out/q.lua" --xml - >"$out/want.xml" || fail "platform --xml -"
  for o in new.xml other.txt; do
    msg=$(xml_run q.lua "$o"); rc=$?
    [ $rc = 0 ] || fail "write_xml($o): exit status $rc: $msg"
    cmp -s "$out/want.xml" "$out/$o" || fail "write_xml($o): not the platform's XML"
  done
  ls "$out" | grep -q '\.tmp\.' && fail "a temporary file was left: $(ls "$out")"
  echo keep >"$out/other.txt"
  msg=$(xml_run q.lua other.txt --sandbox); rc=$?
  [ $rc = 0 ] && cmp -s "$out/want.xml" "$out/other.txt" || fail "sandboxed write_xml: $rc: $msg"
  ;;
tmp_platform_sandbox)
  mkdir -p "$out/tmp"
  msg=$(TMPDIR="$out/tmp" timeout 60 "$hetflow" run tests/hard/adv_bigplat.lua --sandbox \
    --sandbox-time 1 -q -o "$out/big.h5" 2>&1 </dev/null)
  rc=$?
  [ $rc = 1 ] || fail "exit status $rc, expected 1: $msg"
  # the C-side stop (not the Lua hook): the clock ran out while SimGrid loaded the platform
  grep -qF "time limit of 1 s reached (--sandbox-time) while the simulation or a C function ran" \
    <<<"$msg" || { echo "note: the limit was met in Lua, not in C: nothing to check ($msg)"; exit 0; }
  left=$(ls -A "$out/tmp")
  [ -z "$left" ] || fail "temporary files left in TMPDIR: $left"
  [ -e "$out/big.h5" ] && fail "$out/big.h5 written"
  ;;
tmp_platform)
  mkdir -p "$out/tmp"
  TMPDIR="$out/tmp" "$hetflow" run tests/hard/adv_bigplat.lua -q -o "$out/big.h5" </dev/null &
  pid=$!
  seen=0
  for i in $(seq 1 3000); do
    if ls "$out/tmp" | grep -q hetflow-platform; then
      seen=1
      break
    fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.01
  done
  kill -TERM $pid 2>/dev/null
  wait $pid
  rc=$?
  [ $seen = 1 ] || fail "the temporary platform file was never seen (status $rc)"
  [ $rc = 143 ] || fail "exit status $rc, expected 143 (SIGTERM)"
  left=$(ls -A "$out/tmp")
  [ -z "$left" ] || fail "left in TMPDIR: $left"
  [ -e "$out/big.h5" ] && fail "a result file was written"
  ;;
order)
  for i in 1 2 3 4 5 6; do
    msg=$(timeout 60 "$hetflow" run tests/hard/adv_keys.lua -q -o "$out/keys.h5" 2>&1 </dev/null)
    rc=$?
    [ $rc = 1 ] || fail "run $i: exit status $rc: $msg"
    grep -qF "adv_keys.lua:6: workflow.tasks: list expected, found key 'k1'" <<<"$msg" ||
      fail "run $i: message: $msg"
  done
  ;;
*) fail "unknown check $check" ;;
esac
echo ok
