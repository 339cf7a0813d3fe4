-- adv_write_xml.lua: platform:write_xml(OUT) of the platform file P (--set p=P --set out=OUT),
-- then a run on it (the result file is the caller's -o).
local plat = hetflow.platform(hetflow.param("p", "p.xml"))
plat:write_xml(hetflow.param("out", "p.xml"))
hetflow.run{platform = plat, workflow = {tasks = {{name = "t", cpu = {flops = "1Gf"}}}}}
