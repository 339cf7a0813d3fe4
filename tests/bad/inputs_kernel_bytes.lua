-- inputs_kernel_bytes.lua: a GPU kernel moving 100 EB (1e20 B, over 2^60).
return { name = "w", tasks = { { name = "a", gpu = { kernels = {
  { flops = "1Gf", bytes = "100EB", blocks = 1 } } } } } }
