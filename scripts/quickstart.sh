#!/usr/bin/env bash
# quickstart.sh HETFLOW [OUTDIR]: what `make run` shows: the quickstart scenario's summary under
# its default policy, then the same scenario under each DAG policy, one table row per run
# (printed by the scenario itself, --set row=true). Run from the repository root.
set -euo pipefail
hetflow=${1:?usage: scripts/quickstart.sh HETFLOW [OUTDIR]}
out=${2:-results}
mkdir -p "$out"

echo "\$ $hetflow run lua/examples/quickstart.lua -o $out/quickstart.h5 --force"
"$hetflow" run lua/examples/quickstart.lua -o "$out/quickstart.h5" --force

echo
echo "The same scenario under three DAG policies (--set policy=NAME), each run in $out/quickstart-NAME.h5:"
header=true
for policy in round_robin earliest_finish heft; do
  "$hetflow" run lua/examples/quickstart.lua --set policy=$policy --set row=true \
    --set header=$header -q --force -o "$out/quickstart-$policy.h5"
  header=false
done
echo "round_robin ignores speeds and data; earliest_finish places the tasks readied together in"
echo "the order they are declared; heft places those on the critical path first (docs/policies.md)."
