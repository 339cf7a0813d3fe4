/* fuzz_wfformat.c: libFuzzer target for the WfCommons WfFormat JSON loader
 * (hf_workflow_load_wfformat, reference speed 1 Gflop/s for tasks without a machine speed). */
#define TAG "wfformat"
#define EXT ".json"
#define LOAD(ctx, path, out) hf_workflow_load_wfformat(ctx, path, 1e9, out)
#include "fuzz_file_loader.h"
