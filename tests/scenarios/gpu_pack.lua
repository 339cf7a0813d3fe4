-- gpu_pack.lua: hetflow.pack with a Lua fit function chooses the MPS layout of two H100-80GB
-- (P = 34 Tflop/s FP64; MPS clients' launch overhead L = 4.7 us, the catalog's
-- mps_launch_overhead), and the run uses it.
--   fit = the GPU with the most free share, first on ties:
--     w1 .4 -> g0 (tie);  w2 .4 -> g1 (.6 vs 1);  w3 .2 -> g0 (.6 vs .6, tie);  w4 .6 -> g1 (.4 vs .6)
--   layout g0 = {.4, .2}, g1 = {.4, .6}: each GPU's shares add up to at most 1, so no client
--   slows another. Each task: 10 launches of {1e10 flop, 1000 blocks} (compute-bound, p = 1):
--     w1, w2 (s = .4): (4.7e-6 + 1e10 / 13.6e12) x 10 = 7.3999411764706e-3 s
--     w3 (s = .2):     (4.7e-6 + 1e10 / 6.8e12) x 10  = 1.4752882352941e-2 s
--     w4 (s = .6):     (4.7e-6 + 1e10 / 20.4e12) x 10 = 4.9489607843137e-3 s
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function most_free(item, gpus)
  local best
  for i, g in ipairs(gpus) do
    if g.free_share >= item.share - 1e-12 and (not best or g.free_share > gpus[best].free_share) then
      best = i
    end
  end
  return best
end
local items = { { name = "w1", share = 0.4 }, { name = "w2", share = 0.4 },
                { name = "w3", share = 0.2 }, { name = "w4", share = 0.6 } }
local place, layout = hetflow.pack { items = items, gpus = { { name = "g0" }, { name = "g1" } },
                                     fit = most_free }
assert(place.w1.gpu == "g0" and place.w1.client == 0 and place.w3.gpu == "g0" and place.w3.client == 1)
assert(place.w2.gpu == "g1" and place.w4.gpu == "g1" and place.w4.client == 1)
assert(#layout.g0 == 2 and layout.g0[2].share == 0.2 and #layout.g1 == 2)

local kernels = { { count = 10, flops = 1e10, blocks = 1000 } }
local tasks, pin = {}, {}
for _, it in ipairs(items) do
  table.insert(tasks, { name = it.name, gpu = { kernels = kernels } })
  pin[it.name] = "n-gpu" .. place[it.name].gpu:sub(2) .. "-mps" .. place[it.name].client
end
local r = hetflow.run {
  platform = { name = "packed", sites = { { name = "lab", nodes = {
    { name = "n", speed = "1Gf", nic = { bandwidth = "10GBps", latency = 0 }, gpus = {
      { model = "H100-80GB", partition = { mps = layout.g0 } },
      { model = "H100-80GB", partition = { mps = layout.g1 } } } } } } } },
  workflow = { tasks = tasks },
  policy = T.pin(pin),
}
T.near(r:task("w1")["end"], 7.3999411764706e-3, "w1")
T.near(r:task("w2")["end"], 7.3999411764706e-3, "w2")
T.near(r:task("w3")["end"], 1.4752882352941e-2, "w3")
T.near(r:task("w4")["end"], 4.9489607843137e-3, "w4")
