-- stage_in_concurrent.lua: a task's inputs move one after another (stage_in = sequential) or at
-- once, at most transfer.concurrent of them into a node (docs/models/network.md#stage-in).
-- Nodes a, b, c: 1 core at 1 Gf/s, NIC 1 GB/s and 10 us; node d: NIC 10 GB/s and 10 us, so
-- that each flow into d is limited by its sender's NIC and flows do not slow each other.
-- pa on a, pb on b, pc on c: 1 Gflop each, all end at 1 s, writing xa (10 MB), xb (10 MB) and
-- xc (30 MB); k on d reads xa, xb, xc (in that order), then computes 1 Gflop (1 s). A route is
-- the sender's NIC then d's: latency 20 us, bandwidth 1 GB/s, so alone each input takes
--   xa, xb: 20 us + 10 MB / 1 GB/s = 10.02 ms;   xc: 20 us + 30 ms = 30.02 ms.
-- k's stage-in, hand-computed from t = 1 s:
--   sequential           10.02 + 10.02 + 30.02 = 50.06 ms
--   concurrent, limit 4  all three at 1 s, none slows another: max = 30.02 ms
--   concurrent, limit 2  xa and xb at 1 s (end 1.01002 s), then xc: 10.02 + 30.02 = 40.04 ms
--   concurrent, limit 1  one after another: 50.06 ms, as sequential
-- and the estimate the policy sees for k on d (est_start - now) is the same figure (each input
-- as if alone on its route, inputs in order on `limit` lanes).
-- --set shared=1: d's NIC is 1 GB/s too, so the three flows share it (SimGrid's max-min
-- sharing): each at 1/3 GB/s from 1 s + 20 us; xa and xb end after 30 ms, then xc's last 20 MB
-- at 1 GB/s: stage-in 50.02 ms with limit 4, while the estimate (each as if alone) stays 30.02.
-- --set stage_in=sequential|concurrent (default concurrent), --set limit=N (default 4).
local hetflow = require("hetflow")
local stage_in = hetflow.param("stage_in", "concurrent")
local limit = tonumber(hetflow.param("limit", "4"))
local shared = hetflow.param("shared", "0") == "1"
assert(not shared or (stage_in == "concurrent" and limit == 4), "shared=1 goes with limit 4")
local function node(name, nic, transfer)
  return { name = name, cores = 1, speed = "1Gf", nic = { bandwidth = nic, latency = "10us" },
           transfer = transfer }
end
local est
local r = hetflow.run {
  platform = { name = "fan-in", sites = { { name = "lab", nodes = {
    node("a", "1GBps"), node("b", "1GBps"), node("c", "1GBps"),
    node("d", shared and "1GBps" or "10GBps", { concurrent = limit }) } } } },
  workflow = { tasks = {
    { name = "pa", cpu = { flops = "1Gf" }, outputs = { { name = "xa", size = "10MB" } } },
    { name = "pb", cpu = { flops = "1Gf" }, outputs = { { name = "xb", size = "10MB" } } },
    { name = "pc", cpu = { flops = "1Gf" }, outputs = { { name = "xc", size = "30MB" } } },
    { name = "k", cpu = { flops = "1Gf" }, inputs = { "xa", "xb", "xc" } } } },
  policy = {
    decide = function(task, candidates, now)
      local want = ({ pa = "a", pb = "b", pc = "c", k = "d" })[task.name]
      for _, c in ipairs(candidates) do
        if c.resource == want then
          if task.name == "k" then est = c.est_start - now end
          return c.index
        end
      end
    end },
  stage_in = stage_in,
}
local ms = 1e-3
local want = stage_in == "sequential" and 50.06 * ms
  or ({ [1] = 50.06 * ms, [2] = 40.04 * ms })[limit] or 30.02 * ms
local est_want = want
if shared then want = 50.02 * ms end
local k = r:task("k")
assert(r.stage_in == stage_in and r.transfer == "direct", "recorded with the results")
local function near(a, b) return math.abs(a - b) <= 1e-9 end
assert(near(k.dispatch, 1), string.format("k dispatched at %.17g", k.dispatch))
assert(near(k.start - k.dispatch, want),
  string.format("%s/%d: stage-in %.17g s, expected %.17g", stage_in, limit, k.start - k.dispatch, want))
assert(near(est, est_want),
  string.format("%s/%d: estimate %.17g s, expected %.17g", stage_in, limit, est, est_want))
assert(near(r.makespan, 2 + want))
-- the transfer records: three, each as long as alone on its route (shared: as above); with
-- limit 2, xc starts when xa and xb have arrived
local t = r:transfers()
assert(#t == 3, #t)
local by = {}
for _, x in ipairs(t) do by[x.file] = x end
local xab, xcd = shared and 30.02 * ms or 10.02 * ms, shared and 50.02 * ms or 30.02 * ms
assert(near(by.xa["end"] - by.xa.start, xab) and near(by.xb["end"] - by.xb.start, xab))
assert(near(by.xc["end"] - by.xc.start, xcd))
local xc0 = stage_in == "sequential" and 1 + 20.04 * ms
  or ({ [1] = 1 + 20.04 * ms, [2] = 1 + 10.02 * ms })[limit] or 1
assert(near(by.xc.start, xc0), string.format("xc starts at %.17g, expected %.17g", by.xc.start, xc0))
print(string.format("stage-in %s (limit %d): %.6f ms", stage_in, limit, (k.start - k.dispatch) / ms))
