# cases_inputs.cmake: bad-input cases of issue 14's "inputs" part: quantities outside the ranges
# hetflow represents (docs/units.md#ranges), names with NUL bytes, --cfg and SimGrid XML preflight,
# --set names. Each must exit 1 with a message naming the field, file or option.

# Quantity ranges: sizes of 2^64 B and more wrapped in SimGrid's byte counts (a 1.9e19-byte file
# moved in 2 s), subnormals aborted SimGrid's parser (exit 134), 1e308 W gave energy inf.
hf_expect(bad.inputs_size_19EB 1 "workflow.tasks[1].outputs[1].size: '19EB' is out of range for a size (0, or 1e-09 to 2^60 B)"
          run --platform tests/bad/ok_platform.lua --workflow tests/bad/inputs_size_19EB.lua -o ${HF_TEST_OUT}/bad-inputs_size_19EB.h5)
hf_expect(bad.inputs_size_2p64_number 1 "workflow.tasks[1].outputs[1].size: 1.84467e+19 B is out of range for a size"
          run --platform tests/bad/ok_platform.lua --workflow tests/bad/inputs_size_2p64_number.lua -o ${HF_TEST_OUT}/bad-inputs_size_2p64_number.h5)
hf_expect(bad.inputs_task_memory 1 "workflow.tasks[1].memory: 1.18059e+21 B is out of range for a size"
          run --platform tests/bad/ok_platform.lua --workflow tests/bad/inputs_task_memory.lua -o ${HF_TEST_OUT}/bad-inputs_task_memory.h5)
hf_expect(bad.inputs_kernel_bytes 1 "workflow.tasks[1].gpu.kernels[1].bytes: '100EB' is out of range for a size"
          run --platform tests/bad/ok_platform.lua --workflow tests/bad/inputs_kernel_bytes.lua -o ${HF_TEST_OUT}/bad-inputs_kernel_bytes.h5)
# 1e12 s x 1e24 flop/s = 1e36 flop, over the 1e30 flop a run may simulate
hf_expect(bad.inputs_seconds_ref 1 "task 'a': cpu.seconds x reference_speed: 1e+36 flop is out of range for a flop amount (0, or 1e-09 to 1e+30 flop)"
          run --platform tests/bad/ok_platform.lua --workflow tests/bad/inputs_seconds_ref.lua -o ${HF_TEST_OUT}/bad-inputs_seconds_ref.h5)
hf_expect(bad.inputs_speed_subnormal 1 "platform.sites[1].nodes[1].speed: '1e-320f' is out of range for a speed (0, or 1e-06 to 1e+24 flop/s)"
          run --platform tests/bad/inputs_speed_subnormal.lua --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_speed_subnormal.h5)
hf_expect(bad.inputs_speed_subnormal_number 1 "platform.sites[1].nodes[1].speed: 9.99989e-321 flop/s is out of range for a speed"
          run --platform tests/bad/inputs_speed_subnormal_number.lua --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_speed_subnormal_number.h5)
hf_expect(bad.inputs_power_huge 1 "platform.sites[1].nodes[1].power.max: 1e+308 W is out of range for a power (0, or 1e-06 to 1e+09 W)"
          run --platform tests/bad/inputs_power_huge.lua --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_power_huge.h5)
hf_expect(bad.inputs_latency_subnormal 1 "platform.sites[1].nodes[1].nic.latency: 1e-310 s is out of range for a time"
          run --platform tests/bad/inputs_latency_subnormal.lua --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_latency_subnormal.h5)
hf_expect(bad.inputs_gpu_memory 1 "platform.sites[1].nodes[1].gpus[1].memory: 1.84467e+19 B is out of range for a size"
          run --platform tests/bad/inputs_gpu_memory.lua --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_gpu_memory.h5)
# WfFormat: 2e18 B is a valid JSON integer below 2^63, above 2^60
hf_expect(bad.inputs_wfformat_size 1 "inputs_wfformat_size.json: file 'big': size: 2e+18 B is out of range for a size"
          dag tests/bad/inputs_wfformat_size.json --reference-speed 1Gf)

