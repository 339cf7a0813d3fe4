-- mig_many.lua: 2,000 nodes x 8 A100-40GB x 7 MIG 1g.5gb instances: 112,000 instances behind
-- 16,000 PCIe links (one per physical GPU). Writing its SimGrid XML must take time linear in the
-- resources (tests/cli.cmake, cli.platform_xml_mig_many).
return { name = "mig-many", sites = { { name = "lab", nodes = {
  { name = "n", count = 2000, speed = "1Gf", gpus = { { model = "A100-40GB", count = 8,
    partition = { mig = { "1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb" } } } } },
} } } }
