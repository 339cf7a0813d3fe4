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
         COMMAND bash -c "rm -f ${HF_TEST_OUT}/coll.csv && $<TARGET_FILE:hetflow> coll allreduce --ranks 4 --bandwidth 10GBps --alpha 10us --reduce 100GBps --sizes 100MB:100MB --csv ${HF_TEST_OUT}/coll.csv >/dev/null && grep -qx 'op,algo,offload,ranks,size,seconds,algbw,busbw,steps,wire_bytes,sent_bytes,recv_bytes,reduced_bytes,hbm_bytes' ${HF_TEST_OUT}/coll.csv && awk -F, 'NR == 2 && \$1 == \"allreduce\" && \$5 == 100000000 && (\$6 - 0.01581) ^ 2 < 1e-30 && \$14 == 525000000 { ok = 1 } END { exit !ok }' ${HF_TEST_OUT}/coll.csv"
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
hf_expect(bad.coll_one_rank 1 "1 ranks (a group needs 2 to 16777216; one rank has nothing to exchange)"
          coll allreduce --ranks 1 --bandwidth 1GBps)
hf_expect(bad.coll_rhd 1 "6 ranks, recursive halving-doubling needs a power of two"
          coll allreduce --ranks 6 --algo rhd --bandwidth 1GBps)
hf_expect(bad.coll_tree_rs 1 "reducescatter by tree: the tree does allreduce and broadcast only"
          coll reducescatter --ranks 4 --algo tree --bandwidth 1GBps)
hf_expect(bad.coll_switch_op 1 "allgather with switch offload: in-network aggregation does allreduce only"
          coll allgather --ranks 4 --offload switch --bandwidth 1GBps)
hf_expect(bad.coll_op 2 "unknown operation 'alltoall'" coll alltoall --ranks 4 --bandwidth 1GBps)
hf_expect(bad.coll_algo 2 "--algo fast: ring, rhd or tree expected"
          coll allreduce --ranks 4 --bandwidth 1GBps --algo fast)
hf_expect(bad.coll_no_bandwidth 2 "--bandwidth (> 0) is required" coll allreduce --ranks 4)
hf_expect(bad.coll_sizes 2 "--sizes: '1.5:8': sizes are whole bytes"
          coll allreduce --ranks 4 --bandwidth 1GBps --sizes 1.5:8)
