# cli.cmake: command-line behaviour of hetflow: help, version, usage errors (exit 2), input
# errors (exit 1), the platform and inspect commands, and --set reaching a scenario.

# help and version: exit 0, text on stdout
hf_expect(cli.version 0 "hetflow 0.1.0" --version)
hf_expect(cli.help 0 "usage: hetflow <command>" --help)
hf_expect(cli.help_short 0 "usage: hetflow <command>" -h)
hf_expect(cli.run_help 0 "usage: hetflow run SCENARIO.lua" run --help)
hf_expect(cli.inspect_help 0 "usage: hetflow inspect OUT.h5" inspect --help)
hf_expect(cli.platform_help 0 "usage: hetflow platform P" platform --help)

# usage errors: exit 2 and the usage text
hf_expect(cli.no_arguments 2 "usage: hetflow")
hf_expect(cli.unknown_command 2 "unknown command 'frobnicate'" frobnicate)
hf_expect(cli.run_unknown_option 2 "unknown option '--frobnicate'"
          run tests/bad/params_ok.lua --frobnicate -o ${HF_TEST_OUT}/cli-unknown-option.h5)
hf_expect(cli.run_no_scenario 2 "no scenario given" run)
hf_expect(cli.run_two_scenarios 2 "unexpected argument 'tests/bad/no_run.lua'"
          run tests/bad/params_ok.lua tests/bad/no_run.lua -o ${HF_TEST_OUT}/cli-two-scenarios.h5)
hf_expect(cli.seed_not_number 2 "--seed abc: integer in [0, 2^63) expected"
          run tests/bad/params_ok.lua --seed abc -o ${HF_TEST_OUT}/cli-seed-abc.h5)
hf_expect(cli.seed_negative 2 "--seed -1: integer in [0, 2^63) expected"
          run tests/bad/params_ok.lua --seed -1 -o ${HF_TEST_OUT}/cli-seed-neg.h5)
hf_expect(cli.seed_missing 2 "--seed needs a number" run tests/bad/params_ok.lua --seed)
hf_expect(cli.set_no_value 2 "--set novalue: NAME=VALUE expected"
          run tests/bad/params_ok.lua --set novalue -o ${HF_TEST_OUT}/cli-set-novalue.h5)
hf_expect(cli.set_no_name 2 "--set =7: NAME=VALUE expected"
          run tests/bad/params_ok.lua --set =7 -o ${HF_TEST_OUT}/cli-set-noname.h5)
hf_expect(cli.output_missing 2 "-o needs a file name" run tests/bad/params_ok.lua -o)
hf_expect(cli.scenario_and_platform 2 "give a scenario or --platform/--workflow, not both"
          run tests/bad/params_ok.lua --platform platforms/quickstart.lua
          -o ${HF_TEST_OUT}/cli-scenario-platform.h5)
hf_expect(cli.platform_without_workflow 2 "--platform and --workflow go together"
          run --platform platforms/quickstart.lua -o ${HF_TEST_OUT}/cli-platform-only.h5)
hf_expect(cli.workflow_without_platform 2 "--platform and --workflow go together"
          run --workflow workloads/quickstart.lua -o ${HF_TEST_OUT}/cli-workflow-only.h5)
hf_expect(cli.scenario_and_policy 2 "--policy applies to --platform/--workflow runs"
          run tests/bad/params_ok.lua --policy round_robin -o ${HF_TEST_OUT}/cli-scenario-policy.h5)
hf_expect(cli.inspect_no_file 2 "inspect takes one result file" inspect)
hf_expect(cli.platform_no_file 2 "no platform given" platform)
hf_expect(cli.platform_unknown_option 2 "unknown option '--json'"
          platform platforms/quickstart.lua --json)

# inspect reads a file written before the serverless modes (direct, no /invocations)
hf_expect(cli.inspect_pre_serverless 0 "makespan     5.502 s"
          inspect tests/data/results-v1-pre-serverless.h5)

# inspect: input errors, exit 1
hf_expect(cli.inspect_missing 1 "cannot read 'tests/bad/no_such_results.h5'"
          inspect tests/bad/no_such_results.h5)
hf_expect(cli.inspect_not_hdf5 1 "'tests/bad/not_results.h5' is not a hetflow results file"
          inspect tests/bad/not_results.h5)

# platform: describe, and write the generated SimGrid XML (checked for a GPU host)
hf_expect(cli.platform_describe 0 "platform quickstart: 1 site(s), 3 node(s), 2 GPU(s)"
          platform platforms/quickstart.lua)
add_test(NAME cli.platform_xml
         COMMAND bash -c [[
           out=$2/cli-quickstart.xml; rm -f "$out"
           "$1" platform platforms/quickstart.lua --xml "$out" || { echo "FAIL: exit $?"; exit 1; }
           grep -qF '<host id="gpu-gpu0"' "$out" || { echo "FAIL: no gpu-gpu0 host in $out"; exit 1; }
         ]] cli.platform_xml $<TARGET_FILE:hetflow> ${HF_TEST_OUT}
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.platform_xml PROPERTIES TIMEOUT 60 LABELS expect)
hf_expect(cli.platform_xml_unwritable 1 "cannot write 'tests/bad/no_such_dir/q.xml'"
          platform platforms/quickstart.lua --xml tests/bad/no_such_dir/q.xml)

