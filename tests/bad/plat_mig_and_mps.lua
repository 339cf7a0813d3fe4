-- plat_mig_and_mps.lua: a partition gives both mig and mps.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", partition = { mig = { "1g.10gb" }, mps = { 0.5 } } } } },
} } } }
