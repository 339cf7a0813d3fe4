-- ok_workflow.lua: a valid two-task chain that the bad platforms use.
return {
  name = "okw",
  tasks = {
    { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "fa", size = "1MB" } } },
    { name = "b", cpu = { flops = "1Gf" }, inputs = { "fa" } },
  },
}
