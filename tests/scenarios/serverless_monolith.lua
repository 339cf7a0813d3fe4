-- serverless_monolith.lua: mode monolith runs the whole workflow as one job on one node, its
-- tasks one after another in topological order, with one container start
-- (docs/models/serverless.md). Client at site "lab" (WAN latency 10 ms), endpoint node w at
-- site "hpc" (WAN latency 20 ms): one-way latency 10 + 20 = 30 ms, both ways 60 ms.
-- The job's start: 2 x 30 ms + overhead 0.5 s = 0.56 s; then the pull of both functions'
-- images as one (100 MB + 50 MB = 150 MB) from reg over two 100 MB/s NICs of 1 ms, the
-- registry serving at 200 MB/s (not the bottleneck): 2 ms + 150e6 / min(200e6, 100e6) = 1.502 s,
-- then the unpack at 100 MB/s: 1.5 s, so the pull takes 3.002 s; then one init, the longest
-- (3 s): the first task starts at 0.56 + 3.002 + 3 = 6.562 s.
-- Tasks a (2 s), b (after a, 1 s) and c (independent, 1 s), on w's 4 cores but serial:
-- makespan = 6.562 + 2 + 1 + 1 = 10.562 s. One cold start, no warm start.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "100MBps", latency = "1ms" }
local r = hetflow.run {
  platform = { name = "geo", sites = {
    { name = "lab", wan = { bandwidth = "1GBps", latency = "10ms" },
      nodes = { { name = "laptop", speed = "1Gf", nic = nic } } },
    { name = "hpc", wan = { bandwidth = "1GBps", latency = "20ms" },
      nodes = { { name = "reg", speed = "1Gf", nic = nic },
                { name = "w", cores = 4, speed = "1Gf", nic = nic } } } } },
  workflow = { name = "job",
    functions = { { name = "f1", image = "i1", image_size = "100MB", init = "1s" },
                  { name = "f2", image = "i2", image_size = "50MB", init = "3s" } },
    tasks = {
      { name = "a", fn = "f1", cpu = { flops = "2Gf" } },
      { name = "b", fn = "f2", cpu = { flops = "1Gf" }, after = { "a" } },
      { name = "c", fn = "f1", cpu = { flops = "1Gf" } },
    } },
  serverless = { mode = "monolith", client = "lab", registry = "reg",
    registry_bandwidth = "200MBps", unpack_rate = "100MBps",
    endpoints = { { name = "hpc", nodes = { "w" }, overhead = "0.5s" } } },
}
local a, b, c = r:task("a"), r:task("b"), r:task("c")
assert(a.resource == "w" and b.resource == "w" and c.resource == "w")
T.near(a.start, 6.562, "first task starts after the job's start")
T.near(r.makespan, 10.562, "makespan")
-- serial: no two tasks overlap
local ts = { a, b, c }
table.sort(ts, function(p, q) return p.start < q.start end)
for i = 2, 3 do assert(ts[i].start >= ts[i - 1]["end"] - 1e-12, "tasks overlap") end
assert(b.start >= a["end"], "b after a")
assert(r.cold_starts == 1 and r.warm_starts == 0)
local inv = r:invocations()
assert(#inv == 1 and inv[1].cold)
T.near(inv[1].latency, 0.06, "latency both ways")
T.near(inv[1].pull, 3.002, "pull: download 1.502 + unpack 1.5")
T.near(inv[1].init, 3, "init")
