-- plat_cores_string.lua: node cores is the string "4", not a number.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = "4", speed = "1Gf" },
} } } }
