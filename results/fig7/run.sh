#!/usr/bin/env bash
# run.sh: reproduce the paper's Figure 7 with hetflow (results/fig7/README.md): the share of a
# GPU's memory (HBM) bandwidth left for compute while the gradient AllReduce runs, with the GPU
# driving it (gpu offload) against the NIC (nic offload, with no, 16 GB and full gradient
# caching) and the switches (switch offload), for ResNet-50 to a GPT-4-class model on 1,024
# H100 GPUs (lua/hetflow/training.lua: sourced presets; docs/models/collectives.md).
#   results/fig7/run.sh [OUTDIR]     (default: results/fig7/out; HETFLOW=path/to/hetflow)
# Writes into OUTDIR:
#   models.csv     each model's whole gradient all-reduced at once (the paper's "total AllReduce
#                  size"), every offload, on 400 Gb/s per GPU (one ConnectX-7 each) and on
#                  450 GB/s per GPU (NVLink4's line rate, as a network);
#   overlap.csv    the same models with 25 MiB buckets overlapping the backward pass (PyTorch
#                  DDP): step time, compute slowed by sharing HBM, exposed communication;
#   size.csv       the free share against the AllReduce size, 1 MB to 10 TB;
#   bandwidth.csv  the free share against each GPU's link bandwidth, GPT-3's gradient;
#   summary.txt    the paper's claim beside hetflow's figures; fig7.png (gnuplot).
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig7/out}
[ -x "$HETFLOW" ] || { echo "run.sh: $HETFLOW not built (make build)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
models=resnet50,resnet200,bert_large,gpt3,gpt4

# variant label, then its fields (every run sets the same fields, so the CSVs share columns)
variants=(
  "gpu-ring   --set offload=gpu --set algo=ring --set nic_memory=0"
  "gpu-hier   --set offload=gpu --set algo=hier --set nic_memory=0"
  "nic        --set offload=nic --set algo=ring --set nic_memory=0"
  "nic-16GB   --set offload=nic --set algo=ring --set nic_memory=16GB"
  "nic-full   --set offload=nic --set algo=ring --set nic_memory=full"
  "switch     --set offload=switch --set algo=ring --set nic_memory=0"
)

# run_csv FILE LABEL ARGS...: append hetflow train's CSV rows to FILE, a label column first
run_csv() {
  local file=$1 label=$2
  shift 2
  "$HETFLOW" train "$@" --csv "$tmp/one.csv" --force >/dev/null
  if [ ! -s "$file" ]; then sed -n '1s/^/variant,/p' "$tmp/one.csv" >"$file"; fi
  sed -n "2,\$s/^/$label,/p" "$tmp/one.csv" >>"$file"
}

echo "run.sh: models, whole gradient, 6 offloads x 2 link rates" >&2
for v in "${variants[@]}"; do
  set -- $v
  label=$1
  shift
  run_csv "$tmp/models.csv" "$label" --set model=$models --set bucket=whole \
    --set bandwidth=400Gbps,450GBps "$@"
done
echo "run.sh: models, 25 MiB buckets overlapping the backward pass" >&2
for v in "${variants[@]}"; do
  set -- $v
  label=$1
  shift
  run_csv "$tmp/overlap.csv" "$label" --set model=$models --set bucket=26214400 \
    --set bandwidth=400Gbps "$@"
done
echo "run.sh: free share against the AllReduce size and the link bandwidth" >&2
sizes=$(awk 'BEGIN { for (e = 6; e <= 13.001; e += 0.25) printf "%s%.6g", (e > 6 ? "," : ""), 10 ^ e }')
for v in "${variants[@]}"; do
  set -- $v
  label=$1
  shift
  [ "$label" = gpu-hier ] && continue
  run_csv "$tmp/size.csv" "$label" --set gradient="$sizes" --set bucket=whole \
    --set bandwidth=400Gbps,450GBps "$@"
  run_csv "$tmp/bandwidth.csv" "$label" --set model=gpt3 --set bucket=whole \
    --set bandwidth=12.5GBps,25GBps,50GBps,100GBps,200GBps,300GBps,450GBps,600GBps,900GBps,1200GBps,1800GBps "$@"
done

# summary: the free share for GPT-3's and the GPT-4-class model's gradient (col 1 variant,
# col 2 model, col 8 bandwidth; free_share is named in the header)
awk -F, -v OFS= '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { f[$1 "|" $(col["model"]) "|" $(col["bandwidth"])] = $(col["free_share"]) }
  END {
    printf "Figure 7: share of GPU memory bandwidth left for compute while the AllReduce runs\n"
    printf "paper: about 30 %% when the GPU drives it, up to 87 %% with NIC offload (after saturation)\n\n"
    n = split("gpu-ring gpu-hier nic nic-16GB nic-full switch", v, " ")
    split("400Gbps 450GBps", b, " ")
    for (k = 1; k <= 2; k++) {
      printf "hetflow, 1,024 H100 (3.35 TB/s HBM), %s per GPU:\n", b[k]
      for (m = 1; m <= 2; m++) {
        model = m == 1 ? "gpt3" : "gpt4"
        printf "  %-5s", model
        for (i = 1; i <= n; i++) printf "  %s %.1f %%", v[i], 100 * f[v[i] "|" model "|" b[k]]
        printf "\n"
      }
    }
  }' "$tmp/models.csv" >"$tmp/summary.txt"
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $(col["model"]) != "gpt3" { next }
  { s = 100 * ($(col["compute_seconds"]) / $(col["compute_alone_seconds"]) - 1)
    printf "  25 MiB buckets, gpt3, %-8s step %.2f s, compute slowed %.2f %% by sharing HBM, %.2f s exposed\n", \
      $1, $(col["step_seconds"]), s < 0.005 ? 0 : s, $(col["exposed_seconds"]) }
' "$tmp/overlap.csv" >>"$tmp/summary.txt"
cat "$tmp/summary.txt"

# plot data by column name: variant, x, free share (%)
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $(col["bandwidth"]) == "450GBps" { print $1, $(col["gradient_bytes"]), 100 * $(col["free_share"]) }' \
  "$tmp/size.csv" >"$tmp/plot_size.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { bw = $(col["bandwidth"]); sub(/GBps$/, "", bw); print $1, bw, 100 * $(col["free_share"]) }' \
  "$tmp/bandwidth.csv" >"$tmp/plot_bw.csv"
gnuplot <<GP
set terminal pngcairo size 1200,480 font ",10" noenhanced
set output "$tmp/fig7.png"
set datafile separator ","
set multiplot layout 1,2
set title "(a) HBM bandwidth left for compute vs AllReduce size (1,024 H100, 450 GB/s per GPU)"
set xlabel "AllReduce size per GPU (bytes)"
set ylabel "share of HBM bandwidth free for compute (%)"
set logscale x
set format x "1e%T"
set xrange [1e6:1e13]
set yrange [0:100]
set key bottom left
set grid
plot for [v in "gpu-ring nic nic-16GB nic-full switch"] \
  "< grep '^".v.",' $tmp/plot_size.csv" using 2:3 with lines lw 2 title v, \
  30 with lines dt 2 lc rgb "black" title "paper: GPU-driven (about 30 %)", \
  87 with lines dt 3 lc rgb "black" title "paper: NIC offload (up to 87 %)"
set title "(b) the same for GPT-3's gradient (350 GB) vs each GPU's link bandwidth"
set xlabel "link bandwidth per GPU (GB/s)"
set format x "%g"
plot for [v in "gpu-ring nic nic-full switch"] \
  "< grep '^".v.",' $tmp/plot_bw.csv" using 2:3 with linespoints title v, \
  30 with lines dt 2 lc rgb "black" notitle, 87 with lines dt 3 lc rgb "black" notitle
unset multiplot
GP
mv "$tmp/models.csv" "$tmp/overlap.csv" "$tmp/size.csv" "$tmp/bandwidth.csv" "$tmp/summary.txt" \
  "$tmp/fig7.png" "$OUT/"
echo "wrote $OUT/models.csv $OUT/overlap.csv $OUT/size.csv $OUT/bandwidth.csv $OUT/summary.txt $OUT/fig7.png"
