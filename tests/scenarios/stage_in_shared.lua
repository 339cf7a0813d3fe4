-- stage_in_shared.lua: concurrent stage-in when two tasks on one node need the same file
-- (docs/models/network.md#stage-in). Nodes a and b: 1 core at 1 Gf/s, NIC 1 GB/s and 10 us;
-- node d: 2 cores, NIC 10 GB/s and 10 us. pa on a writes xa (10 MB), pb on b writes xb (10 MB),
-- both end at 1 s. k1 on d reads xa; k2 on d reads xa and xb; both start their stage-in at 1 s.
-- Alone, each file takes 20 us + 10 ms = 10.02 ms (sender's NIC, then d's).
-- xa moves once: the first task to ask claims the copy and the other waits for it (2 transfers
-- in all, never 3).
--   limit 4: xa and xb move at once: k1 and k2 start at 1.01002 s.
--   limit 1: one lane into d: xa then xb, in request order, whichever task asked first (xa is
--            the first request of either): k1 starts at 1.01002 s, k2 at 1.02004 s; when k1's
--            worker has moved xa, the lane passes to k2's xb, moved by a fetcher or k2's worker.
-- --set limit=N (default 4).
local hetflow = require("hetflow")
local limit = tonumber(hetflow.param("limit", "4"))
local function node(name, cores, nic, transfer)
  return { name = name, cores = cores, speed = "1Gf", nic = { bandwidth = nic, latency = "10us" },
           transfer = transfer }
end
local r = hetflow.run {
  platform = { name = "shared", sites = { { name = "lab", nodes = {
    node("a", 1, "1GBps"), node("b", 1, "1GBps"), node("d", 2, "10GBps", { concurrent = limit }) } } } },
  workflow = { tasks = {
    { name = "pa", cpu = { flops = "1Gf" }, outputs = { { name = "xa", size = "10MB" } } },
    { name = "pb", cpu = { flops = "1Gf" }, outputs = { { name = "xb", size = "10MB" } } },
    { name = "k1", cpu = { flops = "1Gf" }, inputs = { "xa" } },
    { name = "k2", cpu = { flops = "1Gf" }, inputs = { "xa", "xb" } } } },
  policy = function(task) return ({ pa = "a", pb = "b" })[task.name] or "d" end,
  stage_in = "concurrent",
}
local function near(x, y) return math.abs(x - y) <= 1e-9 end
local k1, k2 = r:task("k1"), r:task("k2")
local want2 = limit == 1 and 1.02004 or 1.01002
assert(near(k1.dispatch, 1) and near(k2.dispatch, 1), "both dispatched at 1 s")
assert(near(k1.start, 1.01002), string.format("k1 starts at %.17g", k1.start))
assert(near(k2.start, want2), string.format("k2 starts at %.17g, expected %.17g", k2.start, want2))
local t = r:transfers()
assert(#t == 2, string.format("%d transfers, expected 2 (xa once, xb once)", #t))
assert(t[1].dst == "d" and t[2].dst == "d" and t[1].file ~= t[2].file)
print(string.format("limit %d: k1 %.6f s, k2 %.6f s, %d transfers", limit, k1.start, k2.start, #t))
