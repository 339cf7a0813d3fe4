#!/usr/bin/env bash
# run.sh: reproduce the paper's Figure 6 with hetflow (results/fig6/README.md).
#   results/fig6/run.sh [OUTDIR] [--set NAME=VALUE ...]
#   (default OUTDIR results/fig6/out; HETFLOW=path/to/hetflow)
# Unidirectional inter-node GPU-to-GPU bandwidth (osu bw, window 64) and latency (osu latency)
# between the A100s of results/fig6/platform.lua, by GPUDirect RDMA and by host bounce-back,
# 1 B .. 64 MiB. Writes fig6.csv (test,mode,size,path,value,model,unit), summary.txt (the paper's
# claims beside hetflow's figures) and fig6.png (gnuplot) into OUTDIR. Further arguments are
# passed to every `hetflow osu` (sensitivity.sh moves the platform's inputs with --set).
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig6/out}
shift || true
[ -x "$HETFLOW" ] || { echo "run.sh: $HETFLOW not built (make build)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "test,mode,size,path,value,model,unit" >"$tmp/fig6.csv"
for test in bw latency; do
  for mode in gdr bounce; do
    "$HETFLOW" osu "$test" --platform results/fig6/platform.lua --from n1-gpu0 --to n2-gpu0 \
      --mode "$mode" --sizes 1:64MiB --csv "$tmp/one.csv" --force "$@" >/dev/null
    tail -n +2 "$tmp/one.csv" >>"$tmp/fig6.csv"
  done
done

# The claims, and hetflow's figures for the same quantities (ratios per size, GDR over bounce
# for bandwidth, bounce over GDR for latency).
/usr/bin/python3 - "$tmp/fig6.csv" >"$tmp/summary.txt" <<'PY'
import csv, sys
v = {}
for r in csv.DictReader(open(sys.argv[1])):
    v[(r["test"], r["mode"], float(r["size"]))] = float(r["value"])
sizes = sorted({s for (_, _, s) in v})
MB = 1 << 20
bw = {s: v[("bw", "gdr", s)] / v[("bw", "bounce", s)] for s in sizes}
lat = {s: v[("latency", "bounce", s)] / v[("latency", "gdr", s)] for s in sizes}
peak = max(v[("bw", "gdr", s)] for s in sizes) / 1e3  # GB/s
small = [s for s in sizes if s < 8 * MB]
big = [s for s in sizes if s > 16 * MB]
def rng(d, keys):
    xs = [d[k] for k in keys]
    return "%.2f-%.2fx" % (min(xs), max(xs))
print("Figure 6 (paper: OpenMPI 4.1.1, A100, 200 Gb/s HDR IB; hetflow: results/fig6/platform.lua)")
print("(a) bandwidth, GDR over bounce, 1 B-64 MiB")
print("  paper:   1.2x-3x higher")
print("  hetflow: %s (below 8 MiB: %s; at 64 MiB: %.2fx)" % (rng(bw, sizes), rng(bw, small), bw[sizes[-1]]))
print("(a) GDR peak bandwidth")
print("  paper:   24 GB/s, 75 % of PCIe Gen4 x16's 32 GB/s")
print("  hetflow: %.1f GB/s, %.0f %% of 32 GB/s" % (peak, 100 * peak / 32))
print("(b) latency, bounce over GDR, below 8 MiB")
print("  paper:   1.2x-5x lower with GDR")
print("  hetflow: %s" % rng(lat, small))
print("(b) latency above 16 MiB")
print("  paper:   GDR converges to bounce")
print("  hetflow: bounce/GDR %s (32 and 64 MiB)" % rng(lat, big))
PY
cat "$tmp/summary.txt"

if command -v gnuplot >/dev/null; then
  for t in bw latency; do
    for m in gdr bounce; do
      awk -F, -v t=$t -v m=$m '$1 == t && $2 == m { print $3, $5 }' "$tmp/fig6.csv" >"$tmp/$t-$m.dat"
    done
  done
  gnuplot <<GP
set terminal pngcairo size 1200,450
set output "$tmp/fig6.png"
set multiplot layout 1,2
set logscale x 2
set format x "%.0s%cB"
set key top left
set xlabel "message size"
set title "(a) inter-node GPU-to-GPU bandwidth (osu bw)"
set ylabel "MB/s"
plot "$tmp/bw-gdr.dat" with linespoints title "GPUDirect RDMA", \
     "$tmp/bw-bounce.dat" with linespoints title "host bounce-back"
set title "(b) inter-node GPU-to-GPU latency (osu latency)"
set ylabel "us"
set logscale y 10
plot "$tmp/latency-gdr.dat" with linespoints title "GPUDirect RDMA", \
     "$tmp/latency-bounce.dat" with linespoints title "host bounce-back"
unset multiplot
GP
  mv "$tmp/fig6.png" "$OUT/"
fi
mv "$tmp/fig6.csv" "$tmp/summary.txt" "$OUT/"
