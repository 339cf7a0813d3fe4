-- overflow.lua: task costs too large for a double (--set case=NAME), each finite on its own but
-- overflowing once multiplied out on the GPU: the run must stop with exit status 1 and a message
-- naming the field, not abort in SimGrid or end in a "deadlock". The 1e300 s factors are outside
-- the time range (docs/units.md#ranges) and refused as they are read; the executor's own check
-- of the product (sim/exec/executor.c, run_task) stays as a second line.
local hetflow = require("hetflow")
local case = hetflow.param("case", "none")

local gpu = { model = "H100-80GB" }
local task = { name = "t" }
local mutate = {
  -- 1e9 launches x a 1e300 s host gap: inf s of gaps
  kernel_gap = function()
    task.gpu = { kernels = { { count = 1e9, flops = 1e9, blocks = 1000, gap = 1e300 } } }
  end,
  -- a kernel profile's latency floor of 1e300 s, 10 launches, at the GPU's flop/s: inf flop
  profile_latency = function()
    gpu.kernels = { k = { work = 1, latency = 1e300 } }
    task.gpu = { kernels = { { count = 10, flops = 1e9, blocks = 1000, name = "k" } } }
  end,
  -- 1e300 s at the GPU's peak: inf flop
  gpu_seconds = function() task.gpu = { seconds = 1e300 } end,
}
assert(mutate[case], "unknown case " .. case)()

hetflow.run {
  platform = { name = "p", sites = { { name = "s", nodes = {
    { name = "n", speed = "1Gf", gpus = { gpu } } } } } },
  workflow = { name = "w", tasks = { task } },
}
