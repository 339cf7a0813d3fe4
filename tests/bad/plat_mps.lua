-- plat_mps.lua: an MPS share of 1.5 is outside (0, 1].
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", partition = { mps = { 0.5, 1.5 } } } } },
} } } }
