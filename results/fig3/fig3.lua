-- fig3.lua: the seed paper's Figure 3 (principle 3) in hetflow: serverless functions submitted
-- from HPE's office in Fort Collins (CO) to three endpoints, an on-premises cluster at HPE in
-- Milpitas (CA) and Google Cloud in Los Angeles (CA) and Council Bluffs (IA), each on its own
-- grid, placed by a carbon-aware policy or a carbon-blind one (results/fig3/README.md).
--
-- Every input and its source (README.md#inputs):
--   grids     hourly intensity of each site's balancing authority, derived from U.S. EIA-930
--             generation by fuel with IPCC AR5 lifecycle factors (platforms/carbon/eia930/):
--             Milpitas CISO, Los Angeles LDWP (or CISO: --set la=ciso), Council Bluffs MISO
--   PUE       Milpitas 1.58 (Uptime Institute 2023 industry average: an on-premises room),
--             Google 1.10 (Google's 2023 fleet average)
--   functions Azure Functions 2019 (Shahrad et al., ATC'20): execution times log-normal,
--             median under 1 s (mu, sigma), at most 600 s (Azure's longest timeout on the
--             consumption plan); Poisson arrivals at a constant rate (ASSUMPTION: no diurnal
--             pattern), rho of the endpoints' cores busy on average (ASSUMPTION)
--   servers   one node of `cores` cores per endpoint, idle and max power (ASSUMPTIONS: the
--             paper gives no hardware), equal speed everywhere
--   WAN       one-way latency from Fort Collins: great-circle distance / (2e8 m/s in fibre)
--             x route stretch 2 (ASSUMPTION)
-- Prints one CSV row of results (--set header=1: the header first); --set hourly=FILE writes
-- each site's intensity and task emissions per hour.
local hetflow = require("hetflow")
local P = function(k, d) return hetflow.param(k, d) end
local num = function(k, d)
  local v = tonumber(P(k, tostring(d)))
  if not v then error("fig3: --set " .. k .. ": a number expected", 0) end
  return v
end

local policy = P("policy", "carbon_weighted")
local week = P("week", "2023-06")
local traces = P("traces", "platforms/carbon/eia930")
local la_ba = P("la", "ldwp")
local days, rho = num("days", 7), num("rho", 0.3)
local mu, sigma, cap = num("mu", -0.38), num("sigma", 2.36), num("cap", 600)
local cores = num("cores", 16)
local idle, pmax = num("idle", 50), num("max", 150)
local pue_onprem, pue_cloud = num("pue_onprem", 1.58), num("pue_cloud", 1.10)
local stretch = num("stretch", 2)
local seed = num("seed", 1)

local starts = { ["2023-06"] = "2023-06-11 00:00", ["2021-07"] = "2021-07-11 00:00" }
local function check(ok, msg) if not ok then error("fig3: --set " .. msg, 0) end end
check(starts[week], "week: 2023-06 or 2021-07")
check(la_ba == "ldwp" or la_ba == "ciso", "la: ldwp or ciso")
-- the traces cover 9 days from the window's start (platforms/carbon/eia930/README.md): a day is
-- left for the last invocations to end
check(days > 0 and days <= 8, "days: more than 0 and at most 8 (the traces cover 9)")
check(rho > 0 and rho <= 1, "rho: the share of cores busy, more than 0 and at most 1")
check(cap > 0 and cap < math.huge, "cap: a positive number of seconds")
check(sigma >= 0 and sigma <= 10 and mu > -20 and mu < 20, "mu, sigma: a log-normal in seconds (|mu| < 20, 0 <= sigma <= 10)")
check(cores >= 1 and cores <= 1024 and cores == math.floor(cores), "cores: a whole number from 1 to 1024")
check(seed >= 0 and seed < 2 ^ 53 and seed == math.floor(seed), "seed: a whole number from 0 to 2^53")
math.randomseed(math.floor(seed))
for _, ba in ipairs({ "ciso", la_ba, "miso" }) do
  local path = traces .. "/" .. ba .. "-" .. week .. ".csv"
  local f = io.open(path, "r")
  check(f, "traces: no " .. path)
  f:close()
end

-- one-way WAN latency from Fort Collins (40.585 N, 105.084 W), haversine on a 6371 km sphere
local function latency(lat, lon)
  local r, rad = 6371e3, math.pi / 180
  local p1, p2 = 40.585 * rad, lat * rad
  local dp, dl = p2 - p1, (lon - -105.084) * rad
  local a = math.sin(dp / 2) ^ 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ^ 2
  return 2 * r * math.asin(math.sqrt(a)) / 2e8 * stretch
end

local function site(name, ba, pue, lat, lon)
  return { name = name, wan = { bandwidth = "1Gbps", latency = latency(lat, lon) },
    carbon = { trace = traces .. "/" .. ba .. "-" .. week .. ".csv", start = starts[week] },
    pue = pue,
    nodes = { { name = name .. "-n1", cores = cores, speed = "1Gf",
      power = { idle = idle .. "W", max = pmax .. "W" } } } }
end
local platform = { name = "fig3", sites = {
  { name = "fortcollins", wan = { bandwidth = "1Gbps", latency = 0 },
    nodes = { { name = "client", cores = 1, speed = "1Gf" } } },
  site("milpitas", "ciso", pue_onprem, 37.428, -121.907),
  site("losangeles", la_ba, pue_cloud, 34.052, -118.244),
  site("councilbluffs", "miso", pue_cloud, 41.262, -95.861) } }

-- the invocations: mean service time of the capped log-normal, closed form
--   E[min(X, c)] = e^(mu + s^2/2) Phi((ln c - mu - s^2)/s) + c (1 - Phi((ln c - mu)/s))
local function erf(x) -- Abramowitz and Stegun 7.1.26, |error| < 1.5e-7
  local s = x < 0 and -1 or 1
  x = math.abs(x)
  local t = 1 / (1 + 0.3275911 * x)
  local y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
    + 0.254829592) * t * math.exp(-x * x)
  return s * y
end
local function Phi(z) return 0.5 * (1 + erf(z / math.sqrt(2))) end
local lc = math.log(cap)
local mean_s = sigma == 0 and math.min(math.exp(mu), cap) -- every run the same length
  or math.exp(mu + sigma ^ 2 / 2) * Phi((lc - mu - sigma ^ 2) / sigma)
     + cap * (1 - Phi((lc - mu) / sigma))
local window = days * 86400
local rate = rho * 3 * cores / mean_s -- invocations per second
check(mean_s > 0 and rate * window <= 5e6,
      string.format("mu, sigma, cap, rho, cores, days: %.4g invocations expected (a mean run of " ..
                    "%.4g s); at most 5e6", rate * window, mean_s))
-- the hourly file is opened now, so that a path that cannot be written fails before the run
local hfile = P("hourly", "")
local hout = hfile ~= "" and io.open(hfile, "w")
check(hfile == "" or hout, "hourly: cannot write " .. hfile)
local tasks, t, n = {}, 0, 0
while true do
  t = t - math.log(1 - math.random()) / rate
  if t >= window then break end
  local z = math.sqrt(-2 * math.log(1 - math.random())) * math.cos(2 * math.pi * math.random())
  local d = math.min(cap, math.exp(mu + sigma * z))
  n = n + 1
  tasks[n] = { name = "f" .. n, cpu = { flops = d * 1e9 }, release = t }
end

local r = hetflow.run {
  platform = platform,
  workflow = { name = "functions", tasks = tasks },
  policy = policy,
  serverless = { mode = "decomposed", client = "fortcollins", endpoints = {
    { name = "milpitas", nodes = { "milpitas-n1" } },
    { name = "losangeles", nodes = { "losangeles-n1" } },
    { name = "councilbluffs", nodes = { "councilbluffs-n1" } } } },
}

-- results: per site functions, task emissions; response times; hourly series
local sites = { "milpitas", "losangeles", "councilbluffs" }
local idx = { ["milpitas-n1"] = 1, ["losangeles-n1"] = 2, ["councilbluffs-n1"] = 3 }
local count, tg, resp = { 0, 0, 0 }, { 0, 0, 0 }, {}
local hours = math.ceil(days * 24)
local hourly = {}
for k = 1, 3 do hourly[k] = {} for h = 1, hours do hourly[k][h] = 0 end end
local inwin = 0
for i = 1, n do
  local x = r:task("f" .. i)
  local k = assert(idx[x.resource], x.resource)
  count[k] = count[k] + 1
  tg[k] = tg[k] + x.emissions
  resp[i] = x["end"] - tasks[i].release
  if x["end"] <= window then inwin = inwin + 1 end
  local h = math.floor((x.start + x["end"]) / 2 / 3600) + 1
  if h <= hours then hourly[k][h] = hourly[k][h] + x.emissions end
end
table.sort(resp)
local sum = 0
for i = 1, n do sum = sum + resp[i] end
local site_g, site_i = {}, {}
for _, c in ipairs(r.carbon) do site_g[c.site], site_i[c.site] = c.emissions, c.intensity end

local cols = { "policy", "week", "la", "rho", "sigma", "cores", "idle_w", "max_w", "functions",
  "finished_in_window", "makespan_s", "response_mean_s", "response_p95_s", "emissions_g",
  "task_emissions_g", "functions_per_kg" }
for _, s in ipairs(sites) do
  for _, f in ipairs({ "functions", "task_g", "site_g", "intensity" }) do cols[#cols + 1] = s .. "_" .. f end
end
local tsum = tg[1] + tg[2] + tg[3]
local row = { policy, week, la_ba, rho, sigma, cores, idle, pmax, n, inwin,
  string.format("%.1f", r.makespan), string.format("%.3f", sum / n),
  string.format("%.3f", resp[math.max(1, math.ceil(0.95 * n))]),
  string.format("%.1f", r.emissions), string.format("%.1f", tsum),
  string.format("%.1f", n / (r.emissions / 1000)) }
for k, s in ipairs(sites) do
  row[#row + 1] = count[k]
  row[#row + 1] = string.format("%.1f", tg[k])
  row[#row + 1] = string.format("%.1f", site_g[s])
  row[#row + 1] = string.format("%.1f", site_i[s])
end
local q = function(v) v = tostring(v) return v:find("[,\"]") and '"' .. v:gsub('"', '""') .. '"' or v end
for i = 1, #row do row[i] = q(row[i]) end
if P("header", "0") == "1" then print(table.concat(cols, ",")) end
print(table.concat(row, ","))

if hout then -- task emissions per site and hour (a task counted in the hour of its midpoint)
  local f = hout
  f:write("hour,site,task_emissions_g\n")
  for k, s in ipairs(sites) do
    for h = 1, hours do f:write(string.format("%d,%s,%.3f\n", h - 1, s, hourly[k][h])) end
  end
  f:close()
end
