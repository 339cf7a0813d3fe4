-- plat_mps_memory.lua: MPS memory limits of 50 + 40 GB on an 80 GB GPU.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB", partition = { mps = {
    { share = 0.5, memory = "50GB" }, { share = 0.5, memory = "40GB" } } } } } },
} } } }
