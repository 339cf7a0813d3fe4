-- pack_share.lua: an item share above 1.
local hetflow = require("hetflow")
local place = hetflow.pack { items = { { name = "a", share = 0.5 }, { name = "b", share = 1.2 } },
                             gpus = { { name = "g" } } }
