-- sandbox_mod.lua: a module required by tests/bad/sandbox_modules.lua; it uses the globals and
-- dofile, and its escape() tries a write outside the result directory.
local helper = dofile("tests/bad/sandbox_mods/helper.lua")
return { name = ..., helper_twice = helper.twice,
         escape = function() io.open("/tmp/hetflow-sandbox-module-escape", "w") end }
