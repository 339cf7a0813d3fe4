-- wf_kernel_and_flops.lua: a GPU variant with both kernels and flops.
return { name = "w", tasks = {
  { name = "k", gpu = { flops = "1Tf", kernels = { { flops = 1e9, blocks = 8 } } } },
} }
