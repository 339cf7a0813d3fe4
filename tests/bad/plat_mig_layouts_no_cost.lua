-- plat_mig_layouts_no_cost.lua: two MIG layouts without partition.reconfiguration.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "A100-40GB",
    partition = { mig = { { "7g.40gb" }, { "3g.20gb", "3g.20gb" } } } } } },
} } } }
