-- wf_kernel_count_zero.lua: a GPU kernel group with { flops = 1e9, blocks = 4, count = 0 }.
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8 }, { flops = 1e9, blocks = 4, count = 0 } } } },
} }
