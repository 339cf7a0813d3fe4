/* fuzz_common.c: temp files and result checks shared by the fuzz targets (see fuzz_common.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

static char tmp_path[256]; /* one temp file per process: each target uses a single tag */

static void remove_tmp(void)
{
    if (tmp_path[0]) unlink(tmp_path);
}

void hf_fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "hf-fuzz: contract violated: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

const char *hf_fuzz_tmpfile(const char *tag, const char *ext, const uint8_t *data, size_t size)
{
    if (!tmp_path[0]) {
        snprintf(tmp_path, sizeof tmp_path, "/tmp/hf-fuzz-%s-%ld%s", tag, (long)getpid(), ext);
        atexit(remove_tmp);
    }
    FILE *f = fopen(tmp_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(tmp_path);
        abort();
    }
    return tmp_path;
}

void hf_fuzz_check_workflow(hf_ctx *ctx, hf_err rc, hf_workflow *wf)
{
    if (rc != HF_OK) {
        if (wf) hf_fuzz_fail("loader failed but returned a workflow", hf_ctx_errmsg(ctx));
        if (!hf_ctx_errmsg(ctx)[0]) hf_fuzz_fail("loader failed without a message", NULL);
        return;
    }
    if (!wf) hf_fuzz_fail("loader succeeded without a workflow", NULL);
    if (!wf->dag) hf_fuzz_fail("loaded workflow is not finalized", wf->name);
    /* The topological order must be a permutation that puts every parent first, and the
     * statistics must be in range: a cheap consistency check of the DAG the loader built. */
    size_t n = wf->ntasks;
    const int *order = hf_dag_topo_order(wf->dag);
    int *pos = malloc((n ? n : 1) * sizeof *pos);
    if (!pos) abort();
    for (size_t i = 0; i < n; i++)
        pos[i] = -1;
    for (size_t i = 0; i < n; i++) {
        if (order[i] < 0 || (size_t)order[i] >= n || pos[order[i]] != -1)
            hf_fuzz_fail("topological order is not a permutation of the tasks", wf->name);
        pos[order[i]] = (int)i;
    }
    size_t nedges = 0;
    for (size_t v = 0; v < n; v++) {
        int np = 0, nc = 0;
        const int *par = hf_dag_parents(wf->dag, (int)v, &np);
        hf_dag_children(wf->dag, (int)v, &nc);
        if (np != hf_dag_nparents(wf->dag, (int)v)) hf_fuzz_fail("parent counts disagree", NULL);
        for (int k = 0; k < np; k++)
            if (par[k] < 0 || (size_t)par[k] >= n || pos[par[k]] >= pos[v])
                hf_fuzz_fail("a parent does not come before its child", wf->tasks[v].name);
        nedges += (size_t)nc;
    }
    free(pos);
    if (nedges != hf_dag_nedges(wf->dag)) hf_fuzz_fail("edge counts disagree", wf->name);
    hf_dag_stats st;
    if (hf_dag_stats_of(ctx, wf, &st) == HF_OK) {
        if (st.edges != nedges) hf_fuzz_fail("statistics count other edges", wf->name);
        if (n > 0 && (st.depth < 1 || (size_t)st.depth > n || st.width < 1 || st.width > n ||
                      st.entries < 1 || st.exits < 1))
            hf_fuzz_fail("statistics out of range", wf->name);
    }
    hf_workflow_free(wf);
}
