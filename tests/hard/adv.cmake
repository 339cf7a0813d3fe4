# adv.cmake: script tests of what an adversarial review of issue 14's hardening found
# (tests/hard/adv.sh: one test per check).
foreach(check write_xml order tmp_platform tmp_platform_sandbox)
  add_test(NAME adv.${check}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/adv.sh ${check} $<TARGET_FILE:hetflow>
                   ${HF_TEST_OUT}
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(adv.${check} PROPERTIES TIMEOUT 120 LABELS "adv;scenario")
endforeach()
