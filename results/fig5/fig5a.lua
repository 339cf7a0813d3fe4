-- fig5a.lua: one launch of each nano-LAMMPS kernel (workloads/nano_lammps.lua) on an MPS
-- client of share `share`, alone on its GPU; prints "share,kernel,seconds" lines (launch
-- overhead included). results/fig5/run.sh runs it for shares 0.1 to 1.
--   hetflow run results/fig5/fig5a.lua --set share=0.2 [--set atoms=32000]
--       [--set gpu=calibrated|H100-80GB|...] [--set launch=4.7us] [--set bw_saturation=0.54]
-- gpu=calibrated (the default) is the H200 calibrated on our own measurements
-- (platforms/calibrated/h200.lua: fitted rates, launch overhead, kernel profiles); any other
-- value names a catalog model (first-order kernel counts, no profiles). launch and
-- bw_saturation override the GPU's MPS launch overhead and saturation share (sensitivity).
local hetflow = require("hetflow")
local lammps = dofile("workloads/nano_lammps.lua")
local share = tonumber(hetflow.param("share", "1"))
local atoms = tonumber(hetflow.param("atoms", "32000"))
local model = hetflow.param("gpu", "calibrated")
local launch = hetflow.param("launch", "")
local sat = hetflow.param("bw_saturation", "")
if model == "calibrated" then
  dofile("platforms/calibrated/h200.lua")
  model = "H200-141GB-calibrated"
end
local names = { "neighbor", "initial_integrate", "pair", "final_integrate" }

local k = lammps.kernels(atoms)
local gpus, tasks, pin = {}, {}, {}
for i, name in ipairs(names) do
  gpus[i] = { model = model, partition = { mps = { share } },
              mps_launch_overhead = launch ~= "" and launch or nil,
              bw_saturation = sat ~= "" and tonumber(sat) or nil }
  local g = k[name]
  tasks[i] = { name = name, gpu = { kernels = { { flops = g.flops, bytes = g.bytes,
                                                  blocks = g.blocks, name = g.name } } } }
  pin[name] = string.format("n-gpu%d-mps0", i - 1)
end
local r = hetflow.run {
  platform = { name = "fig5a", sites = { { name = "lab", nodes = {
    { name = "n", speed = "2Tf", nic = { bandwidth = "25GBps", latency = "2us" }, gpus = gpus } } } } },
  workflow = { name = "fig5a", tasks = tasks },
  policy = function(task, cands) return pin[task.name] end,
}
for _, name in ipairs(names) do
  local t = r:task(name)
  print(string.format("%g,%s,%.9g", share, name, t["end"] - t.start))
end
