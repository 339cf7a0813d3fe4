-- gpu_mig_sms.lua: a MIG instance computes at the GPU's per-SM rate times the SMs its profile
-- has (`nvidia-smi mig -lgip`; lua/hetflow/gpus.lua), not at a seventh of the GPU per slice.
-- One task of 1e12 flop (FP64) on each, alone:
--   A100-40GB 1g.5gb, 14 of 108 SMs: 1e12 / (9.7e12 x 14/108) = 0.79528718703976 s
--     (a seventh would give 0.72164948453608 s)
--   A100-40GB 7g.40gb, 98 of 108 SMs (MIG mode gives up 10): 1e12 / (9.7e12 x 98/108)
--     = 0.11361245529139 s, slower than the whole A100's 1e12 / 9.7e12 = 0.10309278350515 s
--   H100-80GB 1g.10gb, 16 of 132 SMs: 1e12 / (34e12 x 16/132) = 0.24264705882353 s
--   H100-80GB 1g.20gb, 26 of 132 SMs (one compute slice, but more SMs than 1g.10gb):
--     1e12 / (34e12 x 26/132) = 0.14932126696833 s
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "10GBps", latency = 0 }
local function node(name, model, mig)
  return { name = name, speed = "1Gf", nic = nic,
           gpus = { { model = model, partition = mig and { mig = mig } or nil } } }
end
local r = hetflow.run {
  platform = { name = "migsms", sites = { { name = "lab", nodes = {
    node("a1", "A100-40GB", { "1g.5gb" }), node("a7", "A100-40GB", { "7g.40gb" }),
    node("aw", "A100-40GB"), node("h1", "H100-80GB", { "1g.10gb", "1g.20gb" }),
  } } } },
  workflow = { tasks = {
    { name = "a1", gpu = { flops = 1e12 } }, { name = "a7", gpu = { flops = 1e12 } },
    { name = "aw", gpu = { flops = 1e12 } }, { name = "h10", gpu = { flops = 1e12 } },
    { name = "h20", gpu = { flops = 1e12 } },
  } },
  policy = T.pin { a1 = "a1-gpu0-mig0", a7 = "a7-gpu0-mig0", aw = "aw-gpu0",
                   h10 = "h1-gpu0-mig0", h20 = "h1-gpu0-mig1" },
}
T.near(r:task("a1")["end"], 0.79528718703976, "A100 1g.5gb: 14 SMs")
T.near(r:task("a7")["end"], 0.11361245529139, "A100 7g.40gb: 98 SMs")
T.near(r:task("aw")["end"], 0.10309278350515, "the whole A100")
T.near(r:task("h10")["end"], 0.24264705882353, "H100 1g.10gb: 16 SMs")
T.near(r:task("h20")["end"], 0.14932126696833, "H100 1g.20gb: 26 SMs")
