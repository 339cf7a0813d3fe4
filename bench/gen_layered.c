/* gen_layered: writes one seeded layered random DAG as a hetflow workflow and as a floor DAG. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER_WIDTH 1000 /* tasks per layer; the last layer may be partial */
#define FILE_BYTES 1e6   /* size of every task's single output file, unless --file-sizes */
#define FLOPS_MIN 1e9    /* task work is drawn uniformly in [FLOPS_MIN, FLOPS_MAX] */
#define FLOPS_MAX 1e10
#define IO_BUFFER (1 << 20)               /* stdio buffer per output file */
#define SIZE_BYTES_MAX 9007199254740992.0 /* 2^53: larger whole numbers are not all doubles */
/* Seeds the file-size stream from SEED: a second generator, so that drawing sizes leaves the
 * main stream's draws (hence the DAG's shape and work) exactly those of the default workload. */
#define SIZE_STREAM 0x6a09e667f3bcc909ULL

/* splitmix64 (Steele, Lea, Flood 2014): tiny, seedable with any value, and identical on every
 * platform, so a (N, SEED) pair names one DAG forever. */
typedef struct {
    uint64_t state;
} prng;

/* Returns the next 64 uniformly distributed bits and advances the generator. */
static uint64_t prng_next(prng *g)
{
    uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Returns a double uniform in [0, 1) built from the top 53 bits of one draw. */
static double prng_unit(prng *g)
{
    return (double)(prng_next(g) >> 11) * 0x1.0p-53;
}

/* Returns an integer uniform in [0, bound) for bound >= 1, without modulo bias (rejection of
 * the draws that fall in the incomplete last block). */
static uint64_t prng_below(prng *g, uint64_t bound)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t x;
    do {
        x = prng_next(g);
    } while (x >= limit);
    return x % bound;
}

/* Parses a non-negative decimal integer argument; returns 0 on success, -1 on junk or overflow. */
static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (*s == '\0' || *s == '-') return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') return -1;
    *out = (uint64_t)v;
    return 0;
}

/* Parses one size of --file-sizes: a whole number of bytes in [1, 2^53], written in any form
 * strtod reads ("1e6", "1000000"). Reads up to stop (exclusive) when stop is not NULL, else to the
 * string's end. Returns 0 on success, -1 otherwise. */
static int parse_size(const char *s, const char *stop, double *out)
{
    char *end;
    if (*s == '\0' || s == stop) return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || (stop != NULL ? end != stop : *end != '\0')) return -1;
    if (!(v >= 1 && v <= SIZE_BYTES_MAX) || v != floor(v)) return -1;
    *out = v;
    return 0;
}

/* Parses --file-sizes' argument "MIN:MAX" (whole bytes, 1 <= MIN <= MAX <= 2^53) into *min and
 * *max. Returns 0, or -1 after a message naming the argument. */
static int parse_sizes(const char *arg, double *min, double *max)
{
    const char *colon = strchr(arg, ':');
    if (colon == NULL || parse_size(arg, colon, min) != 0 ||
        parse_size(colon + 1, NULL, max) != 0 || *min > *max) {
        fprintf(stderr,
                "gen_layered: --file-sizes %s: expected MIN:MAX, whole numbers of bytes with "
                "1 <= MIN <= MAX <= 2^53 (e.g. 1e6:1e8)\n",
                arg);
        return -1;
    }
    return 0;
}

/* Returns a file size drawn log-uniformly in [min, max] (density proportional to 1 / size) and
 * rounded down to whole bytes: min * (max / min)^u for u uniform in [0, 1). Stays in [min, max]
 * because min is a whole number and pow(r, u) >= 1 for r >= 1, u >= 0. One draw of g. */
static double draw_size(prng *g, double min, double max)
{
    return floor(min * pow(max / min, prng_unit(g)));
}

/* Prints the usage message to stderr. */
static void usage(void)
{
    fprintf(
        stderr,
        "usage: gen_layered [--file-sizes MIN:MAX] N SEED OUT_PREFIX\n"
        "  writes OUT_PREFIX.lua (hetflow workflow) and OUT_PREFIX.dag (floor)\n"
        "  --file-sizes MIN:MAX  each task's output file drawn log-uniformly in [MIN, MAX] bytes\n"
        "                        (e.g. 1e6:1e8) instead of 10^6 bytes; same DAG shape and work\n");
}

/* Opens PREFIX.SUFFIX for writing with a large buffer; returns NULL (after a message) on
 * failure. The buffer is owned by the caller and must outlive the stream. */
