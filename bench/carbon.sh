#!/usr/bin/env bash
# carbon.sh: what carbon accounting costs (docs/performance.md, "Carbon"): bench/carbon.lua with
# and without carbon on each of its 100 sites (none, a constant, a year of 5-minute data), N
# tasks.
#   bench/carbon.sh [BUILD] [N]      (defaults: build, 100000)
# The trace is synthetic (a daily sine around 300 gCO2e/kWh: a benchmark input, not data),
# 105,120 samples from 2023-01-01 00:00 UTC. Prints wall time and peak RSS of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${2:-100000}
H=$BUILD/hetflow
GEN=$BUILD/bench/gen_layered
[ -x "$H" ] && [ -x "$GEN" ] || { echo "carbon.sh: build $H and $GEN first (make bench)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN { t0 = 1672531200; for (i = 0; i < 105120; i++)
       printf "%d,%.3f\n", t0 + 300 * i, 300 + 100 * sin(2 * 3.141592653589793 * i / 288) }' \
  > "$tmp/year.csv"
"$GEN" "$N" 1 "$tmp/w" >/dev/null
echo "| run | wall | peak RSS |"
echo "|---|---:|---:|"
for trace in "" const "$tmp/year.csv"; do
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$H" run bench/carbon.lua --set dag="$tmp/w.dag" \
    --set trace="$trace" -q --force -o "$tmp/r.h5" > "$tmp/out"
  read -r wall kb < "$tmp/time"
  case $trace in
    "") what="no carbon" ;;
    const) what="a constant intensity on each of the 100 sites" ;;
    *) what="100 sites x 1 year of 5-minute data" ;;
  esac
  echo "| $what ($(cat "$tmp/out")) | $wall s | $((kb / 1024)) MiB |"
done