# Names with a NUL byte (C reads "a\0x" as "a"): references to files, tasks, nodes, profiles.
foreach(c input after edge endpoint_node trace_path policy policy_pick)
  set(frag_input "task 'b': inputs[1]: a file name with a NUL byte")
  set(frag_after "workflow.tasks[2].after[1]: a task name with a NUL byte")
  set(frag_edge "workflow.edges[1][2]: a task name with a NUL byte")
  set(frag_endpoint_node "run.serverless.endpoints[1].nodes[1]: a node name with a NUL byte")
  set(frag_trace_path "run.serverless.availability: a file name with a NUL byte")
  set(frag_policy "run: policy: a name with a NUL byte")
  set(frag_policy_pick "policy error for task 'a': returned a name with a NUL byte")
  hf_expect(bad.inputs_nul_${c} 1 "${frag_${c}}"
            run tests/bad/inputs_names.lua --set case=${c} -o ${HF_TEST_OUT}/bad-inputs_nul_${c}.h5)
endforeach()
hf_expect(bad.inputs_nul_mig 1 "partition.mig[1]: a MIG profile name with a NUL byte"
          run --platform tests/bad/inputs_mig_nul.lua --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_nul_mig.h5)

# --cfg: values SimGrid takes that crashed (stack-size:1, guard-size:-5), aborted
# (maxmin/precision:1e300) or hung (surf/precision:0) a run; options hetflow does not accept.
set(HF_INPUTS_RUN run --platform tests/bad/ok_platform.lua --workflow tests/bad/ok_workflow.lua)
hf_expect(bad.inputs_cfg_stack_size 1 "--cfg=contexts/stack-size:1: contexts/stack-size must be a whole number from 256 to 1048576 (KiB), got '1'"
          ${HF_INPUTS_RUN} --cfg=contexts/stack-size:1 -o ${HF_TEST_OUT}/bad-inputs_cfg_stack_size.h5)
hf_expect(bad.inputs_cfg_guard_size 1 "--cfg=contexts/guard-size:-5: contexts/guard-size must be a whole number from 0 to 1024 (pages), got '-5'"
          ${HF_INPUTS_RUN} --cfg=contexts/guard-size:-5 -o ${HF_TEST_OUT}/bad-inputs_cfg_guard_size.h5)
hf_expect(bad.inputs_cfg_maxmin_precision 1 "--cfg=maxmin/precision:1e300: maxmin/precision must be a number from 1e-12 to 0.01"
          ${HF_INPUTS_RUN} --cfg=maxmin/precision:1e300 -o ${HF_TEST_OUT}/bad-inputs_cfg_maxmin_precision.h5)
hf_expect(bad.inputs_cfg_surf_precision 1 "--cfg=surf/precision:0: surf/precision must be a number from 1e-12 to 0.001 (seconds), got '0'"
          ${HF_INPUTS_RUN} --cfg=surf/precision:0 -o ${HF_TEST_OUT}/bad-inputs_cfg_surf_precision.h5)
hf_expect(bad.inputs_cfg_ns3 1 "--cfg=network/model:ns-3: 'ns-3' is not accepted for network/model (expected CM02, LV08"
          ${HF_INPUTS_RUN} --cfg=network/model:ns-3 -o ${HF_TEST_OUT}/bad-inputs_cfg_ns3.h5)
hf_expect(bad.inputs_cfg_nthreads 1 "--cfg=contexts/nthreads:4: option 'contexts/nthreads' is not one hetflow accepts (accepted: network/model, network/TCP-gamma,"
          ${HF_INPUTS_RUN} --cfg=contexts/nthreads:4 -o ${HF_TEST_OUT}/bad-inputs_cfg_nthreads.h5)
hf_expect(bad.inputs_cfg_unknown_lists 1 "Bad config key: no/such (hetflow accepts: network/model,"
          ${HF_INPUTS_RUN} --cfg=no/such:1 -o ${HF_TEST_OUT}/bad-inputs_cfg_unknown_lists.h5)
hf_expect(bad.inputs_cfg_factory 1 "SimGrid refused the options: Invalid context factory specified"
          ${HF_INPUTS_RUN} --cfg=contexts/factory:none -o ${HF_TEST_OUT}/bad-inputs_cfg_factory.h5)
hf_expect(bad.inputs_cfg_gamma_text 1 "network/TCP-gamma must be a number from 0 to 1e+30 (a TCP window size in bytes), got '1e31'"
          ${HF_INPUTS_RUN} --cfg=network/TCP-gamma:1e31 -o ${HF_TEST_OUT}/bad-inputs_cfg_gamma_text.h5)

