#!/usr/bin/env bash
# check_plan.sh HETFLOW_VALIDATE: `--plan` (no GPU) lists every workload at every share with
# >= 30 reps, and the kernel descriptors are the counts worked out by hand below.
#
# nano_lammps.lua's M.kernels(32000), N = 32,000 atoms (4 x 20^3):
#   lj_neighbor          4000 N = 128,000,000 flop, 336 N = 10,752,000 B, ceil(N/128) = 250 blocks
#   lj_initial_integrate   12 N =     384,000 flop, 120 N =  3,840,000 B, ceil(N/256) = 125 blocks
#   lj_pair              1800 N =  57,600,000 flop, 360 N = 11,520,000 B, 250 blocks
#   lj_final_integrate      6 N =     192,000 flop,  72 N =  2,304,000 B, 125 blocks
# Binning (box edge 20 (4/0.8442)^(1/3) = 33.592, 11 bins of 3.054 >= 2.8 per edge, 1331 bins):
#   lj_bin_clear  0 flop, 4 x 1331 = 5,324 B, ceil(1331/256) = 6 blocks
#   lj_bin_fill   12 N = 384,000 flop, 36 N = 1,152,000 B, 125 blocks
# tiny: 2^16 = 65,536 doubles scaled: 65,536 flop, 16 x 65,536 = 1,048,576 B, 256 blocks
# stream_triad: n = 2^26 = 67,108,864: 2n = 134,217,728 flop, 24n = 1,610,612,736 B, n/256 =
#   262,144 blocks
# compute_fp64 on the default 132 SMs: 16 x 132 = 2,112 blocks of 256 = 540,672 threads, each
#   8 chains x 4096 FMAs x 2 + 7 additions = 65,543 flop: 540,672 x 65,543 =
#   35,437,264,896 flop; 8 B per thread
#   = 4,325,376 B
# dgemm n = 8192: 2n^3 = 1,099,511,627,776 flop, 24 n^2 = 1,610,612,736 B, (n/128)^2 = 4,096
#   blocks
# lj_step: 100 steps, a rebuild (3 groups) every 10: 10 x 3 + 100 x 3 = 330 groups;
# lj_concurrent5 / lj_serial5: 200 steps: 660 groups of one client.
# Experiments: 9 kernel workloads x 10 shares + 2 five-client + 2 directions x 2 memories x 11
# sizes (1 KiB .. 1 GiB by 4) = 90 + 2 + 44 = 136.
set -u
bin=$1
fail=0
plan=$("$bin" --plan) || { echo "FAIL: --plan exited $?"; exit 1; }

check() { # check DESCRIPTION AWK-PROGRAM (prints "ok" when the check holds)
  local got
  got=$(awk -F, "$2" <<<"$plan")
  if [ "$got" != ok ]; then echo "FAIL: $1 (${got:-no output})"; fail=1; fi
}

check "header" 'NR == 1 { print ($0 == "experiment,workload,precision,share,clients,serial,reps,warmup,group,kernel,count,flops,bytes,blocks,gap,direction,pinned,copy_bytes") ? "ok" : $0; exit }'
check "136 experiments" 'NR > 1 { e[$1] = 1 } END { n = 0; for (k in e) n++; print n == 136 ? "ok" : n }'
check ">= 30 reps everywhere" 'NR > 1 && $7 < 30 { print "reps " $7 " in " $1; bad = 1; exit } END { if (!bad) print "ok" }'
for w in tiny stream_triad compute_fp64 dgemm lj_neighbor lj_initial_integrate lj_pair \
         lj_final_integrate lj_step; do
  for s in 0.10 0.20 0.30 0.40 0.50 0.60 0.70 0.80 0.90 1.00; do
    check "$w@$s listed" "\$1 == \"$w@$s\" && \$2 == \"$w\" && \$4 == \"$s\" { print \"ok\"; exit }"
  done
