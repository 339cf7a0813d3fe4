-- workflow.lua: three tasks for inputs.lua.
return { name = "meta", tasks = {
  { name = "x", cpu = { flops = "2Gf" }, gpu = { seconds = 1 } },
  { name = "y", cpu = { flops = "2Gf" }, gpu = { seconds = 1 }, after = { "x" } },
  { name = "z", cpu = { flops = "1Gf" } } } }
