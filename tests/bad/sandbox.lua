-- sandbox.lua: what --sandbox refuses (--set what=...) and allows (what=okwrite, what=binary).
local hetflow = require("hetflow")
local what = hetflow.param("what", "")
if what == "execute" then os.execute("true") end
if what == "popen" then io.popen("true") end
if what == "write" then io.open("/tmp/hetflow-sandbox-escape", "w") end
if what == "rename" then os.rename(hetflow.param("dir", ".") .. "/x", "/tmp/hetflow-escape") end
if what == "loadlib" then package.loadlib("libc.so.6", "puts") end
if what == "debug" then debug.getinfo(1) end
if what == "xml" then
  hetflow.platform("platforms/quickstart.lua"):write_xml("/tmp/hetflow-sandbox.xml")
end
if what == "binary" then -- refused without an error: load returns nil and the reason
  local f, err = load(string.dump(function() end))
  assert(f == nil and err:find("attempt to load a binary chunk"), err)
end
if what == "okwrite" then -- the result file's directory is writable
  local f = assert(io.open(hetflow.param("dir", ".") .. "/sandbox-note.txt", "w"))
  f:write("ok\n")
  f:close()
end
hetflow.run { platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
              workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } } }
