-- inputs_power_huge.lua: a 1e308 W node: its energy would be inf.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 2, cores = 4, speed = "1Gf", power = { idle = 100, max = 1e308 } } } } } }
