#!/usr/bin/env bash
# eia930_derive.sh HETFLOW: the shipped EIA-930 traces are what derive.sh makes of the shipped
# generation data (platforms/carbon/eia930/README.md#derivation); one hour checked by hand;
# derive.sh's time arithmetic across a month, a year and a leap day; its errors.
set -uo pipefail
HETFLOW=$1
D=platforms/carbon/eia930
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for w in 2023-06 2021-07; do
  for ba in CISO LDWP MISO; do
    lc=$(echo "$ba" | tr A-Z a-z)
    "$D/derive.sh" "$D/generation-$w.csv" "$ba" >"$tmp/$lc.csv" || bad "derive.sh $w $ba failed"
    cmp -s "$tmp/$lc.csv" "$D/$lc-$w.csv" || bad "$D/$lc-$w.csv differs from derive.sh's output"
  done
done

# LDWP, hour ending 2023-06-10T00:00Z: coal 189, gas 455, other 157, solar 658, hydro 73, wind
# 100 MW (1632 MW in all); (189 x 820 + 455 x 490 + 157 x 439 + 658 x 48 + 73 x 24 + 100 x 11)
# / 1632 = 481289 / 1632 = 294.91 gCO2e/kWh, held from 23:00 on the 9th
out=$("$HETFLOW" carbon "$D/ldwp-2023-06.csv" --between "2023-06-09 23:00" "2023-06-10 00:00")
grep -q "mean 294.91 gCO2e/kWh" <<<"$out" || bad "LDWP's first hour: $out"
# the same hour with the AR5 maximum factors: other 700, the rest at their max:
# (189 x 910 + 455 x 650 + 157 x 700 + 658 x 180 + 73 x 2200 + 100 x 56) / 1632
#   = (171990 + 295750 + 109900 + 118440 + 160600 + 5600) / 1632 = 862280 / 1632 = 528.36
# (into a file first: grep -q would end the pipe early, and pipefail would see derive.sh's SIGPIPE)
"$D/derive.sh" "$D/generation-2023-06.csv" LDWP max >"$tmp/max.csv"
grep -q "^2023-06-09T23:00:00Z,528.36$" "$tmp/max.csv" || bad "LDWP's first hour with the max factors"

# the hour before a month, a year and a leap day; negative generation counts as 0:
#   (100 x 820 + 100 x 12) / 200 = 416
cat >"$tmp/gen.csv" <<'CSV'
utc_end_of_hour,ba,COL,GAS,NUC,OIL,OTH,SUN,WAT,WND
2023-07-01T00:00Z,X,100,,100,,-50,,,
2024-01-01T00:00Z,X,100,,100,,,,,
2024-03-01T00:00Z,X,100,,100,,,,,
2024-03-01T05:00Z,X,100,,100,,,,,
CSV
printf '%s\n' 2023-06-30T23:00:00Z,416.00 2023-12-31T23:00:00Z,416.00 2024-02-29T23:00:00Z,416.00 \
  2024-03-01T04:00:00Z,416.00 >"$tmp/want.csv"
"$D/derive.sh" "$tmp/gen.csv" X >"$tmp/all.csv"
grep -v '^#' "$tmp/all.csv" | grep -v '^time' >"$tmp/got.csv"
cmp -s "$tmp/got.csv" "$tmp/want.csv" || bad "time arithmetic: $(cat "$tmp/got.csv")"

