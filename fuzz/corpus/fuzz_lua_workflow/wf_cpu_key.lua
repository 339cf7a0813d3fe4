-- wf_cpu_key.lua: cpu cost key 'flop' is a misspelling of 'flops'.
return { name = "w", tasks = {
  { name = "a", cpu = { flop = "1Gf" } },
} }
