#!/usr/bin/env bash
# run.sh: build the fuzz targets with clang and run each for a bounded time (make fuzz).
# Seeds and past crashes (fuzz/corpus, fuzz/regressions) are replayed first; the fuzzing itself
# works on a copy of the seeds in $FUZZ_BUILD/corpus-work/<target>, kept between runs, so the
# committed corpus never changes. Crashes, leaks and timeouts land in $FUZZ_BUILD/crashes/<target>/.
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_TARGETS (default all), FUZZ_BUILD
# (default build-fuzz), FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (seconds per input, default 10).
# Exits 1 when any target crashed or a regression input fails again.
set -uo pipefail

cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
BUILD=${FUZZ_BUILD:-build-fuzz}
RSS_MB=${FUZZ_RSS_MB:-2048}
TIMEOUT=${FUZZ_TIMEOUT:-10}
TARGETS=${FUZZ_TARGETS:-"fuzz_units fuzz_lua_platform fuzz_lua_workflow fuzz_wfformat fuzz_dot fuzz_dagtext fuzz_lua_serverless fuzz_trace"}

cmake -S fuzz -B "$BUILD" -DCMAKE_C_COMPILER=clang -DHF_FUZZ_ENGINE=libfuzzer >/dev/null || exit 1
cmake --build "$BUILD" -j "$(nproc)" >/dev/null || exit 1

# Recorded per target: seconds asked, executions, outcome (for docs/reliability.md's table).
summary=()
failed=0
for t in $TARGETS; do
    bin="$BUILD/$t"
    if [ ! -x "$bin" ]; then
        echo "fuzz: no target $t" >&2
        exit 2
    fi
    short=${t#fuzz_}
    work="$BUILD/corpus-work/$t"
    crashes="$BUILD/crashes/$t"
    log="$BUILD/logs/$t.log"
    mkdir -p "$work" "$crashes" "$(dirname "$log")"
    cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true

    # 1. every committed seed and regression input must run clean, one by one
    replay=(fuzz/corpus/"$t"/*)
    if [ -d fuzz/regressions/"$t" ]; then replay+=(fuzz/regressions/"$t"/*); fi
    if ! "$bin" -rss_limit_mb="$RSS_MB" -timeout="$TIMEOUT" "${replay[@]}" \
        >"$BUILD/logs/$t.replay.log" 2>&1; then
        echo "fuzz: $t: a committed input fails (see $BUILD/logs/$t.replay.log)" >&2
        summary+=("$t 0 0 replay-failed")
        failed=1
        continue
    fi

    # 2. fuzz for the time given
    dict=()
    if [ -f fuzz/dict/"$short".dict ]; then dict=(-dict=fuzz/dict/"$short".dict); fi
    echo "fuzz: $t for ${SECONDS_EACH}s"
    "$bin" "$work" "${dict[@]}" -max_total_time="$SECONDS_EACH" -rss_limit_mb="$RSS_MB" \
        -timeout="$TIMEOUT" -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        failed=1
        echo "fuzz: $t FOUND A PROBLEM (exit $rc); artifacts in $crashes/, log $log" >&2
        grep -m1 -E "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|contract violated" \
            "$log" >&2
        summary+=("$t ${SECONDS_EACH} ${execs:-?} crash")
    else
        summary+=("$t ${SECONDS_EACH} ${execs:-?} ok")
    fi
done

printf '\n%-20s %8s %12s  %s\n' target seconds executions result
for line in "${summary[@]}"; do
    # shellcheck disable=SC2086
    printf '%-20s %8s %12s  %s\n' $line
done
exit $failed
