/* main.c: the hetflow command line: argument parsing and sub-commands only.
 * Exit status: 0 success, 1 user or input error, 2 bad usage. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <simgrid/engine.h>
#include <simgrid/version.h>

#include "engine/engine.h"
#include "core/outfile.h"
#include "exec/session.h"
#include "hetflow/hetflow.h"
#include "cli/cli.h"
#include "lua/hf_lua.h"
#include "lua/hf_sandbox.h"

static const char *const main_usage =
    "usage: hetflow <command> [options]\n"
    "\n"
    "commands:\n"
    "  run       run one simulation (a Lua scenario, or --platform and --workflow)\n"
    "  inspect   print the summary and per-resource table of a result file\n"
    "  platform  describe a platform, or write the SimGrid XML hetflow generates for it\n"
    "  export    write a result file's timeline (Perfetto trace JSON) or tables (CSV)\n"
    "  dag       statistics of a workflow's DAG, or its DOT / GraphML\n"
    "  calibrate fit the GPU model to a validation harness's measurements (validate/)\n"
    "  compare   simulate measured experiments on a (calibrated) platform: error per experiment\n"
    "  osu       OSU-style latency and bandwidth between two GPUs or nodes, simulated\n"
    "  coll      closed-form cost of a collective (AllReduce, ...) by algorithm and offload\n"
    "  train     a data-parallel training step: GPU memory bandwidth shared by compute and\n"
    "            the gradient AllReduce (gpu, nic or switch offload)\n"
    "  carbon    read a carbon-intensity trace (gCO2e/kWh over time) and summarise it\n"
    "\n"
    "  hetflow <command> --help   options of a command\n"
    "  hetflow --version          versions of hetflow (and its git revision) and SimGrid\n";

static const char *const run_usage =
    "usage: hetflow run SCENARIO.lua [options]\n"
    "       hetflow run --platform P --workflow W [--policy NAME] [options]\n"
    "\n"
    "Runs one simulation and writes its results (HDF5) atomically.\n"
    "\n"
    "  -o, --output OUT.h5   result file (default: the scenario's or workflow's name + .h5)\n"
    "  --seed N              seed of every random draw (default 1)\n"
    "  --set NAME=VALUE      scenario parameter, read with hetflow.param(NAME, default);\n"
    "                        NAME has at most 255 characters\n"
    "  --cfg=OPTION:VALUE    SimGrid configuration option (repeatable): network/model\n"
    "                        (CM02, LV08), network/TCP-gamma, network/crosstraffic,\n"
    "                        network/latency-factor, network/bandwidth-factor,\n"
    "                        network/weight-S, network/optim, cpu/optim, surf/precision,\n"
    "                        maxmin/precision, contexts/factory, contexts/stack-size,\n"
    "                        contexts/guard-size; ranges in docs/scenarios.md#simgrid-options\n"
    "  --log=SPEC            SimGrid log control (default root.thresh:warning)\n"
    "  --platform P          platform: a .lua file returning a table, or a SimGrid .xml file\n"
    "  --workflow W          workflow: a .lua file returning a table, a WfFormat .json\n"
    "                        instance (schema 1.4-1.6) or a SimGrid-style .dot DAG\n"
    "  --reference-speed S   per-core speed (e.g. 2Gf) that WfFormat runtimes were measured at,\n"
    "                        for tasks whose instance records no machine speed\n"
    "  --policy NAME         earliest_finish (default), round_robin, random, heft, min_min,\n"
    "                        max_min, data_locality, carbon_min, carbon_weighted or\n"
    "                        carbon_deadline; the last two with parameters, e.g.\n"
    "                        carbon_weighted:carbon=1,finish=1,latency=0 or\n"
    "                        carbon_deadline:slack=3600,step=900 (docs/policies.md)\n"
    "  --transfer MODE       how files move: direct (default: one flow over the route),\n"
    "                        auto, gdr or bounce (docs/models/network.md#transfer-paths)\n"
    "  --stage-in HOW        how a task's inputs move: sequential (default: one after\n"
    "                        another) or concurrent (all at once, up to each node's\n"
    "                        transfer.concurrent; docs/models/network.md#stage-in)\n"
    "  -q, --quiet           no progress line and no summary\n"
    "  --force               overwrite an existing result file (refused otherwise)\n"
    "  --sandbox             run an untrusted scenario: no os.execute, io.popen, C modules or\n"
    "                        file writes outside the result file's directory, bounded:\n"
    "  --sandbox-memory SIZE   Lua heap limit (default 1GiB; 0: none)\n"
    "  --sandbox-instructions N  Lua instruction limit (default 1e10; 0: none)\n"
    "  --sandbox-time T        wall-clock limit of the run before its write (default 600s)\n";

static const char *const inspect_usage =
    "usage: hetflow inspect OUT.h5\n"
    "\n"
    "Prints the run's metadata (versions and git revision, seed, --set parameters, --cfg\n"
    "options, --reference-speed), summary (makespan, energy, bytes moved; in a serverless mode\n"
    "also the mode, cold and warm starts, compiles and redeployments), per-resource table, and\n"
    "the input files the run read with their size and SHA-256 (as sha256sum prints it).\n";

static const char *const export_usage =
    "usage: hetflow export OUT.h5 [--trace TRACE.json] [--csv DIR] [--force]\n"
    "\n"
    "Writes the run's timeline as Chrome/Perfetto trace-event JSON (open it in ui.perfetto.dev or\n"
    "chrome://tracing: one track per resource, tasks and transfers as slices) and/or its tables\n"
    "as CSV files in DIR (tasks.csv, resources.csv, transfers.csv, invocations.csv,\n"
    "carbon.csv, summary.csv). Prints one line per output written: its path, format and row counts (the\n"
    "trace holds a slice per task that ran and per transfer). An existing output file is\n"
    "refused unless --force is given; the result file itself always.\n";

static const char *const dag_usage =
    "usage: hetflow dag W [--stats] [--dot OUT.dot] [--graphml OUT.graphml] [--reference-speed S]\n"
    "                     [--force]\n"
    "\n"
    "Loads workflow W (.lua, WfFormat .json or .dot), checks its DAG, and prints its statistics\n"
    "(--stats, the default: tasks, edges, depth, width, weakly connected components, total and\n"
    "critical-path work) and/or writes it as DOT or GraphML for viewing. An existing output file\n"
    "is refused unless --force is given; the workflow file itself always.\n";

static const char *const platform_usage =
    "usage: hetflow platform P [--xml OUT.xml] [--force]\n"
    "\n"
    "Describes platform P: a .lua file returning a table, or a SimGrid .xml file (read through\n"
    "SimGrid, GPUs marked by host properties). With --xml, writes the SimGrid platform that\n"
    "hetflow generates from a .lua platform (--xml - writes it to standard output). An existing\n"
    "OUT.xml is refused unless --force is given; the platform file itself always.\n";

/* "s" unless n is 1: "1 row", "2 rows", "0 rows". */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* A positive speed ("2Gf" or flop/s); 0 on success. */
static int parse_speed(const char *s, double *out)
{
    char err[256];
    return hf_units_parse(s, HF_UNIT_SPEED, out, err, sizeof err) != 0 || !(*out > 0) ? -1 : 0;
}

