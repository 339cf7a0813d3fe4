-- gpu_mps_latency.lua: a launch with no flop and no bytes, only its latency floor D
-- (docs/models/gpu.md#latency-floor), takes L + D like any other, on an MPS client as on a
-- whole GPU. H100-80GB from the catalog: launch overhead 3.6 us, MPS clients' 4.7 us.
--   whole GPU: 10 x (3.6e-6 + 1e-3) = 0.010036 s
--   MPS client at 0.5: 10 x (4.7e-6 + 1e-3) = 0.010047 s (the device kept busy by no work:
--   no dynamic energy)
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local wait = { { count = 10, flops = 0, bytes = 0, blocks = 100, latency = "1ms" } }
local r = hetflow.run {
  platform = { name = "p", sites = { { name = "s", nodes = {
    { name = "w", speed = "1Gf", gpus = { { model = "H100-80GB" } } },
    { name = "m", speed = "1Gf", gpus = { { model = "H100-80GB", partition = { mps = { 0.5, 0.5 } } } } },
  } } } },
  workflow = { tasks = { { name = "whole", gpu = { kernels = wait } },
                         { name = "client", gpu = { kernels = wait } } } },
  policy = T.pin { whole = "w-gpu0", client = "m-gpu0-mps0" },
}
T.near(r:task("whole")["end"], 0.010036, "latency-only launches on a whole GPU")
T.near(r:task("client")["end"], 0.010047, "latency-only launches on an MPS client")
T.near(r:task("client").energy, 0, "no work, no dynamic energy")
