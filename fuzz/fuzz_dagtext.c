/* fuzz_dagtext.c: libFuzzer target for the plain-text DAG loader (hf_workflow_load_dagtext). */
#define TAG "dagtext"
#define EXT ".dag"
#define LOAD(ctx, path, out) hf_workflow_load_dagtext(ctx, path, out)
#include "fuzz_file_loader.h"
