-- plat_mps_zero.lua: an MPS share of 0 is outside (0, 1].
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", partition = { mps = { { share = 0 } } } } } },
} } } }
