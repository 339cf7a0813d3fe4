#!/usr/bin/env bash
# run.sh BUILD_DIR: times hetflow against the raw-SimGrid floor on layered DAGs (see README.md).
#
# Environment: BENCH_WORKLOAD (the workloads, run in turn: "layered", the default, and/or "files",
# each edge a 1-100 MB file and a task's inputs moved concurrently), BENCH_SIZES (default
# "10000 100000"), BENCH_REPEAT (interleaved runs per size, default 5), BENCH_POLICIES (hetflow
# policies, one row each, default "round_robin"), BENCH_SEED (default 1), BENCH_PLATFORM_XML (use
# this SimGrid XML for the floor instead of asking hetflow to generate one). Writes everything
# under bench/out/ and the table to bench/out/results.md.
set -euo pipefail

BUILD=${1:?usage: bench/run.sh BUILD_DIR}
BUILD=$(cd "$BUILD" && pwd)
cd "$(dirname "$0")/.."

WORKLOADS=${BENCH_WORKLOAD:-layered}
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
for wl in $WORKLOADS; do
    case $wl in
    layered | files) ;;
    *) die "BENCH_WORKLOAD=$WORKLOADS: unknown workload '$wl' (expected layered and/or files)" ;;
    esac
done
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
# target WORKLOAD N WALL_RATIO RSS_RATIO: "met", "not met" or "-" (no target at that size). The
# targets: layered, N = 10^5 wall <= 1.5x and RSS <= 2x (issue 1), N = 10^6 wall <= 1.2x and
# RSS <= 2x (issue 14); files, N = 10^5 wall <= 1.2x and RSS <= 2x (issue 15).
target() {
    awk -v wl="$1" -v n="$2" -v w="$3" -v m="$4" 'BEGIN {
        if (wl == "layered" && n == 100000) tw = 1.5
        else if (wl == "layered" && n == 1000000) tw = 1.2
        else if (wl == "files" && n == 100000) tw = 1.2
        else { print "-"; exit }
        print (w <= tw && m <= 2) ? "met" : "not met" }'
}

rows=""
genrows=""
notes=""
for wl in $WORKLOADS; do
    # Per workload: the generator's options, the floor's, hetflow's, and a tag in the file names
    # (none for layered, so that its files keep the names they always had).
    case $wl in
    layered) gen_opts=() floor_opts=() hf_opts=() tag="" ;;
    files)
        gen_opts=(--file-sizes 1e6:1e8) floor_opts=(--concurrent 4)
        hf_opts=(--set stage_in=concurrent) tag="files-"
        ;;
    esac
    for n in $SIZES; do
        prefix=$OUT/${wl}-$n
        echo "bench: $wl N=$n: generating" >&2
        gen_wall=() gen_cpu=() gen_rss=()
        run1 gen "$OUT/gen-${tag}$n.log" "$GEN" "${gen_opts[@]}" "$n" "$SEED" "$prefix"
        genrows+="| $wl | $n | ${gen_wall[0]} | $(mib "${gen_rss[0]}") |"$'\n'

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
            echo "bench: $wl N=$n: run $r of $REPEAT (floor, hetflow: $POLICIES)" >&2
            run1 floor "$OUT/floor-${tag}$n.log" "$FLOOR" "${floor_opts[@]}" "$XML" "$prefix.dag"
            k=0
            for pol in $POLICIES; do
                [ "$have_hetflow" = 1 ] &&
                    run1 "hf$k" "$OUT/hetflow-${tag}$n-$pol.log" "$HETFLOW" run bench/layered.lua \
                        --set "dag=$prefix.dag" --set "policy=$pol" "${hf_opts[@]}" \
                        -o "$prefix-$pol.h5" --quiet --force
                k=$((k + 1))
            done
        done
        fw=$(median "${floor_wall[@]}") fc=$(median "${floor_cpu[@]}") fm=$(maxof "${floor_rss[@]}")
        notes+="- $wl N=$n: $(tail -n 1 "$OUT/floor-${tag}$n.log") (simulated)"
        k=0
        for pol in $POLICIES; do
            if [ "$have_hetflow" = 1 ]; then
                eval "w=(\"\${hf${k}_wall[@]}\") c=(\"\${hf${k}_cpu[@]}\") m=(\"\${hf${k}_rss[@]}\")"
                hw=$(median "${w[@]}") hc=$(median "${c[@]}") hm=$(maxof "${m[@]}")
                notes+="; hetflow $pol: makespan $("$HETFLOW" inspect "$prefix-$pol.h5" |
                    awk '/^makespan/ { print $2 }') s"
                wr=$(ratio "$hw" "$fw") mr=$(ratio "$hm" "$fm")
                rows+="| $wl | $n | $pol | $fw | $fc | $(mib "$fm") | $hw | $hc | $(mib "$hm")"
                rows+=" | $wr | $(ratio "$hc" "$fc") | $mr | $(target "$wl" "$n" "$wr" "$mr") |"$'\n'
            else
                rows+="| $wl | $n | $pol | $fw | $fc | $(mib "$fm") | n/a | n/a | n/a | n/a | n/a"
                rows+=" | n/a | n/a |"$'\n'
            fi
            k=$((k + 1))
        done
        notes+=$'\n'
    done
done

{
    echo "# hetflow vs the raw-SimGrid floor"
    echo
    echo "Layered random DAG (width 1000, 2 parents, 1-10 Gflop), seed $SEED, on"
    echo "bench/platform.lua (1000 hosts); hetflow reads the floor's .dag through"
    echo "bench/layered.lua with each policy listed and writes its HDF5 results. Workloads:"
    echo "layered, 1 MB files, each task's inputs fetched one after the other; files, the same DAG"
    echo "with files log-uniform in 1-100 MB, inputs fetched concurrently (floor --concurrent 4,"
    echo "hetflow stage_in = concurrent). Times: median of $REPEAT interleaved runs; RSS: maximum."
    echo "CPU = user + sys."
    echo "SimGrid $(pkg-config --modversion simgrid 2>/dev/null || echo '?'), $(nproc) CPUs," \
        "$(date -u +%Y-%m-%dT%H:%MZ). Targets: layered N=100000 wall ratio <= 1.5, RSS ratio" \
        "<= 2; layered N=1000000 and files N=100000 wall ratio <= 1.2, RSS ratio <= 2."
    echo
    echo "| workload | N | policy | floor wall (s) | floor CPU (s) | floor RSS (MiB) |" \
        "hetflow wall (s) | hetflow CPU (s) | hetflow RSS (MiB) | wall ratio | CPU ratio |" \
        "RSS ratio | target |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s' "$rows"
    echo
    echo "Makespans:"
    echo
    printf '%s' "$notes"
    echo
    echo "Generator (not part of the comparison; one run):"
    echo
    echo "| workload | N | wall (s) | RSS (MiB) |"
    echo "|---|---:|---:|---:|"
    printf '%s' "$genrows"
} >"$OUT/results.md"

cat "$OUT/results.md"
