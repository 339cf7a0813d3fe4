-- wf_after_unknown.lua: task 'b' lists a task 'nosuch' in after that does not exist.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" } },
  { name = "b", cpu = { flops = "1Gf" }, after = { "nosuch" } },
} }
