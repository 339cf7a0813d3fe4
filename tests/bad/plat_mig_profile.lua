-- plat_mig_profile.lua: 5g.50gb is not a MIG profile of the H100-80GB.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB",
    partition = { mig = { "3g.40gb", "5g.50gb" } } } } },
} } } }
