# Concurrent stage-in (docs/models/network.md#stage-in): the hand-computed fan-in of
# tests/scenarios/stage_in_concurrent.lua at each limit and sequentially (the scenario glob runs
# its default, concurrent with limit 4), the shared copy of stage_in_shared.lua, the metadata,
# equality with sequential stage-in at limit 1, and bad input.
foreach(v "sequential;4" "concurrent;1" "concurrent;2" "concurrent;3")
  list(GET v 0 mode)
  list(GET v 1 limit)
  add_test(NAME scenario.stage_in_${mode}_${limit}
           COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/stage_in_concurrent.lua
                   --set stage_in=${mode} --set limit=${limit}
                   -o ${HF_TEST_OUT}/stage_in_${mode}_${limit}.h5 --quiet --force
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(scenario.stage_in_${mode}_${limit} PROPERTIES TIMEOUT 60 LABELS scenario)
endforeach()
add_test(NAME scenario.stage_in_shared_link
         COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/stage_in_concurrent.lua --set shared=1
                 -o ${HF_TEST_OUT}/stage_in_shared_link.h5 --quiet --force
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(scenario.stage_in_shared_link PROPERTIES TIMEOUT 60 LABELS scenario)
foreach(limit 1 2)
  add_test(NAME scenario.stage_in_shared_${limit}
           COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/stage_in_shared.lua --set limit=${limit}
                   -o ${HF_TEST_OUT}/stage_in_shared_${limit}.h5 --quiet --force
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(scenario.stage_in_shared_${limit} PROPERTIES TIMEOUT 60 LABELS scenario)
endforeach()

# the run's transfer mode and stage-in are in /metadata and shown by inspect
hf_expect(results.stage_in_metadata 0 "data         transfer direct, stage-in concurrent"
          inspect ${HF_TEST_OUT}/stage_in_concurrent_2.h5)
set_tests_properties(results.stage_in_metadata PROPERTIES DEPENDS scenario.stage_in_concurrent_2)

# With one lane per node, concurrent stage-in moves a task's inputs one after another, in
# order, as sequential stage-in does: every table is the same, with round_robin, heft and
# earliest_finish, on a 3,000-task layered DAG with 1-100 MB files on 50 single-core nodes
# (tests/data/stagein_star.lua). (Before the source tie-break ignored the order in which copies
# were claimed, the chosen sources differed.)
add_test(NAME hard.stage_in_limit1_equals_sequential
         COMMAND bash -c "set -e; o=${HF_TEST_OUT}/si_eq; rm -rf $o; mkdir -p $o; $<TARGET_FILE:bench_gen_layered> --file-sizes 1e6:1e8 3000 2 $o/w >/dev/null; for p in round_robin heft earliest_finish; do for m in sequential concurrent; do $<TARGET_FILE:hetflow> run --platform tests/data/stagein_star.lua --workflow $o/w.lua --policy $p --stage-in $m --set limit=1 -q -o $o/$p-$m.h5; $<TARGET_FILE:hetflow> export $o/$p-$m.h5 --csv $o/$p-$m >/dev/null; done; for f in tasks transfers resources; do cmp $o/$p-sequential/$f.csv $o/$p-concurrent/$f.csv; done; test $(wc -l < $o/$p-concurrent/transfers.csv) -gt 1000; done"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(hard.stage_in_limit1_equals_sequential PROPERTIES TIMEOUT 120 LABELS hard)

foreach(v "zero;positive integer expected, got 0" "neg;positive integer expected, got -1"
          "frac;positive integer expected, got 1.5" "str;positive integer expected, got string"
          "big;at most 1024 transfers in flight, got 1025")
  list(GET v 0 case)
  list(GET v 1 msg)
  hf_expect(bad.stage_in_limit_${case} 1 "platform.sites[1].nodes[1].transfer.concurrent: ${msg}"
            run tests/bad/stagein_limit.lua --set case=${case} -q -o ${HF_TEST_OUT}/si_bad.h5)
endforeach()
foreach(v "word;got 'parallel'" "number;got number" "caps;got 'Concurrent'")
  list(GET v 0 case)
  list(GET v 1 msg)
  hf_expect(bad.stage_in_mode_${case} 1 "run.stage_in: sequential or concurrent expected, ${msg}"
            run tests/bad/stagein_mode.lua --set case=${case} -q -o ${HF_TEST_OUT}/si_bad.h5)
endforeach()
# more actors than SimGrid holds: refused before the simulation (it aborted in SimGrid, exit
# 134); just under the bound, the same run completes
hf_expect(bad.stage_in_actors 1 "concurrent stage-in: this run may need 30691 actors (1 workers, 30690 transfer fetchers"
          run tests/bad/stagein_actors.lua -q -o ${HF_TEST_OUT}/si_bad.h5)
add_test(NAME hard.stage_in_actors_fit
         COMMAND $<TARGET_FILE:hetflow> run tests/bad/stagein_actors.lua --set limit=1000 -q
                 -o ${HF_TEST_OUT}/si_actors.h5 --force
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(hard.stage_in_actors_fit PROPERTIES TIMEOUT 60 LABELS hard)
hf_expect(bad.stage_in_cli_value 1 "run.stage_in: sequential or concurrent expected, got 'fast'"
          run --platform tests/data/stagein_star.lua --workflow tests/bad/tp_gpu2.lua
          --stage-in fast -q -o ${HF_TEST_OUT}/si_bad.h5)
hf_expect(bad.stage_in_cli_missing 2 "--stage-in needs sequential or concurrent"
          run --platform tests/data/stagein_star.lua --workflow tests/bad/tp_gpu2.lua --stage-in)
hf_expect(bad.stage_in_scenario 2 "--stage-in applies to --platform/--workflow runs"
          run tests/scenarios/stage_in_shared.lua --stage-in concurrent -q -o ${HF_TEST_OUT}/si_s.h5)