static FILE *open_out(const char *prefix, const char *suffix, char *buffer)
{
    size_t len = strlen(prefix) + strlen(suffix) + 2;
    char *path = malloc(len);
    if (path == NULL) return NULL;
    snprintf(path, len, "%s.%s", prefix, suffix);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        fprintf(stderr, "gen_layered: cannot write %s: %s\n", path, strerror(errno));
    else
        setvbuf(f, buffer, _IOFBF, IO_BUFFER);
    free(path);
    return f;
}

int main(int argc, char **argv)
{
    uint64_t n, seed;
    static char lua_buf[IO_BUFFER], dag_buf[IO_BUFFER];
    int rc = 1;
    FILE *lua = NULL, *dag = NULL;
    int sized = 0;                                       /* --file-sizes given */
    double size_min = FILE_BYTES, size_max = FILE_BYTES; /* its bounds, in bytes */

    int a = 1;
    if (a < argc && strcmp(argv[a], "--file-sizes") == 0) {
        if (a + 1 >= argc) {
            fprintf(stderr, "gen_layered: --file-sizes needs an argument MIN:MAX\n");
            usage();
            return 2;
        }
        if (parse_sizes(argv[a + 1], &size_min, &size_max) != 0) return 2;
        sized = 1;
        a += 2;
    }
    if (a < argc && strncmp(argv[a], "--", 2) == 0) {
        fprintf(stderr, "gen_layered: unknown option %s\n", argv[a]);
        usage();
        return 2;
    }
    if (argc - a != 3 || parse_u64(argv[a], &n) != 0 || parse_u64(argv[a + 1], &seed) != 0 ||
        n > INT32_MAX) {
        usage();
        return 2;
    }
    const char *prefix = argv[a + 2];
    lua = open_out(prefix, "lua", lua_buf);
    dag = open_out(prefix, "dag", dag_buf);
    if (lua == NULL || dag == NULL) goto fail;

    /* One statement per task rather than one table constructor holding every task: no single
     * expression then grows with N, so no per-expression limit of the Lua compiler can be hit.
     * (Lua 5.4.4 happens to load both forms at N = 10^6, in about 10 s either way.) */
    fprintf(lua,
            "-- layered random DAG: %" PRIu64 " tasks, width %d, seed %" PRIu64
            ", written by bench/gen_layered\n",
            n, LAYER_WIDTH, seed);
    if (sized)
        fprintf(lua, "-- output files log-uniform in [%.17g, %.17g] bytes (--file-sizes)\n",
                size_min, size_max);
    fprintf(lua, "local T = {}\n");
    fprintf(dag, "%" PRIu64 "\n", n);

    prng g = {seed};
    prng sizes = {seed ^ SIZE_STREAM};
    for (uint64_t i = 0; i < n; i++) {
        uint64_t layer = i / LAYER_WIDTH;
        /* Draw order per task (flops, then parents) is the file format's contract with itself:
         * both outputs are written from these very values. */
        double flops = FLOPS_MIN + prng_unit(&g) * (FLOPS_MAX - FLOPS_MIN);
        uint64_t parents[2];
        int np = 0;
        if (layer > 0) {
            uint64_t start = (layer - 1) * LAYER_WIDTH;
            uint64_t width = LAYER_WIDTH; /* every layer but the last is full */
            parents[np++] = start + prng_below(&g, width);
            if (width > 1) {
                uint64_t k = prng_below(&g, width - 1);
                if (start + k >= parents[0]) k++;
                parents[np++] = start + k;
            }
        }

        /* From its own stream, after the main stream's draws: without --file-sizes, no draw. */
        double bytes = sized ? draw_size(&sizes, size_min, size_max) : FILE_BYTES;

        fprintf(dag, "%.17g %.17g %d", flops, bytes, np);
        for (int p = 0; p < np; p++)
            fprintf(dag, " %" PRIu64, parents[p]);
        fputc('\n', dag);

        fprintf(lua, "T[%" PRIu64 "] = { name = \"t%" PRIu64 "\", cpu = { flops = %.17g }, ", i + 1,
                i, flops);
        if (np > 0) {
            fprintf(lua, "inputs = { \"f%" PRIu64 "\"", parents[0]);
            for (int p = 1; p < np; p++)
                fprintf(lua, ", \"f%" PRIu64 "\"", parents[p]);
            fprintf(lua, " }, ");
        }
        fprintf(lua, "outputs = { { name = \"f%" PRIu64 "\", size = %.17g } } }\n", i, bytes);
    }
    fprintf(lua, "return { name = \"layered-%" PRIu64 "\", tasks = T }\n", n);
    rc = 0;

fail:
    if (lua != NULL && fclose(lua) != 0) rc = 1;
    if (dag != NULL && fclose(dag) != 0) rc = 1;
    if (rc != 0) fprintf(stderr, "gen_layered: failed writing %s.{lua,dag}\n", prefix);
    return rc;
}
