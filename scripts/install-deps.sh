#!/usr/bin/env bash
# install-deps.sh: install the Debian packages hetflow builds and runs with, only those missing.
# Later issues add their packages to PKGS; nothing else in the project installs software.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config
  libsimgrid-dev        # simulation engine (C API)
  libigraph-dev         # workflow DAGs
  libhdf5-dev hdf5-tools # results (with the high-level library) and h5dump
  liblua5.4-dev lua5.4  # scenarios and policies
  libjansson-dev        # JSON (traces, exports)
  libyajl-dev           # streaming JSON: WfFormat instances (sim/workflow/wfstream.c)
  libgsl-dev            # statistics and fitting
  libgraphviz-dev       # DOT workflows (cgraph)
  libexpat1-dev         # SimGrid XML platforms: preflight of their values (xml_check.c)
  python3-h5py          # tests read result files the way users do
  time                  # /usr/bin/time: peak RSS in make bench
  clang                 # make fuzz: libFuzzer targets (fuzz/)
  libclang-rt-14-dev    # make fuzz: clang's fuzzer and sanitizer runtimes
  gnuplot-nox           # results/*/: the reproduction figures (PNG)
)

missing=()
for p in "${PKGS[@]}"; do
  [[ $p == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
