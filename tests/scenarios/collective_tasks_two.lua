-- collective_tasks_two.lua: two collectives over the same 2 GPUs, ready together, their ranks
-- in opposite orders (docs/models/collectives.md#collectives-as-workflow-tasks): both are queued
-- on every GPU of their group before either is dispatched, so each GPU takes them in one order
-- and neither waits on the other. Platform: 2 nodes of one GPU (6 us and 10 GB/s from GPU to
-- GPU, tests/data/coll8.lua's links). Ring AllReduce of 100 MB over 2 ranks, reduction at
-- 100 GB/s: 2 x 6 us + 1e8 / 1e10 + 0.5e8 / 1e11 = 10.512 ms each, one after the other:
-- a1 0 .. 10.512 ms, a2 10.512 .. 21.024 ms. The second group is "gpus" (every GPU, platform
-- order). With --set transfer=bounce the messages take the host bounce-back path: slower.
local hetflow = require("hetflow")
local transfer = hetflow.param("transfer", "direct")
local r = hetflow.run {
  platform = { name = "coll2", sites = { { name = "lab", nodes = { {
    name = "n", count = 2, cores = 1, speed = "1Gf", nic = { bandwidth = "10GBps", latency = "1us" },
    gpus = { { count = 1, speed = "1Tf", pcie = { bandwidth = "20GBps", latency = "2us" } } } } } } } },
  workflow = { tasks = {
    { name = "a1", collective = { op = "allreduce", size = "100MB", reduce = "100GBps",
                                  group = { "n-2-gpu0", "n-1-gpu0" } } },
    { name = "a2", collective = { op = "allreduce", size = "100MB", reduce = "100GBps",
                                  group = "gpus" } } } },
  transfer = transfer,
}
local function near(a, b) return math.abs(a - b) <= 1e-9 end
local a1, a2 = r:task("a1"), r:task("a2")
if transfer == "direct" then
  assert(near(a1.start, 0) and near(a1["end"], 0.010512), a1["end"])
  assert(near(a2.start, 0.010512) and near(a2["end"], 0.021024), a2["end"])
  assert(a1.resource == "n-2-gpu0" and a2.resource == "n-1-gpu0", "rank 0's GPU")
else
  assert(a2["end"] > 0.021024 and near(a2.start, a1["end"]), a2["end"])
end
assert(r:resource("n-1-gpu0").tasks == 2)
