-- helper.lua: a helper read with dofile by tests/bad/sandbox_modules.lua
return { twice = function(x) return tonumber(string.format("%d", 2 * x)) end }
