-- fig5b.lua: `workflows` nano-LAMMPS workflows (workloads/nano_lammps.lua) on one GPU,
--   mode=concurrent: packed by hetflow.pack (first fit) as MPS clients of `share` each; each
--                    workflow starts at a time drawn uniformly in [0, jitter] (seeded: five
--                    processes never start in the same microsecond);
--   mode=serial:     one after another on the whole GPU.
-- Prints "mode,seed,makespan_s". results/fig5/run.sh runs both, the concurrent one for 20 seeds.
--   hetflow run results/fig5/fig5b.lua --set mode=concurrent [--set seed=1] [--set jitter=5ms]
--       [--set workflows=5] [--set share=0.2] [--set steps=6000] [--set atoms=32000]
--       [--set every=20] [--set host_us=10] [--set gpu=calibrated|H100-80GB|...]
--       [--set launch=4.7us] [--set bw_saturation=0.54]
-- gpu, launch and bw_saturation as in fig5a.lua.
local hetflow = require("hetflow")
local lammps = dofile("workloads/nano_lammps.lua")
local mode = hetflow.param("mode", "concurrent")
local n = tonumber(hetflow.param("workflows", "5"))
local share = tonumber(hetflow.param("share", "0.2"))
local steps = tonumber(hetflow.param("steps", "6000"))
local atoms = tonumber(hetflow.param("atoms", "32000"))
local every = tonumber(hetflow.param("every", "20"))
local host_us = tonumber(hetflow.param("host_us", "10"))
local seed = tonumber(hetflow.param("seed", "1"))
local jitter = hetflow.param("jitter", "5ms")
local model = hetflow.param("gpu", "calibrated")
local launch = hetflow.param("launch", "")
local sat = hetflow.param("bw_saturation", "")
assert(mode == "concurrent" or mode == "serial", "mode: concurrent or serial")
if model == "calibrated" then
  dofile("platforms/calibrated/h200.lua")
  model = "H200-141GB-calibrated"
end
-- the jitter as seconds ("5ms", "0", 0.005)
local units = { s = 1, ms = 1e-3, us = 1e-6 }
local jv, ju = tostring(jitter):match("^([%d%.eE+-]+)(%a*)$")
local jit = tonumber(jv) and units[ju ~= "" and ju or "s"] and tonumber(jv) * units[ju ~= "" and ju or "s"]
assert(jit and jit >= 0, "jitter: a time such as 5ms, got " .. tostring(jitter))

math.randomseed(seed)
local tasks, items = {}, {}
for i = 1, n do
  local name = "md" .. i
  local release = mode == "concurrent" and jit * math.random() or 0
  tasks[i] = lammps.task { name = name, atoms = atoms, steps = steps, every = every,
                           host_us = host_us, release = release,
                           after = mode == "serial" and i > 1 and { "md" .. (i - 1) } or nil }
  items[i] = { name = name, share = share, memory = "1GB" }
end
local gpu, pin = { model = model, mps_launch_overhead = launch ~= "" and launch or nil,
                   bw_saturation = sat ~= "" and tonumber(sat) or nil }, {}
if mode == "concurrent" then
  local place, layout = hetflow.pack { items = items, gpus = { { name = "g0", memory = "80GB" } } }
  gpu.partition = { mps = layout.g0 }
  for name, p in pairs(place) do pin[name] = "n-gpu0-mps" .. p.client end
end
local r = hetflow.run {
  platform = { name = "fig5b", sites = { { name = "lab", nodes = {
    { name = "n", speed = "2Tf", nic = { bandwidth = "25GBps", latency = "2us" }, gpus = { gpu } } } } } },
  workflow = { name = "fig5b-" .. mode, tasks = tasks },
  policy = mode == "concurrent" and function(task) return pin[task.name] end or "earliest_finish",
}
-- the makespan from the first workflow's start: the jitter before it is no work of the GPU's
local first = math.huge
for i = 1, n do first = math.min(first, r:task("md" .. i).start) end
print(string.format("%s,%d,%.9g", mode, seed, r.makespan - first))
