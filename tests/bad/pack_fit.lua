-- pack_fit.lua: an unknown fit name.
local hetflow = require("hetflow")
local place = hetflow.pack { fit = "snug", items = { { name = "a", share = 0.5 } }, gpus = { { name = "g" } } }
