-- init.lua: pure-Lua helpers of the hetflow module (embedded in the binary, called with the
-- module table M). The C half provides platform, workflow, run, units, params, seed, version.
local M = ...

--- hetflow.param(name, default): the value given with --set name=value, converted to the
-- type of default (number, boolean or string); default when not given. Errors name the flag.
function M.param(name, default)
  local v = M.params[name]
  if v == nil then return default end
  local t = type(default)
  if t == "number" then
    local n = tonumber(v)
    if n == nil then
      error(string.format("--set %s=%s: number expected", name, v), 2)
    end
    return n
  elseif t == "boolean" then
    if v == "true" or v == "1" or v == "yes" then return true end
    if v == "false" or v == "0" or v == "no" then return false end
    error(string.format("--set %s=%s: true or false expected", name, v), 2)
  end
  return v
end

--- hetflow.chain{n = N, cpu = {...}, file_size = S}: a linear chain of N tasks t1 -> ... -> tN,
-- each writing one file of file_size bytes read by the next: a building block for tests.
function M.chain(spec)
  local n = assert(spec.n, "chain: n required")
  local tasks = {}
  for i = 1, n do
    local t = { name = "t" .. i, cpu = spec.cpu, gpu = spec.gpu, cores = spec.cores,
                outputs = { { name = "f" .. i, size = spec.file_size or 0 } } }
    if i > 1 then t.inputs = { "f" .. (i - 1) } end
    tasks[i] = t
  end
  return { name = spec.name or ("chain-" .. n), tasks = tasks,
           reference_speed = spec.reference_speed }
end
