-- wf_stage_at_unknown.lua: stage_at names a host 'nowhere' the platform does not have.
return { name = "w", stage_at = "nowhere",
  files = { { name = "in", size = "1MB" } },
  tasks = { { name = "a", cpu = { flops = "1Gf" }, inputs = { "in" } } },
}