# SimGrid XML platforms: values SimGrid accepted (or aborted on) are refused before it reads the
# file, naming file, line and element (sim/platform/xml_check.c).
foreach(c link_zero_bw link_neg_bw neg_latency empty_zone subnormal)
  set(frag_link_zero_bw "inputs_xml_link_zero_bw.xml:9: link 'ab': bandwidth must be positive, got '0Bps'")
  set(frag_link_neg_bw "inputs_xml_link_neg_bw.xml:9: link 'ab': bandwidth must be positive, got '-5MBps'")
  set(frag_neg_latency "inputs_xml_neg_latency.xml:8: link 'ab': latency must be 0 or more, got '-1ms'")
  set(frag_empty_zone "inputs_xml_empty_zone.xml:9: zone 'empty': has no host")
  set(frag_subnormal "inputs_xml_subnormal.xml:6: host 'a': speed: '1e-320f' is out of range for a speed")
  hf_expect(bad.inputs_xml_${c} 1 "${frag_${c}}"
            run --platform tests/bad/inputs_xml_${c}.xml --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_xml_${c}.h5)
endforeach()
hf_expect(bad.inputs_xml_platform_cmd 1 "inputs_xml_empty_zone.xml:9: zone 'empty': has no host"
          platform tests/bad/inputs_xml_empty_zone.xml)

# Minor: a --set name over 255 characters (it was cut: two such names collided), DOT node names
# with '->' (edge files 'a->b'->'c' and 'a'->'b->c' collided), a cycle message cut mid-name.
string(REPEAT "n" 300 HF_INPUTS_LONG)
hf_expect(bad.inputs_set_long_name 2 "NAME has more than 255 characters"
          run tests/bad/ok_platform.lua --set ${HF_INPUTS_LONG}=1 -o ${HF_TEST_OUT}/bad-inputs_set_long_name.h5)
hf_expect(bad.inputs_dot_arrow 1 "inputs_dot_arrow.dot: node 'a->b': a name must not contain '->'"
          dag tests/bad/inputs_dot_arrow.dot)
hf_expect(bad.inputs_cycle_many 1 "x -> (23 more) -> t40x"
          run tests/bad/inputs_cycle_long.lua --set case=many -o ${HF_TEST_OUT}/bad-inputs_cycle_many.h5)
hf_expect(bad.inputs_cycle_huge 1 "BBBBBBBB... -> a -> BBBBBBBB"
          run tests/bad/inputs_cycle_long.lua --set case=huge -o ${HF_TEST_OUT}/bad-inputs_cycle_huge.h5)
# ... and a zone holding only a router (a hierarchical platform's backbone) is accepted:
# ok_workflow's two 1 Gf tasks in a chain on the one 1 Gf host: 1 s + 1 s = 2 s
hf_expect(bad.inputs_xml_router_zone 0 "makespan     2 s"
          run --platform tests/bad/inputs_xml_router_zone.xml --workflow tests/bad/ok_workflow.lua -o ${HF_TEST_OUT}/bad-inputs_xml_router_zone.h5 --force)

# Serverless quantities as Lua numbers (they skip the unit parser): an availability event at
# 1e13 s (found by fuzz_lua_serverless), a subnormal one, a keep-alive of 1e300 s, an image of
# 2^64 B, a registry bandwidth of 1e-300 B/s (SimGrid aborted: "duration is not finite").
foreach(c event_time_huge event_time_subnormal keep_alive image_size registry_bandwidth)
  set(frag_event_time_huge "run.serverless.availability[1]: time: 1e+13 s is out of range for a time")
  set(frag_event_time_subnormal "run.serverless.availability[1]: time: 9.99989e-321 s is out of range for a time")
  set(frag_keep_alive "run.serverless.endpoints[1].keep_alive: 1e+300 s is out of range for a time")
  set(frag_image_size "workflow.functions[1].image_size: 1.84467e+19 B is out of range for a size")
  set(frag_registry_bandwidth "run.serverless.registry_bandwidth: 1e-300 B/s is out of range for a bandwidth")
  hf_expect(bad.inputs_serverless_${c} 1 "${frag_${c}}"
            run tests/bad/inputs_serverless.lua --set case=${c} -o ${HF_TEST_OUT}/bad-inputs_serverless_${c}.h5)
endforeach()

# A host's core count (SimGrid reads it with std::stoi: "1e3" became 1 core, "2.9" 2 cores, a
# count over an int an uncaught std::out_of_range): a whole number from 1 to 2^20.
foreach(c 1e3 2_9 99999999999)
  hf_expect(bad.inputs_xml_core_${c} 1 "inputs_xml_core_${c}.xml:9: host 'h': core must be a whole number from 1 to 1048576"
            platform tests/bad/inputs_xml_core_${c}.xml)
endforeach()
