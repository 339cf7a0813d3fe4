-- helper.lua: loaded with dofile by inputs.lua.
return { policy = "earliest_finish" }
