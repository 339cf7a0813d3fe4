/* fuzz_dot.c: libFuzzer target for the SimGrid-style DOT loader (hf_workflow_load_dot, cgraph). */
#define TAG "dot"
#define EXT ".dot"
#define LOAD(ctx, path, out) hf_workflow_load_dot(ctx, path, out)
#include "fuzz_file_loader.h"
