-- sandbox_write.lua: writes "pwned" to --set path=P the way --set how=open|append|rplus|output|
-- xml says (io.open "w", "a", "r+", io.output, platform:write_xml). tests/hard/sandbox.sh plants
-- links, FIFOs and hard links at P in the result directory and requires a refusal.
local hetflow = require("hetflow")
local path, how = hetflow.param("path", ""), hetflow.param("how", "open")
local platform = hetflow.platform("platforms/quickstart.lua")
if how == "xml" then
  platform:write_xml(path)
elseif how == "output" then
  io.output(path)
  io.write("pwned\n")
  io.close()
else
  local f, err = io.open(path, ({ open = "w", append = "a", rplus = "r+" })[how])
  assert(f, err)
  f:write("pwned\n")
  f:close()
end
hetflow.run { platform = platform, workflow = hetflow.chain { n = 1, cpu = { flops = "1Gf" } } }
