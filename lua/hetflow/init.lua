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

--- hetflow.embodied: embodied emissions of devices, for a node's or GPU's `embodied` field
-- (docs/models/carbon.md#embodied-emissions): kg CO2e of making the device, and the years they
-- are spread over. Each with its source; none is a measurement of ours.
M.embodied = {
  -- Dell PowerEdge R740 (2 CPUs, 32 GB, 2 x 300 GB + 1 TB disks): Dell's product carbon
  -- footprint (January 2019), as the Boavizta environmental-footprint-data carries it: 8,640 kg
  -- over the life cycle, 15.2 % of it manufacturing: 8640 x 0.152 = 1313 kg; 4 years of use
  -- (the footprint's own assumption).
  poweredge_r740 = { kg = 1313, years = 4 },
  -- One NVIDIA A100 GPU: 318 kg CO2e (Chien et al., HotCarbon 2023, as quoted by Scope3's
  -- methodology pages: second-hand, the paper itself not checked); 4 years (ASSUMPTION: the
  -- lifetime the Dell footprints and the ecodiag tool use).
  a100 = { kg = 318, years = 4 },
}
