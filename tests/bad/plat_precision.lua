-- plat_precision.lua: fp8 is not a catalog precision.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", precision = "fp8" } } },
} } } }
