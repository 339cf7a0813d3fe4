# cases_adv.cmake: what an adversarial review of issue 14's hardening found (docs/reliability.md).
set(adv_out ${HF_TEST_OUT}/adv)
file(MAKE_DIRECTORY ${adv_out})

# --sandbox: no finalizer written in Lua (Lua runs them with hooks off, and after the clock: each
# case hung the run for ever before); file handles' and hetflow's metatables are locked
foreach(how after before)
  hf_expect(bad.adv_sandbox_gc_${how} 1
            "sandbox: a __gc metamethod is not allowed (finalizers run outside the sandbox's limits)"
            run tests/bad/adv_gc.lua --sandbox --sandbox-time 2 --sandbox-instructions 1e6
            --set how=${how} -q -o ${adv_out}/gc-${how}.h5)
endforeach()
hf_expect(bad.adv_sandbox_gc_handle 1 "adv_gc.lua:18: attempt to index a string value"
          run tests/bad/adv_gc.lua --sandbox --sandbox-time 2 --sandbox-instructions 1e6
          --set how=handle -q -o ${adv_out}/gc-handle.h5)

# --sandbox-memory below what the Lua state needs before the scenario: refused (it was Lua's
# "PANIC: unprotected error in call to Lua API (not enough memory)", exit status 134)
hf_expect(bad.adv_sandbox_memory_tiny 1 "--sandbox-memory 1 B: at least 1 MiB expected"
          run tests/scenarios/chain2.lua --sandbox --sandbox-memory 1 -q
          -o ${adv_out}/memory-tiny.h5)
hf_expect(bad.adv_sandbox_memory_tiny_direct 1 "--sandbox-memory 1048575 B: at least 1 MiB expected"
          run --platform platforms/quickstart.lua --workflow workloads/quickstart.lua --sandbox
          --sandbox-memory 1048575 -q -o ${adv_out}/memory-tiny-direct.h5)

# SimGrid XML platforms: wattage_per_state within the power range, as a Lua platform's power
# (1e308 W gave the GPU an energy of inf, nan one of nan, with exit status 0)
hf_expect(bad.adv_xml_power_huge 1
          "host 'h-gpu': property wattage_per_state: 1e+308 W is out of range for a power"
          platform tests/bad/adv_xml_power_huge.xml)
hf_expect(bad.adv_xml_power_nan 1 "host 'h-gpu': property wattage_per_state: NaN is not a power"
          platform tests/bad/adv_xml_power_nan.xml)

# export: a --trace file that is one of the CSV files of --csv is refused before anything is
# written (with --force the CSV replaced the trace just written, exit status 0; without, the
# trace was written and the CSV export failed)
hf_expect(bad.adv_export_trace_is_csv 1
          "--trace '${adv_out}/tasks.csv' is the file '${adv_out}/tasks.csv' that --csv writes"
          export tests/data/results-v1-pre-serverless.h5 --trace ${adv_out}/tasks.csv
          --csv ${adv_out} --force)
file(MAKE_DIRECTORY ${adv_out}/csv2)
hf_expect(bad.adv_export_trace_is_csv_spelled 1
          "--trace '${adv_out}/csv2/../csv2/summary.csv' is the file '${adv_out}/csv2/summary.csv' that --csv writes"
          export tests/data/results-v1-pre-serverless.h5
          --trace ${adv_out}/csv2/../csv2/summary.csv --csv ${adv_out}/csv2)
