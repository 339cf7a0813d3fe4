#!/usr/bin/env bash
# run.sh: reproduce the paper's Figure 5 with hetflow (results/fig5/README.md).
#   results/fig5/run.sh [OUTDIR]     (default: results/fig5/out; HETFLOW=path/to/hetflow)
# On the H200 calibrated from our own measurements (platforms/calibrated/h200.lua):
# (a) per-launch runtime of each nano-LAMMPS kernel on an MPS share of 10 % .. 100 %, beside what
#     the validation harness measured on the real H200 (validate/data/);
# (b) 5 workflows at once on 20 % MPS shares, started with a seeded jitter, against the 5 one
#     after another on the whole GPU: the makespan reduction's median and range over 20 seeds;
#     and the harness's own five-workflow experiment, measured and simulated.
# Writes fig5a.csv, fig5b.csv, measured.csv, summary.txt and fig5.png (gnuplot) into OUTDIR.
# FIG5_STEPS (6000) and FIG5_SEEDS (20) shorten it for tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
HETFLOW=${HETFLOW:-build/hetflow}
OUT=${1:-results/fig5/out}
STEPS=${FIG5_STEPS:-6000}
SEEDS=${FIG5_SEEDS:-20}
[ -x "$HETFLOW" ] || { echo "run.sh: $HETFLOW not built (make build)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "run.sh: (a) 4 kernels at 10 shares" >&2
echo "share,kernel,seconds" >"$tmp/fig5a.csv"
for s in 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1; do
  "$HETFLOW" run results/fig5/fig5a.lua --set share=$s -q --force -o "$tmp/a.h5" >>"$tmp/fig5a.csv"
done
echo "mode,seed,makespan_s" >"$tmp/fig5b.csv"
echo "run.sh: (b) serial, then concurrent for $SEEDS seeds ($STEPS steps each)" >&2
"$HETFLOW" run results/fig5/fig5b.lua --set mode=serial --set steps="$STEPS" -q --force \
  -o "$tmp/b.h5" >>"$tmp/fig5b.csv"
for seed in $(seq 1 "$SEEDS"); do
  printf '\r  seed %d/%d' "$seed" "$SEEDS" >&2
  "$HETFLOW" run results/fig5/fig5b.lua --set mode=concurrent --set steps="$STEPS" \
    --set seed="$seed" -q --force -o "$tmp/b.h5" >>"$tmp/fig5b.csv"
done
echo >&2

# The real H200 (validate/data/): the harness timed these kernels alone at each share (MPS
# clients for neighbor and pair, green contexts for the integrate kernels, which the MPS run
# did not include) and its five workflows (200 steps, rebuild every 10, no host time, started by
# a barrier) together on 20 % green contexts and one after another on the whole GPU; `hetflow
# compare` simulates the same experiments on the calibrated platform.
echo "run.sh: the harness's measurements, measured and simulated" >&2
"$HETFLOW" compare validate/data/h200-20261204-mps.h5 --platform platforms/calibrated/h200.lua \
  --csv "$tmp/mps.csv" >/dev/null
"$HETFLOW" compare validate/data/h200-20261204.h5 --platform platforms/calibrated/h200.lua \
  --csv "$tmp/green.csv" >/dev/null
{
  echo "source,experiment,share,measured_s,simulated_s"
  awk -F, 'NR > 1 && ($2 == "lj_neighbor" || $2 == "lj_pair") {print "mps," $1 "," $4 "," $9 "," $11}' "$tmp/mps.csv"
  awk -F, 'NR > 1 && ($2 ~ /integrate/ || $2 == "lj_concurrent5" || $2 == "lj_serial5") {
    print "green," $1 "," $4 "," $9 "," $11}' "$tmp/green.csv"
} >"$tmp/measured.csv"

