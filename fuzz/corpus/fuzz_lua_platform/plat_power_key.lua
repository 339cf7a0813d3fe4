-- plat_power_key.lua: power key 'idel' is a misspelling of 'idle'.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", power = { idel = "10W", max = "100W" } },
} } } }
