-- sandbox_pairs.lua: next and pairs in hetflow's fixed total order of keys (lstate.c): numbers
-- ascending (integers and floats together), then strings bytewise (a prefix first), then false,
-- true. Every expected order below is written out by hand from that rule.
local hetflow = require("hetflow")

local function keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = tostring(k) end
  return table.concat(out, " ")
end

-- numbers: -2.5 < -1 < 0 < 1 < 1.5 < 2 < 10 < 2^53 (a float key of integral value becomes an
-- integer, as in Lua); then strings: "B" (0x42) < "a" (0x61) <
-- "a\0" < "ab" < "b"; then false < true
local t = { [10] = 1, [1] = 1, [2] = 1, [1.5] = 1, [-1] = 1, [0] = 1, [-2.5] = 1, [2 ^ 53] = 1,
            b = 1, a = 1, ab = 1, B = 1, ["a\0"] = 1, [true] = 1, [false] = 1 }
assert(keys(t) == "-2.5 -1 0 1 1.5 2 10 9007199254740992 B a a\0 ab b false true", keys(t))

-- the array part and the hash part in one order: 1 2 3 then 4 (hash) then "x"
local mixed = { 1, 2, 3, x = 1 }
mixed[4] = 4
assert(keys(mixed) == "1 2 3 4 x", keys(mixed))

-- next by hand: the smallest key first, then each key's successor, nil at the end
assert(next({}) == nil)
assert(next({ z = 1, y = 2 }) == "y")
local s = { c = 3, a = 1, b = 2 }
assert(next(s, "a") == "b" and select(2, next(s, "a")) == 2)
assert(next(s, "c") == nil)
-- a key that is not in the table: the traversal goes on after the place it would have
assert(next(s, "bb") == "c")

-- removing fields during a traversal is allowed, as in Lua: removed keys are not visited
local r = { a = 1, b = 2, c = 3, d = 4 }
local seen = {}
for k in pairs(r) do
  seen[#seen + 1] = k
  if k == "a" then r.c = nil end -- removed before it is reached
  r[k] = nil                     -- removing the current key
end
assert(table.concat(seen, " ") == "a b d", table.concat(seen, " "))
assert(next(r) == nil)

-- assigning existing fields during a traversal is allowed too
local u = { a = 1, b = 2 }
for k, v in pairs(u) do u[k] = v * 10 end
assert(u.a == 10 and u.b == 20)

-- two traversals of one table, nested: each sees every key once, in order
local n = { x = 1, y = 2, z = 3 }
local pairs_seen = {}
for a in pairs(n) do
  for b in pairs(n) do pairs_seen[#pairs_seen + 1] = a .. b end
end
assert(table.concat(pairs_seen, " ") == "xx xy xz yx yy yz zx zy zz")

-- keys added after a traversal are seen by the next traversal (break leaves no stale snapshot)
local g = { b = 1, d = 1 }
for _ in pairs(g) do break end
g.a, g.c = 1, 1
assert(keys(g) == "a b c d", keys(g))

-- __pairs is honoured, as by Lua's pairs
local proxy = setmetatable({}, { __pairs = function(_) return function(_, k)
  if k == nil then return 1, "one" end
end, nil, nil end })
for k, v in pairs(proxy) do assert(k == 1 and v == "one") end

-- next needs a table
assert(not pcall(next, "x"))

-- a larger table: 1000 string keys come out sorted
local big, want = {}, {}
for i = 1, 1000 do big[string.format("k%04d", 1001 - i)] = i end
for i = 1, 1000 do want[i] = string.format("k%04d", i) end
assert(keys(big) == table.concat(want, " "))

-- math.random follows the run's seed, and so does math.randomseed() without arguments
local a1 = math.random(1, 1 << 30)
math.randomseed()
local a2 = math.random(1, 1 << 30)
math.randomseed(hetflow.seed)
assert(math.random(1, 1 << 30) == a2)
print(string.format("random %d %d", a1, a2))

hetflow.run { platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
              workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } } }
