-- seeded.lua: --seed reaches hetflow.seed, and Lua's math.random is seeded with it (Lua 5.4
-- would seed it differently in each process): the first draw equals the draw after an explicit
-- math.randomseed(hetflow.seed). The random policy's placements are checked in test_policy.c.
local hetflow = require("hetflow")
local first = math.random(1 << 30)
math.randomseed(hetflow.seed)
assert(math.random(1 << 30) == first, "math.random is seeded with --seed")
assert(hetflow.seed == 1, "default seed is 1")
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = { { name = "n", count = 3, speed = "1Gf" } } } } },
  workflow = hetflow.chain { n = 4, cpu = { flops = "1Gf" } },
  policy = "random",
}
-- a chain runs one task at a time wherever it lands: 4 x 1 s, no transfers of size 0 cost
-- only latency (1 us per NIC, 2 us per hop between two nodes)
assert(r.makespan >= 4 and r.makespan < 4 + 3 * 2e-6 + 1e-12, r.makespan)
