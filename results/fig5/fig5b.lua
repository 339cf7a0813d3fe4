-- fig5b.lua: `workflows` nano-LAMMPS workflows (workloads/nano_lammps.lua) on one H100-80GB,
--   mode=concurrent: packed by hetflow.pack (first fit) as MPS clients of `share` each, all
--                    at once;
--   mode=serial:     one after another on the whole GPU.
-- Prints "mode,makespan_s". results/fig5/run.sh runs both.
--   hetflow run results/fig5/fig5b.lua --set mode=concurrent [--set workflows=5]
--       [--set share=0.2] [--set steps=6000] [--set atoms=32000]
local hetflow = require("hetflow")
local lammps = dofile("workloads/nano_lammps.lua")
local mode = hetflow.param("mode", "concurrent")
local n = tonumber(hetflow.param("workflows", "5"))
local share = tonumber(hetflow.param("share", "0.2"))
local steps = tonumber(hetflow.param("steps", "6000"))
local atoms = tonumber(hetflow.param("atoms", "32000"))
assert(mode == "concurrent" or mode == "serial", "mode: concurrent or serial")

local tasks, items = {}, {}
for i = 1, n do
  local name = "md" .. i
  tasks[i] = lammps.task { name = name, atoms = atoms, steps = steps,
                           after = mode == "serial" and i > 1 and { "md" .. (i - 1) } or nil }
  items[i] = { name = name, share = share, memory = "1GB" }
end
local gpu, pin = { model = "H100-80GB" }, {}
if mode == "concurrent" then
  local place, layout = hetflow.pack { items = items, gpus = { { name = "g0", memory = "80GB" } } }
  gpu.partition = { mps = layout.g0 }
  for name, p in pairs(place) do pin[name] = "n-gpu0-mps" .. p.client end
end
local r = hetflow.run {
  platform = { name = "h100", sites = { { name = "lab", nodes = {
    { name = "n", speed = "2Tf", nic = { bandwidth = "25GBps", latency = "2us" }, gpus = { gpu } } } } } },
  workflow = { name = "fig5b-" .. mode, tasks = tasks },
  policy = mode == "concurrent" and function(task) return pin[task.name] end or "earliest_finish",
}
print(string.format("%s,%.9g", mode, r.makespan))
