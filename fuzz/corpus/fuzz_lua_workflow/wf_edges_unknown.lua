-- wf_edges_unknown.lua: workflow.edges names a task 'ghost' that does not exist.
return { name = "w",
  tasks = { { name = "a", cpu = { flops = "1Gf" } } },
  edges = { { "a", "ghost" } },
}
