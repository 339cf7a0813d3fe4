-- plat_mig_no_catalog.lua: MIG needs a model from the catalog (its profiles).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "MyGPU", speed = "1Tf",
    partition = { mig = { "1g.5gb" } } } } },
} } } }
