-- inputs_speed_subnormal_number.lua: the same subnormal as a Lua number.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 2, cores = 4, speed = 1e-320, memory = "16GiB" } } } } }
