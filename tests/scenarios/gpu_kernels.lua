-- gpu_kernels.lua: kernel-sequence GPU tasks (docs/models/gpu.md) on a whole GPU and on MIG
-- instances of the catalog's A100-40GB (P = 9.7 Tflop/s FP64, W = 1555 GB/s, 108 SMs; launch
-- overhead L = 3.6 us and bandwidth saturation share 0.54 from the catalog). A MIG instance
-- has the SMs `nvidia-smi mig -lgip` lists: 3g 42, 2g 28, 1g 14 of 108. Every task is pinned; no
-- data moves.
--
-- wide: 100 launches of {1e10 flop, 1e9 B, 1000 blocks} (p = min(1, 1000/108) = 1)
--   on MIG 3g.20gb (s = 42/108, b = 4/8; b_eff = min(0.5, s / 0.54 = 0.72) = 0.5):
--     compute 1e10 / (9.7e12 x 42/108) = 2.6509572901325e-3 s, memory 1e9 / (1.555e12 x 0.5)
--     = 1.286e-3 s -> t = 3.6e-6 + 2.6509572901325e-3; x 100 = 0.26545572901325 s
--   busy: a second wide task at the same time on the neighbouring 2g.10gb instance changes
--   nothing for it (MIG instances share no SMs or memory slices); busy itself (s = 28/108,
--   b = 2/8): compute 1e10 / (9.7e12 x 28/108) = 3.9764359351988e-3 s, memory 1e9 / (1.555e12 x
--   0.25) = 2.572e-3 s -> (3.6e-6 + 3.9764359351988e-3) x 100 = 0.39800359351988 s
-- tiny: 1000 launches of {1e6 flop, 1e5 B, 10 blocks}, gap 2 us (p = 10/108)
--   on the whole GPU: s_eff = p, b_eff = min(1, p / 0.54) = 0.17147: compute 1e6 / (9.7e12 x
--   10/108) = 1.1134020618557e-6, memory 1e5 / (1.555e12 x 0.17147) = 3.75e-7 -> t = 3.6e-6 +
--   1.1134020618557e-6; + gap 2e-6 -> x 1000 = 6.7134020618557e-3 s
--   on the MIG 1g.5gb (s = 14/108 = 0.130 > p; b_eff = min(1/8, 0.17147) = 0.125, memory
--   5.14e-7 s, still below compute): the same 6.7134020618557e-3 s: flat across shares.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "10GBps", latency = 0 }
local wide = { { count = 100, flops = 1e10, bytes = 1e9, blocks = 1000 } }
local tiny = { { count = 1000, flops = 1e6, bytes = 1e5, blocks = 10, gap = "2us" } }
local r = hetflow.run {
  platform = { name = "a100s", sites = { { name = "lab", nodes = {
    { name = "whole", speed = "1Gf", nic = nic, gpus = { { model = "A100-40GB" } } },
    { name = "split", speed = "1Gf", nic = nic,
      gpus = { { model = "A100-40GB", partition = { mig = { "3g.20gb", "2g.10gb", "1g.5gb" } } } } },
  } } } },
  workflow = { tasks = {
    { name = "wide", gpu = { kernels = wide } },
    { name = "busy", gpu = { kernels = wide } },
    { name = "tiny_whole", gpu = { kernels = tiny } },
    { name = "tiny_mig", gpu = { kernels = tiny } },
  } },
  policy = T.pin { wide = "split-gpu0-mig0", busy = "split-gpu0-mig1",
                   tiny_whole = "whole-gpu0", tiny_mig = "split-gpu0-mig2" },
}
T.near(r:task("wide")["end"], 0.26545572901325, "wide on 3g.20gb")
T.near(r:task("busy")["end"], 0.39800359351988, "its busy neighbour")
T.near(r:task("tiny_whole")["end"], 6.7134020618557e-3, "tiny kernels on the whole GPU")
T.near(r:task("tiny_mig")["end"], 6.7134020618557e-3, "tiny kernels on 1g.5gb")
