#!/usr/bin/env bash
# run.sh: reproduce the seed paper's Figure 3 with hetflow (results/fig3/README.md): a week of
# serverless functions submitted from Fort Collins to HPE Milpitas, Google Cloud Los Angeles
# and Google Cloud Council Bluffs, each on its own grid (hourly EIA-930 intensities,
# platforms/carbon/eia930/), placed carbon-blind (round_robin; earliest_finish: "fastest") or
# carbon-aware (carbon_min: cleanest grid now; carbon_weighted: carbon against finish time).
#   results/fig3/run.sh [OUTDIR]   (default: results/fig3/out; HETFLOW=path/to/hetflow;
#                                   DAYS=7 the window; extra fig3.lua settings in FIG3_SET,
#                                   e.g. FIG3_SET="--set la=ciso")
# Writes into OUTDIR:
#   policies.csv  one row per policy: functions, finished within the window, makespan,
#                 response times, grams CO2e (all, and the tasks' own), per site
#   hourly.csv    per hour and site: the grid's intensity and each policy's task emissions
#   summary.txt   the paper's claim beside hetflow's figures; fig3.png (gnuplot)
# Four simulations of about 10^6 invocations each: about 2 minutes and 1 GB of memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig3/out}
DAYS=${DAYS:-7}
[ -x "$HETFLOW" ] || { echo "run.sh: $HETFLOW not built (make build)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "run.sh: gnuplot not found (make deps)" >&2; exit 1; }
case " ${FIG3_SET:-} " in
*policy=* | *days=* | *header=* | *hourly=*)
  echo "run.sh: FIG3_SET sets policy, days, header or hourly itself: use DAYS, or fig3.lua directly" >&2
  exit 1
  ;;
esac
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
policies="round_robin earliest_finish carbon_min carbon_weighted"

header=1
for p in $policies; do
  echo "run.sh: $p, $DAYS days" >&2
  # shellcheck disable=SC2086
  "$HETFLOW" run results/fig3/fig3.lua -q --force -o "$tmp/run.h5" --set policy=$p \
    --set days="$DAYS" --set header=$header --set hourly="$tmp/hourly-$p.csv" ${FIG3_SET:-} \
    >>"$tmp/policies.csv"
  header=0
done

# each site's grid intensity per hour of the window, from the traces fig3.lua read
# field NAME of the first row of policies.csv
field() { awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } NR == 2 { print $c }' "$tmp/policies.csv"; }
la=$(field la)
week=$(field week)
case $week in 2023-06) start=2023-06-11T00:00:00Z ;; 2021-07) start=2021-07-11T00:00:00Z ;; esac
for s in milpitas:ciso losangeles:$la councilbluffs:miso; do
  awk -F, -v site="${s%%:*}" -v start="$start" -v hours="$(awk -v d="$DAYS" 'BEGIN { h = d * 24; print (h == int(h)) ? h : int(h) + 1 }')" '
    /^#/ || $1 == "time" { next }
    $1 >= start && n < hours { print n++ "," site "," $2 }' \
    "platforms/carbon/eia930/${s##*:}-$week.csv"
done >"$tmp/intensity.csv"
# join: hour,site,intensity, then each policy's task emissions in that hour at that site
{
  printf "hour,site,intensity_g_per_kwh"
  for p in $policies; do printf ",%s_task_g" "$p"; done
  printf "\n"
  awk -F, -v pols="$policies" -v dir="$tmp" '
    BEGIN {
      np = split(pols, P, " ")
      for (i = 1; i <= np; i++) {
        f = dir "/hourly-" P[i] ".csv"
        while ((getline line < f) > 0) { split(line, a, ","); g[i, a[1] "," a[2]] = a[3] }
      }
    }
    { key = $1 "," $2; printf "%s", $0; for (i = 1; i <= np; i++) printf ",%s", g[i, key]; printf "\n" }' \
    "$tmp/intensity.csv"
} >"$tmp/hourly.csv"

# summary, by column name
awk -F, -v days="$DAYS" -v start="$start" '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { p = $(c["policy"]); order[++n] = p
    for (k in c) v[p, k] = $(c[k]) }
  END {
    printf "Figure 3: carbon-aware placement of serverless functions across three sites\n"
    printf "paper: with the carbon-aware policy the system executed more functions (used more\n"
    printf "       hardware) with lower carbon emissions (no numbers given)\n\n"
    p = order[1]
    printf "hetflow: %s days from %s, %d invocations from Fort Collins, Los Angeles on %s\n", \
      days, start, v[p, "functions"], toupper(v[p, "la"])
    printf "  %-16s %9s %9s %10s %10s %10s %9s   %s\n", "policy", "g CO2e", "tasks g", \
      "fn per kg", "resp mean", "resp p95", "in window", "functions at Milpitas / LA / Council Bluffs"
    for (i = 1; i <= n; i++) {
      p = order[i]
      printf "  %-16s %9.0f %9.0f %10.0f %9.2fs %9.2fs %9d   %d / %d / %d\n", p, \
        v[p, "emissions_g"], v[p, "task_emissions_g"], v[p, "functions_per_kg"], \
        v[p, "response_mean_s"], v[p, "response_p95_s"], v[p, "finished_in_window"], \
        v[p, "milpitas_functions"], v[p, "losangeles_functions"], v[p, "councilbluffs_functions"]
    }
    printf "\n"
    b = "round_robin"
    for (i = 1; i <= n; i++) {
      p = order[i]
      if (p == b) continue
      printf "  %-16s vs %s: emissions %+.1f %% (tasks %+.1f %%), functions per kg %+.1f %%, mean response %+.1f %%\n", \
        p, b, 100 * (v[p, "emissions_g"] / v[b, "emissions_g"] - 1), \
        100 * (v[p, "task_emissions_g"] / v[b, "task_emissions_g"] - 1), \
        100 * (v[p, "functions_per_kg"] / v[b, "functions_per_kg"] - 1), \
        100 * (v[p, "response_mean_s"] / v[b, "response_mean_s"] - 1)
    }
  }' "$tmp/policies.csv" >"$tmp/summary.txt"
cat "$tmp/summary.txt"

gnuplot <<GP
set terminal pngcairo size 1200,800 font ",10" noenhanced
set output "$tmp/fig3.png"
set datafile separator ","
set multiplot layout 2,1
set title "(a) grid carbon intensity at each site (EIA-930 generation x IPCC AR5 lifecycle factors), UTC from $start"
set xlabel "hour"
set ylabel "gCO2e/kWh"
set key outside right
set grid
sites = "milpitas losangeles councilbluffs"
plot for [i = 1:3] "< grep ',".word(sites, i).",' $tmp/hourly.csv" using 1:3 with steps lw 2 \
  lc i title word(sites, i)
set title "(b) the tasks' emissions per hour at each site: carbon_weighted (solid) and round_robin (dashed)"
set ylabel "g CO2e per hour"
plot for [i = 1:3] "< grep ',".word(sites, i).",' $tmp/hourly.csv" using 1:7 with steps lw 2 \
  lc i title word(sites, i)." carbon_weighted", \
  for [i = 1:3] "< grep ',".word(sites, i).",' $tmp/hourly.csv" using 1:4 with steps dt 2 \
  lc i title word(sites, i)." round_robin"
unset multiplot
GP
mv "$tmp/policies.csv" "$tmp/hourly.csv" "$tmp/summary.txt" "$tmp/fig3.png" "$OUT/"
echo "wrote $OUT/policies.csv $OUT/hourly.csv $OUT/summary.txt $OUT/fig3.png"
