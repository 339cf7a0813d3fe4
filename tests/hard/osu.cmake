# osu.cmake: `hetflow osu` simulates the transfer-path model's plans on SimGrid
# (docs/models/network.md#transfer-paths). Platform tests/data/osu_tiny.lua is
# tests/unit/test_path.c's; the values are that file's hand computations, here out of the
# simulation (latency: half a round trip, both ways alike unless said).
set(osu_args --platform tests/data/osu_tiny.lua --from a-gpu0 --to b-gpu0)
# GDR 4 MB: overhead 1 + handshake 4 + route 6 + 400 = 411 us; 64 MB: 6411 us
hf_expect(osu.gdr_4mb 0 "411.00  gdr" osu latency ${osu_args} --mode gdr --sizes 4MB:4MB)
hf_expect(osu.gdr_64mb 0 "6411.00  gdr" osu latency ${osu_args} --mode gdr --sizes 64MB:64MB)
# bounce, 1 MB chunks: 1 + 4 + 216 + (n - 1) x 102 us; 1, 2, 4 and 64 chunks, and 2.5 chunks
# (350 us by the recurrence)
hf_expect(osu.bounce_1chunk 0 "221.00  bounce" osu latency ${osu_args} --mode bounce --sizes 1MB:1MB)
hf_expect(osu.bounce_2chunks 0 "323.00  bounce" osu latency ${osu_args} --mode bounce --sizes 2MB:2MB)
hf_expect(osu.bounce_4mb 0 "527.00  bounce" osu latency ${osu_args} --mode bounce --sizes 4MB:4MB)
hf_expect(osu.bounce_64mb 0 "6647.00  bounce" osu latency ${osu_args} --mode bounce --sizes 64MB:64MB)
hf_expect(osu.bounce_partial 0 "350.00  bounce" osu latency ${osu_args} --mode bounce --sizes 2.5MB:2.5MB)
# a P2P read limit of 5 GB/s at a: a -> b by GDR 1 + 4 + 6 + 800 = 811 us, b -> a unlimited
# 411 us: latency (811 + 411) / 2 = 611; auto takes bounce a -> b (527), GDR back: 469
hf_expect(osu.p2p_gdr 0 "611.00  gdr" osu latency ${osu_args} --mode gdr --sizes 4MB:4MB --set p2p=5GBps)
hf_expect(osu.p2p_auto 0 "469.00  bounce" osu latency ${osu_args} --mode auto --sizes 4MB:4MB --set p2p=5GBps)
# both nodes limited (each GPU then has a read endpoint with no other route in: SimGrid 3.32's
# Dijkstra looped for ever on such vertices): 811 us each way
hf_expect(osu.p2p_both 0 "811.00  gdr" osu latency ${osu_args} --mode gdr --sizes 4MB:4MB --set p2p=5GBps --set p2pb=5GBps)
# bw with a window of one: overhead 1, the message 410, the 4-byte reply 1 + 6 + 0.0004:
# 4e6 B / 418.0004 us = 9569.37 MB/s
hf_expect(osu.bw_window1 0 "9569.37  gdr" osu bw ${osu_args} --mode gdr --sizes 4MB:4MB --window 1)
# host to host: 1 + 4 + 2 + 400 = 407 us
hf_expect(osu.host 0 "407.00  host" osu latency --platform tests/data/osu_tiny.lua --from a --to b --sizes 4MB:4MB)

# bad input: a clear message and exit status 1 (2 for bad usage)
hf_expect(bad.osu_mode 2 "--mode fast: auto, gdr or bounce expected" osu latency ${osu_args} --mode fast)
hf_expect(bad.osu_test 2 "unknown test 'ping'" osu ping ${osu_args})
hf_expect(bad.osu_from 1 "--from 'zz' is no resource of platform" osu latency --platform tests/data/osu_tiny.lua --from zz --to b)
hf_expect(bad.osu_sizes 2 "--sizes: '8:4': 0 <= MIN <= MAX expected" osu latency ${osu_args} --sizes 8:4)
# a fractional size was printed as another (1.5 B as 2)
hf_expect(bad.osu_sizes_fraction 2 "--sizes: '1.5:2': sizes are whole bytes" osu latency ${osu_args} --sizes 1.5:2)
hf_expect(bad.osu_from_twice 2 "--from given twice" osu latency ${osu_args} --from b)
hf_expect(bad.osu_window_latency 2 "--window applies to bw and bibw" osu latency ${osu_args} --window 4)
hf_expect(bad.osu_iterations_bw 2 "--iterations applies to latency" osu bw ${osu_args} --iterations 4)
hf_expect(bad.osu_csv_dash 2 "--csv -: a file name expected" osu bw ${osu_args} --csv -)
# one memory at both ends: nothing moves (bw was printed as inf)
hf_expect(bad.osu_same 1 "'a' and 'a' share one memory" osu bw --platform tests/data/osu_tiny.lua --from a --to a)
# 1024 messages x 128 chunks of 64 MiB took 163 s: refused before anything runs
hf_expect(bad.osu_work 1 "131073 chunk transfers in all (at most 100000)" osu bw --platform results/fig6/platform.lua --from n1-gpu0 --to n2-gpu0 --window 1024 --sizes 64MiB:64MiB --mode bounce)
hf_expect(bad.osu_window 2 "--window 0: an integer in 1..1024 expected" osu bw ${osu_args} --window 0)
hf_expect(bad.osu_no_gdr 1 "node 'b' has no GPUDirect RDMA" osu latency --platform tests/bad/osu_nogdr.lua --from a-gpu0 --to b-gpu0 --mode gdr)
hf_expect(bad.osu_chunk0 1 "transfer.chunk: must be positive, got 0" osu latency --platform tests/bad/osu_chunk0.lua --from a --to b)
hf_expect(bad.osu_rndv_negative 1 "rndv_threshold" osu latency --platform tests/bad/osu_rndv.lua --from a --to b)
hf_expect(bad.osu_window_big 2 "--window 5000: an integer in 1..1024 expected" osu bw ${osu_args} --window 5000)
# 1 GiB in 1 MB chunks is 1074 chunks; 2^40 B would be 1.1e6: refused before anything runs
hf_expect(bad.osu_chunks 1 "more than 1000000 chunks" osu latency ${osu_args} --mode bounce --sizes 1TiB:1TiB)
hf_expect(bad.osu_transfer_key 1 "unknown key 'chunks'" platform tests/bad/osu_key.lua)
hf_expect(bad.osu_gpudirect_type 1 "transfer.gpudirect: true or false expected, got string" platform tests/bad/osu_gdtype.lua)
hf_expect(bad.osu_nic_less 1 "osu_nonic.xml: no route from 'a-gpu0' to 'b-gpu0'" osu latency --platform tests/bad/osu_nonic.xml --from a-gpu0 --to b-gpu0)

