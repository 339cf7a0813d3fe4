-- wf_self_dep.lua: task 'a' lists itself in its after list.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, after = { "a" } },
} }
