-- plat_speed_negative.lua: node speed is -1 (must be positive).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = -1 },
} } } }