/* --sandbox-memory SIZE, --sandbox-instructions N, --sandbox-time T into lim; 0 on success,
 * else prints the usage error. 0 means no limit. */
static int parse_limit(const char *opt, const char *v, hf_sandbox_limits *lim)
{
    char err[256];
    double x = -1;
    const char *what = NULL;
    if (strcmp(opt, "--sandbox-memory") == 0) {
        what = "a size (e.g. 512MiB)";
        if (hf_units_parse(v, HF_UNIT_BYTES, &x, err, sizeof err) == 0) lim->memory = x;
    } else if (strcmp(opt, "--sandbox-time") == 0) {
        what = "a time (e.g. 30s)";
        if (hf_units_parse(v, HF_UNIT_TIME, &x, err, sizeof err) == 0) lim->seconds = x;
    } else if (strcmp(opt, "--sandbox-instructions") == 0) {
        what = "a whole number (e.g. 1e9)";
        char *end;
        errno = 0;
        x = strtod(v, &end);
        if (end == v || *end || errno || x != floor(x) || x > 1e18) x = -1;
        if (x >= 0) lim->instructions = x;
    } else {
        return usage_error(run_usage, "unknown option '%s'", opt);
    }
    if (!(x >= 0) || x > 1e18) {
        fprintf(stderr, "hetflow: %s %s: %s expected, 0 for no limit\n%s", opt, v, what, run_usage);
        return -1;
    }
    return 0;
}

