# gpu_name.sh: sourced by run.sh and the bundle's run script; names a GPU the way validate/data/
# and platforms/calibrated/ file it ("NVIDIA H200" -> "h200", "NVIDIA A100-SXM4-80GB" ->
# "a100-sxm4-80gb").
hf_gpu_slug() {
  printf '%s' "$1" | tr '[:upper:]' '[:lower:]' |
    sed -e 's/^nvidia //' -e 's/[^a-z0-9]\{1,\}/-/g' -e 's/^-//' -e 's/-$//'
}
