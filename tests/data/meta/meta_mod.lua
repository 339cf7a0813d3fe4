-- meta_mod.lua: loaded with require by inputs.lua.
return { n = 3 }
