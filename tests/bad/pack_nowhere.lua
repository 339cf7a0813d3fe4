-- pack_nowhere.lua: 0.5 + 0.6 do not fit one GPU.
local hetflow = require("hetflow")
local place = hetflow.pack { fit = "best", items = { { name = "a", share = 0.5 }, { name = "b", share = 0.6 } },
                             gpus = { { name = "g", memory = "80GB" } } }
