-- wf_empty_cost.lua: task 'a' has a cpu table with no flops and no seconds.
return { name = "w", tasks = {
  { name = "a", cpu = {} },
} }
