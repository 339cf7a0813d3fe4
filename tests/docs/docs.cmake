# docs.cmake: every code block of README.md and docs/ runs under ctest (docs/writing-docs.md):
# one test per page, docs.blocks.<page>, each page in a scratch directory of its own.
set(HF_DOC_RUNNER ${CMAKE_CURRENT_SOURCE_DIR}/docs/run_doc_blocks.py)

# Pages being rewritten by their owners at the time of this change: one test for all of them,
# docs.blocks.models, so that the other pages' tests stay meaningful while it fails. Move a page
# out of this list once its blocks pass.
set(HF_DOC_PENDING)

file(GLOB HF_DOC_PAGES CONFIGURE_DEPENDS RELATIVE ${HF_ROOT}
     ${HF_ROOT}/README.md ${HF_ROOT}/docs/*.md ${HF_ROOT}/docs/models/*.md
     ${HF_ROOT}/results/*/README.md ${HF_ROOT}/validate/README.md)
foreach(page ${HF_DOC_PAGES})
  if(page IN_LIST HF_DOC_PENDING)
    continue()
  endif()
  get_filename_component(stem ${page} NAME_WE)
  if(page MATCHES "^(results|validate)/")
    # results/fig5/README.md -> results_fig5, validate/README.md -> validate
    get_filename_component(dir ${page} DIRECTORY)
    string(REPLACE "/" "_" stem ${dir})
  endif()
  add_test(NAME docs.blocks.${stem}
           COMMAND /usr/bin/python3 ${HF_DOC_RUNNER} --hetflow $<TARGET_FILE:hetflow>
                   --build ${CMAKE_BINARY_DIR} --out ${HF_TEST_OUT}/docs ${page}
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(docs.blocks.${stem} PROPERTIES TIMEOUT 600 LABELS docs)
endforeach()
if(HF_DOC_PENDING)
  add_test(NAME docs.blocks.models
           COMMAND /usr/bin/python3 ${HF_DOC_RUNNER} --hetflow $<TARGET_FILE:hetflow>
                   --build ${CMAKE_BINARY_DIR} --out ${HF_TEST_OUT}/docs ${HF_DOC_PENDING}
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(docs.blocks.models PROPERTIES TIMEOUT 600 LABELS docs)
endif()

# The runner itself: a page of good blocks passes, each defect of a broken page is reported by
# page and line.
add_test(NAME docs.runner
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/docs/selftest.py
                 $<TARGET_FILE:hetflow> ${HF_TEST_OUT}/docs-selftest
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(docs.runner PROPERTIES TIMEOUT 120 LABELS docs)
