-- tp_gpu2.lua: two GPU tasks, the second reading the first's output (tests/hard/osu.cmake)
return { tasks = {
  { name = "p", gpu = { flops = "1Tf" }, outputs = { { name = "x", size = "4MB" } } },
  { name = "c", gpu = { flops = "1Tf" }, inputs = { "x" } } } }
