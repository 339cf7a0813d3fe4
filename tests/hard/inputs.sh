#!/usr/bin/env bash
# inputs.sh HETFLOW OUTDIR: every --cfg option hetflow accepts, at the ends of its range, on a run
# whose Lua policy uses the C stack (tests/hard/inputs_cfg.lua); each must end within 60 s with
# exit status 0 (SimGrid crashed on contexts/stack-size:1 and hung on surf/precision:0, values
# now refused: tests/bad/cases_inputs.cmake).
set -u
bin=$1 out=$2
mkdir -p "$out"
fail=0
run() { # run CHECK CFG...
    local check=$1
    shift
    local args=()
    for c in "$@"; do args+=("--cfg=$c"); done
    timeout 60 "$bin" run tests/hard/inputs_cfg.lua --set check="$check" "${args[@]}" -q \
        --force -o "$out/inputs_cfg.h5" </dev/null
    local rc=$?
    if [ $rc != 0 ]; then
        echo "FAIL: exit status $rc with $*"
        fail=1
    fi
}
run 1 contexts/stack-size:256
run 1 contexts/stack-size:1048576
run 1 contexts/guard-size:0 contexts/guard-size:1024
run 1 contexts/factory:thread
run 1 contexts/factory:raw
run 1 contexts/factory:ucontext
run 1 surf/precision:1e-12
run 1 surf/precision:1e-3
run 1 maxmin/precision:1e-12
run 1 maxmin/precision:1e-2
run 1 network/model:CM02 network/TCP-gamma:0
run 1 network/TCP-gamma:1e30 network/crosstraffic:yes network/weight-S:0
run 1 network/optim:Full cpu/optim:Full
run 1 network/optim:Lazy cpu/optim:Lazy
run 0 network/model:LV08
run 0 network/latency-factor:1e-3 network/bandwidth-factor:1e3
run 0 network/latency-factor:1e3 network/bandwidth-factor:1e-3 network/weight-S:1e12
# The accepted list (as hetflow's refusal prints it) is the one the help and the docs give.
list=$("$bin" run --platform tests/bad/ok_platform.lua --workflow tests/bad/ok_workflow.lua \
    --cfg=contexts/nthreads:4 -o "$out/never.h5" 2>&1 | sed -n 's/.*(accepted: \([^;]*\);.*/\1/p')
help=$("$bin" run --help 2>&1)
[ -n "$list" ] || { echo "FAIL: no accepted list in the refusal of contexts/nthreads"; fail=1; }
for o in ${list//,/ }; do
    grep -qF -- "$o" <<<"$help" || { echo "FAIL: hetflow run --help does not list $o"; fail=1; }
    grep -qF -- "\`$o\`" docs/scenarios.md || { echo "FAIL: docs/scenarios.md does not list $o"; fail=1; }
done
exit $fail
