-- plat_speed_wrong_kind.lua: node speed "10GBps" is a bandwidth, not a speed.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "10GBps" },
} } } }
