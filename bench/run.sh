#!/usr/bin/env bash
# run.sh BUILD_DIR: times hetflow against the raw-SimGrid floor on layered DAGs (see README.md).
#
# Environment: BENCH_SIZES (default "10000 100000"), BENCH_REPEAT (interleaved runs per size, default 5),
# BENCH_POLICIES (hetflow policies, one row each, default "round_robin"), BENCH_SEED (default 1),
# BENCH_PLATFORM_XML (use this SimGrid XML for the floor instead of asking hetflow to generate
# one). Writes everything under bench/out/ and the table to bench/out/results.md.
set -euo pipefail

BUILD=${1:?usage: bench/run.sh BUILD_DIR}
BUILD=$(cd "$BUILD" && pwd)
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"10000 100000"}
REPEAT=${BENCH_REPEAT:-5}
POLICIES=${BENCH_POLICIES:-round_robin}
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
    "$HETFLOW" platform bench/platform.lua --xml "$XML" --force >"$OUT/platform.log" 2>&1 ||
        die "'hetflow platform bench/platform.lua --xml $XML' failed (output in $OUT/platform.log)"
fi

# run1 LOG CMD...: one run of CMD under $TIME (output to LOG); appends its wall seconds, CPU
# seconds (user + sys) and peak RSS (KiB) to the arrays named by $1's prefix. Exits on failure.
run1() {
    local tag=$1 log=$2
    shift 2
    if ! "$TIME" -f "%e %U %S %M" -o "$OUT/time.tmp" "$@" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "failed (output in $log): $*"
    fi
    local w u s m
    read -r w u s m <"$OUT/time.tmp"
    rm -f "$OUT/time.tmp"
    eval "${tag}_wall+=(\"$w\"); ${tag}_cpu+=(\"$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')\")"
    eval "${tag}_rss+=(\"$m\")"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
# target N WALL_RATIO RSS_RATIO: "met", "not met" or "-" (no target at that size). The targets:
# N = 10^5 wall <= 1.5x and RSS <= 2x (issue 1); N = 10^6 wall <= 1.2x and RSS <= 2x (issue 14).
target() {
    awk -v n="$1" -v w="$2" -v m="$3" 'BEGIN {
        if (n == 100000) tw = 1.5; else if (n == 1000000) tw = 1.2; else { print "-"; exit }
        print (w <= tw && m <= 2) ? "met" : "not met" }'
}

rows=""
genrows=""
notes=""
for n in $SIZES; do
    prefix=$OUT/layered-$n
    echo "bench: N=$n: generating" >&2
    gen_wall=() gen_cpu=() gen_rss=()
    run1 gen "$OUT/gen-$n.log" "$GEN" "$n" "$SEED" "$prefix"
    genrows+="| $n | ${gen_wall[0]} | $(mib "${gen_rss[0]}") |"$'\n'

    # Interleaved runs (floor, hetflow, floor, ...) so that a slow spell of this shared machine
    # hits both programs alike; medians of wall and CPU time, maximum of peak RSS.
    # (one set of arrays per policy: hf<k>_wall, hf<k>_cpu, hf<k>_rss)
    floor_wall=() floor_cpu=() floor_rss=()
    k=0
    for pol in $POLICIES; do
        eval "hf${k}_wall=() hf${k}_cpu=() hf${k}_rss=()"
        k=$((k + 1))
    done
    for ((r = 1; r <= REPEAT; r++)); do
        echo "bench: N=$n: run $r of $REPEAT (floor, hetflow: $POLICIES)" >&2
        run1 floor "$OUT/floor-$n.log" "$FLOOR" "$XML" "$prefix.dag"
        k=0
        for pol in $POLICIES; do
            [ "$have_hetflow" = 1 ] &&
                run1 "hf$k" "$OUT/hetflow-$n-$pol.log" "$HETFLOW" run bench/layered.lua \
                    --set "dag=$prefix.dag" --set "policy=$pol" -o "$prefix-$pol.h5" --quiet --force
            k=$((k + 1))
        done
    done
    fw=$(median "${floor_wall[@]}") fc=$(median "${floor_cpu[@]}") fm=$(maxof "${floor_rss[@]}")
    notes+="- N=$n: $(tail -n 1 "$OUT/floor-$n.log") (simulated)"
    k=0
    for pol in $POLICIES; do
        if [ "$have_hetflow" = 1 ]; then
            eval "w=(\"\${hf${k}_wall[@]}\") c=(\"\${hf${k}_cpu[@]}\") m=(\"\${hf${k}_rss[@]}\")"
            hw=$(median "${w[@]}") hc=$(median "${c[@]}") hm=$(maxof "${m[@]}")
            notes+="; hetflow $pol: makespan $("$HETFLOW" inspect "$prefix-$pol.h5" |
                awk '/^makespan/ { print $2 }') s"
            wr=$(ratio "$hw" "$fw") mr=$(ratio "$hm" "$fm")
            rows+="| $n | $pol | $fw | $fc | $(mib "$fm") | $hw | $hc | $(mib "$hm")"
            rows+=" | $wr | $(ratio "$hc" "$fc") | $mr | $(target "$n" "$wr" "$mr") |"$'\n'
        else
            rows+="| $n | $pol | $fw | $fc | $(mib "$fm") | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"$'\n'
        fi
        k=$((k + 1))
    done
    notes+=$'\n'
done

{
    echo "# hetflow vs the raw-SimGrid floor"
    echo
    echo "Layered random DAG (width 1000, 2 parents, 1 MB files, 1-10 Gflop), seed $SEED, on"
    echo "bench/platform.lua (1000 hosts); hetflow reads the floor's .dag through"
    echo "bench/layered.lua with each policy listed and writes its HDF5 results. Times: median of"
    echo "$REPEAT interleaved runs; RSS: maximum. CPU = user + sys."
    echo "SimGrid $(pkg-config --modversion simgrid 2>/dev/null || echo '?'), $(nproc) CPUs," \
        "$(date -u +%Y-%m-%dT%H:%MZ). Targets: N=100000 wall ratio <= 1.5, RSS ratio <= 2;" \
        "N=1000000 wall ratio <= 1.2, RSS ratio <= 2."
    echo
    echo "| N | policy | floor wall (s) | floor CPU (s) | floor RSS (MiB) | hetflow wall (s) |" \
        "hetflow CPU (s) | hetflow RSS (MiB) | wall ratio | CPU ratio | RSS ratio | target |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s' "$rows"
    echo
    echo "Makespans:"
    echo
    printf '%s' "$notes"
    echo
    echo "Generator (not part of the comparison; one run):"
    echo
    echo "| N | wall (s) | RSS (MiB) |"
    echo "|---:|---:|---:|"
    printf '%s' "$genrows"
} >"$OUT/results.md"

cat "$OUT/results.md"
