-- sandbox_globals.lua: a scenario that replaces what a sandbox written in Lua would call for its
-- checks (error, type, tostring, string.*; --set via=...), then tries to write, remove and rename outside the
-- result file's directory (--set what=write|remove|rename|output|xml). The sandbox's checks are
-- C closures over what they use: each attempt must still be refused.
local hetflow = require("hetflow")
local what = hetflow.param("what", "")
local platform = hetflow.platform("platforms/quickstart.lua")
-- --set via=error|find|tostring|type|all: what is replaced (each turned the Lua checks off)
local via = hetflow.param("via", "error")
if via == "error" or via == "all" then error = function() end end
if via == "find" or via == "all" then string.find = function() return nil end end
if via == "tostring" or via == "all" then tostring = function() return "r" end end
if via == "type" or via == "all" then type = function() return "userdata" end end
if via == "all" then
  assert = function(...) return ... end
  string.match = function() return "." end
  string.sub = function() return "" end
  string.format = function() return "" end
  getmetatable("").__index = {}
end
if what == "write" then io.open("/tmp/hetflow-sandbox-globals", "w") end
if what == "append" then io.open("/tmp/hetflow-sandbox-globals", "a+") end
if what == "remove" then os.remove("/tmp/hetflow-sandbox-globals-remove") end
if what == "rename" then os.rename("/tmp/hetflow-sandbox-globals-a", "/tmp/hetflow-sandbox-globals-b") end
if what == "output" then io.output("/tmp/hetflow-sandbox-globals-output") end
if what == "xml" then platform:write_xml("/tmp/hetflow-sandbox-globals.xml") end
hetflow.run { platform = platform, workflow = hetflow.chain { n = 1, cpu = { flops = "1Gf" } } }
