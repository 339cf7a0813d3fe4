-- wf_no_tasks.lua: the workflow has an empty task list.
return { name = "w", tasks = {} }
