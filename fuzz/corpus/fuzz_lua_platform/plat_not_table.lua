-- plat_not_table.lua: a platform file that returns a string instead of a table.
return "quickstart"
