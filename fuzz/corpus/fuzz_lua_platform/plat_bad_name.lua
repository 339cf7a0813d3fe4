-- plat_bad_name.lua: node name 'my node' contains a space.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "my node", cores = 4, speed = "1Gf" },
} } } }
