-- plat_speed_nan.lua: node speed is 0/0, i.e. NaN.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = 0/0 },
} } } }
