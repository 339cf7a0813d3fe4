-- sandbox_limits.lua: what the --sandbox limits stop (--set what=...): an endless loop
-- (loop), one that catches the limit's error and goes on (caught), a string doubling until it
-- fills the memory (grow), a pattern search that runs for hours inside one C function (cfind),
-- os.exit (exit). Each must end with a clear error and exit status 1.
local hetflow = require("hetflow")
local what = hetflow.param("what", "")
if what == "loop" then
  while true do end
elseif what == "caught" then
  while true do pcall(function() while true do end end) end
elseif what == "grow" then
  local s = "x"
  while true do s = s .. s end
elseif what == "cfind" then -- O(n^3) backtracking over 10^5 characters: no Lua instruction runs
  string.find(string.rep("a", 100000), ".-.-.-b")
elseif what == "exit" then
  os.exit(0)
end
hetflow.run { platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
              workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } } }
