-- plat_mps.lua: MPS shares are not implemented yet: the key is unknown.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", partition = { mps = { 0.5, 0.5 } } } } },
} } } }
