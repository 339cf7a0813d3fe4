-- serverless_concurrency.lua: a container serving two invocations at once (concurrency = 2).
-- Node w: 2 cores at 1 Gflop/s; function f: init 2 s, no image; no overhead, no latency.
--   a (1 s) is submitted first: a new container (cold), init 0 -> 2, runs 2 -> 3
--   b (1 s), submitted at 0 too: f's container has room for a second invocation, so b starts
--     warm, but the container is still initialising: b waits for it (2 s, recorded as its
--     init), then runs 2 -> 3
-- One cold start, one warm start; both end at 3 s.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run {
  platform = { name = "one", sites = { { name = "s", nodes = {
    { name = "w", cores = 2, speed = "1Gf" } } } } },
  workflow = { name = "two", functions = { { name = "f", init = "2s" } }, tasks = {
    { name = "a", fn = "f", cpu = { flops = "1Gf" } },
    { name = "b", fn = "f", cpu = { flops = "1Gf" } } } },
  serverless = { mode = "decomposed",
    endpoints = { { name = "ep", nodes = { "w" }, concurrency = 2 } } },
}
T.near(r:task("a")["end"], 3, "a end")
T.near(r:task("b").start, 2, "b waits for the container")
T.near(r:task("b")["end"], 3, "b end")
assert(r.cold_starts == 1 and r.warm_starts == 1, r.cold_starts .. "/" .. r.warm_starts)
local inv = r:invocations()
assert(inv[2].task == "b" and not inv[2].cold)
T.near(inv[2].init, 2, "b's wait for the container")
