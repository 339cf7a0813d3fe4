# hetflow coll and hetflow.collective: collectives in closed form (sim/net/coll.c,
# docs/models/collectives.md; the formulas are checked by hand in tests/unit/test_coll.c).
# Ring AllReduce over 4 ranks of 100 MB, alpha 10 us, 10 GB/s, reduction at 100 GB/s:
# 6 x 10 us + 1.5e8 B / 1e10 B/s + 0.75e8 B / 1e11 B/s = 60 us + 15 ms + 0.75 ms = 15810 us;
# algbw 1e8 / 0.01581 s = 6.325 GB/s, busbw x 2 x 3/4 = 9.488 GB/s; each rank sends 1.5e8 B and
# moves 7 x 3/4 x 1e8 = 5.25e8 B through its GPU memory.
hf_expect(coll.ring_allreduce 0 "100000000           15810.000        6.325        9.488      150000000      525000000"
          coll allreduce --ranks 4 --bandwidth 10GBps --alpha 10us --reduce 100GBps
          --sizes 100MB:100MB)
# the same in CSV, with full precision
add_test(NAME coll.csv
         COMMAND bash -c "rm -f ${HF_TEST_OUT}/coll.csv && $<TARGET_FILE:hetflow> coll allreduce --ranks 4 --bandwidth 10GBps --alpha 10us --reduce 100GBps --sizes 100MB:100MB --csv ${HF_TEST_OUT}/coll.csv >/dev/null && grep -qx 'op,algo,offload,ranks,size,closed_seconds,closed_algbw,closed_busbw,steps,wire_bytes,sent_bytes,recv_bytes,reduced_bytes,hbm_bytes,simulated_seconds,simulated_algbw,simulated_busbw' ${HF_TEST_OUT}/coll.csv && awk -F, 'NR == 2 && \$1 == \"allreduce\" && \$5 == 100000000 && (\$6 - 0.01581) ^ 2 < 1e-30 && \$14 == 525000000 { ok = 1 } END { exit !ok }' ${HF_TEST_OUT}/coll.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(coll.csv PROPERTIES TIMEOUT 60 LABELS expect)
hf_expect(coll.csv_exists 1 "exists"
          coll allreduce --ranks 4 --bandwidth 10GBps --sizes 8:8 --csv tests/hard/coll.cmake)
# in-network aggregation over 1024 ranks, 2 switch levels, 1 us, 25 GB/s, 1 GiB: 4 us +
# 2^30 / 2.5e10 = 42949.673 us: 42953.673 us, each rank sending 2^30 B (the ring: 2 x 1023/1024 x
# 2^30 = 2145386496 B)
hf_expect(coll.switch 0 "1073741824          42953.673"
          coll allreduce --ranks 1024 --bandwidth 25GBps --alpha 1us --offload switch --levels 2
          --sizes 1GiB:1GiB)
hf_expect(bad.coll_one_rank 1 "1 rank (a group needs 2 to 16777216; one rank has nothing to exchange)"
          coll allreduce --ranks 1 --bandwidth 1GBps)
hf_expect(bad.coll_rhd 1 "6 ranks, recursive halving-doubling needs a power of two"
          coll allreduce --ranks 6 --algo rhd --bandwidth 1GBps)
hf_expect(bad.coll_tree_rs 1 "reducescatter by tree: the tree does allreduce and broadcast only"
          coll reducescatter --ranks 4 --algo tree --bandwidth 1GBps)
hf_expect(bad.coll_switch_op 1 "allgather with switch offload: in-network aggregation does allreduce only"
          coll allgather --ranks 4 --offload switch --bandwidth 1GBps)
hf_expect(bad.coll_op 2 "unknown operation 'alltoall'" coll alltoall --ranks 4 --bandwidth 1GBps)
hf_expect(bad.coll_algo 2 "--algo fast: ring, rhd, tree, hier, dbtree or auto expected"
          coll allreduce --ranks 4 --bandwidth 1GBps --algo fast)
hf_expect(bad.coll_no_bandwidth 2 "--bandwidth (> 0) is required" coll allreduce --ranks 4)
hf_expect(bad.coll_sizes 2 "--sizes: '1.5:8': sizes are whole bytes"
          coll allreduce --ranks 4 --bandwidth 1GBps --sizes 1.5:8)

# Simulated step by step on tests/data/coll8.lua (GPU to GPU 6 us and 10 GB/s, no link shared
# by two messages at once), 100 MB per rank, reduction at 100 GB/s: equal to the closed form,
# worked by hand (simulated column, then closed form):
#   ring, 2 ranks: 2 x 6 us + 1e8 / 1e10 + 0.5e8 / 1e11 = 10.512 ms
#   ring, 4 ranks: 6 x 6 us + 15 ms + 0.75 ms = 15.786 ms
#   ring, 8 ranks: 14 x 6 us + 17.5 ms + 0.875 ms = 18.459 ms
#   rhd, 8 ranks: 6 x 6 us + 18.375 ms = 18.411 ms
#   tree, 2 ranks: 2 x 6 us + 2e8 / 1e10 + 1e8 / 1e11 = 21.012 ms
#   tree, 4 ranks: 4 x 6 us + 4e8 / 1e10 + 2e8 / 1e11 = 42.024 ms
#   tree, 8 ranks: 6 x 6 us + 6e8 / 1e10 + 3e8 / 1e11 = 63.036 ms
foreach(v "ring;2;10512.000" "ring;4;15786.000" "ring;8;18459.000" "rhd;8;18411.000"
          "tree;2;21012.000" "tree;4;42024.000" "tree;8;63036.000")
  list(GET v 0 algo)
  list(GET v 1 n)
  list(GET v 2 us)
  hf_expect(coll.sim_${algo}_${n} 0 "100000000           ${us}      ${us}"
            coll allreduce --platform tests/data/coll8.lua --set nodes=${n} --on gpus
            --reduce 100GBps --algo ${algo} --sizes 100MB:100MB)
endforeach()
# ranks named one by one, and a reduction on a GPU at its memory bandwidth / 3 (3 TB/s: 1e12
# B/s): ring over two GPUs, 2 x 6 us + 10 ms + 0.5e8 / 1e12 = 10.062 ms (the closed form's
# reduction is free unless --reduce is given: 10.012 ms)
hf_expect(coll.sim_named 0 "100000000           10062.000      10012.000"
          coll allreduce --platform tests/data/coll8.lua --set hbm=3TBps --on n-1-gpu0,n-2-gpu0
          --sizes 100MB:100MB)
hf_expect(bad.coll_on_unknown 1 "--on: 'n-9-gpu0' is no resource of platform 'coll8'"
          coll allreduce --platform tests/data/coll8.lua --on n-1-gpu0,n-9-gpu0)
hf_expect(bad.coll_on_twice 1 "ranks 0 and 1 ('n-1-gpu0', 'n-1-gpu0') share one memory"
          coll allreduce --platform tests/data/coll8.lua --on n-1-gpu0,n-1-gpu0)
hf_expect(bad.coll_no_on 2 "--platform needs --on" coll allreduce --platform tests/data/coll8.lua)
hf_expect(bad.coll_on_alone 2 "--on, --mode, --cfg and --set go with --platform"
          coll allreduce --ranks 4 --bandwidth 1GBps --on gpus)
# nic offload simulated: the NIC reduces at line rate (no reduction term): ring over 4 GPUs of
# coll8 (6 us, 10 GB/s between GPUs), 100 MB: 6 x 6 us + 2 x 3/4 x 1e8 / 1e10 = 15.036 ms, the
# closed form's; the NIC reads the input and writes the result: 2e8 B of GPU memory
hf_expect(coll.sim_nic 0 "100000000           15036.000      15036.000        6.651        9.976      150000000      200000000"
          coll allreduce --platform tests/data/coll8.lua --set nodes=4 --on gpus --offload nic
          --sizes 100MB:100MB)
hf_expect(bad.coll_sim_switch 2 "--platform simulates gpu and nic offload (switch: closed form only)"
          coll allreduce --platform tests/data/coll8.lua --on gpus --offload switch)
hf_expect(bad.coll_sim_rhd 1 "6 ranks, recursive halving-doubling needs a power of two"
          coll allreduce --platform tests/data/coll8.lua --set nodes=6 --on gpus --algo rhd)
hf_expect(bad.coll_sim_ranks 2 "--ranks 3, but --on names 8 resources"
          coll allreduce --platform tests/data/coll8.lua --on gpus --ranks 3)
# Hierarchical AllReduce, simulated on tests/data/coll_hier.lua (2 nodes x 4 GPUs, 100 MB per
# rank, reduction at 100 GB/s). Inside a node (NVLink, 1 us, 100 GB/s, no link shared): 3
# reduce-scatter steps of 1 us + 2.5e7 / 1e11 = 0.251 ms plus 0.25 ms of reduction each, and 3
# allgather steps of 0.251 ms: 2.256 ms. Across (6 us, but the node's 4 GPUs share its 10 GB/s
# NIC: 2.5 GB/s each): one reduce-scatter step of 6 us + 1.25e7 / 2.5e9 = 5.006 ms plus 0.125 ms,
# one allgather step of 5.006 ms: 10.137 ms. Simulated: 12.393 ms. The closed form, which sees
# each message alone on its route (6 us and 10 GB/s across), gives 4.893 ms: 4 GPUs on one NIC
# cost 3 x 2 x 1.25 ms = 7.5 ms it cannot see.
hf_expect(coll.sim_hier 0 "100000000           12393.000       4893.000"
          coll allreduce --platform tests/data/coll_hier.lua --on gpus --algo hier --per-node 4
          --reduce 100GBps --sizes 100MB:100MB)
hf_expect(bad.coll_hier_per_node 1 "per_node 3 ranks per node must be 2 or more and divide the 8 ranks"
          coll allreduce --platform tests/data/coll_hier.lua --on gpus --algo hier --per-node 3)
hf_expect(bad.coll_hier_broadcast 1 "broadcast by hier: not defined"
          coll broadcast --ranks 8 --bandwidth 1GBps --algo hier --per-node 4 --bandwidth-intra 10GBps)
# On a SimGrid XML platform (hetflow platform --xml): the routes are asked after the run (they
# aborted SimGrid before it, the platform not yet sealed), the same figures
add_test(NAME coll.sim_xml
         COMMAND bash -c "set -e; $<TARGET_FILE:hetflow> platform tests/data/coll8.lua --xml ${HF_TEST_OUT}/coll8.xml --force >/dev/null; $<TARGET_FILE:hetflow> coll allreduce --platform ${HF_TEST_OUT}/coll8.xml --on gpus --reduce 100GBps --sizes 100MB:100MB | grep -q '^100000000           18459.000      18459.000 '"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(coll.sim_xml PROPERTIES TIMEOUT 60 LABELS expect)
# a message leaves once its receiver reached its step (rendezvous): the binomial tree on 3 ranks
# (L = 2) takes 4 x 6 us + 4e8 / 1e10 + 2e8 / 1e11 = 42.024 ms as the closed form says (rank 2,
# a leaf, sent at once before and overlapped the root's first receive: 42.018 ms)
hf_expect(coll.sim_tree_3 0 "100000000           42024.000      42024.000"
          coll allreduce --platform tests/data/coll8.lua --set nodes=3 --on gpus --algo tree
          --reduce 100GBps --sizes 100MB:100MB)
# a plan the platform refuses is an error before any rank moves: no SimGrid deadlock message
add_test(NAME bad.coll_sim_gdr
         COMMAND bash -c "$<TARGET_FILE:hetflow> coll allreduce --platform tests/data/coll8.lua --on gpus --mode gdr --sizes 1MB:1MB >/dev/null 2>${HF_TEST_OUT}/coll_gdr.err; test $? -eq 1 && grep -q \"gdr transfer from 'n-1-gpu0' to 'n-2-gpu0': node 'n-1' has no GPUDirect RDMA\" ${HF_TEST_OUT}/coll_gdr.err && ! grep -q Deadlock ${HF_TEST_OUT}/coll_gdr.err"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(bad.coll_sim_gdr PROPERTIES TIMEOUT 60 LABELS expect)
# more actors than SimGrid holds: 7,501 ranks on a path mode need 4 each (30,005): refused
hf_expect(bad.coll_sim_actors 1 "7501 ranks need 30005 actors (one per rank, and up to 3 per message on a path)"
          coll allreduce --platform tests/data/coll8.lua --set nodes=7501 --on gpus --mode bounce
          --sizes 8:8)
add_test(NAME bad.coll_on_empty
         COMMAND bash -c "out=$($<TARGET_FILE:hetflow> coll allreduce --platform tests/data/coll8.lua --on '' 2>&1); test $? -eq 2 && printf '%s' \"$out\" | grep -q -- '--on: resource names separated by commas, gpus or nodes expected'"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(bad.coll_on_empty PROPERTIES TIMEOUT 60 LABELS expect)
hf_expect(bad.coll_on_comma 2 "--on n-1-gpu0,: a name expected after the last comma"
          coll allreduce --platform tests/data/coll8.lua --on n-1-gpu0,)
hf_expect(bad.coll_on_no_gpus 1 "--on gpus: platform 'stagein-star' has 0 GPUs, a collective needs 2 or more"
          coll allreduce --platform tests/data/stagein_star.lua --on gpus)
hf_expect(bad.coll_set_alone 2 "--on, --mode, --cfg and --set go with --platform"
          coll allreduce --ranks 4 --bandwidth 1GBps --set nodes=4)
hf_expect(bad.coll_levels 2 "--levels applies to --offload switch"
          coll allreduce --ranks 4 --bandwidth 1GBps --levels 3)
hf_expect(bad.coll_switch_algo 1 "algorithm rhd does not apply (the switches aggregate"
          coll allreduce --ranks 8 --bandwidth 1GBps --offload switch --algo rhd)
# dbtree, 8 ranks of 100 MB, alpha 10 us, 10 GB/s, reduction at 100 GB/s, 512 KiB chunks:
# k = 96 chunks a tree, 2 x 3 + 95 = 101 steps of 2e8 / 96 B: 1.01 ms + 21.041667 ms + 1 ms =
# 23051.667 us; each rank sends 2e8 B and moves 7e8 B through its GPU memory (test_coll.c)
hf_expect(coll.dbtree 0 "100000000           23051.667"
          coll allreduce --ranks 8 --bandwidth 10GBps --alpha 10us --reduce 100GBps --algo dbtree
          --sizes 100MB:100MB)
# auto: 6 ranks (rhd does not apply), 8 B: the binomial tree's 6 steps beat the ring's 10 and
# the double binary tree's larger messages (test_coll.c); 256 KiB: the ring
hf_expect(coll.auto 0 "8                      60.005        0.000        0.000             24            120  tree"
          coll allreduce --ranks 6 --bandwidth 10GBps --alpha 10us --algo auto --sizes 8:8)
hf_expect(coll.auto_csv_algo 0 "ring"
          coll allreduce --ranks 6 --bandwidth 10GBps --alpha 10us --algo auto --sizes 256KiB:256KiB)
hf_expect(bad.coll_dbtree_op 1 "allgather by dbtree: the double binary tree does allreduce only"
          coll allgather --ranks 8 --algo dbtree --bandwidth 1GBps)
hf_expect(bad.coll_auto_sim 1 "auto is closed form only"
          coll allreduce --platform tests/data/coll8.lua --on gpus --algo auto --sizes 8:8)
hf_expect(bad.coll_algo_name 2 "--algo dbt: ring, rhd, tree, hier, dbtree or auto expected"
          coll allreduce --ranks 8 --algo dbt --bandwidth 1GBps)
# The double binary tree simulated (hf_coll_dbtree_node; 4 actors per rank), one chunk per tree
# (--chunk 50MB: each tree carries n / 2 = 5e7 B whole), on coll8 (6 us, 10 GB/s, full duplex):
#  2 ranks: tree 0 rooted at rank 0, tree 1 at rank 1; both leaves send up at once in opposite
#    directions (6 us + 5e7 / 1e10 = 5.006 ms), then both roots send down: 10.012 ms.
#  4 ranks: tree 0: root 1, children 0 and 2, 3 under 2; tree 1: root 2, children 1 and 3, 0
#    under 3. Up: 3->2, 0->1, 0->3, 1->2 at once, rank 0 sending two and rank 2 receiving two:
#    5 GB/s each, 10.006 ms; then 2->1 and 3->2, 5.006 ms; down, each root to its children in
#    turn: 1->0 with 2->1, 1->2 with 2->3, 2->3 with 3->0, 5.006 ms each: 30.030 ms.
hf_expect(coll.sim_dbtree2 0 "100000000           10012.000"
          coll allreduce --platform tests/data/coll8.lua --set nodes=2 --on gpus --algo dbtree
          --chunk 50MB --sizes 100MB:100MB)
hf_expect(coll.sim_dbtree4 0 "100000000           30030.000"
          coll allreduce --platform tests/data/coll8.lua --set nodes=4 --on gpus --algo dbtree
          --chunk 50MB --sizes 100MB:100MB)
hf_expect(bad.coll_dbtree_chunks 1 "4 (ranks - 1) per chunk pair: give a larger chunk"
          coll allreduce --platform tests/data/coll8.lua --set nodes=8 --on gpus --algo dbtree
          --chunk 1 --sizes 1GB:1GB)
