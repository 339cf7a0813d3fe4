-- plat_mig_layout_bad.lua: the second layout oversubscribes the GPU.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "A100-40GB", partition = {
    mig = { { "7g.40gb" }, { "4g.20gb", "4g.20gb" } }, reconfiguration = "1s" } } } },
} } } }
