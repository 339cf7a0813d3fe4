# shellcheck shell=bash
# points.sh: sourced by run.sh and sensitivity.sh. fig4_points LIST OUT runs fig4.lua once per
# line of LIST (that line's --set arguments), FIG4_JOBS at a time (default: the CPU count), and
# writes the CSV rows to OUT in LIST's order; one progress line per finished point on stderr.
# Needs HETFLOW; run from the repository root. Returns 1 when a simulation fails.

# fig4_point I N DIR ARGS...: simulation I of N, its CSV row into DIR/I.csv
fig4_point() {
  local i=$1 n=$2 dir=$3 makespan
  shift 3
  if ! "$HETFLOW" run results/fig4/fig4.lua "$@" -q --force -o "$dir/$i.h5" >"$dir/$i.csv"; then
    echo "fig4: point $i/$n failed: $*" >&2
    : >"$dir/failed"
    return 1
  fi
  rm -f "$dir/$i.h5"
  IFS=, read -r _ _ _ _ makespan _ <"$dir/$i.csv"
  echo "fig4: point $i/$n: $* -> makespan $makespan s" >&2
}

fig4_points() { # LIST OUT
  local list=$1 out=$2 jobs=${FIG4_JOBS:-$(nproc)} dir n i=0 line
  dir=$(mktemp -d)
  n=$(wc -l <"$list")
  while read -r line; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # a line is a list of arguments
    fig4_point "$i" "$n" "$dir" $line &
    if (($(jobs -pr | wc -l) >= jobs)); then wait -n || true; fi
    [ -e "$dir/failed" ] && break
  done <"$list"
  wait
  if [ -e "$dir/failed" ]; then
    rm -rf "$dir"
    return 1
  fi
  for ((i = 1; i <= n; i++)); do cat "$dir/$i.csv"; done >"$out"
  rm -rf "$dir"
}