# a --platform/--workflow run with a named policy, then inspect of its result file
add_test(NAME cli.run_then_inspect
         COMMAND bash -c [[
           out=$2/cli-rr.h5; rm -f "$out"
           log=$("$1" run --platform platforms/quickstart.lua --workflow workloads/quickstart.lua \
                 --policy round_robin -o "$out" --force 2>&1) || { echo "FAIL: run exit $?"; echo "$log"; exit 1; }
           grep -qF makespan <<<"$log" || { echo "FAIL: no makespan in run output"; echo "$log"; exit 1; }
           log=$("$1" inspect "$out" 2>&1) || { echo "FAIL: inspect exit $?"; echo "$log"; exit 1; }
           grep -qF round_robin <<<"$log" || { echo "FAIL: inspect lacks round_robin"; echo "$log"; exit 1; }
         ]] cli.run_then_inspect $<TARGET_FILE:hetflow> ${HF_TEST_OUT}
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.run_then_inspect PROPERTIES TIMEOUT 120 LABELS expect)

# --set reaches the scenario through hetflow.param (params_ok.lua asserts the values)
hf_expect(cli.set_params 0 "n=7, name=abc"
          run tests/bad/params_ok.lua --set n=7 --set name=abc -o ${HF_TEST_OUT}/cli-params.h5)
hf_expect(cli.set_not_number 1 "--set n=seven: number expected"
          run tests/bad/params_ok.lua --set n=seven --set name=abc -o ${HF_TEST_OUT}/cli-params-bad.h5)

# the XML written by `platform --xml` runs as a --platform of its own
add_test(NAME cli.xml_round_trip
         COMMAND bash -c [[
           xml=$2/cli-round-trip.xml; out=$2/cli-round-trip.h5; rm -f "$xml" "$out"
           "$1" platform platforms/quickstart.lua --xml "$xml" || { echo "FAIL: platform exit $?"; exit 1; }
           log=$("$1" run --platform "$xml" --workflow workloads/quickstart.lua -o "$out" --force 2>&1) \
             || { echo "FAIL: run exit $?"; echo "$log"; exit 1; }
           grep -qF gpu-gpu1 <<<"$log" || { echo "FAIL: no gpu-gpu1 in run output"; echo "$log"; exit 1; }
         ]] cli.xml_round_trip $<TARGET_FILE:hetflow> ${HF_TEST_OUT}
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.xml_round_trip PROPERTIES TIMEOUT 120 LABELS expect)

# export: a run's timeline as trace-event JSON (valid JSON with the task slices) and its tables.
add_test(NAME cli.export
         COMMAND bash -c "set -e; H=$<TARGET_FILE:hetflow>; O=${HF_TEST_OUT}/cli-export; rm -rf $O; mkdir -p $O
                          $H run tests/scenarios/chain2.lua -q -o $O/c.h5
                          $H export $O/c.h5 --trace $O/trace.json --csv $O/csv
                          /usr/bin/python3 -c \"import json,sys; ev=json.load(open('$O/trace.json'))['traceEvents']; x=[e for e in ev if e.get('ph')=='X' and e['name']=='t2']; assert len(x)==1 and x[0]['ts']==2502000 and x[0]['dur']==3000000, x\"
                          grep -q '^t1,' $O/csv/tasks.csv
                          grep -qx 'task,endpoint,resource,cold,redeployed,submit,start,latency,overhead,pull,init,compile' $O/csv/invocations.csv
                          test $(wc -l < $O/csv/invocations.csv) -eq 1
                          grep -q ',direct,0,0,0,0,0,0,0,0,0,0,0$' $O/csv/summary.csv
                          grep -qx 'site,pue,intensity,energy,emissions,embodied' $O/csv/carbon.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.export PROPERTIES TIMEOUT 60 LABELS expect)
hf_expect(cli.export_usage 2 "give --trace and/or --csv" export tests/bad/not_results.h5)
hf_expect(cli.export_not_results 1 "is not a hetflow results file" export tests/bad/not_results.h5 --csv ${HF_TEST_OUT}/x)

