-- sandbox_modules.lua: load, dofile and require of the scenario's own helpers work under
-- --sandbox (their chunks see the scenario's globals), in text mode only, and a required module
-- is confined like the scenario (--set what=escape: the module's write outside is refused).
local hetflow = require("hetflow")
local what = hetflow.param("what", "")
-- load: a chunk without env sees the globals; one with an env sees that env only
assert(load("return string.format('%d', 42)")() == "42")
assert(load("return x", "=env", "t", { x = 7 })() == 7)
assert(load("return string", "=nil env", "t", nil) ~= nil)
-- binary chunks stay refused, whatever mode is asked for
local f, err = load(string.dump(function() end), "=bin", "b")
assert(f == nil and err:find("attempt to load a binary chunk"), err)
-- dofile and loadfile of a helper: globals visible, values returned
local helper = dofile("tests/bad/sandbox_mods/helper.lua")
assert(helper.twice(21) == 42)
assert(loadfile("tests/bad/sandbox_mods/helper.lua")().twice(2) == 4)
-- require of a module on package.path
package.path = "tests/bad/sandbox_mods/?.lua;" .. package.path
local mod = require("sandbox_mod")
assert(mod.name == "sandbox_mod" and mod.helper_twice(5) == 10)
if what == "escape" then mod.escape() end
print("modules ok")
hetflow.run { platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
              workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } } }
