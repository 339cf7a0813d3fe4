-- wf_not_table.lua: a workflow file that returns a number instead of a table.
return 42
