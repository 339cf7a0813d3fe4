-- carbon_site.lua: a site's carbon malformed in one way per --set case=NAME
-- (tests/hard/carbon.cmake): each must fail naming the site's field (and a trace's file:line).
local hetflow = require("hetflow")
local case = hetflow.param("case", "none")
local site = { name = "a", nodes = { { name = "n", cores = 1, speed = "1Gf" } } }
if case == "type" then site.carbon = "green"
elseif case == "negative" then site.carbon = -3
elseif case == "pue" then site.carbon, site.pue = 100, 0.9
elseif case == "pue_alone" then site.pue = 1.2
elseif case == "both" then site.carbon = { intensity = 100, trace = "tests/data/carbon/step.csv" }
elseif case == "neither" then site.carbon = {}
elseif case == "key" then site.carbon = { intensty = 100 }
elseif case == "trace" then site.carbon = { trace = "tests/data/carbon/bad_gap.csv" }
elseif case == "missing" then site.carbon = { trace = "tests/data/carbon/none.csv" }
elseif case == "layout" then site.carbon = { trace = "tests/data/carbon/step.csv", layout = "eia" }
elseif case == "start" then
  site.carbon = { trace = "tests/data/carbon/step.csv", start = "2024-01-01 00:00" }
elseif case == "start_text" then site.carbon = { trace = "tests/data/carbon/step.csv", start = "soon" }
elseif case == "lifecycle" then
  site.carbon = { trace = "tests/data/carbon/step.csv", lifecycle = true }
elseif case == "const_layout" then site.carbon = { intensity = 100, layout = "plain" }
elseif case == "forecast" then site.carbon = { intensity = 100, forecast_error = -0.1 }
elseif case == "forecast_type" then site.carbon = { intensity = 100, forecast_error = "10%" }
elseif case == "forecast_const" then
  site.carbon = { intensity = 100, forecast_trace = "tests/data/carbon/step.csv" }
elseif case == "forecast_bad" then
  site.carbon = { trace = "tests/data/carbon/step.csv", forecast_trace = "tests/data/carbon/bad_nan.csv" }
elseif case == "embodied_nocarbon" then site.nodes[1].embodied = { kg = 100, years = 4 }
elseif case == "embodied_kg" then
  site.carbon, site.nodes[1].embodied = 100, { kg = -1, years = 4 }
elseif case == "embodied_years" then
  site.carbon, site.nodes[1].embodied = 100, { kg = 100, years = 0 }
elseif case == "embodied_missing" then site.carbon, site.nodes[1].embodied = 100, { kg = 100 }
elseif case == "embodied_key" then
  site.carbon, site.nodes[1].embodied = 100, { kg = 100, years = 4, tonnes = 1 }
elseif case == "embodied_type" then site.carbon, site.nodes[1].embodied = 100, 1313
elseif case == "embodied_gpu" then
  site.carbon = 100
  site.nodes[1].gpus = { { model = "H100-80GB", embodied = { kg = "lots", years = 4 } } }
end
hetflow.run {
  platform = { name = "p", sites = { site } },
  workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } },
}
