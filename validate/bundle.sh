#!/usr/bin/env bash
# bundle.sh: package hetflow-validate for a GPU node that has only the NVIDIA driver, the CUDA 13
# toolkit (cuBLAS), CMake and Python: no SimGrid, no HDF5, no package mirror, no network.
#
#   validate/bundle.sh [--build DIR] [--no-build] [--force] [OUTDIR]
#
# OUTDIR (default validate/bundle, git-ignored) receives:
#   bin/hetflow-validate   the harness as built in DIR (default build): sm_80 + sm_90 SASS,
#                          compute_90 PTX, static CUDA runtime, no libcuda link
#   lib/                   every shared library it loads that is not glibc, libstdc++/libgcc or
#                          CUDA (HDF5 and what HDF5 pulls in), under its soname
#   run                    sets the library path and measures: --quick, then the full plan
#   common.sh, check_meas.py, MANIFEST (revision, toolkit, architectures, sha256 of each file)
# Copy the folder to the GPU node and run `./run OUT_DIR` there (validate/README.md).
# --no-build takes DIR's hetflow-validate as it is. --force replaces an OUTDIR that an earlier
# bundle.sh made; a folder it did not make is never touched. Exit 0 made, 1 failure, 2 usage.
set -euo pipefail

die() { echo "bundle.sh: $*" >&2; exit 1; }
usage_error() { echo "bundle.sh: $*" >&2; echo "usage: validate/bundle.sh [--build DIR] [--no-build] [--force] [OUTDIR]" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build out="" dobuild=1 force=0
while [ $# -gt 0 ]; do
  case $1 in
    --build) [ $# -ge 2 ] || usage_error "--build needs a directory"; build=$2; shift ;;
    --no-build) dobuild=0 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage_error "unknown option '$1'" ;;
    *) [ -z "$out" ] || usage_error "more than one output folder"; out=$1 ;;
  esac
  shift
done
[ -n "$out" ] || out=$root/validate/bundle
# With a trailing slash, "OUT/" that is a symlink would be emptied and the new bundle moved into
# it as a hidden folder: strip the slashes, and replace a symlink's bundle where it points.
while [ "$out" != / ] && [ "${out%/}" != "$out" ]; do out=${out%/}; done
if [ -L "$out" ]; then
  out=$(readlink -f -- "$out") || die "cannot resolve the symlink $out"
fi

if [ $dobuild = 1 ]; then
  command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ] ||
    die "no CUDA compiler (nvcc on PATH or /usr/local/cuda/bin/nvcc): the harness cannot be built"
  cmake -S "$root" -B "$build" >/dev/null
  cmake --build "$build" --target hetflow-validate -j "$(nproc)" >/dev/null ||
    die "building hetflow-validate in $build failed (run: cmake --build $build --target hetflow-validate)"
fi
bin=$build/hetflow-validate
[ -x "$bin" ] || die "$bin is missing: CMake found no CUDA compiler, or the project is not built (make build)"

# The loader's view of the binary. Anything it cannot find here cannot be bundled.
deps=$(ldd "$bin") || die "ldd $bin failed"
if printf '%s\n' "$deps" | grep -q 'not found'; then
  die "$bin needs libraries this machine lacks: $(printf '%s\n' "$deps" | grep 'not found' | tr -s ' \t' ' ')"
fi

# Left to the GPU node: glibc (with the loader), the C++ runtime, and CUDA's own libraries.
is_base() {
  case $1 in
    linux-vdso.so*|ld-linux*|libc.so.*|libm.so.*|libmvec.so.*|libpthread.so.*|libdl.so.*) return 0 ;;
    librt.so.*|libresolv.so.*|libutil.so.*|libanl.so.*|libnsl.so.*|libBrokenLocale.so.*) return 0 ;;
    libstdc++.so.*|libgcc_s.so.*) return 0 ;;
    libcuda.so.*|libcudart.so.*|libcublas.so.*|libcublasLt.so.*|libnvrtc*|libnvJitLink*) return 0 ;;
  esac
  return 1
}

if [ -e "$out" ]; then
  [ -f "$out/MANIFEST" ] && head -n 1 "$out/MANIFEST" | grep -q '^hetflow-validate bundle' ||
    die "$out exists and is not a bundle made by bundle.sh: refusing to touch it"
  [ $force = 1 ] || die "$out already holds a bundle: give --force to replace it"
fi
tmp=$(mktemp -d "$(dirname "$out")/.bundle.XXXXXX") || die "cannot create a folder beside $out"
trap 'rm -rf "$tmp"' EXIT
chmod "$(umask -S)" "$tmp" # mktemp makes it 0700: the bundle is a folder like mkdir's
mkdir "$tmp/bin" "$tmp/lib"
cp "$bin" "$tmp/bin/hetflow-validate"

# ldd lists the whole closure (what HDF5 needs, and what that needs), one "soname => path" each.
libs=""
while read -r name arrow path _; do
  [ "$arrow" = "=>" ] || continue
  is_base "$name" && continue
  [ -f "$path" ] || die "ldd names $path for $name, which is not a file"
  cp -L "$path" "$tmp/lib/$name"
  libs="$libs $name"
done <<<"$deps"
printf '%s\n' "$deps" | grep -q 'libhdf5' || die "ldd lists no HDF5 library for $bin: unexpected build"

cp "$root/validate/bundle_run.sh" "$tmp/run"
chmod +x "$tmp/run"
cp "$root/validate/common.sh" "$root/validate/tests/check_meas.py" "$tmp/"

nvcc_bin=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
{
  echo "hetflow-validate bundle"
  echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n) ($(. /etc/os-release && echo "$PRETTY_NAME"))"
  echo "revision: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "toolkit: $("$nvcc_bin" --version | tail -n 1)"
  echo "architectures: $(grep -o 'generate-code=[^ ]*' \
    "$build/validate/CMakeFiles/hetflow-validate.dir/flags.make" 2>/dev/null | sort -u | tr '\n' ' ')"
  echo "glibc: $(ldd --version | head -n 1)"
  echo "bundled:$libs"
  echo "left to the node: glibc, libstdc++, libgcc_s, libcublas.so.13, libcublasLt.so.13, the driver"
  echo "sha256:"
  (cd "$tmp" && sha256sum bin/hetflow-validate lib/* run common.sh check_meas.py)
} >"$tmp/MANIFEST"

# Replace only now that the new bundle is whole.
if [ -e "$out" ]; then rm -rf "$out"; fi
mv "$tmp" "$out"
trap - EXIT
echo "bundle.sh: $out ($(du -sh "$out" | cut -f1), $(echo $libs | wc -w) libraries); on the GPU node: $out/run OUT_DIR"