# dag --stats on the quickstart workflow (4 members), counted by hand:
#   depth 4: ingest -> simulate -> analyze -> report
#   width 8: level 2 holds features1..4 and simulate1..4
#   edges 20: 4 x (ingest->features, ingest->simulate, features->analyze, simulate->analyze,
#             analyze->report)
#   work (the CPU variant where a task has one): ingest 320G + 4 x 960G (features)
#         + 4 x 19.4T (simulate) + 4 x 320G (analyze) + report 1 s x 40G = 83.08 Tflop
#   critical path: 0.32 + 19.4 + 0.32 + 0.04 = 20.08 Tflop
hf_expect(cli.dag_stats_depth 0 "depth          4" dag workloads/quickstart.lua)
hf_expect(cli.dag_stats_width 0 "width          8" dag workloads/quickstart.lua)
# one component: every task hangs off ingest
hf_expect(cli.dag_stats_components 0 "components     1" dag workloads/quickstart.lua)
hf_expect(cli.dag_stats_edges 0 "edges          20" dag workloads/quickstart.lua --stats)
hf_expect(cli.dag_stats_work 0 "total work     83080000000000 flop" dag workloads/quickstart.lua)
hf_expect(cli.dag_stats_critical 0 "critical path  20080000000000 flop" dag workloads/quickstart.lua)
# the same DAG exported to DOT and loaded back keeps its shape and work
add_test(NAME cli.dag_dot_roundtrip
         COMMAND bash -c "set -e; H=$<TARGET_FILE:hetflow>; O=${HF_TEST_OUT}
                          $H dag workloads/quickstart.lua --dot $O/q.dot --graphml $O/q.graphml --force
                          $H dag $O/q.dot | grep -q 'critical path  20080000000000 flop'
                          $H dag $O/q.dot | grep -q 'depth          4'
                          grep -q '<graphml' $O/q.graphml"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.dag_dot_roundtrip PROPERTIES TIMEOUT 60 LABELS expect)
hf_expect(cli.dag_usage 2 "no workflow given" dag)
hf_expect(cli.dag_bad 1 "cycle" dag tests/data/dot/cycle.dot)

# export says what it wrote: one line per output, with counts the test takes from the files
# themselves (slices of category task and transfer in the trace, data rows of each CSV).
add_test(NAME cli.export_message
         COMMAND bash -c [[
           set -u; H=$1; O=$2/cli-export-message; rm -rf "$O"; mkdir -p "$O"
           "$H" run tests/scenarios/serverless_gpu_join.lua -q -o "$O/r.h5" || { echo "FAIL: run exit $?"; exit 1; }
           got=$("$H" export "$O/r.h5" --trace "$O/t.json" --csv "$O/csv") || { echo "FAIL: export exit $?"; exit 1; }
           n() { local k; k=$(/usr/bin/python3 -c "import json,sys; print(sum(1 for e in json.load(open(sys.argv[1]))['traceEvents'] if e.get('ph') == 'X' and e.get('cat') == sys.argv[2]))" "$O/t.json" "$1"); echo "$k $2$([ "$k" = 1 ] || echo s)"; }
           rows() { local k=$(( $(wc -l < "$O/csv/$1.csv") - 1 )); echo "$1.csv $k row$([ $k = 1 ] || echo s)"; }
           want="wrote $O/t.json (Chrome/Perfetto trace-event JSON): $(n task task), $(n transfer transfer)
wrote $O/csv/ (CSV): $(rows tasks), $(rows resources), $(rows transfers), $(rows invocations), $(rows carbon), $(rows summary)"
           [ "$got" = "$want" ] || { printf 'FAIL: export printed\n%s\nexpected\n%s\n' "$got" "$want"; exit 1; }
           grep -q "3 rows, resources.csv 3 rows" <<<"$got" || { echo "FAIL: counts: $got"; exit 1; }
         ]] cli.export_message $<TARGET_FILE:hetflow> ${HF_TEST_OUT}
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.export_message PROPERTIES TIMEOUT 60 LABELS expect)

# platform shows memory in the unit it is a whole multiple of: 256GiB (274877906944 B) is
# "256 GiB", not "274.9 GB"; the catalog's 40GB stays "40 GB"; 1.5GiB is "1.5 GiB"; a size that
# is neither (1000000001 B) is rounded and followed by its byte count.
hf_expect(cli.platform_memory_gib 0 "node cpu-1                 32 cores x 40 Gflop/s, 256 GiB, NIC"
          platform platforms/quickstart.lua)
hf_expect(cli.platform_memory_gb 0 "A100-40GB (108 SMs) 9.7 Tflop/s, 40 GB, PCIe" platform platforms/quickstart.lua)
hf_expect(cli.platform_memory_fraction 0 "node bin                    1 cores x 1 Gflop/s, 1.5 GiB, NIC"
          platform tests/data/platform_memory.lua)
hf_expect(cli.platform_memory_bytes 0 "node odd                    1 cores x 1 Gflop/s, 1 GB (1000000001 B), NIC"
          platform tests/data/platform_memory.lua)

# a platform of 112,000 MIG instances (tests/data/mig_many.lua): its XML has one PCIe link per
# physical GPU (16,000), written in well under the timeout (under a second; a search of all
# earlier resources per instance took half a minute)
add_test(NAME cli.platform_xml_mig_many
         COMMAND bash -c [[
           n=$("$1" platform tests/data/mig_many.lua --xml - | grep -c '<link id="[^"]*-pcie"')
           [ "$n" = 16000 ] || { echo "FAIL: $n PCIe links, expected 16000"; exit 1; }
         ]] cli.platform_xml_mig_many $<TARGET_FILE:hetflow>
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(cli.platform_xml_mig_many PROPERTIES TIMEOUT 15 LABELS expect)
