-- plat_returns_nothing.lua: a platform file that builds a table but forgets to return it.
local p = { name = "p", sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } }
