/* coll.c: `hetflow coll`, the closed-form cost of a collective operation over a ladder of sizes,
 * as NCCL-tests prints its measurements (sim/net/coll.h, docs/models/collectives.md). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "cli/cli.h"
#include "core/outfile.h"
#include "net/coll.h"
#include "net/collsim.h"
#include "net/osu.h"

static const char *const coll_usage =
    "usage: hetflow coll allreduce|reducescatter|allgather|broadcast --ranks P\n"
    "                    --bandwidth B [options]\n"
    "       hetflow coll OP --platform PLAT --on R1,R2,...|gpus|nodes [options]\n"
    "\n"
    "Prints the closed-form (alpha-beta-gamma) cost of a collective over P ranks for each size:\n"
    "time, algorithm and bus bandwidth as NCCL-tests defines them, and the bytes each rank\n"
    "sends and moves through its GPU memory (docs/models/collectives.md). With --platform, also\n"
    "simulates it step by step on the platform's links, ranks on the resources --on names.\n"
    "\n"
    "  --ranks P          ranks (GPUs) in the group, 2 to 16777216 (with --on: its count)\n"
    "  --bandwidth B      bandwidth each rank sends and receives at (\"25GBps\", \"200Gbps\");\n"
    "                     with --platform, default: the route from the first rank to the second\n"
    "  --alpha T          latency per step: link latency and software per message (default 0;\n"
    "                     with --platform, that route's latency)\n"
    "  --reduce R         rate of the reducer (GPU kernel, NIC or switch), reduced bytes per\n"
    "                     second (default: free; simulated on a GPU: its memory bandwidth / 3)\n"
    "  --algo A           ring (default), rhd (recursive halving-doubling, P a power of two),\n"
    "                     tree (binomial; allreduce and broadcast), hier (a ring inside each\n"
    "                     node, a ring across nodes; needs --per-node), dbtree (NCCL's double\n"
    "                     binary tree, pipelined; allreduce; closed form only) or auto (the\n"
    "                     least time of those that apply, per size; closed form only)\n"
    "  --chunk C          dbtree: bytes per pipelined chunk (default 512KiB)\n"
    "  --per-node G       hier: ranks per node (ranks listed node by node)\n"
    "  --alpha-intra T    hier: latency per step inside a node (default 0; with --platform,\n"
    "                     the route from the first rank to the second)\n"
    "  --bandwidth-intra B  hier: bandwidth inside a node (with --platform, default: that\n"
    "                     route's; the network's figures then come from the first rank to\n"
    "                     the first of the next node)\n"
    "  --offload O        gpu (default), nic or switch (in-network aggregation, allreduce)\n"
    "  --levels L         switch offload: switch levels up to the aggregation root (default 1)\n"
    "  --sizes MIN:MAX    sizes MIN, 2 MIN, ... up to MAX, whole bytes (default 8:1GiB); the\n"
    "                     size is each rank's buffer (allgather: the gathered whole)\n"
    "  --platform PLAT    simulate on this platform (.lua or SimGrid .xml); gpu and nic offload\n"
    "  --on LIST          the ranks' resources, in rank order: names separated by commas, or\n"
    "                     gpus (every GPU, platform order) or nodes (every CPU node)\n"
    "  --mode M           how messages between GPUs of two nodes move: direct (default: one\n"
    "                     flow over the route), auto, gdr or bounce (network.md)\n"
    "  --cfg=OPTION:VALUE SimGrid configuration option (repeatable; as for hetflow run)\n"
    "  --set NAME=VALUE   platform parameter, read with hetflow.param(NAME, default)\n"
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

/* The ranks --on names on p into *ranks (*n of them; owned): a comma list of resource names,
 * "gpus" or "nodes". 0, or the exit status after printing why. */
