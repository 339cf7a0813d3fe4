-- gpu_mps.lua: MPS clients share one device (docs/models/gpu.md#mps-clients). A100-40GB from
-- the catalog: P = 9.7 Tflop/s, W = 1555 GB/s, 108 SMs, MPS clients' launch overhead L = 4.7 us
-- (mps_launch_overhead), bandwidth saturation share sat = 0.54.
--
-- GPU "even", clients at 0.5 and 0.5: a and b each run 10 launches of {1e10 flop, 1000 blocks}
--   (compute-bound, p = 1, s_eff = 0.5), bounded at 0.5 P each: together they fit in P, so each
--   launch takes L + 1e10 / (0.5 x 9.7e12) = 4.7e-6 + 2.0618556701031e-3 s, x 10
--   = 0.020665556701031 s for both: they finish together. c reads a's output on the same device:
--   nothing moves, it starts when b frees its client (0.020665556701031) and computes 1e12 flop
--   at 0.5 P: + 0.20618556701031 = 0.22685112371134 s.
-- GPU "over", three clients at 0.5 (150 %): three identical sequences in lock-step share P,
--   each at P / 3: busy 2.0618556701031e-3 x 1.5 = 3.0927835051546e-3 s per launch;
--   (4.7e-6 + 3.0927835051546e-3) x 10 = 0.030974835051546 s each.
-- GPU "mem", clients at 0.5 and 0.5, memory-bound launches {1e6 flop, 1e10 B, 1000 blocks}: MPS
--   shares bandwidth (b = 1) but a client's SMs cap what it draws: b_eff = min(1, 0.5 / 0.54)
--   = 0.92593; alone a launch is L + 1e10 / (1.555e12 x 0.92593) = 4.7e-6 + 6.9453376205788e-3,
--   bounded at 0.92593 of the device; two at once ask 1.85 of it and get half each: the same
--   work, 6.4308681672026e-3 s of the whole device, at 0.5: busy 1.2861736334405e-2;
--   (4.7e-6 + 1.2861736334405e-2) x 10 = 0.12866436334405 s each.
--   Energy: a launch keeps the whole device busy for 6.4308681672026e-3 s of own work, at
--   (400 - 50) W of dynamic power (catalog A100): m1 = 350 x 10 x 6.4308681672026e-3
--   = 22.508038585209 J, and m2 the same: the device's dynamic energy over the 0.1286 s the
--   two kept it busy, split between them.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "10GBps", latency = 0 }
local function gpu(shares) return { { model = "A100-40GB", partition = { mps = shares } } } end
local wide = { { count = 10, flops = 1e10, blocks = 1000 } }
local mem = { { count = 10, flops = 1e6, bytes = 1e10, blocks = 1000 } }
local r = hetflow.run {
  platform = { name = "mps", sites = { { name = "lab", nodes = {
    { name = "even", speed = "1Gf", nic = nic, gpus = gpu { 0.5, 0.5 } },
    { name = "over", speed = "1Gf", nic = nic, gpus = gpu { 0.5, 0.5, 0.5 } },
    { name = "mem", speed = "1Gf", nic = nic, gpus = gpu { 0.5, { share = 0.5, memory = "8GB" } } },
  } } } },
  workflow = { tasks = {
    { name = "a", gpu = { kernels = wide }, outputs = { { name = "fa", size = "1GB" } } },
    { name = "b", gpu = { kernels = wide } },
    { name = "c", gpu = { flops = 1e12 }, inputs = { "fa" } },
    { name = "o1", gpu = { kernels = wide } }, { name = "o2", gpu = { kernels = wide } },
    { name = "o3", gpu = { kernels = wide } },
    { name = "m1", gpu = { kernels = mem } }, { name = "m2", gpu = { kernels = mem } },
  } },
  policy = T.pin { a = "even-gpu0-mps0", b = "even-gpu0-mps1", c = "even-gpu0-mps1",
                   o1 = "over-gpu0-mps0", o2 = "over-gpu0-mps1", o3 = "over-gpu0-mps2",
                   m1 = "mem-gpu0-mps0", m2 = "mem-gpu0-mps1" },
}
T.near(r:task("a")["end"], 0.020665556701031, "a on 50 %")
T.near(r:task("b")["end"], 0.020665556701031, "b on the other 50 %")
T.near(r:task("c").start, 0.020665556701031, "c start (its input stays in device memory)")
T.near(r:task("c")["end"], 0.22685112371134, "c end")
assert(r:task("c").bytes_in == 0, "no transfer between clients of one GPU")
for _, t in ipairs { "o1", "o2", "o3" } do
  T.near(r:task(t)["end"], 0.030974835051546, t .. " on an oversubscribed GPU")
end
T.near(r:task("m1")["end"], 0.12866436334405, "m1 sharing bandwidth")
T.near(r:task("m2")["end"], 0.12866436334405, "m2 sharing bandwidth")
T.near(r:task("m1").energy, 22.508038585209, "m1 dynamic energy")
