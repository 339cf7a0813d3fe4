# writes.cmake: "Writes that cannot destroy" (tests/hard/writes.sh, docs/reliability.md "Writes"):
# one test per section, each in its own directory under HF_TEST_OUT.
foreach(section rule race signals full corrupt)
  add_test(NAME writes.${section}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/hard/writes.sh $<TARGET_FILE:hetflow>
                   $<TARGET_FILE:bench_gen_layered> ${HF_TEST_OUT} ${section}
           WORKING_DIRECTORY ${HF_ROOT})
  # writes.corrupt runs inspect 400 times: 2.5 to 5 minutes on a busy 2-core VM
  set_tests_properties(writes.${section} PROPERTIES TIMEOUT 900 LABELS "writes;scenario")
endforeach()
# Under the sanitizers: the chunk buffers libhdf5 keeps for a file it could not close (disk full)
# are its own (tests/hard/writes.lsan.supp); any other leak still fails the test.
set_tests_properties(writes.full PROPERTIES ENVIRONMENT
                     "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/hard/writes.lsan.supp")
