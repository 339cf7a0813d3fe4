-- carbon_weighted.lua: the weighted carbon policy (docs/policies.md#carbon-aware-placement):
--   score(c) = w_carbon I_c / mean(I) + w_finish (F_c - now) / mean(F - now) + w_latency L_c / mean(L)
-- the least score wins; ties: the earlier estimated finish.
--
-- Direct mode: site a at 100 gCO2e/kWh, site b at 300 (mean 200: terms 0.5 and 1.5); one
-- one-core node each at 1 Gflop/s; seven 10 Gflop tasks ready at 0, decided in order, each
-- booked before the next (est. finish F on a then b; default weights 1, 1, 0):
--   t1 F 10, 10 (mean 10): a 0.5 + 1     = 1.5,   b 1.5 + 1     = 2.5    -> a
--   t2 F 20, 10 (mean 15): a 0.5 + 1.333 = 1.833, b 1.5 + 0.667 = 2.167  -> a
--   t3 F 30, 10 (mean 20): a 0.5 + 1.5   = 2,     b 1.5 + 0.5   = 2      -> tie: b finishes first
--   t4 F 30, 20 (mean 25): a 0.5 + 1.2   = 1.7,   b 1.5 + 0.8   = 2.3    -> a
--   t5 F 40, 20 (mean 30): a 0.5 + 1.333 = 1.833, b 1.5 + 0.667 = 2.167  -> a
--   t6 F 50, 20 (mean 35): a 0.5 + 1.429 = 1.929, b 1.5 + 0.571 = 2.071  -> a
--   t7 F 60, 20 (mean 40): a 0.5 + 1.5   = 2,     b 1.5 + 0.5   = 2      -> tie: b
-- With carbon=0 it is earliest finish (a, b, a, b, ...); with finish=0, carbon_min (all on a).
--
-- Serverless: client on site c (WAN latency 1 ms), endpoint ea on site a (10 ms: 11 ms from
-- the client), eb on site b (50 ms: 51 ms; mean 31 ms), a now at 300 and b at 100, one task:
--   latency=1 (carbon=0, finish=0): a 11/31 = 0.355, b 51/31 = 1.645         -> a
--   carbon=1, latency=1, finish=0:  a 1.5 + 0.355 = 1.855, b 0.5 + 1.645 = 2.145 -> a
--   carbon=1, latency=0.5, finish=0: a 1.5 + 0.177 = 1.677, b 0.5 + 0.823 = 1.323 -> b
-- A Lua policy sees each candidate's latency (0.011 and 0.051 s).
local hetflow = require("hetflow")

local function node(name) return { name = name, cores = 1, speed = "1Gf" } end
local function direct(policy)
  local tasks = {}
  for i = 1, 7 do tasks[i] = { name = "t" .. i, cpu = { flops = "10Gf" } } end
  return hetflow.run {
    platform = { name = "two", sites = {
      { name = "a", wan = { bandwidth = "1GBps", latency = "1ms" }, carbon = 100, nodes = { node("na") } },
      { name = "b", wan = { bandwidth = "1GBps", latency = "1ms" }, carbon = 300, nodes = { node("nb") } } } },
    workflow = { tasks = tasks },
    policy = policy,
  }
end
local function where(r)
  local s = ""
  for i = 1, 7 do s = s .. r:task("t" .. i).resource:sub(2) end
  return s
end

-- one simulation per process: --set case=NAME picks the case (tests/hard/carbon.cmake runs each)
local case = hetflow.param("case", "default")
local seen = {}
local function serverless(policy)
  return hetflow.run {
    platform = { name = "three", sites = {
      { name = "c", wan = { bandwidth = "1GBps", latency = "1ms" }, nodes = { node("client") } },
      { name = "a", wan = { bandwidth = "1GBps", latency = "10ms" }, carbon = 300, nodes = { node("na") } },
      { name = "b", wan = { bandwidth = "1GBps", latency = "50ms" }, carbon = 100, nodes = { node("nb") } } } },
    workflow = { tasks = { { name = "f", cpu = { flops = "1Gf" } } } },
    policy = policy,
    serverless = { mode = "decomposed", client = "c",
      endpoints = { { name = "ea", nodes = { "na" } }, { name = "eb", nodes = { "nb" } } } },
  }
end
local cases = {
  default = function()
    local r = direct("carbon_weighted")
    assert(where(r) == "aabaaab", where(r))
    assert(r.policy == "carbon_weighted:carbon=1,finish=1,latency=0", r.policy)
    assert(r:task("t1\0x") == nil, "a name with a NUL inside is no task's")
  end,
  carbon0 = function() assert(where(direct("carbon_weighted:carbon=0")) == "abababa") end,
  finish0 = function() assert(where(direct("carbon_weighted:finish=0")) == "aaaaaaa") end,
  reordered = function()
    local r = direct("carbon_weighted:finish=1,carbon=1")
    assert(where(r) == "aabaaab", where(r))
    assert(r.policy == "carbon_weighted:carbon=1,finish=1,latency=0", r.policy)
  end,
  latency = function()
    assert(serverless("carbon_weighted:carbon=0,finish=0,latency=1"):task("f").resource == "na")
  end,
  carbon_latency = function()
    assert(serverless("carbon_weighted:carbon=1,finish=0,latency=1"):task("f").resource == "na")
  end,
  carbon_half_latency = function()
    local r = serverless("carbon_weighted:carbon=1,finish=0,latency=0.5")
    assert(r:task("f").resource == "nb", r:task("f").resource)
    assert(r.policy == "carbon_weighted:carbon=1,finish=0,latency=0.5", r.policy)
  end,
  lua_serverless = function()
    serverless(function(task, cands)
      for _, c in ipairs(cands) do seen[c.endpoint] = c.latency end
      return 1
    end)
    assert(math.abs(seen.ea - 0.011) < 1e-12 and math.abs(seen.eb - 0.051) < 1e-12, seen.ea)
  end,
  lua_direct = function()
    direct(function(task, cands)
      for _, c in ipairs(cands) do assert(c.latency == 0, "direct mode: no WAN latency") end
      return 1
    end)
  end,
}
assert(cases[case], "no case " .. case)()
