/* fuzz_trace.c: libFuzzer target for the availability trace reader (hf_serverless_load_trace):
 * a text file of "TIME NODE join|leave" lines read against the fixed platform of
 * fuzz_serverless_fixture.h (CPU nodes reg, c, g, d); on success the events meet the contract
 * (fixture_check), on failure there is a one-line message naming the file. */
#include <string.h>

#include "fuzz_serverless_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fixture_init();
    const char *path = hf_fuzz_tmpfile("trace", ".txt", data, size);
    hf_ctx *ctx = hf_ctx_new();
    hf_serverless *s = hf_serverless_new();
    if (!ctx || !s) abort();
    hf_err rc = hf_serverless_load_trace(ctx, s, fixture_p, path);
    if (rc == HF_OK) {
        fixture_check(s, fixture_p);
    } else {
        const char *m = hf_ctx_errmsg(ctx);
        if (!m[0]) hf_fuzz_fail("the trace reader failed without a message", NULL);
        if (strncmp(m, path, strlen(path)) != 0) hf_fuzz_fail("message without the file", m);
        if (strchr(m, '\n')) hf_fuzz_fail("message of more than one line", m);
    }
    hf_serverless_free(s);
    hf_ctx_free(ctx);
    return 0;
}