int cli_set_param(hf_ctx *ctx, const char *usage, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) return usage_error(usage, "--set %s: NAME=VALUE expected", kv);
    char name[256];
    if ((size_t)(eq - kv) >= sizeof name) /* it was cut: two names could collide */
        return usage_error(usage, "--set %.40s...: NAME has more than 255 characters", kv);
    snprintf(name, sizeof name, "%.*s", (int)(eq - kv), kv);
    return hf_ctx_set_param(ctx, name, eq + 1) != HF_OK ? input_error(ctx) : 0;
}

int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "hetflow: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_USAGE;
}

int input_error(const hf_ctx *ctx)
{
    fprintf(stderr, "hetflow: %s\n", hf_ctx_errmsg(ctx));
    return EXIT_INPUT;
}

/* "dir/name.ext" -> "name.h5" (in the current directory). */
static char *default_output(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    char *out = malloc(n + 4);
    if (!out) return NULL;
    memcpy(out, base, n);
    memcpy(out + n, ".h5", 4);
    return out;
}

lua_State *new_lua(hf_session *s)
{
    lua_State *L = luaL_newstate();
    if (!L) return NULL;
    luaL_openlibs(L);
    hf_lua_open(L, s);
    return L;
}

static int cmd_run(int argc, char **argv, hf_ctx *ctx)
{
    const char *scenario = NULL, *output = NULL, *platform = NULL, *workflow = NULL;
    const char *policy = NULL, *log = NULL, *transfer = NULL, *stage_in = NULL;
    const char **cfg = calloc((size_t)argc + 1, sizeof *cfg);
    size_t ncfg = 0;
    int quiet = 0, rc = 0, force = 0, sandbox = 0;
    hf_sandbox_limits limits = {HF_SANDBOX_MEMORY, HF_SANDBOX_INSTRUCTIONS, HF_SANDBOX_SECONDS};
    const char *limit_opt = NULL; /* a --sandbox-* limit given (needs --sandbox) */
    hf_sandbox *sb = NULL;
    double ref_speed = 0;
    char *default_out = NULL;
    lua_State *L = NULL;
    hf_session s = {0};
    if (!cfg) return input_error(ctx);

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(run_usage, stdout);
            goto done;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a file name", a);
                goto done;
            }
            output = argv[++i];
        } else if (strcmp(a, "--seed") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a number", a);
                goto done;
            }
            const char *v = argv[++i];
            char *end;
            errno = 0;
            unsigned long long seed = strtoull(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-' || seed > (unsigned long long)INT64_MAX) {
                rc = usage_error(run_usage, "--seed %s: integer in [0, 2^63) expected", v);
                goto done;
            }
            ctx->seed = (uint64_t)seed;
        } else if (strcmp(a, "--set") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs NAME=VALUE", a);
                goto done;
            }
            if ((rc = cli_set_param(ctx, run_usage, argv[++i])) != 0) goto done;
        } else if (strncmp(a, "--cfg=", 6) == 0) {
            if (!strchr(a + 6, ':') || a[6] == ':') {
                rc = usage_error(run_usage, "%s: --cfg=NAME:VALUE expected", a);
                goto done;
            }
            cfg[ncfg++] = a;
        } else if (strncmp(a, "--log=", 6) == 0) {
            log = a + 6;
        } else if (strcmp(a, "--platform") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a file", a);
                goto done;
            }
            platform = argv[++i];
        } else if (strcmp(a, "--workflow") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a file", a);
                goto done;
            }
            workflow = argv[++i];
        } else if (strcmp(a, "--reference-speed") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a speed", a);
                goto done;
            }
            if (parse_speed(argv[++i], &ref_speed) != 0) {
                rc = usage_error(run_usage, "--reference-speed %s: speed expected (e.g. 2Gf)",
                                 argv[i]);
                goto done;
            }
        } else if (strcmp(a, "--policy") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a name", a);
                goto done;
            }
            policy = argv[++i];
        } else if (strcmp(a, "--transfer") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a mode", a);
                goto done;
            }
            transfer = argv[++i];
        } else if (strcmp(a, "--stage-in") == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs sequential or concurrent", a);
                goto done;
            }
            stage_in = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (strcmp(a, "--sandbox") == 0) {
            sandbox = 1;
        } else if (strncmp(a, "--sandbox-", 10) == 0) {
            if (!has_next) {
                rc = usage_error(run_usage, "%s needs a value", a);
                goto done;
            }
            if (parse_limit(a, argv[++i], &limits) != 0) {
                rc = EXIT_USAGE;
                goto done;
            }
            limit_opt = a;
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error(run_usage, "unknown option '%s'", a);
            goto done;
        } else if (!scenario) {
            scenario = a;
        } else {
            rc = usage_error(run_usage, "unexpected argument '%s'", a);
            goto done;
        }
    }
    if (limit_opt && !sandbox) {
        rc = usage_error(run_usage, "%s applies with --sandbox", limit_opt);
        goto done;
    }
    if (scenario && (platform || workflow)) {
        rc = usage_error(run_usage, "%s", "give a scenario or --platform/--workflow, not both");
        goto done;
    }
    if (!scenario && !(platform && workflow)) {
        rc = usage_error(run_usage, "%s",
                         platform || workflow ? "--platform and --workflow go together"
                                              : "no scenario given");
        goto done;
    }
    if (scenario && policy) {
        rc = usage_error(run_usage, "%s",
                         "--policy applies to --platform/--workflow runs; a "
                         "scenario names its policy in hetflow.run");
        goto done;
    }
    if (scenario && transfer) {
        rc = usage_error(run_usage, "%s",
                         "--transfer applies to --platform/--workflow runs; a "
                         "scenario names its transfer mode in hetflow.run");
        goto done;
    }
    if (scenario && stage_in) {
        rc = usage_error(run_usage, "%s",
                         "--stage-in applies to --platform/--workflow runs; a "
                         "scenario names its stage-in in hetflow.run");
        goto done;
    }
    if (!output) {
        default_out = default_output(scenario ? scenario : workflow);
        output = default_out;
    }

    /* before any simulation: a finished study is not overwritten by accident (--force says so),
     * an input never, and a result that could not be saved is found now, not after the run */
    {
        const char *inputs[4] = {0};
        size_t nin = 0;
        if (scenario) inputs[nin++] = scenario;
        if (platform) inputs[nin++] = platform;
        if (workflow) inputs[nin++] = workflow;
        if (hf_outfile_check(ctx, "-o", "results to ", output, force, inputs) != HF_OK) {
            rc = input_error(ctx);
            goto done;
        }
    }

    char label[2048];
    if (scenario)
        snprintf(label, sizeof label, "%s", scenario);
    else
        snprintf(label, sizeof label, "--platform %s --workflow %s", platform, workflow);
    s = (hf_session){.ctx = ctx,
                     .output = output,
                     .force = force,
                     .scenario = label,
                     .cfg = cfg,
                     .log = log,
                     .quiet = quiet,
                     .ref_speed = ref_speed,
                     .record_inputs = 1};
    L = new_lua(&s);
    if (!L) {
        fprintf(stderr, "hetflow: cannot create a Lua state\n");
        rc = EXIT_INPUT;
        goto done;
    }
    if (sandbox && (!(sb = hf_sandbox_new(ctx, output, &limits)) ||
                    hf_sandbox_apply(ctx, sb, L, &s) != HF_OK)) {
        rc = input_error(ctx);
        goto done;
    }

    if (scenario) {
        /* recorded first (a missing file is reported by the loading) */
        hf_err ran = hf_session_add_input(&s, scenario, "scenario", 1);
        if (!ran) ran = hf_lua_dofile(ctx, L, scenario, 0);
        if (sb) ran = hf_sandbox_finish(ctx, sb, ran); /* a limit reached, even if caught */
        if (ran) {
            rc = input_error(ctx);
            goto done;
        }
        if (!s.ran) {
            hf_ctx_fail(ctx, HF_EINPUT, "%s: the scenario never called hetflow.run", scenario);
            rc = input_error(ctx);
            goto done;
        }
    } else {
        /* the same path as a scenario: hetflow.run{platform = P, workflow = W, policy = NAME} */
        lua_getglobal(L, "hetflow");
        lua_getfield(L, -1, "run");
        lua_createtable(L, 0, 3);
        lua_pushstring(L, platform);
        lua_setfield(L, -2, "platform");
        lua_pushstring(L, workflow);
        lua_setfield(L, -2, "workflow");
        lua_pushstring(L, policy ? policy : "earliest_finish");
        lua_setfield(L, -2, "policy");
        if (transfer) {
            lua_pushstring(L, transfer);
            lua_setfield(L, -2, "transfer");
        }
        if (stage_in) {
            lua_pushstring(L, stage_in);
            lua_setfield(L, -2, "stage_in");
        }
        hf_err ran = HF_OK;
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
            ran = hf_ctx_fail(ctx, HF_EINPUT, "%s", lua_tostring(L, -1));
            lua_pop(L, 1);
        }
        if (sb) ran = hf_sandbox_finish(ctx, sb, ran);
        if (ran) {
            rc = input_error(ctx);
            goto done;
        }
    }
    /* objects the scenario no longer reaches (a workflow of 10^6 tasks) go before the write's
     * buffers come */
    lua_gc(L, LUA_GCCOLLECT);
    if (hf_session_save(&s) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    if (!quiet) {
        hf_results_print(s.results, stdout);
        printf("results written to %s\n", output);
    }
done:
    if (L) lua_close(L);
    hf_sandbox_free(sb); /* after the state, whose allocator it holds */
    hf_session_destroy(&s);
    free(default_out);
    free(cfg);
    return rc;
}

