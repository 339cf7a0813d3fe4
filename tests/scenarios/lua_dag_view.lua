-- lua_dag_view.lua: a list scheduler written in Lua with the DAG view reproduces HEFT (heft.lua):
-- priority = upward rank, decide = earliest finish. The view, worked out in heft.lua:
--   rank: t1 9, t2 7.5, t3 4.5, t4 1.5; mean_cost: 1.5, 6, 3, 1.5; levels 1, 2, 2, 3
--   rank_down (heaviest mean path before the task): t1 0, t2 1.5, t3 1.5, t4 1.5 + 6 = 7.5
--   critical (rank + rank_down = 9): t1, t2, t4; not t3 (4.5 + 1.5 = 6)
--   t4's parents ran on B (t2) and A (t3) -> makespan 6 s, as HEFT.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local want = { t1 = { 9, 0, 1.5, 1, true }, t2 = { 7.5, 1.5, 6, 2, true },
               t3 = { 4.5, 1.5, 3, 2, false }, t4 = { 1.5, 7.5, 1.5, 3, true } }
local seen = {}
local function check(task)
  local w = want[task.name]
  T.near(task.rank, w[1], task.name .. " rank")
  T.near(task.rank_down, w[2], task.name .. " rank_down")
  T.near(task.mean_cost, w[3], task.name .. " mean_cost")
  assert(task.level == w[4] and task.critical == w[5], task.name .. " level/critical")
end

local r = hetflow.run {
  platform = T.two_speeds(),
  workflow = T.fork_join(),
  policy = {
    name = "lua_heft",
    priority = function(task) check(task); return task.rank end,
    decide = function(task, cands, now)
      check(task)
      seen[task.name] = task
      local best = cands[1]
      for _, c in ipairs(cands) do
        if c.est_finish < best.est_finish or
           (c.est_finish == best.est_finish and c.est_start < best.est_start) then best = c end
      end
      return best
    end,
  },
}
local where = {}
for _, p in ipairs(seen.t4.parents) do where[p.name] = p.resource end
assert(where.t2 == "B" and where.t3 == "A", "parents' resources")
T.near(r.makespan, 6, "makespan")
