#!/usr/bin/env bash
# run.sh BUILD_DIR: times hetflow against the raw-SimGrid floor on layered DAGs (see README.md).
#
# Environment: BENCH_SIZES (default "10000 100000"), BENCH_REPEAT (runs per measurement, default 3),
# BENCH_SEED (default 1), BENCH_PLATFORM_XML (use this SimGrid XML for the floor instead of
# asking hetflow to generate one). Writes everything under bench/out/ and the table to
# bench/out/results.md.
set -euo pipefail

BUILD=${1:?usage: bench/run.sh BUILD_DIR}
BUILD=$(cd "$BUILD" && pwd)
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"10000 100000"}
REPEAT=${BENCH_REPEAT:-3}
SEED=${BENCH_SEED:-1}
OUT=bench/out
GEN=$BUILD/bench/gen_layered
FLOOR=$BUILD/bench/floor
HETFLOW=$BUILD/hetflow
TIME=/usr/bin/time

die() {
    echo "bench: $*" >&2
    exit 1
}

[ -x "$TIME" ] || die "$TIME not found (Debian package 'time')"
[ -x "$GEN" ] || die "$GEN not built (run 'make bench', or build target bench_gen_layered)"
[ -x "$FLOOR" ] || die "$FLOOR not built (run 'make bench', or build target bench_floor)"
mkdir -p "$OUT"

have_hetflow=1
if [ ! -x "$HETFLOW" ]; then
    have_hetflow=0
    echo "bench: $HETFLOW is not built: measuring the floor only, hetflow columns will read n/a" >&2
fi

# The floor runs on the very platform hetflow builds from bench/platform.lua.
if [ -n "${BENCH_PLATFORM_XML:-}" ]; then
    XML=$BENCH_PLATFORM_XML
    [ -r "$XML" ] || die "BENCH_PLATFORM_XML=$XML is not readable"
else
    XML=$OUT/platform.xml
    [ "$have_hetflow" = 1 ] ||
        die "no platform XML for the floor: build hetflow or set BENCH_PLATFORM_XML"
    "$HETFLOW" platform bench/platform.lua --xml "$XML" >"$OUT/platform.log" 2>&1 ||
        die "'hetflow platform bench/platform.lua --xml $XML' failed (output in $OUT/platform.log)"
fi

# measure K LOG CMD...: runs CMD K times under $TIME, its output going to LOG (the last run's),
# and sets WALL (median wall seconds) and RSS (max peak RSS, KiB). Exits the script if a run fails.
measure() {
    local k=$1 log=$2
    shift 2
    local walls="" w m
    RSS=0
    for ((r = 1; r <= k; r++)); do
        if ! "$TIME" -f "%e %M" -o "$OUT/time.tmp" "$@" >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            die "failed (run $r of $k, output in $log): $*"
        fi
        read -r w m <"$OUT/time.tmp"
        walls="$walls $w"
        if [ "$m" -gt "$RSS" ]; then RSS=$m; fi
    done
    rm -f "$OUT/time.tmp"
    # Median: the middle of the sorted times (the lower middle for an even K).
    # shellcheck disable=SC2086 # word splitting of the list is intended
    WALL=$(printf '%s\n' $walls | sort -g | awk -v k="$k" 'NR == int((k + 1) / 2)')
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() {
    if [ "$1" = n/a ] || [ "$2" = n/a ]; then echo n/a; else
        awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'
    fi
}

rows=""
genrows=""
notes=""
for n in $SIZES; do
    prefix=$OUT/layered-$n
    echo "bench: N=$n: generating" >&2
    measure 1 "$OUT/gen-$n.log" "$GEN" "$n" "$SEED" "$prefix"
    size=$(awk -v b="$(stat -c %s "$prefix.lua")" 'BEGIN { printf "%.1f", b / 1e6 }')
    genrows+="| $n | $WALL | $(mib "$RSS") | $size |"$'\n'

    echo "bench: N=$n: floor x$REPEAT" >&2
    measure "$REPEAT" "$OUT/floor-$n.log" "$FLOOR" "$XML" "$prefix.dag"
    fw=$WALL
    fm=$RSS
    notes+="- N=$n: $(tail -n 1 "$OUT/floor-$n.log") (simulated)"$'\n'

    hw=n/a
    hm=n/a
    hmib=n/a
    if [ "$have_hetflow" = 1 ]; then
        echo "bench: N=$n: hetflow x$REPEAT" >&2
        measure "$REPEAT" "$OUT/hetflow-$n.log" "$HETFLOW" run --platform bench/platform.lua \
            --workflow "$prefix.lua" --policy round_robin -o "$prefix.h5" --quiet
        hw=$WALL
        hm=$RSS
        hmib=$(mib "$hm")
    fi
    rows+="| $n | $fw | $(mib "$fm") | $hw | $hmib"
    rows+=" | $(ratio "$hw" "$fw") | $(ratio "$hm" "$fm") |"$'\n'
done

{
    echo "# hetflow vs the raw-SimGrid floor"
    echo
    echo "Layered random DAG (width 1000, 2 parents, 1 MB files, 1-10 Gflop), seed $SEED, on"
    echo "bench/platform.lua (1000 hosts). Wall: median of $REPEAT runs; RSS: max of $REPEAT runs."
    echo "SimGrid $(pkg-config --modversion simgrid 2>/dev/null || echo '?'), $(nproc) CPUs," \
        "$(date -u +%Y-%m-%dT%H:%MZ). Target at N=100000: wall ratio <= 1.5, RSS ratio <= 2."
    echo
    echo "| N | floor wall (s) | floor RSS (MiB) | hetflow wall (s) | hetflow RSS (MiB) |" \
        "wall ratio | RSS ratio |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s' "$rows"
    echo
    echo "Floor makespans:"
    echo
    printf '%s' "$notes"
    echo
    echo "Generator (not part of the comparison; one run):"
    echo
    echo "| N | wall (s) | RSS (MiB) | .lua size (MB) |"
    echo "|---:|---:|---:|---:|"
    printf '%s' "$genrows"
} >"$OUT/results.md"

cat "$OUT/results.md"
