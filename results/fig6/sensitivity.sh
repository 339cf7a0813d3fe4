#!/usr/bin/env bash
# sensitivity.sh: how Figure 6's headline figures move when the uncertain inputs of
# results/fig6/platform.lua move over their published ranges (results/fig6/README.md, "Inputs").
#   results/fig6/sensitivity.sh [OUTDIR]   (default results/fig6/out; writes sensitivity.md)
# One run.sh per row (about 3 s each).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-results/fig6/out}
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows=(
  "baseline|"
  "copy latency 4 us (copy 5 us in all)|copy_latency=4us"
  "copy latency 7 us (copy 8 us in all: UCX's model)|copy_latency=7us"
  "chunk 128 KiB (Open MPI smcuda)|chunk=128KiB"
  "chunk 4 MiB (UCX >= 1.12, CUDA memory)|chunk=4MiB"
  "rendezvous above 30,000 B (Open MPI openib)|rndv_threshold=30000"
  "rendezvous above 256 KiB (UCX blocking sends)|rndv_threshold=256KiB"
  "MPI overhead 0.2 us|overhead=0.2us"
  "MPI overhead 1 us|overhead=1us"
  "no GDRCopy|gdrcopy_limit=0"
  "PCIe link latency 0.5 us|pcie_lat=0.5us"
  "PCIe link latency 2 us|pcie_lat=2us"
  "P2P read limit 12 GB/s (a poor PCIe layout, UCX issue 9212)|p2p_read=12GBps"
  "PCIe Gen5 + NDR 400 Gb/s (54.9 and 50 GB/s)|pcie_bw=54.9GBps nic_bw=50GBps"
)
{
  echo "| inputs | bw GDR/bounce, < 8 MiB | GDR peak | latency bounce/GDR, < 8 MiB | latency bounce/GDR, 32-64 MiB |"
  echo "|---|---|---|---|---|"
  for row in "${rows[@]}"; do
    name=${row%%|*}
    sets=()
    for kv in ${row#*|}; do sets+=(--set "$kv"); done
    echo "sensitivity: $name" >&2
    results/fig6/run.sh "$tmp/r" "${sets[@]}" >/dev/null
    awk -v name="$name" '
      /below 8 MiB: / && /hetflow/ { sub(/.*below 8 MiB: /, ""); sub(/;.*/, ""); bw = $0 }
      /GB\/s, .* % of 32/ && /hetflow/ { peak = $2 " GB/s" }
      /hetflow: bounce\/GDR/ { big = $3 }
      /latency, bounce over GDR, below 8 MiB/ { getline; getline; lat = $2 }
      END { printf "| %s | %s | %s | %s | %s |\n", name, bw, peak, lat, big }' "$tmp/r/summary.txt"
  done
} >"$tmp/sensitivity.md"
cat "$tmp/sensitivity.md"
mv "$tmp/sensitivity.md" "$OUT/"
