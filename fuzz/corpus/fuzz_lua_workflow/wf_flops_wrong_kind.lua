-- wf_flops_wrong_kind.lua: task cpu.flops "1GB" is a size, not a flop count.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1GB" } },
} }
