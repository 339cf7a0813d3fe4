-- wf_seconds_and_flops.lua: task 'a' gives both cpu.seconds and cpu.flops.
return { name = "w", reference_speed = "1Gf", tasks = {
  { name = "a", cpu = { seconds = 2, flops = "1Gf" } },
} }
