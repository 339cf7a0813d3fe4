-- plat_cores_fraction.lua: node cores = 2.5 is not an integer.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 2.5, speed = "1Gf" },
} } } }
