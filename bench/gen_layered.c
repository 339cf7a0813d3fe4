/* gen_layered: writes one seeded layered random DAG as a hetflow workflow and as a floor DAG. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER_WIDTH 1000 /* tasks per layer; the last layer may be partial */
#define FILE_BYTES 1e6   /* size of every task's single output file */
#define FLOPS_MIN 1e9    /* task work is drawn uniformly in [FLOPS_MIN, FLOPS_MAX] */
#define FLOPS_MAX 1e10
#define IO_BUFFER (1 << 20) /* stdio buffer per output file */

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

    if (argc != 4 || parse_u64(argv[1], &n) != 0 || parse_u64(argv[2], &seed) != 0 ||
        n > INT32_MAX) {
        fprintf(stderr, "usage: gen_layered N SEED OUT_PREFIX\n"
                        "  writes OUT_PREFIX.lua (hetflow workflow) and OUT_PREFIX.dag (floor)\n");
        return 2;
    }
    lua = open_out(argv[3], "lua", lua_buf);
    dag = open_out(argv[3], "dag", dag_buf);
    if (lua == NULL || dag == NULL) goto fail;

    /* One statement per task rather than one table constructor holding every task: no single
     * expression then grows with N, so no per-expression limit of the Lua compiler can be hit.
     * (Lua 5.4.4 happens to load both forms at N = 10^6, in about 10 s either way.) */
    fprintf(lua,
            "-- layered random DAG: %" PRIu64 " tasks, width %d, seed %" PRIu64
            ", written by bench/gen_layered\n",
            n, LAYER_WIDTH, seed);
    fprintf(lua, "local T = {}\n");
    fprintf(dag, "%" PRIu64 "\n", n);

    prng g = {seed};
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

        fprintf(dag, "%.17g %.17g %d", flops, FILE_BYTES, np);
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
        fprintf(lua, "outputs = { { name = \"f%" PRIu64 "\", size = %.17g } } }\n", i, FILE_BYTES);
    }
    fprintf(lua, "return { name = \"layered-%" PRIu64 "\", tasks = T }\n", n);
    rc = 0;

fail:
    if (lua != NULL && fclose(lua) != 0) rc = 1;
    if (dag != NULL && fclose(dag) != 0) rc = 1;
    if (rc != 0) fprintf(stderr, "gen_layered: failed writing %s.{lua,dag}\n", argv[3]);
    return rc;
}
