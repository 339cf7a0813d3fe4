/* fuzz_file_loader.h: the body shared by the targets whose loader takes a path (WfFormat, DOT,
 * text DAG): write the input to the process's temp file, load it, check and free the result.
 * Include it after defining LOAD(ctx, path, out), TAG and EXT. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = hf_fuzz_tmpfile(TAG, EXT, data, size);
    hf_ctx *ctx = hf_ctx_new();
    if (!ctx) return 0;
    hf_workflow *wf = NULL;
    hf_err rc = LOAD(ctx, path, &wf);
    hf_fuzz_check_workflow(ctx, rc, wf);
    hf_ctx_free(ctx);
    return 0;
}