static int cmd_inspect(int argc, char **argv, hf_ctx *ctx)
{
    if (argc >= 1 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(inspect_usage, stdout);
        return 0;
    }
    if (argc != 1) return usage_error(inspect_usage, "%s", "inspect takes one result file");
    hf_results *r = NULL;
    if (hf_results_read(ctx, argv[0], &r) != HF_OK) return input_error(ctx);
    hf_results_print(r, stdout);
    fputc('\n', stdout);
    hf_results_print_inputs(r, stdout);
    hf_results_free(r);
    return 0;
}

/* --csv DIR: DIR is a directory or nothing yet, and each file export writes there passes
 * hf_outfile_check and is not the --trace file (trace, or NULL), which it replaced. */
static hf_err check_csv_dir(hf_ctx *ctx, const char *dir, int force, const char *const *inputs,
                            const char *trace)
{
    static const char *const names[] = {"tasks.csv",       "resources.csv", "transfers.csv",
                                        "invocations.csv", "carbon.csv",    "summary.csv"};
    struct stat st;
    if (!*dir)
        return hf_ctx_fail(ctx, HF_EINPUT, "cannot write CSV files to '': empty name (--csv)");
    if (stat(dir, &st) != 0) return HF_OK; /* created, with its parents, by the export */
    if (!S_ISDIR(st.st_mode))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "cannot write CSV files to '%s': it exists and is not a directory", dir);
    const char *slash = trace ? strrchr(trace, '/') : NULL, *base = slash ? slash + 1 : trace;
    char tdir[4096];
    snprintf(tdir, sizeof tdir, "%.*s", slash ? (int)(slash - trace) + 1 : 1, slash ? trace : ".");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char file[4096];
        if (snprintf(file, sizeof file, "%s/%s", dir, names[i]) >= (int)sizeof file)
            return hf_ctx_fail(ctx, HF_EINPUT, "cannot write CSV files to '%s': name too long",
                               dir);
        if (trace && strcmp(base, names[i]) == 0 && hf_outfile_same(tdir, dir))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "--trace '%s' is the file '%s' that --csv writes: give another "
                               "name",
                               trace, file);
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", dir, names[i]);
        if (hf_outfile_check(ctx, "--csv", NULL, file, force, inputs) != HF_OK) return HF_EINPUT;
    }
    return HF_OK;
}

