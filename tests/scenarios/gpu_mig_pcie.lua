-- gpu_mig_pcie.lua: MIG instances share their GPU's one PCIe link (docs/models/gpu.md#mig-
-- partitions). A100-40GB from the catalog: PCIe Gen4 x16, 31.5 GB/s x 0.79 achievable
-- = 24.885 GB/s per direction, latency 10 us; 3g.20gb instances have 42 of 108 SMs.
--   two 3g.20gb instances of one GPU, each task reading its own 1 GB file from the node at
--   time 0: both copies cross the same link's host-to-GPU direction and get half of it each:
--   10e-6 + 1e9 / (24.885e9 / 2) = 0.0803797006228652 s; then 9.7e12 x 42/108 flop at
--   9.7e12 x 42/108 flop/s = 1 s: ends at 1.0803797006228652 s.
--   a whole A100 on another node reading 1 GB alone: 10e-6 + 1e9 / 24.885e9 = 0.0401948503 s.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "10GBps", latency = 0 }
local r = hetflow.run {
  platform = { name = "migpcie", sites = { { name = "lab", nodes = {
    { name = "m", speed = "1Gf", nic = nic,
      gpus = { { model = "A100-40GB", partition = { mig = { "3g.20gb", "3g.20gb" } } } } },
    { name = "w", speed = "1Gf", nic = nic, gpus = { { model = "A100-40GB" } } },
  } } } },
  workflow = {
    files = { { name = "f0", size = "1GB", location = "m" }, { name = "f1", size = "1GB", location = "m" },
              { name = "f2", size = "1GB", location = "w" } },
    tasks = {
      { name = "a", gpu = { flops = 9.7e12 * 42 / 108 }, inputs = { "f0" } },
      { name = "b", gpu = { flops = 9.7e12 * 42 / 108 }, inputs = { "f1" } },
      { name = "c", gpu = { flops = 9.7e12 }, inputs = { "f2" } },
    } },
  policy = T.pin { a = "m-gpu0-mig0", b = "m-gpu0-mig1", c = "w-gpu0" },
}
T.near(r:task("a").start, 0.0803797006228652, "a starts after its shared-link copy")
T.near(r:task("b").start, 0.0803797006228652, "b starts after its shared-link copy")
T.near(r:task("a")["end"], 1.0803797006228652, "a end")
T.near(r:task("c").start, 0.0401948503114326, "a whole GPU's copy has its link alone")
