#!/usr/bin/env bash
# sensitivity.sh: Figure 4's headline when each uncertain input moves over its published range,
# one input at a time, the others at their nominal values (results/fig4/README.md).
#   results/fig4/sensitivity.sh [OUTDIR]   (default: results/fig4/out; HETFLOW, FIG4_JOBS as in
#                                           run.sh)
# Headline (one workflow, GPU node joining at 60 s): how much shorter decomposed_hha is than the
# monolith, and how much longer decomposed (NHHA) is. Prints a Markdown table and writes it, with
# the raw rows (sensitivity.csv), into OUTDIR/sensitivity.md. Sources of every value: README.
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig4/out}
[ -x "$HETFLOW" ] || { echo "sensitivity.sh: $HETFLOW not built (make build)" >&2; exit 1; }
. results/fig4/points.sh
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MODES="monolith decomposed decomposed_hha"

# input | fig4.lua parameter | label | low | nominal | high (values as fig4.lua takes them;
# "-" for none: the unpack pipeline has two values only)
cat >"$tmp/inputs" <<'EOF'
cold start (container init)|init_s|s|0.2|2|7
image size|image_gb|GB|0.75|1.5|2.9
registry bandwidth (per pull)|registry_bw|MB/s|25e6|193e6|10e9
unpack rate|unpack_rate|MB/s|41e6|88e6|132e6
unpack pipeline|unpack||-|sequential|streamed
GPU throughput (mdrun)|gpu_ns_per_day|ns/day|230|600|936
EOF

# the points: the nominal set-up once, then each input at its low and high value
: >"$tmp/points"
for m in $MODES; do echo "--set mode=$m --set gpu_at=60" >>"$tmp/points"; done
while IFS='|' read -r _ param _ lo _ hi; do
  for v in $lo $hi; do
    [ "$v" = - ] && continue
    for m in $MODES; do echo "--set mode=$m --set gpu_at=60 --set $param=$v" >>"$tmp/points"; done
  done
done <"$tmp/inputs"
echo "sensitivity: $(wc -l <"$tmp/points") simulations" >&2
fig4_points "$tmp/points" "$tmp/rows"
paste -d, <(sed 's/^--set mode=[a-z_]* --set gpu_at=60 *//; s/--set //; s/^$/nominal/' "$tmp/points") \
  "$tmp/rows" >"$OUT/sensitivity.csv"

# headline of three rows (monolith, decomposed, decomposed_hha): "-69.5 % / +1.1 %"
awk -F'|' -v rows="$OUT/sensitivity.csv" '
  function fmt(v, u) {
    if (u == "MB/s") return (v >= 1e9 ? sprintf("%g GB/s", v / 1e9) : sprintf("%g MB/s", v / 1e6))
    return u == "" ? v : v " " u
  }
  function head(k,   m, d, h) {
    m = t[k, "monolith"]; d = t[k, "decomposed"]; h = t[k, "decomposed_hha"]
    return sprintf("%.1f %% / %+.1f %%", 100 * (1 - h / m), 100 * (d / m - 1))
  }
  BEGIN {
    while ((getline line < rows) > 0) {
      split(line, f, ","); t[f[1], f[2]] = f[6]
    }
    print "| input | low | nominal | high | HHA shorter / NHHA longer than monolith: low | nominal | high |"
    print "|---|---|---|---|---|---|---|"
  }
  {
    lo = $4 == "-" ? "–" : fmt($4, $3)
    hl = $4 == "-" ? "–" : head($2 "=" $4)
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, lo, fmt($5, $3), fmt($6, $3), hl,
           head("nominal"), head($2 "=" $6)
  }' "$tmp/inputs" | tee "$OUT/sensitivity.md"
echo "wrote $OUT/sensitivity.csv $OUT/sensitivity.md" >&2
