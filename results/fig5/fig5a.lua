-- fig5a.lua: one launch of each nano-LAMMPS kernel (workloads/nano_lammps.lua) on an H100-80GB
-- MPS client of share `share`, alone on its GPU; prints "share,kernel,seconds" lines (launch
-- overhead included). results/fig5/run.sh runs it for shares 0.1 to 1.
--   hetflow run results/fig5/fig5a.lua --set share=0.2 [--set atoms=32000]
local hetflow = require("hetflow")
local lammps = dofile("workloads/nano_lammps.lua")
local share = tonumber(hetflow.param("share", "1"))
local atoms = tonumber(hetflow.param("atoms", "32000"))
local names = { "neighbor", "initial_integrate", "pair", "final_integrate" }

local k = lammps.kernels(atoms)
local gpus, tasks, pin = {}, {}, {}
for i, name in ipairs(names) do
  gpus[i] = { model = "H100-80GB", partition = { mps = { share } } }
  local g = k[name]
  tasks[i] = { name = name, gpu = { kernels = { { flops = g.flops, bytes = g.bytes, blocks = g.blocks } } } }
  pin[name] = string.format("n-gpu%d-mps0", i - 1)
end
local r = hetflow.run {
  platform = { name = "h100x4", sites = { { name = "lab", nodes = {
    { name = "n", speed = "2Tf", nic = { bandwidth = "25GBps", latency = "2us" }, gpus = gpus } } } } },
  workflow = { name = "fig5a", tasks = tasks },
  policy = function(task, cands) return pin[task.name] end,
}
for _, name in ipairs(names) do
  local t = r:task(name)
  print(string.format("%g,%s,%.9g", share, name, t["end"] - t.start))
end
