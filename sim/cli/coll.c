/* coll.c: `hetflow coll`, the closed-form cost of a collective operation over a ladder of sizes,
 * as NCCL-tests prints its measurements (sim/net/coll.h, docs/models/collectives.md). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/outfile.h"
#include "net/coll.h"

static const char *const coll_usage =
    "usage: hetflow coll allreduce|reducescatter|allgather|broadcast --ranks P\n"
    "                    --bandwidth B [options]\n"
    "\n"
    "Prints the closed-form (alpha-beta-gamma) cost of a collective over P ranks for each size:\n"
    "time, algorithm and bus bandwidth as NCCL-tests defines them, and the bytes each rank\n"
    "sends and moves through its GPU memory (docs/models/collectives.md).\n"
    "\n"
    "  --ranks P          ranks (GPUs) in the group, 2 to 16777216\n"
    "  --bandwidth B      bandwidth each rank sends and receives at (\"25GBps\", \"200Gbps\")\n"
    "  --alpha T          latency per step: link latency and software per message (default 0)\n"
    "  --reduce R         rate of the reducer (GPU kernel, NIC or switch), reduced bytes per\n"
    "                     second (default: free)\n"
    "  --algo A           ring (default), rhd (recursive halving-doubling, P a power of two)\n"
    "                     or tree (binomial; allreduce and broadcast)\n"
    "  --offload O        gpu (default), nic or switch (in-network aggregation, allreduce)\n"
    "  --levels L         switch offload: switch levels up to the aggregation root (default 1)\n"
    "  --sizes MIN:MAX    sizes MIN, 2 MIN, ... up to MAX, whole bytes (default 8:1GiB); the\n"
    "                     size is each rank's buffer (allgather: the gathered whole)\n"
    "  --csv F            also write the table as CSV\n"
    "  --force            overwrite an existing CSV file\n";

/* NCCL-tests' factor from algorithm to bus bandwidth (its PERFORMANCE.md): 2(p-1)/p for
 * AllReduce, (p-1)/p for ReduceScatter and AllGather, 1 for Broadcast. */
static double bus_factor(hf_coll_op op, int p)
{
    double f = (double)(p - 1) / p;
    return op == HF_COLL_ALLREDUCE ? 2 * f : op == HF_COLL_BROADCAST ? 1 : f;
}

