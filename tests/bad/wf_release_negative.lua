-- wf_release_negative.lua: a task released before time 0.
return { name = "w", tasks = { { name = "t", cpu = { flops = "1Gf" }, release = "-1s" } } }
