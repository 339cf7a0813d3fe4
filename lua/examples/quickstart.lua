-- quickstart.lua: the default scenario (make run): an ensemble study (workloads/quickstart.lua)
-- on a lab of two CPU nodes and a node with two A100 GPUs (platforms/quickstart.lua), placed by
-- a policy that you choose. Run from the repository root:
--   hetflow run lua/examples/quickstart.lua -o qs.h5 --set policy=heft [--set members=8]
-- Parameters (--set NAME=VALUE):
--   policy   a built-in policy (default earliest_finish; docs/policies.md)
--   members  ensemble members (default 4), read by workloads/quickstart.lua
--   row      true: print one line (policy, makespan, energy, bytes moved, tasks on GPUs), the
--            row of a table of runs (scripts/quickstart.sh prints one per DAG policy); header
--            true prints the table's header line before it
local hetflow = require("hetflow")

local policy = hetflow.param("policy", "earliest_finish")
local r = hetflow.run {
  platform = "platforms/quickstart.lua",
  workflow = "workloads/quickstart.lua",
  policy = policy,
}

if hetflow.param("row", false) then
  -- count the tasks that ran their GPU variant: every one is a placement decision
  local ngpu, members = 0, hetflow.param("members", 4)
  for i = 1, members do
    for _, kind in ipairs { "features", "simulate" } do
      if r:task(kind .. i).variant == "gpu" then ngpu = ngpu + 1 end
    end
  end
  if hetflow.param("header", false) then
    print(string.format("%-16s %12s %12s %11s %14s", "policy", "makespan (s)", "energy (kJ)",
                        "moved (GB)", "tasks on GPUs"))
  end
  print(string.format("%-16s %12.3f %12.2f %11.2f %14s", policy, r.makespan, r.energy / 1e3,
                      r.bytes_moved / 1e9, string.format("%d of %d", ngpu, r.ntasks)))
end
