-- plat_bw_saturation.lua: a bandwidth saturation share of 1.5 is outside (0, 1].
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", bw_saturation = 1.5 } } },
} } } }
