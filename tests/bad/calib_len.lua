-- calib_len.lua: a platform whose calibration.training raises an error when its length is
-- taken (a __len metamethod); `hetflow compare` reads that list outside any Lua script.
return { name = "p",
  calibration = { training = setmetatable({}, { __len = function() error("no length here") end }) },
  sites = { { name = "s", nodes = { { name = "n", speed = "1Gf", gpus = { { model = "H100-80GB" } } } } } } }
