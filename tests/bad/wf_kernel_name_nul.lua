-- wf_kernel_name_nul.lua: a kernel name with a NUL byte ("pair\0x" would match a profile "pair").
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8, name = "pair\0x" } } } },
} }
