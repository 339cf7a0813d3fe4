-- sandbox_bad_keys.lua: a platform with several errors of one kind: eight unknown keys in one
-- node (--set what=keys), or eight bad kernel profiles (--set what=kernels). The message names
-- the first in hetflow's key order (bytewise: bogus_a, kernel_a), in every process: Lua's own
-- traversal order changes with each process's string hash seed.
local hetflow = require("hetflow")
local what = hetflow.param("what", "keys")
local node = { name = "n", cores = 4, speed = "1Gf" }
if what == "keys" then
  for _, s in ipairs { "h", "c", "f", "a", "g", "b", "e", "d" } do node["bogus_" .. s] = 1 end
else
  local kernels = {}
  for _, s in ipairs { "h", "c", "f", "a", "g", "b", "e", "d" } do kernels["kernel_" .. s] = 0 end
  node.gpus = { { model = "H100-80GB", kernels = kernels } }
end
hetflow.run { platform = { sites = { { name = "s", nodes = { node } } } },
              workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } } }
