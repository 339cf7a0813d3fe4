-- wf_kernel_blocks_fraction.lua: a GPU kernel group with { flops = 1e9, blocks = 2.5 }.
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8 }, { flops = 1e9, blocks = 2.5 } } } },
} }
