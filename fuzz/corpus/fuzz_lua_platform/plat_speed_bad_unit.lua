-- plat_speed_bad_unit.lua: node speed "5Gz" has an unknown unit.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "5Gz" },
} } } }
