-- plat_power_inverted.lua: node power max (50 W) is below idle (100 W).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", power = { idle = "100W", max = "50W" } },
} } } }