done
# group rows: experiment group kernel count flops bytes blocks
row() { check "$1 group $2" "\$1 == \"$1\" && \$9 == $2 { print (\$10 == \"$3\" && \$11 == $4 && \$12 == $5 && \$13 == $6 && \$14 == $7 && \$15 == 0) ? \"ok\" : \$0; exit }"; }
row lj_neighbor@1.00 0 lj_neighbor 20 128000000 10752000 250
row lj_initial_integrate@0.30 0 lj_initial_integrate 20 384000 3840000 125
row lj_pair@0.10 0 lj_pair 20 57600000 11520000 250
row lj_final_integrate@1.00 0 lj_final_integrate 20 192000 2304000 125
row tiny@1.00 0 tiny_scale 100 65536 1048576 256
row stream_triad@0.50 0 stream_triad 10 134217728 1610612736 262144
row compute_fp64@1.00 0 fma_fp64 10 35437264896 4325376 2112
row dgemm@1.00 0 dgemm 3 1099511627776 1610612736 4096
# lj_step: step 1 = rebuild then initial, pair, final; step 2 starts at group 6
row lj_step@1.00 0 lj_bin_clear 1 0 5324 6
row lj_step@1.00 1 lj_bin_fill 1 384000 1152000 125
row lj_step@1.00 2 lj_neighbor 1 128000000 10752000 250
row lj_step@1.00 3 lj_initial_integrate 1 384000 3840000 125
row lj_step@1.00 4 lj_pair 1 57600000 11520000 250
row lj_step@1.00 5 lj_final_integrate 1 192000 2304000 125
row lj_step@1.00 6 lj_initial_integrate 1 384000 3840000 125
row lj_step@1.00 33 lj_bin_clear 1 0 5324 6
check "lj_step: 330 groups, 10 neighbour builds, 100 pairs" '$1 == "lj_step@0.70" { g++; if ($10 == "lj_neighbor") nb++; if ($10 == "lj_pair") p++ } END { print (g == 330 && nb == 10 && p == 100) ? "ok" : g " " nb " " p }'
check "lj_concurrent5: 5 concurrent clients on 0.20, 660 groups" '$1 == "lj_concurrent5@0.20" { g++; if ($5 != 5 || $6 != 0 || $4 != "0.20") bad = 1 } END { print (g == 660 && !bad) ? "ok" : g }'
check "lj_serial5: 5 serial clients, whole GPU, 660 groups" '$1 == "lj_serial5@1.00" { g++; if ($5 != 5 || $6 != 1) bad = 1 } END { print (g == 660 && !bad) ? "ok" : g }'
check "44 copies, 1 KiB .. 1 GiB" '$10 == "copy" { n++; d[$16 "-" $17] += 1; if ($18 < 1024 || $18 > 1073741824 || $13 != $18) bad = 1 } END { print (n == 44 && d["h2d-1"] == 11 && d["h2d-0"] == 11 && d["d2h-1"] == 11 && d["d2h-0"] == 11 && !bad) ? "ok" : n }'
check "copy names" '$1 == "h2d-pinned-1048576" && $18 == 1048576 { a = 1 } $1 == "d2h-pageable-1073741824" { b = 1 } END { print (a && b) ? "ok" : "missing" }'
check "dgemm precision" '$2 == "dgemm" && $3 != "fp64_tensor" { bad = 1 } END { print bad ? "bad" : "ok" }'

# Without a mechanism only the whole GPU: 9 + 2 + 44 = 55 experiments, lj_concurrent5@1.00.
plan=$("$bin" --plan --mechanism none) || { echo "FAIL: --plan --mechanism none"; exit 1; }
check "--mechanism none: 55 experiments, all whole" 'NR > 1 { e[$1] = 1; if ($4 != "1.00") bad = $1 } END { n = 0; for (k in e) n++; print (n == 55 && !bad) ? "ok" : n " " bad }'
check "--mechanism none: lj_concurrent5@1.00" '$1 == "lj_concurrent5@1.00" && $5 == 5 { print "ok"; exit }'
# --quick: 3 shares x 9 + 2 + 16 copies = 45; --shares and --only narrow it further.
plan=$("$bin" --plan --quick) || { echo "FAIL: --plan --quick"; exit 1; }
check "--quick: 45 experiments" 'NR > 1 { e[$1] = 1 } END { n = 0; for (k in e) n++; print n == 45 ? "ok" : n }'
plan=$("$bin" --plan --only lj_pair,h2d --shares 0.25,1 --reps 40 --sms 108) || exit 1
check "--only/--shares/--reps" 'NR > 1 { e[$1] = 1; if ($7 != 40) bad = 1 } END { n = 0; for (k in e) n++; print (n == 24 && e["lj_pair@0.25"] && e["lj_pair@1.00"] && !bad) ? "ok" : n }'
plan=$("$bin" --plan --only compute_fp64 --sms 108) || exit 1
check "--sms 108: 16 x 108 = 1728 blocks" '$1 == "compute_fp64@1.00" { print $14 == 1728 ? "ok" : $14; exit }'
[ $fail = 0 ] && echo "check_plan: ok"
exit $fail
