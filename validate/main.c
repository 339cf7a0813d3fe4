/* main.c: hetflow-validate, the CUDA measurement harness (issue 7): options, the plan, the
 * measurement file's metadata, and the exit statuses (0 ok, 1 failure, 2 bad usage, 77 no
 * device with --if-no-device skip). The GPU work is in gpu.cu and run.cu; see README.md. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hetflow/hetflow.h"
#include "hetflow/hf_meas.h"

#include "gpu.h"
#include "plan.h"

#define PROG "hetflow-validate"
#define EXIT_USAGE 2
#define EXIT_SKIP 77
#define MAX_SHARES 64

static const double default_shares[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
static const double quick_shares[] = {0.1, 0.5, 1.0};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " PROG " -o FILE.h5 [options]\n"
            "       " PROG " --plan [options]\n"
            "Time GPU kernels, GPU shares and host<->device copies on a real GPU and write a\n"
            "hetflow measurement file (validate/README.md).\n"
            "  -o FILE.h5            measurement file to write (required unless --plan)\n"
            "  --reps N              timed samples per experiment (default 30)\n"
            "  --warmup N            untimed samples before them (default 5)\n"
            "  --only LIST           comma-separated workloads (default: all):\n"
            "                        tiny stream_triad compute_fp64 dgemm lj_neighbor\n"
            "                        lj_initial_integrate lj_pair lj_final_integrate lj_step\n"
            "                        lj_concurrent5 lj_serial5 h2d d2h\n"
            "  --shares LIST         shares of the SMs, each in (0, 1]\n"
            "                        (default 0.1,0.2,...,1.0)\n"
            "  --quick               shares 0.1,0.5,1.0 and 4 copy sizes instead of 11\n"
            "  --mechanism M         auto|green|mps|none: how shares below 1 are made\n"
            "                        (auto: green contexts, else MPS, else whole GPU only)\n"
            "  --lj-cells C          LJ system of 4 C^3 atoms, C in 3..64 (default 20:\n"
            "                        32,000 atoms, LAMMPS bench/in.lj)\n"
            "  --force               replace FILE.h5 if it exists (never a non-regular file)\n"
            "  --device N            CUDA device ordinal (default 0)\n"
            "  --if-no-device skip   exit 77 instead of 1 when there is no usable CUDA device\n"
            "  --timeout S           fail when one sample takes longer (default 120 s)\n"
            "  --plan                print every experiment and its kernel groups as CSV and\n"
            "                        exit, without touching the GPU\n"
            "  --sms N               with --plan: SMs of the device to assume (default 132)\n"
            "  --quiet               no progress lines\n"
            "  --help                this text\n");
}

/* Report bad usage and return the usage exit status. */
static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '" PROG " --help'.\n");
    return EXIT_USAGE;
}

/* Parse a non-negative integer option; -1 when s is not one. */
static long parse_count(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return (*s && !*end && v >= 0 && v <= 1000000) ? v : -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Parse "0.1,0.5,1" into shares (ascending). Returns 0, EXIT_USAGE (not a list of numbers) or
 * 1 (a share outside (0, 1] or given twice), with the message printed. */
static int parse_shares(const char *list, double *shares, size_t *n)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf) return bad_usage("--shares list too long", "");
    strcpy(buf, list);
    *n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *end;
        double s = strtod(tok, &end);
        if (end == tok || *end)
            return bad_usage("bad share '%s' in --shares (a number in (0, 1] expected)", tok);
        if (!(s > 0 && s <= 1)) {
            fprintf(stderr, PROG ": share %s is outside (0, 1]\n", tok);
            return 1;
        }
        if (*n == MAX_SHARES) return bad_usage("more than 64 shares in --shares", "");
        shares[(*n)++] = s;
    }
    if (*n == 0) return bad_usage("--shares needs at least one share", "");
    qsort(shares, *n, sizeof *shares, cmp_double);
    for (size_t i = 1; i < *n; i++)
        if (shares[i] - shares[i - 1] < 1e-9) {
            fprintf(stderr, PROG ": share %g is given twice\n", shares[i]);
            return 1;
        }
    /* experiment names carry the share as vp_share_label writes it: two shares written alike
     * would make two experiments of one name, which the measurement file refuses, after the run */
    for (size_t i = 0; i < *n; i++)
        for (size_t j = i + 1; j < *n; j++) {
            char a[16], b[16];
            vp_share_label(shares[i], a, sizeof a);
            vp_share_label(shares[j], b, sizeof b);
            if (strcmp(a, b) == 0) {
                fprintf(stderr,
                        PROG ": shares %.10g and %.10g both name experiments 'WORKLOAD@%s' "
                             "(give shares that differ within 6 digits)\n",
                        shares[i], shares[j], a);
                return 1;
            }
        }
    return 0;
}

