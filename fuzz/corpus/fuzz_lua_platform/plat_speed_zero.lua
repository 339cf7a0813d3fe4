-- plat_speed_zero.lua: node speed is 0 (must be positive).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = 0 },
} } } }
