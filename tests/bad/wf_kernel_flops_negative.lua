-- wf_kernel_flops_negative.lua: a GPU kernel group with { flops = -1, blocks = 4 }.
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8 }, { flops = -1, blocks = 4 } } } },
} }
