-- sandbox.lua: hetflow run --sandbox: lock a Lua state down before an untrusted scenario runs.
-- M._sandbox(outdir, realdir) is called by the CLI with the real path of the result file's
-- directory and a function giving the real path of a file's directory (nil when it does not
-- exist). Removes process and native-code access; file writes only under outdir.
local M = ...

function M._sandbox(outdir, realdir)
  local function check_write(path, what)
    local dir = tostring(path):match("^(.*)/[^/]*$") or "."
    if dir == "" then dir = "/" end
    local real = realdir(dir)
    if not (real and (real == outdir or real:sub(1, #outdir + 1) == outdir .. "/")) then
      error(string.format("sandbox: %s '%s' is not allowed (only under %s)", what,
                          tostring(path), outdir), 3)
    end
  end

  -- processes and native code
  os.execute, io.popen, os.tmpname = nil, nil, nil
  package.loadlib, package.cpath = nil, ""
  debug, package.loaded.debug = nil, nil

  -- files: reading anywhere, writing under outdir only
  local open, output = io.open, io.output
  io.open = function(path, mode)
    if mode and tostring(mode):find("[wa+]") then check_write(path, "writing") end
    return open(path, mode)
  end
  io.output = function(file)
    if type(file) == "string" then check_write(file, "writing") end
    return output(file)
  end
  local remove, rename = os.remove, os.rename
  os.remove = function(path)
    check_write(path, "removing")
    return remove(path)
  end
  os.rename = function(from, to)
    check_write(from, "renaming")
    check_write(to, "renaming to")
    return rename(from, to)
  end

  -- chunks: text only (binary chunks can break the VM's guarantees)
  local lload, lloadfile = load, loadfile
  load = function(chunk, name, _, env) return lload(chunk, name, "t", env) end
  loadfile = function(path, _, env) return lloadfile(path, "t", env) end
  dofile = function(path) return assert(loadfile(path))() end
  package.searchers = { package.searchers[1], function(name)
    local path, err = package.searchpath(name, package.path)
    if not path then return err end
    return assert(loadfile(path)), path
  end }
end