awk -F, -v steps="$STEPS" '
  FILENAME ~ /fig5b/ && FNR > 1 && $1 == "serial" { serial = $3 }
  FILENAME ~ /fig5b/ && FNR > 1 && $1 == "concurrent" { c[n++] = $3 }
  FILENAME ~ /measured/ && $2 ~ /^lj_concurrent5/ { mc = $4; sc = $5 }
  FILENAME ~ /measured/ && $2 ~ /^lj_serial5/ { ms = $4; ss = $5 }
  END {
    for (i = 0; i < n; i++) r[i] = 1 - c[i] / serial
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
    med = n % 2 ? r[(n - 1) / 2] : (r[n / 2 - 1] + r[n / 2]) / 2
    printf "Figure 5(b): 5 nano-LAMMPS workflows (32,000 atoms, %d steps, rebuild every 20) on\n", steps
    printf "the calibrated H200\n"
    printf "  one after another on 100 %%:            %.4f s\n", serial
    printf "  together on 5 x 20 %% MPS, jittered:    %.4f s (median of %d seeds)\n", serial * (1 - med), n
    printf "  paper:    packed on 20 %% shares, all 5 finish about 60 %% sooner\n"
    printf "  hetflow:  %.1f %% sooner (median; range %.1f .. %.1f %% over %d seeds)\n", 100 * med, 100 * r[0], 100 * r[n - 1], n
    printf "  real H200, the harness (200 steps, rebuild every 10, 5 x 24 SMs):\n"
    printf "    measured  %.1f %% sooner (%.2f ms together, %.2f ms one after another)\n", 100 * (1 - mc / ms), 1e3 * mc, 1e3 * ms
    printf "    hetflow   %.1f %% sooner on the same experiment (%.2f ms, %.2f ms)\n", 100 * (1 - sc / ss), 1e3 * sc, 1e3 * ss
  }' "$tmp/fig5b.csv" "$tmp/measured.csv" | tee "$tmp/summary.txt"

awk -F, '
  FILENAME ~ /fig5a/ && FNR > 1 && ($1 == 0.1 || $1 == 1) { t[$2 "," $1] = $3 }
  FILENAME ~ /measured/ && FNR > 1 {
    split($2, a, "@"); kn = a[1]; sub(/^lj_/, "", kn)
    if (kn == "neighbor" || kn == "pair" || kn ~ /integrate/) {
      if (!(kn in lo) || $3 < los[kn]) { lo[kn] = $4 / 20; los[kn] = $3 }
      if (!(kn in hi) || $3 > his[kn]) { hi[kn] = $4 / 20; his[kn] = $3 }
    }
  }
  END {
    printf "Figure 5(a): runtime per launch at 10 %% -> 100 %% of the GPU (launch overhead included)\n"
    printf "  %-18s %22s %30s\n", "kernel", "hetflow (MPS client)", "measured on the H200"
    n = split("initial_integrate final_integrate pair neighbor", ks, " ")
    for (i = 1; i <= n; i++)
      printf "  %-18s %8.2f -> %7.2f us   %8.2f -> %7.2f us (%s)\n", ks[i], 1e6 * t[ks[i] ",0.1"],
        1e6 * t[ks[i] ",1"], 1e6 * lo[ks[i]], 1e6 * hi[ks[i]], ks[i] ~ /integrate/ ? "SM partition" : "MPS"
    printf "  paper: most launches about 5 us whatever the share; a minority speeds up with it\n"
  }' "$tmp/fig5a.csv" "$tmp/measured.csv" | tee -a "$tmp/summary.txt"

gnuplot <<GP
set terminal pngcairo size 1200,480 font ",10" noenhanced
set output "$tmp/fig5.png"
set datafile separator ","
set multiplot layout 1,2
set title "(a) nano-LAMMPS kernels on an MPS share of the calibrated H200"
set xlabel "GPU share (%)"
set ylabel "runtime per launch (us)"
set logscale y
set key top right
set grid
plot for [k in "initial_integrate final_integrate pair neighbor"] \
  "< grep ',".k.",' $tmp/fig5a.csv" using (\$1*100):(\$3*1e6) with linespoints title k, \
  "< grep -E 'lj_(neighbor|pair)@' $tmp/measured.csv" using (\$3*100):(\$4/20*1e6) with points pt 7 ps 0.6 lc rgb "black" title "measured (H200, MPS)"
unset logscale y
set title "(b) 5 workflows on 5 x 20 % against one after another on 100 %"
set xlabel "seed of the start jitter"
set ylabel "makespan reduction (%)"
set yrange [0:100]
set xrange [0.5:$SEEDS+0.5]
set key bottom right
serial = system("awk -F, '\$1 == \"serial\" {print \$3}' $tmp/fig5b.csv") + 0
measured = system("awk -F, '\$2 ~ /lj_concurrent5/ {c = \$4} \$2 ~ /lj_serial5/ {s = \$4} END {print 100 * (1 - c / s)}' $tmp/measured.csv") + 0
plot "< grep concurrent $tmp/fig5b.csv" using 2:(100 * (1 - \$3 / serial)) with points pt 7 title "hetflow, calibrated H200", \
  60 with lines lw 2 dt 2 title "paper (about 60 %)", \
  measured with lines lw 2 title "measured on the H200 (harness run)"
unset multiplot
GP
mv "$tmp/fig5a.csv" "$tmp/fig5b.csv" "$tmp/measured.csv" "$tmp/summary.txt" "$tmp/fig5.png" "$OUT/"
echo "wrote $OUT/fig5a.csv $OUT/fig5b.csv $OUT/measured.csv $OUT/summary.txt $OUT/fig5.png"