static int cmd_export(int argc, char **argv, hf_ctx *ctx)
{
    const char *path = NULL, *trace = NULL, *csv = NULL;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(export_usage, stdout);
            return 0;
        } else if (strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else if (strcmp(argv[i], "--trace") == 0 || strcmp(argv[i], "--csv") == 0) {
            if (i + 1 >= argc) return usage_error(export_usage, "%s needs a path", argv[i]);
            if (argv[i][2] == 't')
                trace = argv[++i];
            else
                csv = argv[++i];
        } else if (argv[i][0] == '-') {
            return usage_error(export_usage, "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return usage_error(export_usage, "unexpected argument '%s'", argv[i]);
        }
    }
    if (!path) return usage_error(export_usage, "%s", "no result file given");
    if (!trace && !csv) return usage_error(export_usage, "%s", "give --trace and/or --csv");
    const char *inputs[] = {path, NULL};
    if (csv && check_csv_dir(ctx, csv, force, inputs, trace) != HF_OK) return input_error(ctx);
    if (trace && hf_outfile_check(ctx, "--trace", NULL, trace, force, inputs) != HF_OK)
        return input_error(ctx);
    hf_results *r = NULL;
    int rc = 0;
    if (hf_results_read(ctx, path, &r) != HF_OK) {
        rc = input_error(ctx);
    } else if (trace && hf_results_export_trace(ctx, r, trace, force) != HF_OK) {
        rc = input_error(ctx);
    } else {
        if (trace) {
            size_t ran = 0;
            for (size_t i = 0; i < r->ntasks; i++)
                ran += r->tasks[i].resource >= 0;
            printf("wrote %s (Chrome/Perfetto trace-event JSON): %zu task%s, %zu transfer%s\n",
                   trace, ran, plural(ran), r->ntransfers, plural(r->ntransfers));
        }
        if (csv && hf_results_export_csv(ctx, r, csv, force) != HF_OK)
            rc = input_error(ctx);
        else if (csv)
            printf("wrote %s%s (CSV): tasks.csv %zu row%s, resources.csv %zu row%s, transfers.csv "
                   "%zu row%s, invocations.csv %zu row%s, carbon.csv %zu row%s, summary.csv 1 "
                   "row\n",
                   csv, csv[0] && csv[strlen(csv) - 1] == '/' ? "" : "/", r->ntasks,
                   plural(r->ntasks), r->nres, plural(r->nres), r->ntransfers,
                   plural(r->ntransfers), r->ninvokes, plural(r->ninvokes), r->ncarbon,
                   plural(r->ncarbon));
    }
    hf_results_free(r);
    return rc;
}