static int resolve_on(const hf_platform *p, const char *on, int **ranks, int *n)
{
    *n = 0;
    *ranks = malloc((p->nres ? p->nres : 1) * sizeof **ranks);
    if (!*ranks) {
        fprintf(stderr, "hetflow: out of memory\n");
        return EXIT_INPUT;
    }
    int gpus = strcmp(on, "gpus") == 0, nodes = strcmp(on, "nodes") == 0;
    if (gpus || nodes) {
        for (size_t i = 0; i < p->nres; i++)
            if (p->res[i].kind == (gpus ? HF_RES_GPU : HF_RES_CPU)) (*ranks)[(*n)++] = (int)i;
        if (*n < 2) {
            fprintf(stderr, "hetflow: --on %s: platform '%s' has %d %s, a collective needs 2 or "
                            "more\n",
                    on, p->name, *n, gpus ? (*n == 1 ? "GPU" : "GPUs") : (*n == 1 ? "node" : "nodes"));
            return EXIT_INPUT;
        }
        return 0;
    }
    if (!*on) {
        fprintf(stderr, "hetflow: --on: resource names separated by commas, gpus or nodes "
                        "expected\n");
        return EXIT_USAGE;
    }
    for (const char *q = on; *q;) {
        const char *comma = strchr(q, ',');
        size_t len = comma ? (size_t)(comma - q) : strlen(q);
        char name[256];
        if (len == 0 || len >= sizeof name) {
            fprintf(stderr, "hetflow: --on %s: resource names (of at most %zu characters) "
                            "separated by commas expected\n",
                    on, sizeof name - 1);
            return EXIT_USAGE;
        }
        memcpy(name, q, len);
        name[len] = 0;
        int r = hf_platform_find(p, name);
        if (r < 0) {
            fprintf(stderr, "hetflow: --on: '%s' is no resource of platform '%s' (hetflow "
                            "platform lists them)\n",
                    name, p->name);
            return EXIT_INPUT;
        }
        if ((size_t)*n == p->nres) {
            fprintf(stderr, "hetflow: --on %s: a resource named twice\n", on);
            return EXIT_INPUT;
        }
        (*ranks)[(*n)++] = r;
        q += len + (comma ? 1 : 0);
        if (comma && !*q) {
            fprintf(stderr, "hetflow: --on %s: a name expected after the last comma\n", on);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* Route figures from resource a to b: SimGrid's on an XML platform, else the model's. */
static int route_of(const hf_platform *p, int a, int b, double *lat, double *bw)
{
    return p->xml_path ? hf_sg_route((void *)p, a, b, lat, bw)
                       : hf_platform_route(p, a, b, lat, bw);
}

int cmd_coll(int argc, char **argv, hf_ctx *ctx)
{
    const char *op_s = NULL, *algo_s = "ring", *offload_s = "gpu", *sizes_s = "8:1GiB";
    const char *csv = NULL, *platform = NULL, *on = NULL, *mode_s = "direct";
    const char *cfg[33] = {NULL};
    int force = 0, ranks = 0, rc, ncfg = 0, have_alpha = 0, have_alpha_intra = 0;
    hf_coll_params par = {.levels = 1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = strcmp(a, "--ranks") == 0 || strcmp(a, "--bandwidth") == 0 ||
                    strcmp(a, "--per-node") == 0 || strcmp(a, "--alpha-intra") == 0 ||
                    strcmp(a, "--bandwidth-intra") == 0 ||
                    strcmp(a, "--alpha") == 0 || strcmp(a, "--reduce") == 0 ||
                    strcmp(a, "--algo") == 0 || strcmp(a, "--offload") == 0 ||
                    strcmp(a, "--levels") == 0 || strcmp(a, "--sizes") == 0 ||
                    strcmp(a, "--csv") == 0 || strcmp(a, "--platform") == 0 ||
                    strcmp(a, "--on") == 0 || strcmp(a, "--mode") == 0 ||
                    strcmp(a, "--set") == 0 || strcmp(a, "--chunk") == 0;
        if (takes && !v) return usage_error(coll_usage, "%s needs a value", a);
        if (takes) i++;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(coll_usage, stdout);
            return 0;
        } else if (strcmp(a, "--bandwidth-intra") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_BANDWIDTH, &par.bandwidth_intra))) return rc;
        } else if (strcmp(a, "--alpha-intra") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_TIME, &par.alpha_intra))) return rc;
            have_alpha_intra = 1;
        } else if (strcmp(a, "--ranks") == 0 || strcmp(a, "--levels") == 0 ||
                   strcmp(a, "--per-node") == 0) {
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (errno || end == v || *end || n < 1 || n > (1L << 24))
                return usage_error(coll_usage, "%s: a whole number from 1 to 16777216 expected",
                                   a);
            *(strcmp(a, "--ranks") == 0      ? &ranks
              : strcmp(a, "--levels") == 0 ? &par.levels
                                           : &par.per_node) = (int)n;
        } else if (strcmp(a, "--bandwidth") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_BANDWIDTH, &par.bandwidth))) return rc;
        } else if (strcmp(a, "--reduce") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_BANDWIDTH, &par.reduce_bw))) return rc;
        } else if (strcmp(a, "--chunk") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_BYTES, &par.chunk))) return rc;
        } else if (strcmp(a, "--alpha") == 0) {
            if ((rc = quantity(a, v, HF_UNIT_TIME, &par.alpha))) return rc;
            have_alpha = 1;
        } else if (strcmp(a, "--algo") == 0) {
            algo_s = v;
        } else if (strcmp(a, "--offload") == 0) {
            offload_s = v;
        } else if (strcmp(a, "--sizes") == 0) {
            sizes_s = v;
        } else if (strcmp(a, "--csv") == 0) {
            csv = v;
        } else if (strcmp(a, "--platform") == 0) {
            platform = v;
        } else if (strcmp(a, "--on") == 0) {
            on = v;
        } else if (strcmp(a, "--mode") == 0) {
            mode_s = v;
        } else if (strcmp(a, "--set") == 0) {
            if ((rc = cli_set_param(ctx, coll_usage, v)) != 0) return rc;
        } else if (strncmp(a, "--cfg=", 6) == 0) {
            if (ncfg == 32) return usage_error(coll_usage, "more than 32 %s options", "--cfg");
            cfg[ncfg++] = a;
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
    hf_xfer_mode mode;
    if (!op_s)
        return usage_error(coll_usage, "%s",
                           "no operation given (allreduce, reducescatter, allgather, broadcast)");
    if (hf_coll_op_parse(op_s, &op) != 0)
        return usage_error(coll_usage, "unknown operation '%s'", op_s);
    if (hf_coll_algo_parse(algo_s, &algo) != 0)
        return usage_error(coll_usage, "--algo %s: ring, rhd, tree, hier, dbtree or auto expected",
                           algo_s);
    if (hf_coll_offload_parse(offload_s, &offload) != 0)
        return usage_error(coll_usage, "--offload %s: gpu, nic or switch expected", offload_s);
    if (hf_xfer_mode_parse(mode_s, &mode) != 0)
        return usage_error(coll_usage, "--mode %s: direct, auto, gdr or bounce expected", mode_s);
    if (!platform && (on || strcmp(mode_s, "direct") != 0 || ncfg || ctx->nparams))
        return usage_error(coll_usage, "%s", "--on, --mode, --cfg and --set go with --platform");
    if (par.levels != 1 && offload != HF_COLL_SWITCH)
        return usage_error(coll_usage, "%s", "--levels applies to --offload switch");
    if (platform && !on) return usage_error(coll_usage, "%s", "--platform needs --on");
    if (platform && offload == HF_COLL_SWITCH)
        return usage_error(coll_usage, "%s",
                           "--platform simulates gpu and nic offload (switch: closed form only)");
    if (!platform && !ranks) return usage_error(coll_usage, "%s", "--ranks is required");
    if (!platform && !(par.bandwidth > 0))
        return usage_error(coll_usage, "%s", "--bandwidth (> 0) is required");
    if (csv && strcmp(csv, "-") == 0)
        return usage_error(coll_usage, "--csv %s: a file name expected (the table goes to "
                                       "standard output already)", csv);
    double sizes[CLI_MAX_SIZES], sim[CLI_MAX_SIZES];
    size_t nsizes = 0;
    char err[256];
    if (cli_parse_sizes(sizes_s, sizes, &nsizes, err, sizeof err) != 0)
        return usage_error(coll_usage, "--sizes: %s", err);
    const char *inputs[] = {platform, NULL};
    if (csv && hf_outfile_check(ctx, "--csv", NULL, csv, force, inputs) != HF_OK)
        return input_error(ctx);

    hf_session s = {.ctx = ctx, .scenario = platform, .quiet = 1};
    lua_State *L = NULL;
    hf_platform *own = NULL;
    const hf_platform *p = NULL;
    int *rk = NULL, nrk = 0;
    hf_coll_cost cost[CLI_MAX_SIZES];
    hf_outfile of = {.fd = -1};
    FILE *out = NULL;
    rc = 0;
    if (platform) {
        if ((rc = cli_load_platform(ctx, &s, platform, cfg, &L, &own, &p)) != 0) goto done;
        if ((rc = resolve_on(p, on, &rk, &nrk)) != 0) goto done;
        if (ranks && ranks != nrk) {
            fprintf(stderr, "hetflow: --ranks %d, but --on names %d resources\n", ranks, nrk);
            rc = EXIT_USAGE;
            goto done;
        }
        ranks = nrk;
        hf_coll_sim spec = {op,   algo, rk,          nrk,    sizes, nsizes, par.reduce_bw,
                            mode, par.per_node, offload, par.chunk};
        hf_coll_params probe = par;
        probe.bandwidth = probe.bandwidth_intra = 1; /* the pair's validity, not its figures */
        if (hf_coll_closed_form(ctx, op, algo, offload, ranks, sizes[0], &probe, &cost[0]) !=
                HF_OK ||
            hf_coll_sim_check(ctx, p, &spec) != HF_OK ||
            hf_coll_simulate(ctx, p, &spec, p->xml_path ? hf_sg_route : NULL, (void *)p, sim) !=
                HF_OK) {
            rc = input_error(ctx);
            goto done;
        }
        /* the closed form's figures: the route from the first rank to the second (hier: that
         * is inside the node, and the network's is to the first rank of the next node); asked
         * after the run: SimGrid answers route queries on a user's XML only once it is sealed */
        int far = algo == HF_COLL_HIER && par.per_node < nrk ? par.per_node : 1;
        double lat = 0, bw = 0;
        if (route_of(p, rk[0], rk[far], &lat, &bw) == 0) {
            if (!have_alpha) par.alpha = lat;
            if (!(par.bandwidth > 0)) par.bandwidth = isfinite(bw) ? bw : 0;
        }
        if (algo == HF_COLL_HIER && route_of(p, rk[0], rk[1], &lat, &bw) == 0) {
            if (!have_alpha_intra) par.alpha_intra = lat;
            if (!(par.bandwidth_intra > 0)) par.bandwidth_intra = isfinite(bw) ? bw : 0;
        }
        if (!(par.bandwidth > 0)) {
            fprintf(stderr, "hetflow: no route bandwidth between '%s' and '%s': give --bandwidth\n",
                    nrk ? p->res[rk[0]].name : "?", nrk > 1 ? p->res[rk[1]].name : "?");
            rc = EXIT_INPUT;
            goto done;
        }
    }
    for (size_t k = 0; k < nsizes; k++)
        if (hf_coll_closed_form(ctx, op, algo, offload, ranks, sizes[k], &par, &cost[k]) != HF_OK) {
            rc = input_error(ctx);
            goto done;
        }

    double bf = bus_factor(op, ranks);
    printf("# hetflow coll %s: %d ranks, algo %s, offload %s, alpha %g s, bandwidth %g B/s, ",
           op_s, ranks, algo_s, offload_s, par.alpha, par.bandwidth);
    if (par.reduce_bw > 0)
        printf("reduce %g B/s", par.reduce_bw);
    else
        printf("reduce free%s", platform && offload == HF_COLL_GPU
                                    ? " (closed form; simulated GPUs: memory bandwidth / 3)"
                                         : "");
    if (platform) printf("; simulated on %s, mode %s", platform, mode_s);
    printf("\n# %-12s %14s", "size (B)", platform ? "simulated (us)" : "time (us)");
    if (platform) printf(" %14s", "closed (us)");
    printf(" %12s %12s %14s %14s%s\n", "algbw (GB/s)", "busbw (GB/s)", "sent (B)", "GPU mem (B)",
           algo == HF_COLL_AUTO ? "  algo" : "");
    for (size_t k = 0; k < nsizes; k++) {
        double t = platform ? sim[k] : cost[k].seconds, alg = t > 0 ? sizes[k] / t / 1e9 : 0;
        printf("%-14.0f %14.3f", sizes[k], t * 1e6);
        if (platform) printf(" %14.3f", cost[k].seconds * 1e6);
        printf(" %12.3f %12.3f %14.0f %14.0f", alg, alg * bf, cost[k].sent_bytes,
               cost[k].hbm_bytes);
        if (algo == HF_COLL_AUTO) printf("  %s", hf_coll_algo_name(cost[k].algo));
        putchar('\n');
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "hetflow: cannot write the table to standard output: %s\n",
                strerror(errno));
        rc = EXIT_INPUT;
        goto done;
    }
    if (!csv) goto done;
    if (!(out = cli_out_open(ctx, &of, csv, force))) {
        rc = input_error(ctx);
        goto done;
    }
    fprintf(out, "op,algo,offload,ranks,size,closed_seconds,closed_algbw,closed_busbw,steps,"
                 "wire_bytes,sent_bytes,recv_bytes,reduced_bytes,hbm_bytes,simulated_seconds,"
                 "simulated_algbw,simulated_busbw\n");
    for (size_t k = 0; k < nsizes; k++) {
        const hf_coll_cost *c = &cost[k];
        double alg = c->seconds > 0 ? sizes[k] / c->seconds : 0;
        fprintf(out, "%s,%s,%s,%d,%.0f,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,",
                op_s, hf_coll_algo_name(c->algo), offload_s, ranks, sizes[k], c->seconds, alg,
                alg * bf, c->steps,
                c->wire_bytes, c->sent_bytes, c->recv_bytes, c->reduced_bytes, c->hbm_bytes);
        if (platform) {
            double salg = sim[k] > 0 ? sizes[k] / sim[k] : 0;
            fprintf(out, "%.17g,%.17g,%.17g\n", sim[k], salg, salg * bf);
        } else {
            fputs(",,\n", out);
        }
    }
    hf_err closed = cli_out_close(ctx, &of, out, csv);
    out = NULL;
    if (closed != HF_OK) rc = input_error(ctx);
done:
    if (out) fclose(out);
    hf_outfile_abort(&of);
    free(rk);
    if (L) lua_close(L);
    hf_platform_free(own);
    return rc;
}
