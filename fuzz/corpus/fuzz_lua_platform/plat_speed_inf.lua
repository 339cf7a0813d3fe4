-- plat_speed_inf.lua: node speed is 1/0, i.e. infinite.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = 1/0 },
} } } }