/* Parse quantity v of kind for option a into *out; 0, or the usage exit status. */
static int quantity(const char *a, const char *v, hf_unit_kind kind, double *out)
{
    char err[256];
    if (hf_units_parse(v, kind, out, err, sizeof err) != 0 || !(*out >= 0) || isinf(*out)) {
        fprintf(stderr, "hetflow: %s %s: %s\n%s", a, v, err[0] ? err : "out of range",
                coll_usage);
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_coll(int argc, char **argv, hf_ctx *ctx)
{
    const char *op_s = NULL, *algo_s = "ring", *offload_s = "gpu", *sizes_s = "8:1GiB";
    const char *csv = NULL;
    int force = 0, ranks = 0, rc;
    hf_coll_params par = {0, 0, 0, 1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = strcmp(a, "--ranks") == 0 || strcmp(a, "--bandwidth") == 0 ||
                    strcmp(a, "--alpha") == 0 || strcmp(a, "--reduce") == 0 ||
                    strcmp(a, "--algo") == 0 || strcmp(a, "--offload") == 0 ||
                    strcmp(a, "--levels") == 0 || strcmp(a, "--sizes") == 0 ||
                    strcmp(a, "--csv") == 0;
        if (takes && !v) return usage_error(coll_usage, "%s needs a value", a);
        if (takes) i++;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(coll_usage, stdout);
            return 0;
        } else if (strcmp(a, "--ranks") == 0 || strcmp(a, "--levels") == 0) {
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (errno || end == v || *end || n < 1 || n > (1L << 24))
                return usage_error(coll_usage, "%s: a whole number from 1 to 16777216 expected",
                                   a);
            *(strcmp(a, "--ranks") == 0 ? &ranks : &par.levels) = (int)n;
        } else if (strcmp(a, "--bandwidth") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_BANDWIDTH, &par.bandwidth))) return rc;
        } else if (strcmp(a, "--reduce") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_BANDWIDTH, &par.reduce_bw))) return rc;
        } else if (strcmp(a, "--alpha") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_TIME, &par.alpha))) return rc;
        } else if (strcmp(a, "--algo") == 0) {
            algo_s = v;
        } else if (strcmp(a, "--offload") == 0) {
            offload_s = v;
        } else if (strcmp(a, "--sizes") == 0) {
            sizes_s = v;
        } else if (strcmp(a, "--csv") == 0) {
            csv = v;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (a[0] == '-') {
            return usage_error(coll_usage, "unknown option '%s'", a);
        } else if (!op_s) {
            op_s = a;
        } else {
            return usage_error(coll_usage, "unexpected argument '%s'", a);
        }
    }
    hf_coll_op op;
    hf_coll_algo algo;
    hf_coll_offload offload;
    if (!op_s)
        return usage_error(coll_usage, "%s",
                           "no operation given (allreduce, reducescatter, allgather, broadcast)");
    if (hf_coll_op_parse(op_s, &op) != 0)
        return usage_error(coll_usage, "unknown operation '%s'", op_s);
    if (hf_coll_algo_parse(algo_s, &algo) != 0)
        return usage_error(coll_usage, "--algo %s: ring, rhd or tree expected", algo_s);
    if (hf_coll_offload_parse(offload_s, &offload) != 0)
        return usage_error(coll_usage, "--offload %s: gpu, nic or switch expected", offload_s);
    if (!ranks) return usage_error(coll_usage, "%s", "--ranks is required");
    if (!(par.bandwidth > 0)) return usage_error(coll_usage, "%s", "--bandwidth (> 0) is required");
    if (csv && strcmp(csv, "-") == 0)
        return usage_error(coll_usage, "--csv %s: a file name expected (the table goes to "
                                       "standard output already)", csv);
    double sizes[CLI_MAX_SIZES];
    size_t nsizes = 0;
    char err[256];
    if (cli_parse_sizes(sizes_s, sizes, &nsizes, err, sizeof err) != 0)
        return usage_error(coll_usage, "--sizes: %s", err);
    hf_coll_cost cost[CLI_MAX_SIZES];
    for (size_t k = 0; k < nsizes; k++)
        if (hf_coll_closed_form(ctx, op, algo, offload, ranks, sizes[k], &par, &cost[k]) != HF_OK)
            return input_error(ctx);
    if (csv && hf_outfile_check(ctx, "--csv", NULL, csv, force, NULL) != HF_OK)
        return input_error(ctx);

    double bf = bus_factor(op, ranks);
    printf("# hetflow coll %s: %d ranks, algo %s, offload %s, alpha %g s, bandwidth %g B/s, ",
           op_s, ranks, algo_s, offload_s, par.alpha, par.bandwidth);
    if (par.reduce_bw > 0)
        printf("reduce %g B/s\n", par.reduce_bw);
    else
        printf("reduce free\n");
    printf("# %-12s %14s %12s %12s %14s %14s\n", "size (B)", "time (us)", "algbw (GB/s)",
           "busbw (GB/s)", "sent (B)", "GPU mem (B)");
    for (size_t k = 0; k < nsizes; k++) {
        double t = cost[k].seconds, alg = t > 0 ? sizes[k] / t / 1e9 : 0;
        printf("%-14.0f %14.3f %12.3f %12.3f %14.0f %14.0f\n", sizes[k], t * 1e6, alg, alg * bf,
               cost[k].sent_bytes, cost[k].hbm_bytes);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "hetflow: cannot write the table to standard output: %s\n",
                strerror(errno));
        return EXIT_INPUT;
    }
    if (!csv) return 0;
    hf_outfile of = {.fd = -1};
    FILE *out = NULL;
    rc = 0;
    if (hf_outfile_open(ctx, &of, csv, force) != HF_OK || !(out = fdopen(of.fd, "w"))) {
        if (!out && of.tmp) hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", csv, strerror(errno));
        rc = input_error(ctx);
        goto done;
    }
    of.fd = -1; /* the stream owns it */
    fprintf(out, "op,algo,offload,ranks,size,seconds,algbw,busbw,steps,wire_bytes,sent_bytes,"
                 "recv_bytes,reduced_bytes,hbm_bytes\n");
    for (size_t k = 0; k < nsizes; k++) {
        const hf_coll_cost *c = &cost[k];
        double alg = c->seconds > 0 ? sizes[k] / c->seconds : 0;
        fprintf(out, "%s,%s,%s,%d,%.0f,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n",
                op_s, algo_s, offload_s, ranks, sizes[k], c->seconds, alg, alg * bf, c->steps,
                c->wire_bytes, c->sent_bytes, c->recv_bytes, c->reduced_bytes, c->hbm_bytes);
    }
    int bad = fflush(out) != 0 || ferror(out);
    bad |= fclose(out) != 0;
    out = NULL;
    if (bad) {
        hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", csv, strerror(errno));
        rc = input_error(ctx);
        goto done;
    }
    if (hf_outfile_commit(ctx, &of) != HF_OK) rc = input_error(ctx);
done:
    if (out) fclose(out);
    hf_outfile_abort(&of);
    return rc;
}
