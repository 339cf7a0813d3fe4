# hf_scenario_case(SCRIPT NAME SETTING): run scenario SCRIPT with --set SETTING as the test
# scenario.NAME (its asserts check values worked by hand in its comments).
function(hf_scenario_case script name setting)
  add_test(NAME scenario.${name}
           COMMAND $<TARGET_FILE:hetflow> run ${script} --set ${setting} -q --force
                   -o ${HF_TEST_OUT}/scenario-${name}.h5
           WORKING_DIRECTORY ${HF_ROOT})
  set_tests_properties(scenario.${name} PROPERTIES TIMEOUT 60 LABELS scenario)
endfunction()

# hetflow carbon: carbon-intensity traces read and summarised (sim/platform/carbon.c,
# docs/models/carbon.md; times, layouts and integrals worked by hand in tests/unit/test_carbon.c).
# tests/data/carbon/hourly.csv: 100, 200, 300 gCO2e/kWh hourly from 2023-01-01 00:00 UTC (a
# synthetic trace): it covers 3 h; time-weighted mean (100 + 200 + 300) / 3 = 200; between 00:30
# and 01:30, 30 min at 100 and 30 at 200: 150 (linear: 175 and 225 on average, 200).
hf_expect(carbon.summary 0 "gCO2e/kWh    min 100, mean 200 (time-weighted, step), max 300"
          carbon tests/data/carbon/hourly.csv)
hf_expect(carbon.between 0 "mean 150 gCO2e/kWh"
          carbon tests/data/carbon/hourly.csv --between "2023-01-01 00:30" "2023-01-01 01:30")
hf_expect(carbon.between_linear 0 "mean 200 gCO2e/kWh"
          carbon tests/data/carbon/hourly.csv --interpolation linear
          --between "2023-01-01 00:30" "2023-01-01 01:30")
# Electricity Maps' layout (synthetic rows): direct 250 then 350, mean 300; life cycle 300, 400
hf_expect(carbon.electricitymaps 0 "min 250, mean 300 (time-weighted, step), max 350"
          carbon tests/data/carbon/em_synthetic.csv --layout electricitymaps)
hf_expect(carbon.electricitymaps_lca 0 "min 300, mean 350 (time-weighted, step), max 400"
          carbon tests/data/carbon/em_synthetic.csv --layout electricitymaps --lifecycle)
# WattTime's layout: 1000 and 2000 lbs/MWh x 0.45359237 = 453.592 and 907.185 g/kWh, 5 minutes
hf_expect(carbon.watttime 0 "min 453.592, mean 680.389 (time-weighted, step), max 907.185"
          carbon tests/data/carbon/wt_synthetic.csv --layout watttime)
# bad traces: file and line named, exit status 1
hf_expect(bad.carbon_gap 1 "bad_gap.csv:5: a gap of 25200 s since the previous sample (line 4): at most 10800 s"
          carbon tests/data/carbon/bad_gap.csv)
hf_expect(bad.carbon_time 1 "bad_time.csv:3: time '2023-02-30 01:00:00' is not a date"
          carbon tests/data/carbon/bad_time.csv)
hf_expect(bad.carbon_unsorted 1 "bad_unsorted.csv:3: time 2023-01-01 00:00:00 is not after the previous sample's (later)"
          carbon tests/data/carbon/bad_unsorted.csv)
hf_expect(bad.carbon_nan 1 "bad_nan.csv:2: intensity 'NaN' is not a decimal number from 0 to 100000"
          carbon tests/data/carbon/bad_nan.csv)
hf_expect(bad.carbon_layout 2 "--layout eia: plain, electricitymaps or watttime expected"
          carbon tests/data/carbon/hourly.csv --layout eia)
hf_expect(bad.carbon_header 1 "em_synthetic.csv:1: no column 'point_time' in the header of a watttime trace"
          carbon tests/data/carbon/em_synthetic.csv --layout watttime)
hf_expect(bad.carbon_missing 1 "cannot read carbon trace 'tests/data/carbon/none.csv'"
          carbon tests/data/carbon/none.csv)
hf_expect(bad.carbon_outside 1 "outside tests/data/carbon/hourly.csv, which covers 2023-01-01 00:00:00 to 2023-01-01 03:00:00 UTC"
          carbon tests/data/carbon/hourly.csv --between "2023-01-01 00:30" "2023-01-01 05:00")
# A site's carbon in a platform (tests/scenarios/carbon_two_sites.lua has the run worked by
# hand). Its trace read from its start, 01:00, covers 3600 s of a 5400 s run: an error naming
# the site, and no results file.
hf_expect(bad.carbon_run_outside 1 "site 'a': its carbon trace covers simulated times -3600 to 3600 s, and the run needs 0 to 5400 s"
          run tests/scenarios/carbon_two_sites.lua --set "start=2023-06-01 01:00:00" -q --force
          -o ${HF_TEST_OUT}/carbon_outside.h5)
