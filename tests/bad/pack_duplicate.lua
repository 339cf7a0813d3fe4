-- pack_duplicate.lua: two GPUs named g.
local hetflow = require("hetflow")
local place = hetflow.pack { items = { { name = "a", share = 0.5 } },
                             gpus = { { name = "g" }, { name = "g" } } }
