-- adv_gc.lua: a finalizer written in Lua, which Lua runs with its hooks off (no instruction or
-- time limit counted it) and, for the objects left, after the sandbox's clock had stopped: each
-- of these hung `run --sandbox --sandbox-time 2 --sandbox-instructions 1e6` for ever.
--   --set how=after:   a table with a looping __gc, made after the run (collected after the clock)
--   --set how=before:  the same, collected during the scenario (10^6 instructions went uncounted)
--   --set how=handle:  the looping function put in the file handles' metatable (io.stdout's)
local how = hetflow.param("how", "after")
local function loop() local n = 0 while true do n = n + 1 end end
if how == "before" then
  setmetatable({}, {__gc = loop})
  collectgarbage()
end
hetflow.run{platform = "platforms/quickstart.lua", workflow = "workloads/quickstart.lua",
            policy = "heft"}
if how == "after" then
  setmetatable({}, {__gc = loop})
elseif how == "handle" then
  getmetatable(io.stdout).__gc = loop
end
