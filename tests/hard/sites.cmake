# sites.cmake: many-site platforms stay linear in sites (tests/hard/sites.sh; the full timings
# are bench/sites.lua's, docs/performance.md "Multi-site platforms").
add_test(NAME hard.sites_linear
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/sites.sh $<TARGET_FILE:hetflow> ${HF_TEST_OUT}
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(hard.sites_linear PROPERTIES TIMEOUT 90 LABELS "hard;sites")