/* Parse "tiny,lj_pair" into only[]. Returns 0 or EXIT_USAGE. */
static int parse_only(const char *list, int *only)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf) return bad_usage("--only list too long", "");
    strcpy(buf, list);
    memset(only, 0, VP_NWORKLOADS * sizeof *only);
    int any = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int w = vp_workload_from_name(tok);
        if (w < 0) return bad_usage("unknown workload '%s' in --only (see --help)", tok);
        only[w] = any = 1;
    }
    return any ? 0 : bad_usage("--only needs at least one workload", "");
}

/* The command line as one string, arguments with spaces or quotes in single quotes. */
static char *join_command(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += 4 * strlen(argv[i]) + 3;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    for (int i = 0; i < argc; i++) {
        int quote = argv[i][0] == '\0' || strpbrk(argv[i], " \t'\"\\$") != NULL;
        if (i) *p++ = ' ';
        if (quote) *p++ = '\'';
        for (const char *c = argv[i]; *c; c++) {
            if (*c == '\'') {
                memcpy(p, "'\\''", 4);
                p += 4;
            } else {
                *p++ = *c;
            }
        }
        if (quote) *p++ = '\'';
    }
    *p = '\0';
    return s;
}

/* Fill the metadata of m (everything but the device and the experiments). */
static hf_err fill_metadata(hf_ctx *ctx, hf_meas *m, const char *mech, const char *available,
                            int warmup, int argc, char **argv)
{
    char host[256] = "unknown", date[32];
    time_t now = time(NULL);
    struct tm tm;
    char *command = join_command(argc, argv);
    hf_err rc = HF_ENOMEM;
    if (!command) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    if (gethostname(host, sizeof host) != 0) strcpy(host, "unknown");
    host[sizeof host - 1] = '\0';
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if ((rc = hf_meas_set_str(ctx, &m->tool, PROG)) ||
        (rc = hf_meas_set_str(ctx, &m->tool_version, HF_VERSION)) ||
        (rc = hf_meas_set_str(ctx, &m->host, host)) ||
        (rc = hf_meas_set_str(ctx, &m->date, date)) ||
        (rc = hf_meas_set_str(ctx, &m->origin, "measured")) ||
        (rc = hf_meas_set_str(ctx, &m->mechanism, mech)) ||
        (rc = hf_meas_set_str(ctx, &m->mechanisms_available, available)) ||
        (rc = hf_meas_set_str(ctx, &m->command, command)))
        goto fail;
    m->warmup = warmup;
    rc = HF_OK;
fail:
    free(command);
    return rc;
}

