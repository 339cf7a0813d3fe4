-- plat_partition_type.lua: partition must be a table.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", partition = 5 } } },
} } } }
