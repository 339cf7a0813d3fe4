-- plat_mig_oversubscribed.lua: 3g + 3g + 2g = 8 of 7 compute slices (and 10 of 8 memory slices).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "A100-80GB", count = 2,
    partition = { mig = { "3g.40gb", "3g.40gb", "2g.20gb" } } } } },
} } } }
