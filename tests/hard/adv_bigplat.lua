-- adv_bigplat.lua: a platform of 10^5 nodes, whose SimGrid XML (7.5 MB, in TMPDIR) takes SimGrid
-- a second or more to load: time to send a signal while the temporary file exists.
local nodes = {}
for i = 1, 100000 do nodes[i] = { name = "n" .. i, speed = "1Gf" } end
hetflow.run{platform = { sites = { { name = "s", nodes = nodes } } },
            workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } }}
