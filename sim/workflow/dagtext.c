/* dagtext.c: the plain-text DAG format (.dag) that bench/gen_layered writes and the raw-SimGrid
 * floor reads: hetflow reads it in C too, at the floor's speed (docs/formats.md#text-dag). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hetflow/hf_workflow.h"

/* Parse a number at *p (skipping blanks), advancing *p; 0 on success. */
static int num(char **p, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(*p, &end);
    if (end == *p || errno == ERANGE) return -1;
    *p = end;
    return 0;
}

hf_err hf_workflow_load_dagtext(hf_ctx *ctx, const char *path, hf_workflow **out)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, name[32];
    size_t cap = 0;
    long lineno = 1;
    hf_err rc = HF_OK;
    hf_workflow *wf = NULL;
    int *inputs = NULL;
    size_t cap_inputs = 0;
    *out = NULL;
    if (!f) return hf_ctx_fail(ctx, HF_EINPUT, "cannot read '%s': %s", path, strerror(errno));
    const char *base = strrchr(path, '/');
    wf = hf_workflow_new(base ? base + 1 : path);
    if (!wf) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto done;
    }
    double n;
    char *p;
    if (getline(&line, &cap, f) < 0 || (p = line, num(&p, &n)) || !(n >= 0) || n > 1e9 ||
        n != floor(n) || strspn(p, " \t\r\n") != strlen(p)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:1: the first line must be the number of tasks", path);
        goto done;
    }
    /* tables and name maps at their final size (no doubling copies, no rehash at 10^6 tasks),
     * but never more than the file can hold: a task line has at least 6 bytes ("1 0 0\n"), so
     * a first line announcing 10^9 tasks in a short file reads to its "the file ends" error */
    struct stat st;
    double most = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? (double)st.st_size / 6 : 0;
    if (n < most) most = n;
    if ((rc = hf_workflow_reserve(ctx, wf, (size_t)most, (size_t)most)) != HF_OK) goto done;
    for (long i = 0; i < (long)n; i++) {
        lineno++;
        double flops, bytes, np;
        if (getline(&line, &cap, f) < 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld: %ld task lines expected, the file ends", path,
                             lineno, (long)n);
            goto done;
        }
        p = line;
        if (num(&p, &flops) || num(&p, &bytes) || num(&p, &np) || np != floor(np) || np < 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%ld: 'flops output_bytes nparents parent...' expected", path,
                             lineno);
            goto done;
        }
        if (np > (double)i) { /* parents are distinct earlier tasks: at most i of them */
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%ld: task t%ld: %.0f parents, but only %ld earlier "
                             "tasks",
                             path, lineno, i, np, i);
            goto done;
        }
        if (!(flops > 0) || !isfinite(flops) || !(bytes >= 0) || !isfinite(bytes)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%ld: task t%ld: flops must be > 0 and output_bytes >= 0", path,
                             lineno, i);
            goto done;
        }
        if ((size_t)np > cap_inputs) {
            int *ni = realloc(inputs, (size_t)np * sizeof *ni);
            if (!ni) {
                rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
                goto done;
            }
            inputs = ni;
            cap_inputs = (size_t)np;
        }
        for (int k = 0; k < (int)np; k++) {
            double par;
            if (num(&p, &par) || par != floor(par) || par < 0 || par >= (double)i) {
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s:%ld: task t%ld: parent %d must be the index of an earlier "
                                 "task (0 to %ld)",
                                 path, lineno, i, k + 1, i - 1);
                goto done;
            }
            inputs[k] = (int)par; /* task j writes file j: the same index */
        }
        if (strspn(p, " \t\r\n") != strlen(p)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld: unexpected text after the parents", path,
                             lineno);
            goto done;
        }
        snprintf(name, sizeof name, "f%ld", i);
        int fi = hf_workflow_add_file(ctx, wf, name, bytes, NULL);
        snprintf(name, sizeof name, "t%ld", i);
        hf_task t = {.name = name,
                     .cpu = {.set = 1, .flops = flops},
                     .cores = 1,
                     .inputs = inputs,
                     .ninputs = (int)np,
                     .outputs = &fi,
                     .noutputs = 1};
        if (fi < 0 || hf_workflow_add_task(ctx, wf, &t) < 0) {
            rc = ctx->errcode;
            hf_ctx_prefix(ctx, "%s:%ld", path, lineno);
            goto done;
        }
    }
    lineno++;
    while (getline(&line, &cap, f) >= 0) { /* only blank lines may follow the N tasks */
        if (strspn(line, " \t\r\n") != strlen(line)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld: more lines than the %ld tasks announced",
                             path, lineno, (long)n);
            goto done;
        }
        lineno++;
    }
    rc = hf_workflow_finalize(ctx, wf);
    if (rc) hf_ctx_prefix(ctx, "%s", path);
done:
    free(line);
    free(inputs);
    fclose(f);
    if (rc) {
        hf_workflow_free(wf);
        return rc;
    }
    *out = wf;
    return HF_OK;
}
