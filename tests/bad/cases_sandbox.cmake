# cases_sandbox.cmake: --sandbox holds whatever the scenario replaces, bounds what it may use,
# lets its own helpers load, and os.exit is an error everywhere (docs/reliability.md).
set(sb_out ${HF_TEST_OUT}/sandbox)
file(MAKE_DIRECTORY ${sb_out})

# the checks are C closures: replacing error, type, tostring, string.* turns nothing off
# (each of these wrote outside the result directory before)
foreach(what write append remove rename output xml)
  if(what STREQUAL "remove")
    set(verb "removing '/tmp/hetflow-sandbox-globals-remove'")
  elseif(what STREQUAL "rename")
    set(verb "renaming '/tmp/hetflow-sandbox-globals-a'")
  elseif(what STREQUAL "output")
    set(verb "writing '/tmp/hetflow-sandbox-globals-output'")
  elseif(what STREQUAL "xml")
    set(verb "writing '/tmp/hetflow-sandbox-globals.xml'")
  else()
    set(verb "writing '/tmp/hetflow-sandbox-globals'")
  endif()
  hf_expect(bad.sandbox_globals_${what} 1 "sandbox: ${verb} is not allowed (only under"
            run tests/bad/sandbox_globals.lua --sandbox --set via=error --set what=${what}
            -o ${sb_out}/globals-${what}.h5)
endforeach()
foreach(via find tostring all)
  hf_expect(bad.sandbox_globals_via_${via} 1
            "sandbox: writing '/tmp/hetflow-sandbox-globals' is not allowed (only under"
            run tests/bad/sandbox_globals.lua --sandbox --set via=${via} --set what=write
            -o ${sb_out}/globals-via-${via}.h5)
endforeach()
hf_expect(bad.sandbox_globals_via_type 1
          "sandbox: writing '/tmp/hetflow-sandbox-globals-output' is not allowed (only under"
          run tests/bad/sandbox_globals.lua --sandbox --set via=type --set what=output
          -o ${sb_out}/globals-via-type.h5)

# limits: each with its option's name, the scenario's line where Lua code ran
hf_expect(bad.sandbox_instructions 1
          "sandbox_limits.lua:8: sandbox: instruction limit of 10000000 reached (--sandbox-instructions)"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-instructions 1e7 --set what=loop
          -o ${sb_out}/instructions.h5)
# a scenario that catches the limit's error cannot go on: the limit is sticky
hf_expect(bad.sandbox_instructions_caught 1
          "sandbox: instruction limit of 10000000 reached (--sandbox-instructions)"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-instructions 1e7 --set what=caught
          -o ${sb_out}/caught.h5)
hf_expect(bad.sandbox_memory 1
          "sandbox: memory limit of 64 MiB of Lua heap reached (--sandbox-memory): tests/bad/sandbox_limits.lua: not enough memory"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-memory 64MiB --set what=grow
          -o ${sb_out}/memory.h5)
hf_expect(bad.sandbox_time 1 "sandbox_limits.lua:8: sandbox: time limit of 1 s reached (--sandbox-time)"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-instructions 0 --sandbox-time 1s
          --set what=loop -o ${sb_out}/time.h5)
hf_expect(bad.sandbox_time_in_c 1
          "sandbox_limits.lua: sandbox: time limit of 1 s reached (--sandbox-time) while the simulation or a C function ran"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-time 1s --set what=cfind
          -o ${sb_out}/time-c.h5)
# the limit options need --sandbox and take a size, a time, a whole number
hf_expect(bad.sandbox_limit_needs_sandbox 2 "--sandbox-memory applies with --sandbox"
          run tests/bad/sandbox_limits.lua --sandbox-memory 1GiB -o ${sb_out}/needs.h5)
hf_expect(bad.sandbox_limit_bad_time 2 "--sandbox-time 5 parsecs: a time (e.g. 30s) expected, 0 for no limit"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-time "5 parsecs" -o ${sb_out}/bad-time.h5)
hf_expect(bad.sandbox_limit_bad_instructions 2
          "--sandbox-instructions 1.5: a whole number (e.g. 1e9) expected, 0 for no limit"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-instructions 1.5 -o ${sb_out}/bad-n.h5)
hf_expect(bad.sandbox_limit_bad_memory 2 "--sandbox-memory -1MB: a size (e.g. 512MiB) expected"
          run tests/bad/sandbox_limits.lua --sandbox --sandbox-memory -1MB -o ${sb_out}/bad-m.h5)

# os.exit: an error, sandboxed or not, in a scenario or in a policy (it aborted inside SimGrid)
hf_expect(bad.sandbox_os_exit 1 "sandbox_limits.lua:17: os.exit is not allowed in a hetflow scenario or policy"
          run tests/bad/sandbox_limits.lua --sandbox --set what=exit -o ${sb_out}/exit.h5)
hf_expect(bad.os_exit_scenario 1 "sandbox_limits.lua:17: os.exit is not allowed in a hetflow scenario or policy"
          run tests/bad/sandbox_limits.lua --set what=exit -o ${sb_out}/exit-plain.h5)
hf_expect(bad.os_exit_policy 1 "policy error for task 't1': tests/bad/sandbox_os_exit_policy.lua:7: os.exit is not allowed"
          run tests/bad/sandbox_os_exit_policy.lua -o ${sb_out}/exit-policy.h5)
hf_expect(bad.sandbox_os_exit_policy 1 "policy error for task 't1': tests/bad/sandbox_os_exit_policy.lua:7: os.exit is not allowed"
          run tests/bad/sandbox_os_exit_policy.lua --sandbox -o ${sb_out}/exit-policy-sb.h5)

# the scenario's own helpers: load, dofile, loadfile and require work (globals visible), and a
# required module is confined like the scenario
hf_expect(bad.sandbox_modules_ok 0 "modules ok"
          run tests/bad/sandbox_modules.lua --sandbox --force -o ${sb_out}/modules.h5)
hf_expect(bad.sandbox_module_escape 1
          "sandbox_mod.lua:5: sandbox: writing '/tmp/hetflow-sandbox-module-escape' is not allowed"
          run tests/bad/sandbox_modules.lua --sandbox --set what=escape -o ${sb_out}/module-escape.h5)
# results/fig4/fig4.lua (dofile of a workload module that uses pairs) runs sandboxed
hf_expect(bad.sandbox_fig4 0 "decomposed_hha,"
          run results/fig4/fig4.lua --sandbox --force -o ${sb_out}/fig4.h5)
# memory running out while hetflow builds a Lua policy's arguments in C (issue 14's last
# unprotected call into Lua): the policy's error, exit 1 (was a crash across SimGrid actors, 134)
hf_expect(bad.sandbox_policy_args_memory 1 "memory limit of 1.3 MB of Lua heap reached (--sandbox-memory): tests/bad/sandbox_policy_mem.lua:8: policy error for task 't1': not enough memory"
          run tests/bad/sandbox_policy_mem.lua --sandbox --sandbox-memory 1.3MB -q
          -o ${HF_TEST_OUT}/sb_pmem.h5 --force)
