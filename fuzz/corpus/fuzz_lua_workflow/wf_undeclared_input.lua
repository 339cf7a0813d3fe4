-- wf_undeclared_input.lua: task 'b' reads file 'ghost', which is neither declared nor produced.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "fa", size = "1MB" } } },
  { name = "b", cpu = { flops = "1Gf" }, inputs = { "fa", "ghost" } },
} }
