#!/bin/bash
# sites.sh HETFLOW OUTDIR: 2,000 sites of 2 nodes (bench/sites.lua) generate and run in seconds:
# the XML joins the sites with 2 routes per site (4,000, where a full mesh had 2000 x 1999 =
# 3,998,000 and took minutes), and the one cross-site transfer takes the time worked out in
# bench/sites.lua: makespan 2.12502 s (docs/models/network.md).
set -u
hetflow=$1 out=$2
xml=$out/sites-2000.xml
rm -f "$xml"
log=$("$hetflow" run bench/sites.lua --set sites=2000 --set nodes=2 --set xml="$xml" \
        -o "$out/sites-2000.h5" --force -q 2>&1) || { echo "FAIL: run: $log"; exit 1; }
echo "$log"
case $log in
*"sites 2000 x 2 nodes: makespan 2.12502"*) ;;
*) echo "FAIL: expected makespan 2.12502 s"; exit 1 ;;
esac
routes=$(grep -c '<zoneRoute ' "$xml")
[ "$routes" = 4000 ] || { echo "FAIL: $routes zoneRoutes, expected 4000 (2 per site)"; exit 1; }
# linear size: the 4,000 nodes with their links and properties, plus 2 short routes per site
# (about 1.5 kB per site here; the mesh wrote 3,998,000 routes of ~190 bytes: 760 MB)
size=$(wc -c < "$xml")
[ "$size" -lt 4000000 ] || { echo "FAIL: XML of $size bytes for 2000 sites"; exit 1; }
echo "ok: $routes zoneRoutes, $size bytes of XML"
