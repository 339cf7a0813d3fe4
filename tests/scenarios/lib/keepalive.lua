-- keepalive.lua: the keep-alive scenario shared by serverless_keepalive_{warm,expired}.lua
-- (loaded with dofile; not a test itself). Node w: 1 core at 1 Gflop/s; no overhead, no image.
--   a (function f): container start with init 2 s, run 1 s -> ends at 3; f's container is idle
--     from 3 s, keep-alive 4 s: reclaimed at exactly 3 + 4 = 7 s
--   gap (function g, its own container, no init): gap_gflop seconds, from 3 s
--   b (function f, after gap): arrives at 3 + gap_gflop; warm before 7 s, cold from 7 s on
-- The pool allows 4 containers, so g's container never evicts f's.
local hetflow = require("hetflow")
return function(gap_gflop)
  return hetflow.run {
    platform = { name = "one", sites = { { name = "s", nodes = {
      { name = "w", speed = "1Gf" } } } } },
    workflow = { name = "keepalive",
      functions = { { name = "f", init = "2s" }, { name = "g" } },
      tasks = {
        { name = "a", fn = "f", cpu = { flops = "1Gf" } },
        { name = "gap", fn = "g", cpu = { flops = gap_gflop * 1e9 }, after = { "a" } },
        { name = "b", fn = "f", cpu = { flops = "1Gf" }, after = { "gap" } },
      } },
    serverless = { mode = "decomposed",
      endpoints = { { name = "ep", nodes = { "w" }, keep_alive = "4s", max_containers = 4 } } },
  }
end
