#!/usr/bin/env bash
# sensitivity.sh: how much Figure 3's headline moves when each uncertain input moves over its
# published range, the others at their nominal values (results/fig3/README.md#sensitivity).
# Headline: carbon_weighted against round_robin, the change in grams CO2e and in mean response
# time over the week. Prints a Markdown table (the README's, verbatim) and writes it to
# OUTDIR/sensitivity.md.
#   results/fig3/sensitivity.sh [OUTDIR]   (default results/fig3/out; HETFLOW, DAYS=7)
# 2 x 17 simulations of about 10^6 invocations: about 17 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig3/out}
DAYS=${DAYS:-7}
[ -x "$HETFLOW" ] || { echo "sensitivity.sh: $HETFLOW not built (make build)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the traces with the low and high ends of the emission factors (platforms/carbon/eia930)
for set in min max; do
  mkdir -p "$tmp/$set"
  for w in 2023-06 2021-07; do
    for ba in CISO LDWP MISO; do
      lc=$(echo "$ba" | tr A-Z a-z)
      platforms/carbon/eia930/derive.sh "platforms/carbon/eia930/generation-$w.csv" "$ba" "$set" \
        >"$tmp/$set/$lc-$w.csv"
    done
  done
done

# headline SETTINGS...: "emissions change / response change" of carbon_weighted vs round_robin
headline() {
  local p
  for p in round_robin carbon_weighted; do
    "$HETFLOW" run results/fig3/fig3.lua -q --force -o "$tmp/run.h5" --set policy=$p \
      --set days="$DAYS" --set header=1 "$@" >"$tmp/$p.csv"
  done
  awk -F, '
    FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { g[FILENAME] = $(c["emissions_g"]); r[FILENAME] = $(c["response_mean_s"]) }
    END {
      a = ARGV[1]; b = ARGV[2]
      printf "%+.1f %% / %+.1f %%", 100 * (g[b] / g[a] - 1), 100 * (r[b] / r[a] - 1)
    }' "$tmp/round_robin.csv" "$tmp/carbon_weighted.csv"
}

# input | low label | nominal label | high label | low settings | high settings
rows=(
  "emission factors (IPCC AR5 range)|AR5 min|AR5 median|AR5 max|--set traces=$tmp/min|--set traces=$tmp/max"
  "Los Angeles's grid|–|LDWP|CISO||--set la=ciso"
  "PUE, Milpitas (on-premises)|1.10|1.58|2.0|--set pue_onprem=1.10|--set pue_onprem=2.0"
  "PUE, Google|–|1.10|1.58||--set pue_cloud=1.58"
  "idle power per node|25 W|50 W|100 W|--set idle=25|--set idle=100"
  "max power per node|100 W|150 W|300 W|--set max=100|--set max=300"
  "load (share of cores busy)|0.15|0.3|0.45|--set rho=0.15|--set rho=0.45"
  "execution-time spread sigma|1.5|2.36|3|--set sigma=1.5|--set sigma=3"
  "week|–|2023-06-11|2021-07-11||--set week=2021-07"
  "WAN route stretch|1.5|2|3|--set stretch=1.5|--set stretch=3"
)
echo "sensitivity.sh: nominal" >&2
nominal=$(headline)
{
  echo "| input | low | nominal | high | emissions / mean response vs round_robin: low | nominal | high |"
  echo "|---|---|---|---|---|---|---|"
  for row in "${rows[@]}"; do
    IFS='|' read -r name lo nom hi slo shi <<<"$row"
    echo "sensitivity.sh: $name" >&2
    # shellcheck disable=SC2086
    if [ -n "$slo" ]; then a=$(headline $slo); else a="–"; fi
    # shellcheck disable=SC2086
    b=$(headline $shi)
    echo "| $name | $lo | $nom | $hi | $a | $nominal | $b |"
  done
} | tee "$tmp/sensitivity.md"
mv "$tmp/sensitivity.md" "$OUT/"
