-- inputs_mig_nul.lua: "3g.40gb\0x" would be read by C as the valid profile 3g.40gb.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB",
    partition = { mig = { "3g.40gb\0x" } } } } },
} } } }
