#!/usr/bin/env bash
# metadata.sh CHECK HETFLOW OUTDIR [ROOT]: what changes a result is in the result file's
# /metadata and in `hetflow inspect` (docs/results-format.md). Run from the repository root.
#   reference_speed  two runs that differ only in --reference-speed (1Gf, 2Gf) give files whose
#                    /metadata differ in exactly /metadata@reference_speed (h5py); both also
#                    record the same --set and --cfg; inspect shows each speed, the parameter,
#                    the option and the hetflow version with its git revision
#   inputs           tests/data/meta/inputs.lua reads seven files in seven ways: /metadata/inputs
#                    (h5py) and inspect list each with its size (stat) and hash (sha256sum), in
#                    read order; also under --sandbox; the file it writes is not listed
#   git_revision     cmake/git_revision.cmake gives `git rev-parse HEAD` (+ "-dirty" when
#                    `git status --porcelain` lists anything) at the top of the work tree and
#                    "unknown" outside one; the binary's revision (--version) names a commit of
#                    this repository and is the one in a result file's /metadata@git_revision
#   bad_inputs_row   a file whose /metadata/inputs row holds a malformed sha256 is refused by
#                    inspect, exit 1, naming the file, the row and the field
set -u
check=$1 hetflow=$2 out=$3/metadata-$1
h5=/usr/bin/python3
meta="$h5 tests/metadata_h5.py"
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out" || fail "cannot create $out"

case $check in
reference_speed)
  run() {
    "$hetflow" run --platform tests/bad/ok_platform.lua --workflow tests/data/wfformat/tiny-1.5.json \
      --reference-speed "$1" --set n=3 --cfg=network/TCP-gamma:0 -q -o "$out/$2.h5" ||
      fail "run with --reference-speed $1 exited $?"
  }
  run 1Gf a
  run 2Gf b
  $meta diff "$out/a.h5" "$out/b.h5" reference_speed 1e9 2e9 || fail "h5py diff"
  $meta attr "$out/a.h5" /metadata/cfg network/TCP-gamma 0 || fail "h5py cfg"
  $meta attr "$out/a.h5" /metadata/parameters n 3 || fail "h5py parameters"
  ia=$("$hetflow" inspect "$out/a.h5") || fail "inspect a exited $?"
  ib=$("$hetflow" inspect "$out/b.h5") || fail "inspect b exited $?"
  rev=$("$hetflow" --version | sed -n 's/.*(git \([^,]*\),.*/\1/p')
  [ -n "$rev" ] || fail "no git revision in --version"
  for want in "ref. speed   1000000000 flop/s per core (--reference-speed)" \
              "parameters   n=3" "cfg          network/TCP-gamma:0" \
              "hetflow      0.1.0 (git $rev)"; do
    grep -qxF -- "$want" <<<"$ia" || { echo "$ia"; fail "inspect lacks the line: $want"; }
  done
  grep -qxF "ref. speed   2000000000 flop/s per core (--reference-speed)" <<<"$ib" ||
    { echo "$ib"; fail "inspect of b lacks its reference speed"; }
  # the speed is used: task c (2 s recorded on a machine without speed) is 2e9 flop at 1Gf and
  # 4e9 at 2Gf, so on the platform's 1 Gflop/s cores it takes 2 s in a and 4 s in b
  for x in a:2 b:4; do
    $h5 -c "import h5py,sys; t={r['name']: r['end'] - r['start'] for r in h5py.File(sys.argv[1])['tasks'][()]}; sys.exit(0 if t[b'c'] == float(sys.argv[2]) else 1)" \
      "$out/${x%:*}.h5" "${x#*:}" || fail "task c of ${x%:*} did not take ${x#*:} s"
  done
  # without the option: none given, and 0 in the file
  "$hetflow" run tests/scenarios/chain2.lua -q -o "$out/c.h5" || fail "chain2 exited $?"
  "$hetflow" inspect "$out/c.h5" | grep -qxF "ref. speed   none given (--reference-speed)" ||
    fail "inspect without --reference-speed"
  "$hetflow" inspect "$out/c.h5" | grep -qxF "cfg          none given (--cfg)" ||
    fail "inspect without --cfg"
  ;;
inputs)
  files="scenario tests/data/meta/inputs.lua
