-- wf_too_many_cores.lua: task 'wide' needs 64 cores; the platform nodes have 4.
return { name = "w", tasks = {
  { name = "wide", cpu = { flops = "1Gf" }, cores = 64 },
} }
