# metadata.cmake: what changes a result is recorded in the result file's /metadata and shown by
# `hetflow inspect` (docs/results-format.md); the checks are in tests/metadata.sh, which reads
# the files with h5py (tests/metadata_h5.py) and compares hashes with sha256sum.
foreach(check reference_speed inputs git_revision bad_inputs_row)
  add_test(NAME metadata.${check}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/metadata.sh ${check} $<TARGET_FILE:hetflow>
                   ${HF_TEST_OUT} ${HF_ROOT}
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(metadata.${check} PROPERTIES TIMEOUT 120 LABELS expect)
endforeach()