# errors: exit status 1 and a message naming the file and line
expect() { # expect FRAGMENT ARGS...
  local frag=$1
  shift
  local msg
  msg=$("$D/derive.sh" "$@" 2>&1 >/dev/null)
  local rc=$?
  [ "$rc" = 1 ] && grep -qF "$frag" <<<"$msg" || bad "derive.sh $*: rc $rc, '$msg' (want '$frag')"
}
expect "factor set 'typical'" "$tmp/gen.csv" X typical
expect "no such file" "$tmp/none.csv" X
expect "no rows for Y" "$tmp/gen.csv" Y
printf 'utc_end_of_hour,ba,COL,COKE\n' >"$tmp/fuel.csv"
expect "$tmp/fuel.csv:1: no emission factor for COKE" "$tmp/fuel.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-07-01T00:00Z,X,1e3\n' >"$tmp/num.csv"
expect "$tmp/num.csv:2: COL 1e3: a number of MW expected" "$tmp/num.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-07-01 00:00,X,1\n' >"$tmp/time.csv"
expect "$tmp/time.csv:2: time 2023-07-01 00:00" "$tmp/time.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-07-01T00:00Z,X,-5\n' >"$tmp/zero.csv"
expect "$tmp/zero.csv:2: X generated nothing" "$tmp/zero.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-13-40T25:00Z,X,1\n' >"$tmp/month.csv"
expect "$tmp/month.csv:2: time 2023-13-40T25:00Z: no such hour" "$tmp/month.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-02-29T01:00Z,X,1\n' >"$tmp/feb.csv"
expect "$tmp/feb.csv:2: time 2023-02-29T01:00Z: no such hour" "$tmp/feb.csv" X
printf '2023-07-01T00:00Z,X,1\n' >"$tmp/nohead.csv"
expect "$tmp/nohead.csv:1: the header (utc_end_of_hour,ba,FUEL...) expected first" "$tmp/nohead.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-07-01T01:00Z,X,1,2\n' >"$tmp/wide.csv"
expect "$tmp/wide.csv:2: 4 fields, the header has 3" "$tmp/wide.csv" X
printf 'utc_end_of_hour,ba,COL\nutc_end_of_hour,ba,COL\n' >"$tmp/twice.csv"
expect "$tmp/twice.csv:2: a second header" "$tmp/twice.csv" X
printf 'utc_end_of_hour,ba,COL,COL\n' >"$tmp/dupfuel.csv"
expect "$tmp/dupfuel.csv:1: fuel COL given twice" "$tmp/dupfuel.csv" X
printf 'utc_end_of_hour,ba,COL\n2023-07-01T01:00Z,X,1\n2023-07-01T01:00Z,X,1\n' >"$tmp/again.csv"
expect "$tmp/again.csv:3: time 2023-07-01T01:00Z is not after the previous row (2023-07-01T01:00Z)" \
  "$tmp/again.csv" X
printf 'utc_end_of_hour,ba,COL\n0000-07-01T01:00Z,X,1\n' >"$tmp/year0.csv"
expect "$tmp/year0.csv:2: time 0000-07-01T01:00Z: no such hour (years 1900 to 2199)" "$tmp/year0.csv" X
# a UTF-8 byte-order mark before the header is skipped
printf '\357\273\277utc_end_of_hour,ba,COL\n2023-07-01T00:00Z,X,1\n' >"$tmp/bom.csv"
"$D/derive.sh" "$tmp/bom.csv" X >"$tmp/bom.out" || bad "a file with a byte-order mark refused"
grep -qx '2023-06-30T23:00:00Z,820.00' "$tmp/bom.out" || bad "BOM: $(cat "$tmp/bom.out")"
# a failure writes nothing on standard output (no half-derived trace)
printf 'utc_end_of_hour,ba,COL\n2023-07-01T01:00Z,X,1\n2023-07-01T02:00Z,X,x\n' >"$tmp/partial.csv"
"$D/derive.sh" "$tmp/partial.csv" X >"$tmp/partial.out" 2>/dev/null
[ ! -s "$tmp/partial.out" ] || bad "a failed derivation wrote $(wc -l <"$tmp/partial.out") lines"
# CRLF line endings read as LF ones: (1 x 820) / 1
printf 'utc_end_of_hour,ba,COL\r\n2023-07-01T00:00Z,X,1\r\n' >"$tmp/crlf.csv"
"$D/derive.sh" "$tmp/crlf.csv" X >"$tmp/crlf.out" || bad "CRLF file refused"
grep -qx '2023-06-30T23:00:00Z,820.00' "$tmp/crlf.out" || bad "CRLF: $(cat "$tmp/crlf.out")"
exit $fail