lua tests/data/meta/helper.lua
lua tests/data/meta/meta_mod.lua
data tests/data/meta/params.txt
platform tests/data/meta/platform.lua
workflow tests/data/meta/workflow.lua
trace tests/data/meta/trace.txt"
  : >"$out/listing"
  while read -r kind path; do
    sum=$(sha256sum "$path" | cut -d' ' -f1) || fail "sha256sum $path"
    echo "$kind $(stat -c %s "$path") $sum $path" >>"$out/listing"
  done <<<"$files"
  for mode in plain sandbox; do
    extra=(); [ $mode = sandbox ] && extra=(--sandbox)
    "$hetflow" run tests/data/meta/inputs.lua --set out="$out" -q -o "$out/$mode.h5" "${extra[@]}" ||
      fail "$mode run exited $?"
    [ -s "$out/written-by-scenario.txt" ] || fail "$mode: the scenario wrote nothing"
    $meta inputs "$out/$mode.h5" "$out/listing" || fail "$mode: h5py inputs"
    insp=$("$hetflow" inspect "$out/$mode.h5") || fail "$mode: inspect exited $?"
    grep -qxF "input files  7 (kind, bytes, sha256, path)" <<<"$insp" ||
      { echo "$insp"; fail "$mode: inspect does not count 7 input files"; }
    while read -r kind path; do
      line=$(sha256sum "$path") # "HASH  PATH", which inspect's line must end with
      grep -E "^  $kind +$(stat -c %s "$path") B  " <<<"$insp" | grep -qF -- "$line" ||
        { echo "$insp"; fail "$mode: inspect lacks '$kind ... $line'"; }
    done <<<"$files"
    grep -q written-by-scenario <<<"$insp" && fail "$mode: a file the scenario wrote is listed"
    rm -f "$out/written-by-scenario.txt"
  done
  ;;
git_revision)
  root=${4:-.}
  gen() { cmake -DSRC_DIR="$1" -DOUT="$out/rev.c" -P "$root/cmake/git_revision.cmake" &&
          sed -n 's/^ *return "\(.*\)";$/\1/p' "$out/rev.c"; }
  if git -C "$root" rev-parse HEAD >/dev/null 2>&1; then
    head=$(git -C "$root" rev-parse HEAD)
    before=$(git -C "$root" status --porcelain | wc -l)
    got=$(gen "$root") || fail "git_revision.cmake failed"
    after=$(git -C "$root" status --porcelain | wc -l)
    [ "${got%-dirty}" = "$head" ] || fail "revision '$got', HEAD is $head"
    if [ "$before" = "$after" ]; then # the tree did not change meanwhile
      if [ "$before" -gt 0 ]; then want="$head-dirty"; else want=$head; fi
      [ "$got" = "$want" ] || fail "revision '$got', expected '$want'"
    fi
    bin=$("$hetflow" --version | sed -n 's/.*(git \([^,]*\),.*/\1/p')
    git -C "$root" cat-file -e "${bin%-dirty}^{commit}" ||
      fail "--version's revision '$bin' is not a commit here"
    # a subdirectory is not the top of a work tree
    [ "$(gen "$root/tests")" = unknown ] || fail "a subdirectory did not give unknown"
  else
    echo "note: $root is not a git work tree; only the unknown cases are checked"
    bin=$("$hetflow" --version | sed -n 's/.*(git \([^,]*\),.*/\1/p')
  fi
  tmp=$(mktemp -d) && cp "$root/cmake/git_revision.cmake" "$tmp/" || fail "mktemp"
  if git -C "$tmp" rev-parse 2>/dev/null; then
    echo "note: $tmp is inside a git work tree; skipping the outside-git case"
  else
    [ "$(gen "$tmp")" = unknown ] || { rm -rf "$tmp"; fail "outside git did not give unknown"; }
  fi
  rm -rf "$tmp"
  "$hetflow" run tests/scenarios/chain2.lua -q -o "$out/c.h5" || fail "chain2 exited $?"
  $meta attr "$out/c.h5" /metadata git_revision "$bin" || fail "h5py git_revision"
  ;;
bad_inputs_row)
  "$hetflow" run tests/scenarios/chain2.lua -q -o "$out/c.h5" || fail "chain2 exited $?"
  $meta corrupt_sha "$out/c.h5" || fail "h5py could not rewrite the row"
  msg=$("$hetflow" inspect "$out/c.h5" 2>&1); rc=$?
  [ $rc = 1 ] || fail "inspect exited $rc, expected 1"
  want="'$out/c.h5': /metadata/inputs row 0: sha256 'not-a-hash' is not 64 lowercase hex digits"
  grep -qF -- "$want" <<<"$msg" || { echo "$msg"; fail "message lacks: $want"; }
  ;;
*) fail "unknown check '$check'" ;;
esac
echo "metadata $check: ok"
