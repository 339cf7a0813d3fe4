-- stagein_limit.lua: a node's transfer.concurrent out of range or of the wrong type
-- (tests/hard/stagein.cmake); --set case=zero|neg|frac|str|big.
local hetflow = require("hetflow")
local value = ({ zero = 0, neg = -1, frac = 1.5, str = "4", big = 1025 })[hetflow.param("case", "")]
assert(value ~= nil, "--set case=zero|neg|frac|str|big")
hetflow.run {
  platform = { name = "limit", sites = { { name = "lab", nodes = {
    { name = "a", cores = 1, speed = "1Gf", transfer = { concurrent = value } } } } } },
  workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } },
  stage_in = "concurrent",
}
