-- serverless_pull_defaults.lua: an image pull with the default pull model
-- (docs/models/serverless.md#image-pulls): the registry serves one pull at 193 MB/s, the node
-- unpacks at 88 MB/s after the download. One 1 Gflop task (1 s on w) whose function has a
-- 1.5 GB image and a 2 s init; registry reg and node w on one site, NICs 10 GB/s with 5 us
-- latency (route reg -> w: 10 us, 10 GB/s). The client is on the site, overhead 0.
--   download 1e-5 + 1.5e9 / min(193e6, 10e9) = 1e-5 + 7.772020725388601  =  7.772030725388601
--   unpack   1.5e9 / 88e6                                                 = 17.045454545454547
--   pull P   = 24.817485270843148 s (the line rate alone gave 1e-5 + 0.15 s before this model)
--   cold latency = P + init 2 + run 1 = 27.817485270843148 s
-- The policy's start-up estimate for the candidate (hf_invoke_latency, run time 0) is P + 2.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local P = 1e-5 + 1.5e9 / 193e6 + 1.5e9 / 88e6
T.near(P, 24.817485270843148, "hand-computed pull")
local nic = { bandwidth = "10GBps", latency = "5us" }
local startup
local r = hetflow.run {
  platform = { name = "one", sites = { { name = "s", nodes = {
    { name = "reg", speed = "1Gf", nic = nic },
    { name = "w", speed = "1Gf", nic = nic } } } } },
  workflow = { name = "pull",
    functions = { { name = "f", image = "gromacs", image_size = "1.5GB", init = "2s" } },
    tasks = { { name = "t", fn = "f", cpu = { flops = "1Gf" } } } },
  policy = function(task, cands)
    startup = cands[1].startup
    return cands[1].index
  end,
  serverless = { mode = "decomposed", registry = "reg", endpoints = { { name = "ep", nodes = { "w" } } } },
}
T.near(startup, 26.817485270843148, "start-up estimate: pull + init")
local inv = r:invocations()
assert(#inv == 1 and inv[1].cold)
T.near(inv[1].pull, 24.817485270843148, "pull: download + unpack")
T.near(inv[1].init, 2, "init")
T.near(r:task("t")["end"], 27.817485270843148, "task end")
T.near(r.makespan, 27.817485270843148, "makespan")
