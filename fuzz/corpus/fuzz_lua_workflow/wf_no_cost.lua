-- wf_no_cost.lua: task 'a' has neither a cpu nor a gpu cost.
return { name = "w", tasks = {
  { name = "a", cores = 2 },
} }
