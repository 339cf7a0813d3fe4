# cases_writes.cmake: the write rule (docs/reliability.md, "Writes") as single commands: an input
# is never an output (whatever the spelling, --force or not), a directory is never replaced, an
# existing file needs --force, for every command that writes. Sequences (FIFOs, devices, races,
# signals, disk full, damaged files): tests/hard/writes.sh.
hf_expect(bad.writes_run_output_dir 1
          "cannot write results to 'tests/bad': it is a directory; hetflow writes only regular files"
          run lua/examples/quickstart.lua -q --output tests/bad --force) # not -o: expect.sh removes -o
# (an input as -o of run: in tests/hard/writes.sh, since expect.sh removes the -o path first)
hf_expect(bad.writes_platform_xml_input 1
          "cannot write 'tests/bad/ok_platform.lua': it is the input 'tests/bad/ok_platform.lua'; an input is never overwritten (with --force too)"
          platform tests/bad/ok_platform.lua --xml tests/bad/ok_platform.lua --force)
hf_expect(bad.writes_dag_dot_input 1
          "cannot write './tests/bad/ok_workflow.lua': it is the input 'tests/bad/ok_workflow.lua'"
          dag tests/bad/ok_workflow.lua --dot ./tests/bad/ok_workflow.lua --force)
hf_expect(bad.writes_dag_graphml_input 1 "it is the input 'tests/bad/ok_workflow.lua'"
          dag tests/bad/ok_workflow.lua --graphml tests/bad/ok_workflow.lua)
hf_expect(bad.writes_export_trace_input 1
          "cannot write 'tests/data/results-v1-pre-serverless.h5': it is the input"
          export tests/data/results-v1-pre-serverless.h5
          --trace tests/data/results-v1-pre-serverless.h5 --force)
hf_expect(bad.writes_export_trace_exists 1
          "'tests/bad/ok_platform.lua' exists: give --force to overwrite it, or another --trace"
          export tests/data/results-v1-pre-serverless.h5 --trace tests/bad/ok_platform.lua)
hf_expect(bad.writes_export_csv_file 1
          "cannot write CSV files to 'tests/bad/ok_platform.lua': it exists and is not a directory"
          export tests/data/results-v1-pre-serverless.h5 --csv tests/bad/ok_platform.lua --force)
hf_expect(bad.writes_platform_xml_exists 1
          "'tests/bad/calib_len.lua' exists: give --force to overwrite it, or another --xml"
          platform tests/bad/ok_platform.lua --xml tests/bad/calib_len.lua)
