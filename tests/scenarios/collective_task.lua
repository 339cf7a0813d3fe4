-- collective_task.lua: a collective as a workflow task (docs/models/collectives.md
-- #collectives-as-workflow-tasks): its group's GPUs run it together, the policy is not asked.
-- Platform: 4 nodes of one GPU each (tests/data/coll8.lua's: NICs 10 GB/s and 1 us, PCIe
-- 20 GB/s and 2 us, so 6 us and 10 GB/s from GPU to GPU); each node's core at 1 Gflop/s.
--   pre   1 Gf on a core: 0 .. 1 s
--   ar    ring AllReduce of 100 MB over the 4 GPUs, reduction at 100 GB/s, after pre:
--         2 x 3 x 6 us + 2 x 3/4 x 1e8 / 1e10 + 3/4 x 1e8 / 1e11 = 36 us + 15 ms + 0.75 ms
--         = 15.786 ms (the closed form's, no two messages share a link); ranks 0, 2 and 3
--         take it at 1 s (its dispatch), rank 1 at 1.5 s, when gpu1 ends: 1.5 .. 1.515786 s
--   gpu1  a GPU task of 1.5 Tf on n-2's GPU (1 Tflop/s), ready at 0, queued there before
--         the collective: 0 .. 1.5 s
--   post  1 Gf after ar: 1.515786 .. 2.515786 s
-- --set algo=rhd (4 is a power of two): 2 x 2 steps, each message n/2 then n/4: 4 x 6 us +
-- 2 x 3/4 x 1e8 / 1e10 + 0.75 ms = 15.774 ms; --set algo=auto chooses that one.
local hetflow = require("hetflow")
local algo = hetflow.param("algo", "ring")
local group = { "n-1-gpu0", "n-2-gpu0", "n-3-gpu0", "n-4-gpu0" }
local r = hetflow.run {
  platform = { name = "coll4", sites = { { name = "lab", nodes = { {
    name = "n", count = 4, cores = 1, speed = "1Gf", nic = { bandwidth = "10GBps", latency = "1us" },
    gpus = { { count = 1, speed = "1Tf", pcie = { bandwidth = "20GBps", latency = "2us" } } } } } } } },
  workflow = { tasks = {
    { name = "pre", cpu = { flops = "1Gf" } },
    { name = "gpu1", gpu = { flops = "1.5Tf" } },
    { name = "ar", after = { "pre" },
      collective = { op = "allreduce", size = "100MB", algo = algo,
                     reduce = hetflow.param("reduce", "100GBps"),
                     chunk = hetflow.param("chunk", nil), group = group } },
    { name = "post", cpu = { flops = "1Gf" }, after = { "ar" } } } },
  policy = {
    decide = function(task, candidates)
      local want = ({ pre = "n-1", gpu1 = "n-2-gpu0", post = "n-3" })[task.name]
      assert(want, "the policy is not asked for the collective, got " .. task.name)
      for _, c in ipairs(candidates) do
        if c.resource == want then return c.index end
      end
    end },
}
local function near(a, b) return math.abs(a - b) <= 1e-9 end
-- auto picks the simulated algorithm of least closed-form time: rhd's 15.774 ms beats the
-- ring's 15.786 ms and the tree's 42.024 ms
-- --set algo=dbtree --set chunk=50MB --set reduce=0: one chunk per tree, reduction free (the
-- GPUs have no memory bandwidth): 30.030 ms, worked in tests/hard/coll.cmake (coll.sim_dbtree4)
local t_ar = (algo == "rhd" or algo == "auto") and 0.015774
  or algo == "dbtree" and 0.030030 or 0.015786
local ar = r:task("ar")
assert(near(ar.dispatch, 1) and near(ar.start, 1.5) and near(ar["end"], 1.5 + t_ar),
       string.format("ar %.9f %.9f .. %.9f", ar.dispatch, ar.start, ar["end"]))
assert(ar.resource == "n-1-gpu0", ar.resource)
assert(near(r:task("post")["end"], 2.5 + t_ar), r:task("post")["end"])
assert(near(r.makespan, 2.5 + t_ar), r.makespan)
