-- wf_edges_cycle.lua: workflow.edges form a cycle between 'a' and 'b'.
return { name = "w",
  tasks = { { name = "a", cpu = { flops = "1Gf" } }, { name = "b", cpu = { flops = "1Gf" } } },
  edges = { { "a", "b" }, { "b", "a" } },
}
