-- plat_mig_sms.lua: a GPU given fewer SMs (60) than its MIG instances have in the catalog
-- (A100-40GB: 3g.20gb 42, 2g.10gb 28, 1g.5gb 14 SMs): 42 + 28 = 70 > 60 at the second.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "A100-40GB", sms = 60,
    partition = { mig = { "3g.20gb", "2g.10gb", "1g.5gb" } } } } },
} } } }