# the emissions read back from the results file, per site
add_test(NAME carbon.inspect
         COMMAND bash -c "set -e; $<TARGET_FILE:hetflow> run tests/scenarios/carbon_two_sites.lua -q --force -o ${HF_TEST_OUT}/carbon2.h5; $<TARGET_FILE:hetflow> inspect ${HF_TEST_OUT}/carbon2.h5 > ${HF_TEST_OUT}/carbon2.txt; grep -q 'emissions    31.5278 g CO2e' ${HF_TEST_OUT}/carbon2.txt; grep -q 'site a: 30 g, mean 166.667 gCO2e/kWh, PUE 1.5, 360000 J' ${HF_TEST_OUT}/carbon2.txt; rm -rf ${HF_TEST_OUT}/carbon2-csv; $<TARGET_FILE:hetflow> export ${HF_TEST_OUT}/carbon2.h5 --csv ${HF_TEST_OUT}/carbon2-csv > /dev/null; grep -q '^a,1.5,166.666666666666[0-9]*,360000,30' ${HF_TEST_OUT}/carbon2-csv/carbon.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(carbon.inspect PROPERTIES TIMEOUT 60 LABELS expect)
foreach(case_msg
    "type|platform.sites[1].carbon: a number (gCO2e/kWh) or a table (intensity, or trace) expected, got string"
    "negative|platform.sites[1].carbon: carbon intensity -3 gCO2e/kWh (a number from 0 to 100000 expected)"
    "pue|platform.sites[1].pue: a number from 1 to 10 expected, got 0.9"
    "pue_alone|platform.sites[1].pue: given without carbon"
    "both|platform.sites[1].carbon: intensity (a constant) or trace (a CSV file) expected, one of them"
    "neither|platform.sites[1].carbon: intensity (a constant) or trace (a CSV file) expected, one of them"
    "key|platform.sites[1].carbon: unknown key 'intensty'"
    "trace|platform.sites[1].carbon.trace: tests/data/carbon/bad_gap.csv:5: a gap of 25200 s"
    "missing|platform.sites[1].carbon.trace: cannot read carbon trace 'tests/data/carbon/none.csv'"
    "layout|platform.sites[1].carbon.layout: plain, electricitymaps or watttime expected, got 'eia'"
    "start|platform.sites[1].carbon.start: '2024-01-01 00:00' is outside the trace"
    "start_text|platform.sites[1].carbon.start: a date (YYYY-MM-DD HH:MM[:SS], UTC) expected, got 'soon'"
    "lifecycle|platform.sites[1].carbon.lifecycle: applies to layout electricitymaps"
    "const_layout|platform.sites[1].carbon: layout, interpolation, start and forecast_trace go with trace"
    "forecast|platform.sites[1].carbon.forecast_error: a relative error from 0 to 10 expected, got -0.1"
    "forecast_type|platform.sites[1].carbon.forecast_error: a number expected, got string"
    "forecast_const|platform.sites[1].carbon: layout, interpolation, start and forecast_trace go with trace"
    "forecast_bad|platform.sites[1].carbon.forecast_trace: tests/data/carbon/bad_nan.csv:2:"
    "embodied_nocarbon|platform.sites[1].nodes[1].embodied: site 'a' states no carbon (embodied emissions are reported with its operational ones: give the site a carbon intensity)"
    "embodied_kg|platform.sites[1].nodes[1].embodied.kg: kg CO2e, a number from 0 to 1e+07 expected"
    "embodied_years|platform.sites[1].nodes[1].embodied.years: a number of years from 0.1 to 100 expected"
    "embodied_missing|platform.sites[1].nodes[1].embodied.years: a number of years from 0.1 to 100 expected"
    "embodied_key|platform.sites[1].nodes[1].embodied: unknown key 'tonnes'"
    "embodied_type|platform.sites[1].nodes[1].embodied: a table { kg = ..., years = ... } expected, got number"
    "embodied_gpu|platform.sites[1].nodes[1].gpus[1].embodied.kg: kg CO2e, a number from 0 to 1e+07 expected")
  string(REPLACE "|" ";" parts "${case_msg}")
  list(GET parts 0 case)
  list(GET parts 1 msg)
  hf_expect(bad.carbon_site_${case} 1 "${msg}"
            run tests/bad/carbon_site.lua --set case=${case} -q --force -o ${HF_TEST_OUT}/cb.h5)
endforeach()
# a Lua policy sees each candidate's grid intensity now (tests/scenarios/carbon_policy.lua)
hf_scenario_case(tests/scenarios/carbon_policy.lua carbon_policy_lua policy=lua)
hf_expect(bad.carbon_between_order 2 "--between 2023-01-01 01:30: two dates, the first earlier"
          carbon tests/data/carbon/hourly.csv --between "2023-01-01 01:30" "2023-01-01 00:30")

# the weighted carbon policy: each case of tests/scenarios/carbon_weighted.lua, worked by hand
# there (the default case runs as scenario.carbon_weighted)
foreach(case carbon0 finish0 reordered latency carbon_latency carbon_half_latency lua_serverless
        lua_direct)
  hf_scenario_case(tests/scenarios/carbon_weighted.lua carbon_weighted_${case} case=${case})
endforeach()
# a built-in's parameters: "name:key=value,..." (hetflow run --policy, or the policy string)
foreach(case_msg
    "carbon_weighted:wind=1|policy 'carbon_weighted': unknown parameter 'wind' (known: carbon, finish, latency)"
    "carbon_weighted:carbon=1,carbon=2|policy 'carbon_weighted': parameter 'carbon' given twice"
    "carbon_weighted:carbon=-1|policy 'carbon_weighted': parameter 'carbon': a number from 0 to 1e12 expected, got '-1'"
    "carbon_weighted:finish=nan|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got 'nan'"
    "carbon_weighted:finish=inf|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got 'inf'"
    "carbon_weighted:finish=0x10|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got '0x10'"
    "carbon_weighted:finish=|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got ''"
    "carbon_weighted:finish=1x|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got '1x'"
    "carbon_weighted:finish=1e13|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got '1e13'"
    "carbon_weighted:finish= 1|policy 'carbon_weighted': parameter 'finish': a number from 0 to 1e12 expected, got ' 1'"
    "carbon_weighted:|policy 'carbon_weighted': parameters expected after ':' (known: carbon, finish, latency)"
    "carbon_weighted:carbon|policy 'carbon_weighted': parameter 'carbon': key=value expected"
    "carbon_weighted:carbon=1,|policy 'carbon_weighted': a parameter after the last comma expected"
    "carbon_weighted:,carbon=1|policy 'carbon_weighted': parameter '': key=value expected"
    "heft:carbon=1|policy 'heft' takes no parameters, got 'carbon=1'"
    "carbon_weighte:carbon=1|unknown policy 'carbon_weighte' (known: ")
  string(REPLACE "|" ";" parts "${case_msg}")
  list(GET parts 0 spec)
  list(GET parts 1 msg)
  string(MAKE_C_IDENTIFIER "${spec}" id)
  hf_expect(bad.policy_params_${id} 1 "${msg}"
            run --platform tests/bad/ok_platform.lua --workflow tests/bad/ok_workflow.lua
            --policy "${spec}" -q --force -o ${HF_TEST_OUT}/bad-policy-params.h5)
endforeach()
# a forecast trace: read ahead of now by policies (tests/scenarios/carbon_forecast_trace.lua;
# its default case runs as scenario.carbon_forecast_trace)
hf_scenario_case(tests/scenarios/carbon_forecast_trace.lua carbon_forecast_trace_deadline
                 case=deadline)
# the shipped EIA-930 traces are derive.sh's output; one hour by hand; derive.sh's errors
add_test(NAME carbon.eia930_derive
         COMMAND bash tests/eia930_derive.sh $<TARGET_FILE:hetflow>
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(carbon.eia930_derive PROPERTIES TIMEOUT 120 LABELS expect)
# Figure 3's pipeline on its first 72 minutes (results/fig3/README.md): every policy runs the
# same invocations; the grids then rank CISO < LDWP < MISO every hour (platforms/carbon/
# eia930/ciso-, ldwp-, miso-2023-06.csv from 2023-06-11 00:00: 190 < 378 < 479, then 204 < 437
# < 476), so carbon_min puts every invocation on Milpitas and earliest_finish (the nearest
# endpoint when all are idle) most of them on Council Bluffs
add_test(NAME results.fig3_smoke
         COMMAND bash tests/fig3_smoke.sh $<TARGET_FILE:hetflow> ${HF_TEST_OUT}/fig3-smoke
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(results.fig3_smoke PROPERTIES TIMEOUT 300 LABELS results)
# carbon_deadline: each case of tests/scenarios/carbon_deadline.lua, worked by hand there
foreach(case noslack deadline8000 deadline7000 hugeslack margin coverage serverless taskslack)
  hf_scenario_case(tests/scenarios/carbon_deadline.lua carbon_deadline_${case} case=${case})
endforeach()
hf_expect(bad.carbon_deadline_toomany 1 "policy 'carbon_deadline': task 't1' may start over 200000 s, more than 100000 starts 1 s apart to weigh: give a larger step"
          run tests/scenarios/carbon_deadline.lua --set case=toomany -q --force
          -o ${HF_TEST_OUT}/carbon_deadline_toomany.h5)
hf_expect(bad.carbon_deadline_step0 1 "policy 'carbon_deadline': parameter 'step' must be at least 1 s"
          run tests/scenarios/carbon_deadline.lua --set case=step0 -q --force
          -o ${HF_TEST_OUT}/carbon_deadline_step0.h5)
# the deferral counts read back from the results file and exported
add_test(NAME carbon.deferrals_inspect
         COMMAND bash -c "set -e; $<TARGET_FILE:hetflow> run tests/scenarios/carbon_deadline.lua -q --force -o ${HF_TEST_OUT}/cdl.h5; $<TARGET_FILE:hetflow> inspect ${HF_TEST_OUT}/cdl.h5 | grep -q 'deferrals    2 (12600 s held by the policy)'; rm -rf ${HF_TEST_OUT}/cdl-csv; $<TARGET_FILE:hetflow> export ${HF_TEST_OUT}/cdl.h5 --csv ${HF_TEST_OUT}/cdl-csv > /dev/null; grep -q ',2,12600,0$' ${HF_TEST_OUT}/cdl-csv/summary.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(carbon.deferrals_inspect PROPERTIES TIMEOUT 60 LABELS expect)
# results/fig3/README.md quotes out/summary.txt and out/sensitivity.md verbatim (the full runs
# take minutes: run.sh and sensitivity.sh regenerate them)
add_test(NAME results.fig3_readme
         COMMAND bash -c "set -e; R=results/fig3/README.md; diff <(sed -n '/^\\$ cat results\\/fig3\\/out\\/summary.txt$/,/^```$/p' $R | sed '1d;$d') results/fig3/out/summary.txt; grep -qxFf results/fig3/out/sensitivity.md $R; test $(grep -cxFf results/fig3/out/sensitivity.md $R) -eq $(wc -l < results/fig3/out/sensitivity.md)"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(results.fig3_readme PROPERTIES TIMEOUT 60 LABELS results)
# fig3.lua's settings are checked before a million tasks are made
hf_expect(bad.fig3_days 1 "fig3: --set days: more than 0 and at most 8 (the traces cover 9)"
          run results/fig3/fig3.lua --set days=0 -q --force -o ${HF_TEST_OUT}/fig3-bad.h5)
hf_expect(bad.fig3_traces 1 "fig3: --set traces: no /nonexistent/ciso-2023-06.csv"
          run results/fig3/fig3.lua --set traces=/nonexistent -q --force -o ${HF_TEST_OUT}/fig3-bad.h5)
hf_expect(bad.fig3_rho 1 "fig3: --set rho: the share of cores busy, more than 0 and at most 1"
          run results/fig3/fig3.lua --set rho=-1 -q --force -o ${HF_TEST_OUT}/fig3-bad.h5)
# a file written before embodied emissions (/carbon without its embodied column, no
# /summary@embodied: made by hetflow at e2034e9 from tests/scenarios/carbon_two_sites.lua) is
# read with embodied 0
add_test(NAME carbon.read_pre_embodied
         COMMAND bash -c "set -e; H=$<TARGET_FILE:hetflow>; F=tests/data/results-v2-pre-embodied.h5; $H inspect $F > ${HF_TEST_OUT}/pre-emb.txt; grep -q 'site a: 30 g, mean 166.667 gCO2e/kWh, PUE 1.5, 360000 J$' ${HF_TEST_OUT}/pre-emb.txt; ! grep -q embodied ${HF_TEST_OUT}/pre-emb.txt; rm -rf ${HF_TEST_OUT}/pre-emb; $H export $F --csv ${HF_TEST_OUT}/pre-emb > /dev/null; grep -q '^a,1.5,166.666666666666[0-9]*,360000,30[0-9.]*,0$' ${HF_TEST_OUT}/pre-emb/carbon.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(carbon.read_pre_embodied PROPERTIES TIMEOUT 60 LABELS expect)
# SimGrid XML cannot carry carbon or embodied emissions: writing it says so
hf_expect(carbon.xml_note 0 "hetflow: note: SimGrid XML has no carbon, PUE or embodied emissions"
          platform tests/data/carbon/platform_embodied.lua --xml -)
hf_expect(bad.carbon_pileup 1 "and the run needs 0 to 16800 s (move its start, or give a longer trace); 10 tasks were held by the policy: give less slack, or a longer trace"
          run tests/bad/carbon_pileup.lua -q --force -o ${HF_TEST_OUT}/carbon_pileup.h5)
