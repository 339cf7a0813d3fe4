-- wf_wfformat_no_ref.lua: a WfFormat instance whose task 'c' ran 2 s on a machine without a
-- recorded speed, loaded without a reference speed (--set ref=S gives one, and the run works).
local hetflow = require("hetflow")
local ref = hetflow.param("ref", "")
local opts = ref ~= "" and { reference_speed = ref } or nil
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = hetflow.workflow("tests/data/wfformat/tiny-1.5.json", opts),
}
