#!/usr/bin/env bash
# sandbox.sh CHECK HETFLOW OUTDIR: script tests of hetflow run --sandbox and of the same seed
# giving the same answer (docs/reliability.md). CHECK is one of:
#   links    a symbolic link (to a file, to a missing file), a hard link and a FIFO planted in
#            the result directory are never written through, by any way of writing; the file
#            they point to is unchanged, and a plain file there is written
#   order    a workflow built with pairs() (tests/hard/sandbox_order.lua) gives the same task
#            order, placement and makespan in 6 processes, with and without --sandbox; a
#            platform with several errors of one kind reports the same one in 4 processes
#   random   math.random after math.randomseed() gives the same numbers in 4 processes
#   limits   each limit stops its runaway within its bound (the run ends in < 5 s)
set -u
check=$1 hetflow=$2 out=$3/sandbox-$1
rm -rf "$out"
mkdir -p "$out/res" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# run_write HOW PATH: the sandboxed write of PATH; prints the output, returns the exit status
run_write() {
  timeout 20 "$hetflow" run tests/hard/sandbox_write.lua --sandbox -q --force \
    --set "how=$1" --set "path=$2" -o "$out/res/out.h5" 2>&1 </dev/null
}

case $check in
links)
  echo keep >"$out/target"
  ln -s "$out/target" "$out/res/link"
  ln -s "$out/missing" "$out/res/dangling"
  ln "$out/target" "$out/res/hard" 2>/dev/null || echo "no hard link here: skipped"
  mkfifo "$out/res/fifo"
  for how in open append rplus output xml; do
    for name in link dangling hard fifo; do
      [ -e "$out/res/$name" ] || [ -L "$out/res/$name" ] || continue
      [ $how = rplus ] && [ $name = dangling ] && continue # r+ does not create: nil, no write
      msg=$(run_write $how "$out/res/$name"); rc=$?
      [ $rc = 1 ] || fail "$how $name: exit status $rc: $msg"
      grep -qE "sandbox: writing '.*/res/$name' is not allowed \((it is a symbolic link|it has other hard links|not a regular file)\)" <<<"$msg" ||
        fail "$how $name: message: $msg"
      [ "$(cat "$out/target")" = keep ] || fail "$how $name: the link's target was written"
      [ -e "$out/missing" ] && fail "$how $name: the dangling link's target was created"
      [ -e "$out/res/out.h5" ] && fail "$how $name: a result file was written"
    done
  done
  # a plain file next to the result is written, by each way
  for how in open append output xml; do
    rm -f "$out/res/plain"
    msg=$(run_write $how "$out/res/plain") || fail "$how plain: $msg"
    [ -s "$out/res/plain" ] || fail "$how plain: nothing written"
  done
  ;;
order)
  want="order alpha beta delta eps eta gamma iota kappa lambda mu theta zeta"
  for i in 1 2 3 4 5 6; do
    extra=(); [ $i -gt 3 ] && extra=(--sandbox)
    "$hetflow" run tests/hard/sandbox_order.lua -q --force -o "$out/res/o$i.h5" "${extra[@]}" \
      >"$out/run$i.txt" 2>&1 || fail "run $i: $(cat "$out/run$i.txt")"
    cmp -s "$out/run1.txt" "$out/run$i.txt" ||
      fail "run $i differs from run 1: $(diff "$out/run1.txt" "$out/run$i.txt")"
  done
  # the keys in bytewise order; round_robin alternates fast, slow: slow gets beta, eps, gamma,
  # kappa, mu, zeta = 2+5+3+10+12+6 = 38 Gflop at 1 Gf = 38 s; fast 1+4+7+9+11+8 = 40 Gflop at
  # 3 Gf = 13.3 s: makespan 38 s
  head -1 "$out/run1.txt" | grep -qxF "$want" || fail "order: $(head -1 "$out/run1.txt")"
  grep -qxF "makespan 38.000000" "$out/run1.txt" || fail "makespan: $(cat "$out/run1.txt")"
  # of several errors, C's checks report the first in the same order, in every process
  for what in keys kernels; do
    want="unknown key 'bogus_a'"
    [ $what = kernels ] && want="kernels.kernel_a: a profile table"
    for i in 1 2 3 4; do
      msg=$("$hetflow" run tests/hard/sandbox_bad_keys.lua -q --set what=$what \
            -o "$out/res/k.h5" 2>&1) && fail "$what: a bad platform ran"
      grep -qF "$want" <<<"$msg" || fail "$what, run $i: $msg"
    done
  done
  ;;
random)
  cat >"$out/random.lua" <<'LUA'
local hetflow = require("hetflow")
math.randomseed()
local t = {}
for i = 1, 4 do t[i] = math.random(1 << 40) end
print(table.concat(t, " "))
hetflow.run { platform = "platforms/quickstart.lua", workflow = hetflow.chain { n = 1, cpu = { flops = "1Gf" } } }
LUA
  for i in 1 2 3 4; do
    "$hetflow" run "$out/random.lua" -q --force --seed 5 -o "$out/res/r$i.h5" >"$out/r$i.txt" 2>&1 ||
      fail "run $i: $(cat "$out/r$i.txt")"
    cmp -s "$out/r1.txt" "$out/r$i.txt" || fail "run $i: $(cat "$out/r1.txt") vs $(cat "$out/r$i.txt")"
  done
  "$hetflow" run "$out/random.lua" -q --force --seed 6 -o "$out/res/r6.h5" >"$out/r6.txt" 2>&1
  cmp -s "$out/r1.txt" "$out/r6.txt" && fail "seeds 5 and 6 gave the same numbers"
  ;;
limits)
  for spec in "loop --sandbox-instructions 1e7" "loop --sandbox-instructions 0 --sandbox-time 1s" \
              "cfind --sandbox-time 1s" "grow --sandbox-memory 64MiB"; do
    read -r what opts <<<"$spec"
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    msg=$(timeout 20 "$hetflow" run tests/bad/sandbox_limits.lua --sandbox $opts -q \
          --set "what=$what" -o "$out/res/l.h5" 2>&1); rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ $rc = 1 ] || fail "$spec: exit status $rc: $msg"
    grep -q "sandbox: .* limit of" <<<"$msg" || fail "$spec: message: $msg"
    [ $ms -lt 5000 ] || fail "$spec: took $ms ms"
    [ -e "$out/res/l.h5" ] && fail "$spec: a result file was written"
    echo "$spec: stopped after $ms ms"
  done
  ;;
*) fail "unknown check $check" ;;
esac
echo "sandbox $check: ok"
