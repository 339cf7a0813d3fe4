-- plat_no_sites.lua: sites is an empty list.
return { name = "p", sites = {} }
