# sandbox.cmake: script tests of --sandbox and of the same seed giving the same answer
# (tests/hard/sandbox.sh: one test per check), and the pairs/next order scenario.
foreach(check links order random limits)
  add_test(NAME sandbox.${check}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/sandbox.sh ${check} $<TARGET_FILE:hetflow>
                   ${HF_TEST_OUT}
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(sandbox.${check} PROPERTIES TIMEOUT 120 LABELS "sandbox;scenario")
endforeach()
# next and pairs in the fixed total order (every expected order written out in the scenario)
add_test(NAME sandbox.pairs_order
         COMMAND $<TARGET_FILE:hetflow> run ${CMAKE_CURRENT_LIST_DIR}/sandbox_pairs.lua -q --force
                 -o ${HF_TEST_OUT}/sandbox-pairs.h5
         WORKING_DIRECTORY ${HF_ROOT})
add_test(NAME sandbox.pairs_order_sandboxed
         COMMAND $<TARGET_FILE:hetflow> run ${CMAKE_CURRENT_LIST_DIR}/sandbox_pairs.lua -q --force
                 --sandbox -o ${HF_TEST_OUT}/sandbox-pairs-sb.h5
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(sandbox.pairs_order sandbox.pairs_order_sandboxed
                     PROPERTIES TIMEOUT 60 LABELS "sandbox;scenario")
# table.sort is stable (a hand-written expected order of 300 records with ties), sandboxed too
add_test(NAME sandbox.sort_stable
         COMMAND $<TARGET_FILE:hetflow> run ${CMAKE_CURRENT_LIST_DIR}/sandbox_sort.lua -q --force
                 -o ${HF_TEST_OUT}/sandbox-sort.h5
         WORKING_DIRECTORY ${HF_ROOT})
add_test(NAME sandbox.sort_stable_sandboxed
         COMMAND $<TARGET_FILE:hetflow> run ${CMAKE_CURRENT_LIST_DIR}/sandbox_sort.lua -q --force
                 --sandbox -o ${HF_TEST_OUT}/sandbox-sort-sb.h5
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(sandbox.sort_stable sandbox.sort_stable_sandboxed
                     PROPERTIES TIMEOUT 60 LABELS "sandbox;scenario")
