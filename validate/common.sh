# common.sh: sourced by run.sh and the bundle's run script (validate/bundle_run.sh).

# hf_gpu_slug NAME: a GPU named the way validate/data/ and platforms/calibrated/ file it
# ("NVIDIA H200" -> "h200", "NVIDIA A100-SXM4-80GB" -> "a100-sxm4-80gb").
hf_gpu_slug() {
  printf '%s' "$1" | tr '[:upper:]' '[:lower:]' |
    sed -e 's/^nvidia //' -e 's/[^a-z0-9]\{1,\}/-/g' -e 's/^-//' -e 's/-$//'
}

# hf_mps_start: start an MPS control daemon of this process's own (pipe and log folders under
# TMPDIR), stopped when the shell exits; the caller's die() on failure.
hf_mps_start() {
  command -v nvidia-cuda-mps-control >/dev/null 2>&1 || die "--mps: nvidia-cuda-mps-control not found"
  export CUDA_MPS_PIPE_DIRECTORY=${TMPDIR:-/tmp}/hetflow-mps-pipe-$$
  export CUDA_MPS_LOG_DIRECTORY=${TMPDIR:-/tmp}/hetflow-mps-log-$$
  mkdir -p "$CUDA_MPS_PIPE_DIRECTORY" "$CUDA_MPS_LOG_DIRECTORY"
  nvidia-cuda-mps-control -d || die "--mps: could not start the MPS control daemon"
  trap 'echo quit | nvidia-cuda-mps-control >/dev/null 2>&1 || true' EXIT
}
