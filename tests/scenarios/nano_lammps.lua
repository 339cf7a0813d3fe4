-- nano_lammps.lua: the workload's kernels (workloads/nano_lammps.lua) and a GPU's kernel
-- profiles applied to them by name (docs/models/gpu.md#kernel-profiles).
-- Descriptors for 32,000 atoms (by hand, from the file's comments): neighbor 4000 x 32000 =
-- 1.28e8 flop, 336 x 32000 = 1.0752e7 B, 250 blocks; pair 5.76e7 flop, 1.152e7 B, 250 blocks;
-- initial 3.84e5 flop, 3.84e6 B, 125; final 1.92e5 flop, 2.304e6 B, 125; the box edge
-- (32000 / 0.8442)^(1/3) = 33.59 holds 11 bins of >= 2.8 per edge: bin_clear 4 x 1331 = 5324 B,
-- 6 blocks; bin_fill 3.84e5 flop, 1.152e6 B, 125 blocks.
-- A 40-step run rebuilding every 20 steps: 2 x (clear, fill, neighbor) + 40 x 3 = 126 launches.
-- One step (every = 1, no binning, no host time) on a GPU of 10 Tflop/s, 1 TB/s, 100 SMs,
-- launch 5 us (no saturation share: b_eff = p = 1 for these >= 100-block kernels), with a
-- profile for lj_pair {work 2, latency 50 us, launch 4 us}:
--   neighbor max(1.28e8 / 1e13, 1.0752e7 / 1e12) = 1.28e-5       + 5e-6 = 1.78e-5
--   initial  max(3.84e5 / 1e13, 3.84e6 / 1e12)   = 3.84e-6       + 5e-6 = 8.84e-6
--   pair     max(1.152e8 / 1e13, 2.304e7 / 1e12, 5e-5) = 5e-5    + 4e-6 = 5.4e-5
--   final    max(1.92e5 / 1e13, 2.304e6 / 1e12)  = 2.304e-6      + 5e-6 = 7.304e-6
--   total 8.7944e-5 s; without the profile the pair launch is 1.152e-5 + 5e-6: total 5.0464e-5
-- The same GPU as one MPS client of share 1 with mps_launch_overhead 7 us: launches cost 7 us,
-- and the profiled pair its 4 us plus what MPS adds (7 - 5 = 2 us): 6 us:
--   1.28e-5 + 7e-6 + 3.84e-6 + 7e-6 + 5e-5 + 6e-6 + 2.304e-6 + 7e-6 = 9.5944e-5 s
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local lammps = dofile("workloads/nano_lammps.lua")

local k = lammps.kernels(32000)
T.near(k.neighbor.flops, 1.28e8, "neighbor flops")
T.near(k.neighbor.bytes, 1.0752e7, "neighbor bytes")
assert(k.neighbor.blocks == 250 and k.pair.blocks == 250 and k.initial_integrate.blocks == 125)
T.near(k.pair.flops, 5.76e7, "pair flops")
T.near(k.bin_clear.bytes, 5324, "bin_clear bytes (1331 bins)")
assert(k.bin_clear.blocks == 6 and k.bin_fill.blocks == 125)
T.near(k.bin_fill.bytes, 1.152e6, "bin_fill bytes")
local seq = lammps.sequence { atoms = 32000, steps = 40 }
assert(#seq == 126, "40 steps, rebuild every 20: " .. #seq .. " launches")
assert(seq[1].name == "lj_bin_clear" and seq[2].name == "lj_bin_fill" and seq[3].name == "lj_neighbor")
assert(seq[4].name == "lj_initial_integrate" and seq[5].name == "lj_pair" and seq[6].name == "lj_final_integrate")
assert(seq[64].name == "lj_bin_clear", "the second rebuild starts step 21")

local one = lammps.sequence { atoms = 32000, steps = 1, every = 1, binning = false, host_us = 0 }
local gpu = { model = "G", speed = "10Tf", memory_bandwidth = "1TBps", sms = 100,
              launch_overhead = "5us" }
local profiled = { model = "G", speed = "10Tf", memory_bandwidth = "1TBps", sms = 100,
                   launch_overhead = "5us",
                   kernels = { lj_pair = { work = 2, latency = "50us", launch = "4us" } } }
local mps = { model = "G", speed = "10Tf", memory_bandwidth = "1TBps", sms = 100,
              launch_overhead = "5us", mps_launch_overhead = "7us", partition = { mps = { 1 } },
              kernels = { lj_pair = { work = 2, latency = "50us", launch = "4us" } } }
local r = hetflow.run {
  platform = { name = "p", sites = { { name = "s", nodes = {
    { name = "a", speed = "1Gf", gpus = { profiled } }, { name = "b", speed = "1Gf", gpus = { gpu } },
    { name = "c", speed = "1Gf", gpus = { mps } } } } } },
  workflow = { tasks = { { name = "with", gpu = { kernels = one } },
                         { name = "without", gpu = { kernels = one } },
                         { name = "mps", gpu = { kernels = one } } } },
  policy = T.pin { with = "a-gpu0", without = "b-gpu0", mps = "c-gpu0-mps0" },
}
T.near(r:task("with")["end"], 8.7944e-5, "one step with the pair profile")
T.near(r:task("without")["end"], 5.0464e-5, "one step without profiles")
T.near(r:task("mps")["end"], 9.5944e-5, "one step as an MPS client")