static int cmd_dag(int argc, char **argv, hf_ctx *ctx)
{
    const char *path = NULL, *dot = NULL, *graphml = NULL;
    int stats = 0, force = 0;
    double ref_speed = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(dag_usage, stdout);
            return 0;
        } else if (strcmp(a, "--stats") == 0) {
            stats = 1;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (strcmp(a, "--dot") == 0 || strcmp(a, "--graphml") == 0 ||
                   strcmp(a, "--reference-speed") == 0) {
            if (i + 1 >= argc) return usage_error(dag_usage, "%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'd')
                dot = v;
            else if (a[2] == 'g')
                graphml = v;
            else if (parse_speed(v, &ref_speed) != 0)
                return usage_error(dag_usage, "--reference-speed %s: speed expected", v);
        } else if (a[0] == '-') {
            return usage_error(dag_usage, "unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error(dag_usage, "unexpected argument '%s'", a);
        }
    }
    if (!path) return usage_error(dag_usage, "%s", "no workflow given");
    if (!dot && !graphml) stats = 1;
    if (dot && graphml && (strcmp(dot, graphml) == 0 || hf_outfile_same(dot, graphml)))
        return usage_error(dag_usage, "--dot and --graphml name one file '%s'", dot);
    const char *inputs[] = {path, NULL};
    if ((dot && hf_outfile_check(ctx, "--dot", NULL, dot, force, inputs) != HF_OK) ||
        (graphml && hf_outfile_check(ctx, "--graphml", NULL, graphml, force, inputs) != HF_OK))
        return input_error(ctx);
    hf_session s = {.ctx = ctx, .scenario = path, .quiet = 1, .ref_speed = ref_speed};
    lua_State *L = new_lua(&s);
    if (!L) return input_error(ctx);
    int rc = 0;
    lua_getglobal(L, "hetflow");
    lua_getfield(L, -1, "workflow");
    lua_pushstring(L, path);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        fprintf(stderr, "hetflow: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return EXIT_INPUT;
    }
    const hf_workflow *wf = hf_lua_toworkflow(L, -1);
    hf_dag_stats st;
    if (stats) {
        if (hf_dag_stats_of(ctx, wf, &st) != HF_OK) {
            rc = input_error(ctx);
        } else {
            char tw[32], cw[32], tb[32];
            hf_units_format(st.total_work, HF_UNIT_FLOP, tw, sizeof tw);
            hf_units_format(st.critical_work, HF_UNIT_FLOP, cw, sizeof cw);
            hf_units_format(st.total_bytes, HF_UNIT_BYTES, tb, sizeof tb);
            printf("workflow       %s\n", wf->name);
            printf("tasks          %zu (%zu entry, %zu exit)\n", st.tasks, st.entries, st.exits);
            printf("edges          %zu\n", st.edges);
            printf("files          %zu (%s)\n", st.files, tb);
            printf("depth          %d\n", st.depth);
            printf("width          %zu\n", st.width);
            printf("components     %zu\n", st.components);
            printf("total work     %.17g flop (%s)\n", st.total_work, tw);
            printf("critical path  %.17g flop (%s)\n", st.critical_work, cw);
            if (ref_speed > 0)
                printf("critical path  %.6g s at %g flop/s per core\n",
                       st.critical_work / ref_speed, ref_speed);
        }
    }
    if (!rc && dot && hf_dag_write_dot(ctx, wf, dot, force) != HF_OK) rc = input_error(ctx);
    if (!rc && graphml && hf_dag_write_graphml(ctx, wf, graphml, force) != HF_OK)
        rc = input_error(ctx);
    lua_close(L);
    return rc;
}

FILE *cli_out_open(hf_ctx *ctx, hf_outfile *o, const char *path, int replace)
{
    FILE *f = NULL;
    if (hf_outfile_open(ctx, o, path, replace) != HF_OK) return NULL;
    if (!(f = fdopen(o->fd, "w"))) {
        hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path, strerror(errno));
        return NULL;
    }
    o->fd = -1; /* the stream owns it */
    return f;
}

