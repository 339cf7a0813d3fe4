#!/usr/bin/env bash
# check_bundle.sh BUILD_DIR OUT_DIR: validate/bundle.sh makes a folder that runs hetflow-validate
# on its own. Without a GPU: the bundle is made from BUILD_DIR's binary, copied elsewhere (paths
# must not matter), and with the library path holding only its lib/ (plus CUDA's, which the GPU
# node provides) every library outside glibc, libstdc++/libgcc and CUDA resolves inside the
# bundle; --plan prints what the build's own binary prints; --if-no-device skip exits 77; the run
# script stops at once, exit 1, where there is no driver. bundle.sh refuses to replace a folder
# it did not make, and a bundle without --force.
set -u
build=$(cd "$1" && pwd) out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

rm -rf "$out"
mkdir -p "$out"
bash "$root/validate/bundle.sh" --no-build --build "$build" "$out/made" >"$out/bundle.log" 2>&1 ||
  { cat "$out/bundle.log"; echo "FAIL: bundle.sh exited $?"; exit 1; }
cp -r "$out/made" "$out/moved" # a copy elsewhere: nothing may point back into the build
b=$out/moved
for f in bin/hetflow-validate run common.sh check_meas.py MANIFEST; do
  [ -e "$b/$f" ] || fail "the bundle has no $f"
done
grep -q '^hetflow-validate bundle' "$b/MANIFEST" || fail "MANIFEST has no header"
(cd "$b" && sed -n '/^sha256:/,$p' MANIFEST | tail -n +2 | sha256sum -c --quiet) ||
  fail "MANIFEST's checksums do not match the files"

# CUDA's libraries come from the node: here, from wherever the build's binary finds cuBLAS.
cublas_dir=$(ldd "$build/hetflow-validate" | awk '/libcublas\.so/ {print $3; exit}' | xargs dirname)
export LD_LIBRARY_PATH=$b/lib:$cublas_dir
deps=$(ldd "$b/bin/hetflow-validate")
if printf '%s\n' "$deps" | grep -q 'not found'; then
  fail "unresolved with only the bundle's lib/: $(printf '%s\n' "$deps" | grep 'not found')"
fi
bundled=$(sed -n 's/^bundled://p' "$b/MANIFEST")
[ -n "$bundled" ] || fail "MANIFEST lists no bundled library"
for lib in $bundled; do
  printf '%s\n' "$deps" | grep -q "^[[:space:]]*$lib => $b/lib/$lib " ||
    fail "$lib does not resolve inside the bundle: $(printf '%s\n' "$deps" | grep "$lib")"
done
# Anything resolved outside the bundle must be what a GPU node brings itself.
while read -r name arrow path _; do
  [ "$arrow" = "=>" ] || continue
  case $path in "$b"/lib/*) continue ;; esac
  case $name in
    libc.so.*|libm.so.*|libmvec.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*) ;;
    libstdc++.so.*|libgcc_s.so.*|libcublas.so.*|libcublasLt.so.*) ;;
    *) fail "$name resolves outside the bundle ($path)" ;;
  esac
done <<<"$deps"

"$b/bin/hetflow-validate" --plan >"$out/plan-bundle.csv" 2>"$out/plan.err" ||
  fail "--plan from the bundle exited $?: $(cat "$out/plan.err")"
"$build/hetflow-validate" --plan >"$out/plan-build.csv"
cmp -s "$out/plan-bundle.csv" "$out/plan-build.csv" || fail "--plan differs from the build's"
[ "$(wc -l <"$out/plan-bundle.csv")" -gt 100 ] || fail "--plan printed too little"

"$b/bin/hetflow-validate" --device 99 --if-no-device skip -o "$out/none.h5" 2>"$out/skip.err"
rc=$?
[ $rc = 77 ] || fail "--if-no-device skip exited $rc, not 77: $(cat "$out/skip.err")"
grep -q 'no CUDA device' "$out/skip.err" || fail "no 'no CUDA device' message: $(cat "$out/skip.err")"
[ ! -e "$out/none.h5" ] || fail "a file was written without a device"

if ! command -v nvidia-smi >/dev/null 2>&1; then
  "$b/run" "$out/data" >"$out/run.out" 2>&1
  rc=$?
  [ $rc = 1 ] || fail "run without a driver exited $rc, not 1"
  grep -q 'no NVIDIA driver' "$out/run.out" || fail "run's message: $(cat "$out/run.out")"
  [ ! -e "$out/data" ] || fail "run made $out/data without measuring"
fi
"$b/run" >/dev/null 2>&1
[ $? = 2 ] || fail "run without OUT_DIR is not a usage error (exit 2)"
# the harness's options are usage errors before anything is measured or written (else a typo
# leaves OUT_DIR's -smi.txt behind, which blocks the corrected run)
"$b/run" --mechanism bogus "$out/data2" >"$out/run2.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q -- '--mechanism must be' "$out/run2.out" ||
  fail "run --mechanism bogus: exit $rc, $(cat "$out/run2.out")"
"$b/run" "$out/data2" -- --lj-cells 2 >"$out/run3.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q -- '--lj-cells needs' "$out/run3.out" ||
  fail "run -- --lj-cells 2: exit $rc, $(cat "$out/run3.out")"
[ ! -e "$out/data2" ] || fail "run made $out/data2 for bad options"

# bundle.sh never replaces what it did not make, nor a bundle without --force
mkdir -p "$out/foreign" && echo keep >"$out/foreign/file"
bash "$root/validate/bundle.sh" --no-build --build "$build" --force "$out/foreign" >"$out/f.log" 2>&1
[ $? = 1 ] && grep -q 'not a bundle made by bundle.sh' "$out/f.log" || fail "foreign folder: $(cat "$out/f.log")"
[ "$(cat "$out/foreign/file")" = keep ] || fail "the foreign folder was touched"
bash "$root/validate/bundle.sh" --no-build --build "$build" "$out/made" >"$out/again.log" 2>&1
[ $? = 1 ] && grep -q 'give --force' "$out/again.log" || fail "existing bundle: $(cat "$out/again.log")"

# a bundle reached through a symlink written with a trailing slash is replaced where the link
# points (not moved inside it, half gone); and it is a folder others may read, as mkdir makes it
umask 022
bash "$root/validate/bundle.sh" --no-build --build "$build" "$out/real" >"$out/real.log" 2>&1 ||
  fail "bundle into $out/real: $(cat "$out/real.log")"
ln -s real "$out/link"
bash "$root/validate/bundle.sh" --no-build --build "$build" --force "$out/link/" >"$out/link.log" 2>&1 ||
  fail "bundle.sh --force link/ exited $?: $(cat "$out/link.log")"
[ -x "$out/link/run" ] && [ -f "$out/real/MANIFEST" ] || fail "--force link/: no bundle left at link/: $(ls -A "$out/real")"
[ -z "$(ls -A "$out/real" | grep '^\.bundle')" ] || fail "--force link/: a temporary folder left in real/"
[ -L "$out/link" ] || fail "--force link/: the symlink was replaced"
[ "$(stat -c %a "$out/real")" = 755 ] || fail "the bundle folder has mode $(stat -c %a "$out/real"), not 755 (umask 022)"

[ $fails = 0 ] && echo "bundle: ok ($(echo $bundled | wc -w) libraries)"
exit $((fails > 0))
