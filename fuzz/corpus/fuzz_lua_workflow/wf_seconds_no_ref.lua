-- wf_seconds_no_ref.lua: task 'a' gives cpu.seconds but no reference speed exists.
return { name = "w", tasks = {
  { name = "a", cpu = { seconds = 5 } },
} }
