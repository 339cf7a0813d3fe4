# inputs.cmake: script tests of issue 14's "inputs" part (tests/hard/inputs*.sh).

# Every --cfg option hetflow accepts, at the ends of its range, ends with the expected makespan.
add_test(NAME hard.inputs_cfg_ranges
         COMMAND bash ${HF_ROOT}/tests/hard/inputs.sh $<TARGET_FILE:hetflow> ${HF_TEST_OUT}/inputs-cfg
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(hard.inputs_cfg_ranges PROPERTIES LABELS "hard;inputs" TIMEOUT 600)

# Result files edited with h5py: format_version 2^40 named as such, 1e60 B printed with a unit.
add_test(NAME hard.inputs_results_print
         COMMAND bash ${HF_ROOT}/tests/hard/inputs_results.sh $<TARGET_FILE:hetflow> ${HF_TEST_OUT}/inputs-results
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(hard.inputs_results_print PROPERTIES LABELS "hard;inputs")
