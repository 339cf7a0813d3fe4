-- gpu_mig_layouts.lua: a GPU with two MIG layouts switches between them at a cost
-- (docs/models/gpu.md#mig-partitions). A100-40GB (9.7 Tflop/s FP64, 108 SMs): layout 1 = one
-- 7g.40gb (98 SMs: 9.7e12 x 98/108 flop/s), layout 2 = two 3g.20gb (42 SMs: 9.7e12 x 42/108
-- each); reconfiguration 2 s.
--   a (9.7e12 x 98/108 flop) on layout 1, ready at 0: [0, 1]
--   b, c (each 9.7e12 x 42/108 flop) on layout 2, ready at 0: wait for layout 1 to empty (1 s),
--     the switch (2 s): [3, 4] both
--   d (9.7e12 x 98/108 flop, after b) on layout 1, ready at 4: waits for c (running until 4),
--     switches back (2 s): [6, 7]. Makespan 7 s.
-- Energy: an instance draws power only while its layout is configured (50-400 W x its share):
--   l1-mig0 (share 98/108): on [0, 3) and [6, 7]: (busy 2 s x 400 + idle 2 s x 50) x 98/108
--     = 816.66667 J
--   l2-mig0 (share 42/108): on [3, 6): (busy 1 s x 400 + idle 2 s x 50) x 42/108 = 194.44444 J
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local r = hetflow.run {
  platform = { name = "mig2", sites = { { name = "lab", nodes = {
    { name = "n", speed = "1Gf", nic = { bandwidth = "10GBps", latency = 0 },
      gpus = { { model = "A100-40GB", partition = {
        mig = { { "7g.40gb" }, { "3g.20gb", "3g.20gb" } }, reconfiguration = "2s" } } } } } } } },
  workflow = { tasks = {
    { name = "a", gpu = { flops = 9.7e12 * 98 / 108 } },
    { name = "b", gpu = { flops = 9.7e12 * 42 / 108 } },
    { name = "c", gpu = { flops = 9.7e12 * 42 / 108 } },
    { name = "d", gpu = { flops = 9.7e12 * 98 / 108 }, after = { "b" } },
  } },
  policy = T.pin { a = "n-gpu0-l1-mig0", b = "n-gpu0-l2-mig0", c = "n-gpu0-l2-mig1",
                   d = "n-gpu0-l1-mig0" },
}
T.near(r:task("a")["end"], 1, "a end")
T.near(r:task("b").start, 3, "b start, after the switch")
T.near(r:task("c")["end"], 4, "c end")
T.near(r:task("d").start, 6, "d start, after the switch back")
T.near(r.makespan, 7, "makespan")
T.near(r:resource("n-gpu0-l1-mig0").energy, 900 * 98 / 108, "energy of the 7g.40gb instance")
T.near(r:resource("n-gpu0-l2-mig0").energy, 500 * 42 / 108, "energy of a 3g.20gb instance")
