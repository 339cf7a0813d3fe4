-- wf_cycle3.lua: three tasks depend on each other in a ring through their after lists.
return { name = "w", tasks = {
  { name = "x", cpu = { flops = "1Gf" }, after = { "z" } },
  { name = "y", cpu = { flops = "1Gf" }, after = { "x" } },
  { name = "z", cpu = { flops = "1Gf" }, after = { "y" } },
} }
