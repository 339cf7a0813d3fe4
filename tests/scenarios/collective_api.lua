-- collective_api.lua: hetflow.collective, collectives in closed form from Lua
-- (docs/models/collectives.md; formulas checked by hand in tests/unit/test_coll.c).
--   ring AllReduce, 8 ranks, 100 MB, alpha 10 us, 10 GB/s, reduction 100 GB/s:
--     14 x 10 us + 2 x 7/8 x 1e8 / 1e10 + 7/8 x 1e8 / 1e11 = 140 us + 17.5 ms + 0.875 ms
--     = 0.018515 s; GPU memory 7 x 7/8 x 1e8 = 6.125e8 B
--   the same by recursive halving-doubling: 6 steps instead of 14: 0.018435 s
--   NIC offload at 50 GB/s: 140 us + 17.5 ms + 1.75 ms = 0.01939 s, GPU memory 2e8 B
local hetflow = require("hetflow")
local common = { op = "allreduce", ranks = 8, size = "100MB", alpha = "10us",
                 bandwidth = "10GBps", reduce = "100GBps" }
local function with(t)
  local c = {}
  for k, v in pairs(common) do c[k] = v end
  for k, v in pairs(t) do c[k] = v end
  return hetflow.collective(c)
end
local function near(a, b) return math.abs(a - b) <= 1e-12 * math.max(1, math.abs(b)) end
local ring = with {}
assert(near(ring.seconds, 0.018515) and ring.steps == 14 and near(ring.hbm_bytes, 6.125e8))
assert(near(with { algo = "rhd" }.seconds, 0.018435))
local nic = with { offload = "nic", reduce = "50GBps" }
assert(near(nic.seconds, 0.01939) and near(nic.hbm_bytes, 2e8))
-- hierarchical on 2 nodes of 4: inside 1 us and 100 GB/s, across 10 us and 10 GB/s:
--   6 us + 1.5 ms + 20 us + 2.5 ms + 0.875 ms = 0.004901 s (test_coll.c)
local h = with { algo = "hier", per_node = 4, alpha_intra = "1us", bandwidth_intra = "100GBps" }
assert(near(h.seconds, 0.004901) and h.steps == 8, h.seconds)
-- bad input is an error naming the field
local ok, err = pcall(hetflow.collective, { op = "allreduce", ranks = 1, size = 1, bandwidth = 1 })
assert(not ok and err:find("1 rank (a group needs 2", 1, true), err)
ok, err = pcall(hetflow.collective, { op = "allreduce", ranks = 4, size = 1, bandwidth = 1, algo = "x" })
assert(not ok and err:find("collective.algo: ring, rhd, tree, hier, dbtree or auto expected, got 'x'", 1, true), err)
ok, err = pcall(hetflow.collective, { op = "allreduce", ranks = 4, size = 1 })
assert(not ok and err:find("collective.bandwidth: required", 1, true), err)
-- auto returns the algorithm it chose: over 8 ranks the same 100 MB go fastest by recursive
-- halving-doubling (0.018435 s above, against the ring's 0.018515)
local a = with { algo = "auto" }
assert(a.algo == "rhd" and near(a.seconds, 0.018435), a.algo)
assert(ring.algo == "ring")
-- the double binary tree, 512 KiB chunks: 96 a tree, 101 pipeline steps of 2e8 / 96 B:
-- 1.01 ms + 21.041667 ms + 1 ms (tests/unit/test_coll.c)
local d = with { algo = "dbtree" }
assert(near(d.seconds, 101 * 10e-6 + 101 * 2e8 / 96 / 1e10 + 1e-3) and d.steps == 101, d.seconds)
assert(near(with { algo = "dbtree", chunk = "50MB" }.seconds, 0.12106))
-- a scenario runs one simulation
hetflow.run {
  platform = { name = "one", sites = { { name = "s", nodes = { { name = "a", cores = 1, speed = "1Gf" } } } } },
  workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } },
}
