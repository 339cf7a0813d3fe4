-- wf_seconds_bad_unit.lua: task cpu.seconds "3 parsecs" is not a time.
return { name = "w", reference_speed = "1Gf", tasks = {
  { name = "a", cpu = { seconds = "3 parsecs" } },
} }
