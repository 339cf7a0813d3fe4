-- sandbox_sort.lua: table.sort is stable in hetflow (lstate.c l_sort): elements that compare
-- equal keep their order, so ties come out the same in every process. Lua 5.4's own sort is an
-- unstable quicksort (and picks pivots from the clock on unbalanced partitions): the 300-element
-- check below fails with it.
local hetflow = require("hetflow")

-- 300 records, key = i % 3, in order of i. Sorted by key, stably: key 0 holds i = 3, 6, ..., 300
-- (100 records), then key 1: i = 1, 4, ..., 298, then key 2: i = 2, 5, ..., 299.
local r = {}
for i = 1, 300 do r[i] = { key = i % 3, id = i } end
table.sort(r, function(a, b) return a.key < b.key end)
for k = 1, 100 do
  assert(r[k].key == 0 and r[k].id == 3 * k, "slot " .. k .. ": id " .. r[k].id)
  assert(r[100 + k].key == 1 and r[100 + k].id == 3 * k - 2, "slot " .. (100 + k))
  assert(r[200 + k].key == 2 and r[200 + k].id == 3 * k - 1, "slot " .. (200 + k))
end

-- descending with ties: keys 2, 2, 1, 1 of ids c, d, a, b (input a1 b1 c2 d2)
local d = { { "a", 1 }, { "b", 1 }, { "c", 2 }, { "d", 2 } }
table.sort(d, function(x, y) return x[2] > y[2] end)
assert(d[1][1] .. d[2][1] .. d[3][1] .. d[4][1] == "cdab")

-- Lua's "<" without an order function: numbers, strings (bytewise)
local n = { 5, -1, 3.5, 0, 2 }
table.sort(n)
assert(table.concat(n, " ") == "-1 0 2 3.5 5")
local s = { "b", "B", "ab", "a" }
table.sort(s)
assert(table.concat(s, " ") == "B a ab b")

-- empty and one-element lists; bad arguments give Lua's messages
local e, o = {}, { 7 }
table.sort(e)
table.sort(o)
assert(#e == 0 and o[1] == 7)
local ok, msg = pcall(table.sort, 5)
assert(not ok and msg:find("bad argument #1 to 'table.sort' (table expected, got number)", 1, true), msg)
ok, msg = pcall(table.sort, { 2, 1 }, 3)
assert(not ok and msg:find("bad argument #2 to 'table.sort' (function expected, got number)", 1, true), msg)
-- mixed types without an order function: Lua's comparison error
ok, msg = pcall(table.sort, { 1, "x" })
assert(not ok and msg:find("attempt to compare", 1, true), msg)

hetflow.run { platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
              workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } } }
