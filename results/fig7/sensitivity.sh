#!/usr/bin/env bash
# sensitivity.sh: how Figure 7's headline figures move when the uncertain inputs of
# lua/hetflow/training.lua move over their published or assumed ranges (results/fig7/README.md).
#   results/fig7/sensitivity.sh [OUTDIR]   (default results/fig7/out; writes sensitivity.md)
# Headlines: GPT-3's whole gradient all-reduced on 1,024 H100, the share of HBM bandwidth
# left for compute with the GPU driving a ring AllReduce and with the NIC reducing (400 Gb/s
# per GPU, and 450 GB/s per GPU); and with 25 MiB buckets overlapping the backward pass
# (hierarchical AllReduce, GPU offload), how much the compute slows from sharing HBM.
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig7/out}
[ -x "$HETFLOW" ] || { echo "sensitivity.sh: $HETFLOW not built (make build)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows=(
  "baseline|"
  "NIC at NCCL's effective 46 GB/s (nccl-tests issue 290)|bandwidth=46GBps"
  "NIC at 48 GB/s|bandwidth=48GBps"
  "alpha 1 us per network step|alpha=1us"
  "alpha 10 us per network step|alpha=10us"
  "A100-80GB (2.039 TB/s HBM, 312 Tflop/s)|gpu=A100-80GB"
  "H200-141GB (4.8 TB/s HBM)|gpu=H200-141GB"
  "256 GPUs|gpus=256"
  "4,096 GPUs|gpus=4096"
  "GPU reduction kernel at half of HBM / 3 (558 GB/s)|reduce=558GBps"
  "intensity 100 flop/B|intensity=100"
  "intensity 1000 flop/B|intensity=1000"
  "efficiency 0.30|efficiency=0.3"
  "efficiency 0.60|efficiency=0.6"
  "NVLink 450 GB/s (line rate; hier)|bandwidth_intra=450GBps"
  "alpha 3 us per NVLink step (hier)|alpha_intra=3us"
)
# figure ARGS...: the free share (%) of one run of hetflow train (a single row)
figure() {
  "$HETFLOW" train --set model=gpt3 "$@" --csv "$tmp/r.csv" --force >/dev/null
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
           { printf "%.1f", 100 * $(col["free_share"]) }' "$tmp/r.csv"
}
slowdown() {
  "$HETFLOW" train --set model=gpt3 "$@" --csv "$tmp/r.csv" --force >/dev/null
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
           { v = 100 * ($(col["compute_seconds"]) / $(col["compute_alone_seconds"]) - 1)
             printf "%.2f", v < 0.005 ? 0 : v }' \
    "$tmp/r.csv"
}
{
  echo "| inputs | gpu free, 400 Gb/s | nic free, 400 Gb/s | gpu free, 450 GB/s | nic free, 450 GB/s | compute slowed, 25 MiB buckets, hier (%) |"
  echo "|---|---|---|---|---|---|"
  for row in "${rows[@]}"; do
    label=${row%%|*}
    args=() fast=() nic=() nicfast=() nbw=(--set bandwidth=400Gbps)
    for kv in ${row#*|}; do
      args+=(--set "$kv")
      # a row that sets the NIC's bandwidth keeps it in the 400 Gb/s columns only; the GPU
      # reduction kernel's rate applies to gpu offload only
      case $kv in
        bandwidth=*) nbw=() nic+=(--set "$kv") ;;
        reduce=*) fast+=(--set "$kv") ;;
        *) fast+=(--set "$kv") nic+=(--set "$kv") nicfast+=(--set "$kv") ;;
      esac
    done
    g4=$(figure "${args[@]}" "${nbw[@]}" --set bucket=whole --set offload=gpu)
    n4=$(figure "${nic[@]}" "${nbw[@]}" --set bucket=whole --set offload=nic)
    g45=$(figure "${fast[@]}" --set bandwidth=450GBps --set bucket=whole --set offload=gpu)
    n45=$(figure "${nicfast[@]}" --set bandwidth=450GBps --set bucket=whole --set offload=nic)
    sd=$(slowdown "${args[@]}" "${nbw[@]}" --set algo=hier --set offload=gpu)
    echo "| $label | $g4 | $n4 | $g45 | $n45 | $sd |"
  done
} >"$tmp/sensitivity.md"
mv "$tmp/sensitivity.md" "$OUT/"
cat "$OUT/sensitivity.md"
