-- serverless_cold_warm.lua: one function invoked twice in a row on a one-node endpoint: the first
-- invocation starts a container (image pull + init), the second finds it warm
-- (docs/models/serverless.md). The client is on the endpoint's site: no WAN latency.
-- Node w: 1 core at 1 Gflop/s; registry node reg; both NICs 100 MB/s, 1 ms. The registry
-- serves a pull at 50 MB/s, w unpacks at 25 MB/s, after the download (docs/models/serverless.md
-- #image-pulls).
--   f1 (1 Gflop = 1 s), cold: overhead 0.5 s; pull of 100 MB reg -> w: download 1 ms + 1 ms +
--       100e6 / min(50e6, 100e6) = 2.002 s, then unpack 100e6 / 25e6 = 4 s: 6.002 s;
--       init 2 s; run 1 s
--       cold latency = pull + init + overhead + run = 6.002 + 2 + 0.5 + 1 = 9.502 s
--   f2 (after f1), warm (idle since 9.502 s, keep-alive 10 s): overhead 0.5 + run 1 = 1.5 s
--       start 9.502, end 11.002
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "100MBps", latency = "1ms" }
local r = hetflow.run {
  platform = { name = "one", sites = { { name = "s", nodes = {
    { name = "reg", speed = "1Gf", nic = nic },
    { name = "w", speed = "1Gf", nic = nic } } } } },
  workflow = { name = "twice",
    functions = { { name = "f", image = "img", image_size = "100MB", init = "2s" } },
    tasks = {
      { name = "f1", fn = "f", cpu = { flops = "1Gf" } },
      { name = "f2", fn = "f", cpu = { flops = "1Gf" }, after = { "f1" } },
    } },
  policy = "round_robin",
  serverless = { mode = "decomposed", registry = "reg", registry_bandwidth = "50MBps",
    unpack_rate = "25MBps",
    endpoints = { { name = "ep", nodes = { "w" }, overhead = "0.5s", keep_alive = "10s" } } },
}
local f1, f2 = r:task("f1"), r:task("f2")
assert(f1.resource == "w" and f2.resource == "w")
T.near(f1["end"], 9.502, "f1 end (cold latency)")
T.near(f2.dispatch, 9.502, "f2 submitted and started")
T.near(f2["end"] - f2.dispatch, 1.5, "f2 warm latency")
T.near(r.makespan, 11.002, "makespan")
assert(r.mode == "decomposed", r.mode)
assert(r.cold_starts == 1 and r.warm_starts == 1, r.cold_starts .. " " .. r.warm_starts)
T.near(r.cold_seconds, 8.002, "cold seconds: pull 6.002 + init 2")
local inv = r:invocations()
assert(#inv == 2)
assert(inv[1].task == "f1" and inv[1].cold and inv[1].endpoint == "ep")
T.near(inv[1].pull, 6.002, "pull: download 2.002 + unpack 4")
T.near(inv[1].init, 2, "init")
T.near(inv[1].overhead, 0.5, "overhead")
assert(inv[2].task == "f2" and not inv[2].cold)
T.near(inv[2].pull + inv[2].init, 0, "warm: no pull or init")
