#!/usr/bin/env bash
# run.sh: the one command for lab users: build hetflow with the CUDA harness, measure this
# machine's GPU, calibrate a platform from the measurements and compare the model against them.
#
#   validate/run.sh [--quick] [--mps] [--skip-build] [--device N] [OUT.h5]
#
# OUT.h5 defaults to validate/data/<gpu>-<yyyymmdd>.h5; the calibrated platform goes to
# platforms/calibrated/<gpu>.lua. --mps starts an MPS control daemon for the run (and stops it at
# exit) and measures shares with MPS instead of green contexts. See validate/README.md.
set -euo pipefail

die() { echo "run.sh: $*" >&2; exit 1; }
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

quick="" mps=0 build=1 device=0 out=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=--quick ;;
    --mps) mps=1 ;;
    --skip-build) build=0 ;;
    --device) [ $# -ge 2 ] || die "--device needs a device ordinal"; device=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) [ -z "$out" ] || die "more than one output path"; out=$1 ;;
  esac
  shift
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Fail early and clearly where there is no GPU to measure.
command -v nvidia-smi >/dev/null 2>&1 ||
  die "nvidia-smi not found: this machine has no NVIDIA driver, so there is no GPU to measure"
gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader -i "$device" 2>/dev/null | head -n 1) ||
  true
[ -n "$gpu" ] || die "no NVIDIA GPU $device (nvidia-smi -L lists: $(nvidia-smi -L 2>&1 | tr '\n' ' '))"
. validate/common.sh
slug=$(hf_gpu_slug "$gpu")
[ -n "$out" ] || out=validate/data/$slug-$(date -u +%Y%m%d).h5
platform=platforms/calibrated/$slug.lua
mkdir -p "$(dirname "$out")" platforms/calibrated

if [ $build = 1 ]; then
  if ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ]; then
    die "no CUDA compiler (nvcc on PATH or /usr/local/cuda/bin/nvcc): install the CUDA toolkit"
  fi
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  cmake --build build -j "$(nproc)" --target hetflow hetflow-validate
fi
[ -x build/hetflow-validate ] ||
  die "build/hetflow-validate is missing: CMake found no CUDA compiler (see its 'validate/' line)"

mechanism=auto
if [ $mps = 1 ]; then
  hf_mps_start
  mechanism=mps
fi

echo "run.sh: measuring $gpu (device $device) into $out"
build/hetflow-validate $quick --device "$device" --mechanism "$mechanism" -o "$out"
echo "run.sh: calibrating $platform"
build/hetflow calibrate "$out" -o "$platform" --force
echo "run.sh: comparing the calibrated model with the measurements"
build/hetflow compare "$out" --platform "$platform"
