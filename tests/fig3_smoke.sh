#!/usr/bin/env bash
# fig3_smoke.sh HETFLOW OUTDIR: results/fig3/run.sh on 0.05 days (tests/hard/carbon.cmake).
set -uo pipefail
HETFLOW=$1 OUT=$2
rm -rf "$OUT"
HETFLOW=$HETFLOW DAYS=0.05 results/fig3/run.sh "$OUT" >/dev/null 2>"$OUT.log" || {
  cat "$OUT.log"
  exit 1
}
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { p = $(c["policy"]); n[p] = $(c["functions"])
    s = $(c["milpitas_functions"]) + $(c["losangeles_functions"]) + $(c["councilbluffs_functions"])
    if (s != n[p]) { print "FAIL: " p ": sites hold " s " of " n[p]; bad = 1 }
    mil[p] = $(c["milpitas_functions"]); cb[p] = $(c["councilbluffs_functions"]); g[p] = $(c["emissions_g"]) }
  END {
    if (NR != 5) { print "FAIL: " NR - 1 " policies"; exit 1 }
    if (n["round_robin"] != n["carbon_min"] || n["round_robin"] != n["carbon_weighted"] || n["round_robin"] < 1000)
      { print "FAIL: invocations differ between policies"; bad = 1 }
    if (mil["carbon_min"] != n["carbon_min"]) { print "FAIL: carbon_min off Milpitas"; bad = 1 }
    if (cb["earliest_finish"] * 2 < n["earliest_finish"]) { print "FAIL: earliest_finish not mostly on Council Bluffs"; bad = 1 }
    if (!(g["carbon_min"] < g["round_robin"] && g["round_robin"] < g["earliest_finish"]))
      { print "FAIL: emissions carbon_min " g["carbon_min"] ", round_robin " g["round_robin"] ", earliest_finish " g["earliest_finish"]; bad = 1 }
    exit bad
  }' "$OUT/policies.csv" || exit 1
for f in hourly.csv summary.txt fig3.png; do [ -s "$OUT/$f" ] || { echo "FAIL: no $f"; exit 1; }; done
# hour 0 at Milpitas: CISO's first hour of the window (2023-06-11T00:00:00Z) is 189.84
grep -q '^0,milpitas,189.84,' "$OUT/hourly.csv" || { echo "FAIL: hourly.csv's first row"; exit 1; }
