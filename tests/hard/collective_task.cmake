# Collectives as workflow tasks (sim/exec/gang.c, docs/models/collectives.md#collectives-as-
# workflow-tasks). The scenarios check hand-computed timelines (tests/scenarios/collective_task.lua,
# collective_tasks_two.lua); these run their variants and the bad inputs.
# rhd over the same 4 GPUs: 4 x 6 us + 15 ms + 0.75 ms = 15.774 ms (collective_task.lua)
add_test(NAME scenario.collective_task_rhd
         COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/collective_task.lua --set algo=rhd
                 -q --force -o ${HF_TEST_OUT}/ct_rhd.h5
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(scenario.collective_task_rhd PROPERTIES TIMEOUT 60 LABELS scenario)
# auto: the simulated algorithm of least closed-form time, rhd here (15.774 ms)
add_test(NAME scenario.collective_task_auto
         COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/collective_task.lua --set algo=auto
                 -q --force -o ${HF_TEST_OUT}/ct_auto.h5
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(scenario.collective_task_auto PROPERTIES TIMEOUT 60 LABELS scenario)
# the double binary tree, one chunk per tree, reduction free: 30.030 ms (coll.sim_dbtree4)
add_test(NAME scenario.collective_task_dbtree
         COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/collective_task.lua --set algo=dbtree
                 --set chunk=50MB --set reduce=0 -q --force -o ${HF_TEST_OUT}/ct_dbtree.h5
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(scenario.collective_task_dbtree PROPERTIES TIMEOUT 60 LABELS scenario)
# the host bounce-back path for the messages: completes, slower than direct
add_test(NAME scenario.collective_tasks_bounce
         COMMAND $<TARGET_FILE:hetflow> run tests/scenarios/collective_tasks_two.lua
                 --set transfer=bounce -q --force -o ${HF_TEST_OUT}/ct_bounce.h5
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(scenario.collective_tasks_bounce PROPERTIES TIMEOUT 60 LABELS scenario)
# bad input: the task or field is named, exit status 1
foreach(case_msg
    "nogpu|task 'ar': collective.group[2] 'n-2' is not a GPU"
    "unknown|task 'ar': collective.group[2] 'n-9-gpu0' is no resource of platform 'coll3'"
    "one|collective.group: 1 GPU (a group needs 2 or more; one has nothing to exchange)"
    "empty|collective.group: 0 GPUs (a group needs 2 or more"
    "algo|collective.algo: ring, rhd, tree, hier, dbtree or auto expected, got 'fast'"
    "dbtree|collective.algo dbtree does allreduce only, not broadcast"
    "switch|collective.offload switch: a collective task runs with gpu or nic offload"
    "twice|collective.group names 'n-1-gpu0' twice (ranks 0 and 2)"
    "cost|task 'ar' is a collective: it takes no cpu table"
    "inputs|task 'ar': a collective task has no cpu or gpu cost, kernels, memory, inputs or outputs"
    "nosize|collective.size: required"
    "rhd3|task 'ar': collective allreduce by rhd over 3 ranks: not simulated"
    "hier|task 'ar': collective.per_node is required with algo hier"
    "per_node|task 'ar': collective.per_node applies to algo hier only"
    "group_type|collective.group: a list of GPU names or \"gpus\" expected, got number"
    "fn|task 'ar' is a collective: it runs no function"
    "serverless|task 'ar': collective tasks run in direct mode, not in mode decomposed"
    "nicbcast|collective.offload nic with broadcast: nothing to reduce"
    "nichier|collective.offload nic by hier: the phases inside a node do not cross a NIC"
    "mem|a collective task has no cpu or gpu cost, kernels, memory, inputs or outputs"
    "gpuempty|task 'ar' is a collective: it takes no gpu table"
    "onegpu|collective.group \"gpus\": platform 'coll3' has 1 GPU (a group needs 2 or more)")
  string(REPLACE "|" ";" parts "${case_msg}")
  list(GET parts 0 case)
  list(GET parts 1 msg)
  hf_expect(bad.collective_task_${case} 1 "${msg}"
            run tests/bad/collective_task.lua --set case=${case} -q --force
            -o ${HF_TEST_OUT}/ct_bad.h5)
endforeach()
