/* packing.c: first-, best- and worst-fit placement of items on GPU bins (hf_pack.h). */
#include <math.h>
#include <stdlib.h>

#include "hetflow/hf_pack.h"

/* a hair of tolerance, so that five shares of 0.2 fill a GPU exactly */
#define EPS 1e-12

double hf_pack_slack(const hf_pack_bin *b, double used_share, double used_memory)
{
    double slack = (b->share - used_share) / b->share;
    if (b->memory > 0) slack += (b->memory - used_memory) / b->memory;
    return slack;
}

hf_err hf_pack(hf_ctx *ctx, const hf_pack_item *items, size_t n, const hf_pack_bin *bins, size_t m,
               hf_fit fit, int *out)
{
    for (size_t b = 0; b < m; b++)
        if (!(bins[b].share > 0) || !isfinite(bins[b].share) || !(bins[b].memory >= 0) ||
            !isfinite(bins[b].memory))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "bin '%s': share must be > 0 and memory >= 0, got %g and %g",
                               bins[b].name, bins[b].share, bins[b].memory);
    double *share = calloc(m ? m : 1, sizeof *share), *mem = calloc(m ? m : 1, sizeof *mem);
    if (!share || !mem) {
        free(share);
        free(mem);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    hf_err rc = HF_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const hf_pack_item *it = &items[i];
        if (!(it->share > 0 && it->share <= 1) || !(it->memory >= 0) || !isfinite(it->memory)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "item '%s': share must be in (0, 1] and memory >= 0, got %g and %g",
                             it->name, it->share, it->memory);
            break;
        }
        int chosen = -1;
        double chosen_slack = 0;
        for (size_t b = 0; b < m; b++) {
            const hf_pack_bin *bin = &bins[b];
            if (share[b] + it->share > bin->share + EPS) continue;
            if (bin->memory > 0 && mem[b] + it->memory > bin->memory * (1 + EPS)) continue;
            double slack = hf_pack_slack(bin, share[b] + it->share, mem[b] + it->memory);
            if (chosen < 0 || (fit == HF_FIT_BEST && slack < chosen_slack) ||
                (fit == HF_FIT_WORST && slack > chosen_slack)) {
                chosen = (int)b;
                chosen_slack = slack;
            }
            if (fit == HF_FIT_FIRST) break;
        }
        if (chosen < 0) {
            double freest = 0;
            for (size_t b = 0; b < m; b++)
                if (bins[b].share - share[b] > freest) freest = bins[b].share - share[b];
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "item '%s' (share %g, memory %g B) fits no GPU: the freest of the "
                             "%zu has share %g left",
                             it->name, it->share, it->memory, m, freest);
            break;
        }
        out[i] = chosen;
        share[chosen] += it->share;
        mem[chosen] += it->memory;
    }
    free(share);
    free(mem);
    return rc;
}
