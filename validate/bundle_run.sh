#!/usr/bin/env bash
# run (in a bundle made by validate/bundle.sh): measure this node's GPU with the bundled
# hetflow-validate, without building anything.
#
#   ./run [--device N] [--mechanism M] [--mps] [--only LIST] [--tag T] [--quick-only] OUT_DIR
#         [-- HARNESS_OPTIONS]
#
# Writes into OUT_DIR (created if missing):
#   <gpu>-<yyyymmdd>-quick.h5   --quick (3 shares, 4 copy sizes): a check that all works, ~1 min
#   <gpu>-<yyyymmdd>.h5         the full plan (10 shares, 11 copy sizes), ~2 min on an H200
#   <gpu>-<yyyymmdd>-smi.txt    nvidia-smi -q: clocks, power limits, ECC, MIG mode at the time
# and checks each file with check_meas.py where python3 has h5py. An existing file is never
# replaced. --mps starts an MPS control daemon for the run (stopped at exit), measures shares as
# MPS clients and names the files <gpu>-<yyyymmdd>-mps*; --tag T names them <gpu>-<yyyymmdd>-T*;
# --only LIST and whatever follows -- go to hetflow-validate (--lj-cells 40, --reps 50, ...). cuBLAS is taken from the loader's path, else from CUDA_HOME, /usr/local/cuda*, or a
# pip nvidia-cublas package. Exit 0 measured, 1 failure, 2 usage.
set -euo pipefail

die() { echo "run: $*" >&2; exit 1; }
usage_error() { echo "run: $*" >&2; sed -n '5p' "$0" | sed 's/^# \{0,1\}/usage: /' >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
device=0 mechanism=auto quick_only=0 outdir="" mps=0 only="" tag=""
pass=()
while [ $# -gt 0 ]; do
  case $1 in
    --device) [ $# -ge 2 ] || usage_error "--device needs a device ordinal"; device=$2; shift ;;
    --mechanism) [ $# -ge 2 ] || usage_error "--mechanism needs a value"; mechanism=$2; shift ;;
    --quick-only) quick_only=1 ;;
    --mps) mps=1 ;;
    --only) [ $# -ge 2 ] || usage_error "--only needs a list of workloads"; only=$2; shift ;;
    --tag) [ $# -ge 2 ] || usage_error "--tag needs a name"; tag=$2; shift
           case $tag in ''|*[!A-Za-z0-9_.-]*) usage_error "--tag takes letters, digits, '.', '_' and '-', got '$tag'" ;; esac ;;
    --) shift; pass=("$@"); break ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage_error "unknown option '$1'" ;;
    *) [ -z "$outdir" ] || usage_error "more than one output folder"; outdir=$1 ;;
  esac
  shift
done
[ -n "$outdir" ] || usage_error "OUT_DIR is required"
case $device in ''|*[!0-9]*) usage_error "--device needs a device ordinal, got '$device'" ;; esac

bin=$here/bin/hetflow-validate
[ -x "$bin" ] || die "$bin is missing: this folder is not a whole bundle (make it with validate/bundle.sh)"

# The bundle's libraries first; then cuBLAS where the node keeps it, if the loader lacks it.
export LD_LIBRARY_PATH=$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
missing() { ldd "$bin" 2>&1 | awk '/not found/ {print $1}' | tr '\n' ' '; }
if missing | grep -q 'libcublas'; then
  for d in ${CUDA_HOME:+"$CUDA_HOME"/lib64 "$CUDA_HOME"/lib} /usr/local/cuda/lib64 \
           /usr/local/cuda/lib /usr/local/cuda/targets/x86_64-linux/lib /usr/local/cuda-1[3-9]*/lib64 \
           /usr/local/cuda-1[3-9]*/lib /usr/local/cuda-1[3-9]*/targets/x86_64-linux/lib; do
    if [ -e "$d/libcublas.so.13" ]; then export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:$d; break; fi
  done
fi
if missing | grep -q 'libcublas' && command -v python3 >/dev/null 2>&1; then
  # pip's nvidia-cublas (cu13) wheels: site-packages/nvidia/cu13/lib or nvidia/cublas/lib
  for d in $(python3 -c 'import site, glob; [print(p) for s in site.getsitepackages() for p in glob.glob(s + "/nvidia/*/lib")]' 2>/dev/null); do
    if [ -e "$d/libcublas.so.13" ]; then export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:$d; break; fi
  done
fi
m=$(missing)
[ -z "$m" ] || die "libraries not found: $m(cuBLAS 13 comes with the CUDA 13 toolkit: set CUDA_HOME; anything else should be in $here/lib)"

# The harness's options checked first (--plan touches no GPU): a typo is a usage error before
# anything is written, not a failed run leaving OUT_DIR's -smi.txt behind to block the next one.
extra=("${pass[@]}")
[ -z "$only" ] || extra+=(--only "$only")
[ $mps = 0 ] || mechanism=mps
rc=0
"$bin" --plan --device "$device" --mechanism "$mechanism" "${extra[@]}" >/dev/null || rc=$?
[ $rc = 0 ] || { echo "run: hetflow-validate refused these options (above)" >&2; exit $rc; }

command -v nvidia-smi >/dev/null 2>&1 ||
  die "nvidia-smi not found: this machine has no NVIDIA driver, so there is no GPU to measure"
gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader -i "$device" 2>/dev/null | head -n 1) || true
[ -n "$gpu" ] || die "no NVIDIA GPU $device (nvidia-smi -L lists: $(nvidia-smi -L 2>&1 | tr '\n' ' '))"
. "$here/common.sh"
slug=$(hf_gpu_slug "$gpu")
stem=$outdir/$slug-$(date -u +%Y%m%d)
[ $mps = 0 ] || stem=$stem-mps
[ -z "$tag" ] || stem=$stem-$tag
quick=$stem-quick.h5 full=$stem.h5 smi=$stem-smi.txt
for f in "$quick" "$smi" "$full"; do
  [ ! -e "$f" ] || die "$f already exists: move it away or give another OUT_DIR (nothing is replaced)"
done
mkdir -p "$outdir" || die "cannot create $outdir"

check() { # FILE: the file reads back as a measurement file with >= 30 samples per experiment
  if python3 -c 'import h5py' >/dev/null 2>&1; then
    python3 "$here/check_meas.py" "$1" 30 || die "$1 does not read back as a complete measurement file"
  else
    echo "run: python3 with h5py not found: $1 not checked"
  fi
}

echo "run: $gpu (device $device), bundle $(sed -n 's/^revision: //p' "$here/MANIFEST" 2>/dev/null)"
nvidia-smi -q -i "$device" >"$smi" 2>&1 || echo "run: nvidia-smi -q failed (see $smi)"
[ $mps = 0 ] || hf_mps_start
t0=$(date +%s)
"$bin" --quick --device "$device" --mechanism "$mechanism" "${extra[@]}" -o "$quick" || die "the --quick run failed"
check "$quick"
echo "run: --quick done in $(( $(date +%s) - t0 )) s: $quick"
if [ $quick_only = 0 ]; then
  t1=$(date +%s)
  "$bin" --device "$device" --mechanism "$mechanism" "${extra[@]}" -o "$full" || die "the full run failed"
  check "$full"
  echo "run: full plan done in $(( $(date +%s) - t1 )) s: $full"
fi
echo "run: measured; bring $outdir back and run 'hetflow calibrate' and 'hetflow compare' on it"
