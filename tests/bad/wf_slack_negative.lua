-- wf_slack_negative.lua: a task whose slack (how long it may wait once ready) is negative.
return { name = "w", tasks = { { name = "t", cpu = { flops = "1Gf" }, slack = "-1s" } } }