int main(int argc, char **argv)
{
    enum {
        OPT_REPS = 256,
        OPT_WARMUP,
        OPT_ONLY,
        OPT_SHARES,
        OPT_MECH,
        OPT_DEVICE,
        OPT_NODEV,
        OPT_PLAN,
        OPT_SMS,
        OPT_QUICK,
        OPT_TIMEOUT,
        OPT_QUIET,
        OPT_LJ_CELLS,
        OPT_FORCE,
        OPT_HELP
    };
    static const struct option longopts[] = {{"reps", required_argument, NULL, OPT_REPS},
                                             {"warmup", required_argument, NULL, OPT_WARMUP},
                                             {"only", required_argument, NULL, OPT_ONLY},
                                             {"shares", required_argument, NULL, OPT_SHARES},
                                             {"mechanism", required_argument, NULL, OPT_MECH},
                                             {"device", required_argument, NULL, OPT_DEVICE},
                                             {"if-no-device", required_argument, NULL, OPT_NODEV},
                                             {"plan", no_argument, NULL, OPT_PLAN},
                                             {"sms", required_argument, NULL, OPT_SMS},
                                             {"quick", no_argument, NULL, OPT_QUICK},
                                             {"timeout", required_argument, NULL, OPT_TIMEOUT},
                                             {"quiet", no_argument, NULL, OPT_QUIET},
                                             {"lj-cells", required_argument, NULL, OPT_LJ_CELLS},
                                             {"force", no_argument, NULL, OPT_FORCE},
                                             {"help", no_argument, NULL, OPT_HELP},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL, *mech_name = "auto";
    double shares[MAX_SHARES], timeout = 120;
    size_t nshares = 0;
    int only[VP_NWORKLOADS], plan_only = 0, skip = 0, quick = 0, quiet = 0, sms = 0;
    int lj_cells = VP_LJ_CELLS, force = 0;
    long reps = 30, warmup = 5, device = 0, v;
    int c, rc;
    for (int w = 0; w < VP_NWORKLOADS; w++)
        only[w] = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case OPT_REPS:
            if ((reps = parse_count(optarg)) < 1)
                return bad_usage("--reps needs a whole number >= 1, got '%s'", optarg);
            break;
        case OPT_WARMUP:
            if ((warmup = parse_count(optarg)) < 0)
                return bad_usage("--warmup needs a whole number >= 0, got '%s'", optarg);
            break;
        case OPT_ONLY:
            if ((rc = parse_only(optarg, only))) return rc;
            break;
        case OPT_SHARES:
            if ((rc = parse_shares(optarg, shares, &nshares))) return rc;
            break;
        case OPT_MECH:
            if (strcmp(optarg, "auto") && strcmp(optarg, "green") && strcmp(optarg, "mps") &&
                strcmp(optarg, "none"))
                return bad_usage("--mechanism must be auto, green, mps or none, got '%s'", optarg);
            mech_name = optarg;
            break;
        case OPT_DEVICE:
            if ((device = parse_count(optarg)) < 0)
                return bad_usage("--device needs a device ordinal, got '%s'", optarg);
            break;
        case OPT_NODEV:
            if (strcmp(optarg, "skip") && strcmp(optarg, "fail"))
                return bad_usage("--if-no-device must be skip or fail, got '%s'", optarg);
            skip = strcmp(optarg, "skip") == 0;
            break;
        case OPT_PLAN:
            plan_only = 1;
            break;
        case OPT_SMS:
            if ((v = parse_count(optarg)) < 1)
                return bad_usage("--sms needs a whole number >= 1, got '%s'", optarg);
            sms = (int)v;
            break;
        case OPT_QUICK:
            quick = 1;
            break;
        case OPT_TIMEOUT: {
            char *end;
            timeout = strtod(optarg, &end);
            if (end == optarg || *end || !(timeout > 0))
                return bad_usage("--timeout needs seconds > 0, got '%s'", optarg);
            break;
        }
        case OPT_QUIET:
            quiet = 1;
            break;
        case OPT_LJ_CELLS:
            if ((v = parse_count(optarg)) < VP_LJ_CELLS_MIN || v > VP_LJ_CELLS_MAX)
                return bad_usage("--lj-cells needs a whole number in 3..64, got '%s'", optarg);
            lj_cells = (int)v;
            break;
        case OPT_FORCE:
            force = 1;
            break;
        case OPT_HELP:
            usage(stdout);
            return 0;
        case ':':
            return bad_usage("option '%s' needs an argument", argv[optind - 1]);
        default:
            return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return bad_usage("unexpected argument '%s'", argv[optind]);
    if (sms && !plan_only)
        return bad_usage("--sms is for --plan only (a run uses the device's SMs)%s", "");
    if (!plan_only && !out) return bad_usage("-o FILE.h5 is required (or --plan)%s", "");
    if (nshares == 0) {
        const double *src = quick ? quick_shares : default_shares;
        nshares = quick ? sizeof quick_shares / sizeof *quick_shares
                        : sizeof default_shares / sizeof *default_shares;
        memcpy(shares, src, nshares * sizeof *shares);
    }
    vp_options po;
    memset(&po, 0, sizeof po);
    memcpy(po.only, only, sizeof only);
    po.shares = shares;
    po.nshares = nshares;
    po.quick = quick;
    po.reps = (int)reps;
    po.warmup = (int)warmup;
    po.lj_cells = lj_cells;

    if (plan_only) {
        vp_plan plan;
        po.partitioned = strcmp(mech_name, "none") != 0; /* auto: as if a mechanism works */
        po.sms = sms ? sms : 132;
        if (vp_plan_build(&plan, &po)) {
            fprintf(stderr, PROG ": out of memory\n");
            return 1;
        }
        vp_plan_print_csv(&plan, stdout);
        vp_plan_destroy(&plan);
        return 0;
    }

    /* A measurement file is never put over anything but a regular file, and over one only with
     * --force: checked before any GPU work. */
    struct stat sb;
    if (lstat(out, &sb) == 0) {
        if (!S_ISREG(sb.st_mode)) {
            fprintf(stderr, PROG ": '%s' exists and is not a regular file: not replacing it\n",
                    out);
            return 1;
        }
        if (!force) {
            fprintf(stderr, PROG ": '%s' exists: give --force to replace it\n", out);
            return 1;
        }
    }
    /* and its folder must take it: found out only at the write, the measurements are lost */
    if (!*out || out[strlen(out) - 1] == '/') {
        fprintf(stderr, PROG ": cannot write '%s': a file name expected\n", out);
        return 1;
    }
    char *dir_copy = strdup(out);
    if (!dir_copy) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    const char *dir = dirname(dir_copy);
    struct stat db;
    if (stat(dir, &db) != 0 || !S_ISDIR(db.st_mode) || access(dir, W_OK | X_OK) != 0) {
        if (stat(dir, &db) != 0 || !S_ISDIR(db.st_mode))
            fprintf(stderr, PROG ": cannot write '%s': no folder '%s'\n", out, dir);
        else
            fprintf(stderr, PROG ": cannot write '%s': folder '%s' is not writable\n", out, dir);
        free(dir_copy);
        return 1;
    }
    free(dir_copy);

    /* A run: from here on, every failure is exit 1 (or 77 for a missing device with skip). */
    int exit_code = 1, count = 0;
    char why[512];
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *m = hf_meas_new();
    vg_gpu *g = NULL;
    vp_plan plan;
    memset(&plan, 0, sizeof plan);
    if (!ctx || !m) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    if (vg_device_count(&count, why, sizeof why) != 0 || count <= device) {
        if (count > 0 && count <= device)
            snprintf(why, sizeof why, "device %ld requested, %d present", device, count);
        fprintf(stderr, PROG ": no CUDA device: %s%s\n", why, skip ? " (skipped)" : "");
        exit_code = skip ? EXIT_SKIP : 1;
        goto done;
    }
    if (vg_open(ctx, (int)device, &g)) {
        fprintf(stderr, PROG ": no CUDA device: %s%s\n", hf_ctx_errmsg(ctx),
                skip ? " (skipped)" : "");
        exit_code = skip ? EXIT_SKIP : 1;
        goto done;
    }

    /* The mechanism: auto prefers green contexts (no daemon, exact SM sets), then MPS. */
    const char *why_green = "", *why_mps = "";
    int green = vg_mech_available(g, VG_GREEN, &why_green);
    int mps = vg_mech_available(g, VG_MPS, &why_mps);
    vg_mech mech = VG_NONE;
    if (strcmp(mech_name, "green") == 0) {
        if (!green) {
            fprintf(stderr, PROG ": green contexts are not available: %s\n", why_green);
            goto done;
        }
        mech = VG_GREEN;
    } else if (strcmp(mech_name, "mps") == 0) {
        if (!mps) {
            fprintf(stderr, PROG ": MPS is not available: %s\n", why_mps);
            goto done;
        }
        mech = VG_MPS;
    } else if (strcmp(mech_name, "auto") == 0) {
        mech = green ? VG_GREEN : mps ? VG_MPS : VG_NONE;
        if (mech == VG_NONE && !quiet)
            fprintf(stderr,
                    PROG ": no share mechanism (green contexts: %s; MPS: %s): whole GPU only\n",
                    why_green, why_mps);
    }
    static const char *const mech_names[] = {"none", "green_context", "mps"};
    char available[64] = "";
    if (green) strcat(available, "green_context");
    if (mps) strcat(available, green ? ",mps" : "mps");
    if (!green && !mps) strcpy(available, "none");

    po.partitioned = mech != VG_NONE;
    po.sms = vg_sms(g);
    if (vp_plan_build(&plan, &po)) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    if (fill_metadata(ctx, m, mech_names[mech], available, (int)warmup, argc, argv) ||
        vg_describe(ctx, g, m) || vg_run_plan(ctx, g, &plan, mech, timeout, quiet, m) ||
        hf_meas_write(ctx, m, out)) {
        fprintf(stderr, PROG ": %s\n", hf_ctx_errmsg(ctx));
        if (vg_stuck(g)) _exit(1); /* the runtime's exit handlers would wait for the stuck GPU */
        goto done;
    }
    if (!quiet) fprintf(stderr, PROG ": wrote %zu experiments to %s\n", m->nexps, out);
    exit_code = 0;
done:
    vp_plan_destroy(&plan);
    vg_close(g);
    hf_meas_free(m);
    hf_ctx_free(ctx);
    return exit_code;
}
