-- plat_speed_table.lua: node speed is a table, not a number or unit string.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = { 1e9 } },
} } } }