hf_err cli_out_close(hf_ctx *ctx, hf_outfile *o, FILE *out, const char *path)
{
    int bad = fflush(out) != 0 || ferror(out);
    bad |= fclose(out) != 0;
    if (bad) return hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path, strerror(errno));
    return hf_outfile_commit(ctx, o);
}

/* A note on standard error when p states what SimGrid XML cannot carry: a site's carbon and
 * PUE, a device's embodied emissions (docs/models/carbon.md). */
static void xml_drops_carbon(const hf_platform *p)
{
    int drops = 0;
    for (size_t i = 0; p && i < p->nsites; i++)
        drops |= p->sites[i].carbon != NULL;
    for (size_t i = 0; p && i < p->nres; i++)
        drops |= p->res[i].embodied > 0;
    if (drops)
        fprintf(stderr, "hetflow: note: SimGrid XML has no carbon, PUE or embodied emissions: "
                        "the XML platform leaves them out (state them in the .lua platform)\n");
}

/* p's SimGrid XML to path through a temporary file (sim/core/outfile.h); exit status. */
static int write_xml(hf_ctx *ctx, const hf_platform *p, const char *path, int force)
{
    hf_outfile o = {.fd = -1};
    if (!p) {
        fprintf(stderr, "hetflow: cannot write '%s': no platform was built\n", path);
        return EXIT_INPUT;
    }
    FILE *f = cli_out_open(ctx, &o, path, force);
    hf_err err = f ? hf_platform_write_xml(ctx, p, f) : ctx->errcode;
    if (f && err) fclose(f);
    if (f && !err) err = cli_out_close(ctx, &o, f, path);
    hf_outfile_abort(&o);
    return err ? input_error(ctx) : 0;
}

