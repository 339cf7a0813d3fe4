-- wf_top_key.lua: top-level key 'taks' is a misspelling of 'tasks'.
return { name = "w", taks = {
  { name = "a", cpu = { flops = "1Gf" } },
} }
