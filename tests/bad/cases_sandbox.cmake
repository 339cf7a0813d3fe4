# cases_sandbox.cmake: os.exit is an error everywhere (docs/reliability.md).
set(sb_out ${HF_TEST_OUT}/sandbox)
file(MAKE_DIRECTORY ${sb_out})

# os.exit: an error, in a scenario or in a policy (it aborted inside SimGrid)
hf_expect(bad.os_exit_scenario 1 "sandbox_limits.lua:17: os.exit is not allowed in a hetflow scenario or policy"
          run tests/bad/sandbox_limits.lua --set what=exit -o ${sb_out}/exit-plain.h5)
hf_expect(bad.os_exit_policy 1 "policy error for task 't1': tests/bad/sandbox_os_exit_policy.lua:7: os.exit is not allowed"
          run tests/bad/sandbox_os_exit_policy.lua -o ${sb_out}/exit-policy.h5)