static int cmd_platform(int argc, char **argv, hf_ctx *ctx)
{
    const char *path = NULL, *xml = NULL;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(platform_usage, stdout);
            return 0;
        } else if (strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else if (strcmp(argv[i], "--xml") == 0) {
            if (i + 1 >= argc) return usage_error(platform_usage, "%s needs a file name", "--xml");
            xml = argv[++i];
        } else if (argv[i][0] == '-') {
            return usage_error(platform_usage, "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return usage_error(platform_usage, "unexpected argument '%s'", argv[i]);
        }
    }
    if (!path) return usage_error(platform_usage, "%s", "no platform given");
    size_t plen = strlen(path);
    if (plen > 4 && strcmp(path + plen - 4, ".xml") == 0) {
        /* a SimGrid XML platform: read it through SimGrid, as a run would */
        if (xml) return usage_error(platform_usage, "%s is already a SimGrid platform", path);
        hf_platform *p = hf_platform_new(path);
        int rc = 0;
        if (!p || !(p->xml_path = strdup(path))) {
            hf_platform_free(p);
            fprintf(stderr, "hetflow: out of memory\n");
            return EXIT_INPUT;
        }
        if (hf_engine_start(ctx, NULL, NULL, path) != HF_OK ||
            hf_engine_load_platform(ctx, p) != HF_OK)
            rc = input_error(ctx);
        else
            hf_platform_describe(p, stdout);
        hf_platform_free(p);
        return rc;
    }
    const char *inputs[] = {path, NULL};
    int to_stdout = xml && strcmp(xml, "-") == 0; /* a stream, not a file to replace */
    if (xml && !to_stdout && hf_outfile_check(ctx, "--xml", NULL, xml, force, inputs) != HF_OK)
        return input_error(ctx);
    hf_session s = {.ctx = ctx, .scenario = path, .quiet = 1};
    lua_State *L = new_lua(&s);
    if (!L) return input_error(ctx);
    int rc = 0;
    lua_getglobal(L, "hetflow");
    lua_getfield(L, -1, "platform");
    lua_pushstring(L, path);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        fprintf(stderr, "hetflow: %s\n", lua_tostring(L, -1));
        rc = EXIT_INPUT;
    } else if (to_stdout) {
        const hf_platform *p = hf_lua_toplatform(L, -1);
        xml_drops_carbon(p);
        if (!p || hf_platform_write_xml(ctx, p, stdout) != HF_OK || fflush(stdout) != 0)
            rc = p ? input_error(ctx) : EXIT_INPUT;
    } else if (xml) {
        xml_drops_carbon(hf_lua_toplatform(L, -1));
        rc = write_xml(ctx, hf_lua_toplatform(L, -1), xml, force);
    } else {
        lua_getfield(L, -1, "describe");
        lua_pushvalue(L, -2);
        lua_call(L, 1, 1);
        fputs(lua_tostring(L, -1), stdout);
    }
    lua_close(L);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("hetflow %s (git %s, SimGrid %d.%d.%d, %s)\n", HF_VERSION, hf_git_revision(),
               SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR, SIMGRID_VERSION_PATCH, LUA_RELEASE);
        return 0;
    }
    hf_outfile_signals_install(); /* temporary files go with the process a signal ends */
    hf_ctx *ctx = hf_ctx_new();
    if (!ctx) {
        fprintf(stderr, "hetflow: out of memory\n");
        return EXIT_INPUT;
    }
    int rc;
    if (strcmp(cmd, "run") == 0)
        rc = cmd_run(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "inspect") == 0)
        rc = cmd_inspect(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "dag") == 0)
        rc = cmd_dag(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "export") == 0)
        rc = cmd_export(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "platform") == 0)
        rc = cmd_platform(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "calibrate") == 0)
        rc = cmd_calibrate(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "compare") == 0)
        rc = cmd_compare(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "osu") == 0)
        rc = cmd_osu(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "coll") == 0)
        rc = cmd_coll(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "train") == 0)
        rc = cmd_train(argc - 2, argv + 2, ctx);
    else if (strcmp(cmd, "carbon") == 0)
        rc = cmd_carbon(argc - 2, argv + 2, ctx);
    else
        rc = usage_error(main_usage, "unknown command '%s'", cmd);
    hf_ctx_free(ctx);
    return rc;
}