# The XML hetflow writes for the tiny platform, read back (route queries crashed before the run;
# an XML platform has no transfer table: defaults, no overhead, no GPUDirect): a -> b, 4 MB:
# handshake 2 + 2, route 2 + 400 = 406 us
add_test(NAME osu.xml_roundtrip
         COMMAND bash -c "$<TARGET_FILE:hetflow> platform tests/data/osu_tiny.lua --xml ${HF_TEST_OUT}/osu_tiny.xml --force >/dev/null && $<TARGET_FILE:hetflow> osu latency --platform ${HF_TEST_OUT}/osu_tiny.xml --from a --to b --sizes 4MB:4MB | grep -q '406.00  host'"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(osu.xml_roundtrip PROPERTIES TIMEOUT 60 LABELS expect)
# a table that cannot be written is an error (it exited 0)
add_test(NAME bad.osu_stdout_full
         COMMAND bash -c "$<TARGET_FILE:hetflow> osu latency --platform tests/data/osu_tiny.lua --from a-gpu0 --to b-gpu0 --sizes 1:1 >/dev/full 2>${HF_TEST_OUT}/osu_full.err; test $? -eq 1 && grep -q 'cannot write the table to standard output' ${HF_TEST_OUT}/osu_full.err"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(bad.osu_stdout_full PROPERTIES TIMEOUT 60 LABELS expect)

# A workflow's transfer by each mode (tests/scenarios/transfer_paths.lua, hand-computed there;
# the scenario glob runs its default, gdr)
foreach(mode bounce auto direct)
  add_test(NAME scenario.transfer_paths_${mode}
           COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/transfer_paths.lua --set transfer=${mode}
                   -o ${HF_TEST_OUT}/transfer_paths_${mode}.h5 --quiet --force
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(scenario.transfer_paths_${mode} PROPERTIES TIMEOUT 60 LABELS scenario)
endforeach()
# the path column: written in a run with paths, read back (export) ...
add_test(NAME results.transfer_path_column
         COMMAND bash -c "$<TARGET_FILE:hetflow> run tests/scenarios/transfer_paths.lua --set transfer=bounce -o ${HF_TEST_OUT}/tp_col.h5 --quiet --force && $<TARGET_FILE:hetflow> export ${HF_TEST_OUT}/tp_col.h5 --csv ${HF_TEST_OUT}/tp_col --force >/dev/null && grep -qx 'file,src,dst,task,bytes,start,end,path' ${HF_TEST_OUT}/tp_col/transfers.csv && grep -q ',bounce$' ${HF_TEST_OUT}/tp_col/transfers.csv && $<TARGET_FILE:hetflow> run tests/scenarios/transfer_paths.lua --set transfer=direct -o ${HF_TEST_OUT}/tp_direct.h5 --quiet --force && $<TARGET_FILE:hetflow> export ${HF_TEST_OUT}/tp_direct.h5 --csv ${HF_TEST_OUT}/tp_direct --force >/dev/null && grep -qx 'file,src,dst,task,bytes,start,end' ${HF_TEST_OUT}/tp_direct/transfers.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(results.transfer_path_column PROPERTIES TIMEOUT 60 LABELS expect)
hf_expect(bad.run_transfer_mode 1 "run.transfer: direct, auto, gdr or bounce expected, got 'fast'"
          run tests/scenarios/transfer_paths.lua --set transfer=fast -q -o ${HF_TEST_OUT}/tp_bad.h5)
hf_expect(bad.run_transfer_gdr 1 "transfer mode gdr: node 'b' has GPUs but no GPUDirect RDMA"
          run --platform tests/bad/osu_nogdr.lua --workflow tests/bad/tp_gpu2.lua --transfer gdr -q -o ${HF_TEST_OUT}/tp_nogdr.h5)
hf_expect(bad.run_transfer_scenario 2 "--transfer applies to --platform/--workflow runs"
          run tests/scenarios/transfer_paths.lua --transfer gdr -q -o ${HF_TEST_OUT}/tp_s.h5)
