/* xml_check.c: a preflight of a user's SimGrid XML platform for values SimGrid accepts but cannot
 * simulate (a link of zero or negative bandwidth, a negative latency, a zone with no host), read
 * with expat before SimGrid sees the file, so that the error names the file, line and element. */
#include <expat.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_units.h"
#include "platform/xml_check.h"

/* Zones nest; deeper files are refused rather than tracked. */
#define MAX_DEPTH 64

/* Parser state. */
typedef struct check {
    hf_ctx *ctx;
    XML_Parser xp;
    const char *path;
    int failed;             /* an error was recorded: stop */
    int depth;              /* open zones */
    long hosts[MAX_DEPTH];  /* hosts seen inside each open zone, nested ones included */
    long line[MAX_DEPTH];   /* where each open zone starts */
    char id[MAX_DEPTH][64]; /* each open zone's id, cut to fit */
} check;

static const char *attr(const XML_Char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0) return atts[i + 1];
    return NULL;
}

/* Record the first error: "<file>:<line>: <element> '<id>': <what>", and stop the parser. */
static void fail_at(check *c, long line, const char *elem, const char *id, const char *what)
{
    if (c->failed) return;
    c->failed = 1;
    hf_ctx_fail(c->ctx, HF_EINPUT, "%s:%ld: %s '%s': %s", c->path, line, elem, id ? id : "?", what);
    XML_StopParser(c->xp, XML_FALSE);
}

/* Check attribute name of the element (a ","-separated list when list is set: host speeds per
 * power state) as a quantity of kind: in range, > 0 when positive, else >= 0. */
static void quantity(check *c, const XML_Char **atts, const char *elem, const char *name,
                     hf_unit_kind kind, int positive, int list)
{
    const char *v = attr(atts, name);
    if (!v || c->failed) return;
    char buf[256], err[256], what[600];
    const char *p = v;
    do {
        const char *end = list ? strchr(p, ',') : NULL;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n >= sizeof buf) n = sizeof buf - 1;
        memcpy(buf, p, n);
        buf[n] = '\0';
        double x = 0;
        /* what SimGrid cannot parse itself is left to its own message (preflight) */
        if (hf_units_parse(buf, kind, &x, err, sizeof err) != 0) {
            if (strstr(err, "out of range")) {
                snprintf(what, sizeof what, "%s: %s", name, err);
                fail_at(c, (long)XML_GetCurrentLineNumber(c->xp), elem, attr(atts, "id"), what);
            }
            return;
        }
        if (positive ? !(x > 0) : !(x >= 0)) {
            snprintf(what, sizeof what, "%s must be %s, got '%s'", name,
                     positive ? "positive" : "0 or more", buf);
            fail_at(c, (long)XML_GetCurrentLineNumber(c->xp), elem, attr(atts, "id"), what);
            return;
        }
        p = end ? end + 1 : NULL;
    } while (p);
}

/* Check the core count: SimGrid reads it with std::stoi, so "1e3" became 1 core, "2.9" 2 cores
 * and "99999999999" an uncaught std::out_of_range. A positive whole number up to 2^20. */
static void cores(check *c, const XML_Char **atts, const char *elem)
{
    const char *v = attr(atts, "core");
    if (!v || c->failed) return;
    char *end = NULL;
    errno = 0;
    long n = v[0] >= '0' && v[0] <= '9' ? strtol(v, &end, 10) : 0;
    if (!end || *end != '\0' || errno != 0 || n < 1 || n > (1L << 20)) {
        char what[300];
        snprintf(what, sizeof what, "core must be a whole number from 1 to 1048576, got '%.200s'",
                 v);
        fail_at(c, (long)XML_GetCurrentLineNumber(c->xp), elem, attr(atts, "id"), what);
    }
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    check *c = ud;
    if (c->failed) return;
    long line = (long)XML_GetCurrentLineNumber(c->xp);
    if (strcmp(name, "zone") == 0 || strcmp(name, "AS") == 0) {
        if (c->depth >= MAX_DEPTH) {
            fail_at(c, line, name, attr(atts, "id"), "zones nested more than 64 deep");
            return;
        }
        c->hosts[c->depth] = 0;
        c->line[c->depth] = line;
        snprintf(c->id[c->depth], sizeof c->id[0], "%s", attr(atts, "id") ? attr(atts, "id") : "?");
        c->depth++;
        return;
    }
    int is_host = strcmp(name, "host") == 0, is_cluster = strcmp(name, "cluster") == 0;
    /* a router counts: a backbone zone of a hierarchical platform holds routers only */
    if (is_host || is_cluster || strcmp(name, "cabinet") == 0 || strcmp(name, "peer") == 0 ||
        strcmp(name, "router") == 0)
        for (int i = 0; i < c->depth; i++)
            c->hosts[i]++;
    if (is_host || strcmp(name, "peer") == 0 || is_cluster || strcmp(name, "cabinet") == 0) {
        quantity(c, atts, name, "speed", HF_UNIT_SPEED, 1, 1);
        cores(c, atts, name);
    }
    if (strcmp(name, "link") == 0 || strcmp(name, "backbone") == 0) {
        quantity(c, atts, name, "bandwidth", HF_UNIT_BANDWIDTH, 1, 0);
        quantity(c, atts, name, "latency", HF_UNIT_TIME, 0, 0);
    }
    if (is_cluster || strcmp(name, "cabinet") == 0 || strcmp(name, "peer") == 0) {
        static const char *const bw[] = {"bw",           "bb_bw", "loopback_bw",
                                         "limiter_link", "bw_in", "bw_out"};
        static const char *const lat[] = {"lat", "bb_lat", "loopback_lat"};
        for (size_t i = 0; i < sizeof bw / sizeof *bw; i++)
            quantity(c, atts, name, bw[i], HF_UNIT_BANDWIDTH, 1, 0);
        for (size_t i = 0; i < sizeof lat / sizeof *lat; i++)
            quantity(c, atts, name, lat[i], HF_UNIT_TIME, 0, 0);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    check *c = ud;
    if (c->failed || c->depth == 0) return;
    if (strcmp(name, "zone") != 0 && strcmp(name, "AS") != 0) return;
    c->depth--;
    if (c->hosts[c->depth] == 0)
        fail_at(c, c->line[c->depth], name, c->id[c->depth],
                "has no host (a zone needs a host, router, cluster or sub-zone with one)");
}

hf_err hf_xml_check(hf_ctx *ctx, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return hf_ctx_fail(ctx, HF_EINPUT, "cannot read SimGrid platform '%s'", path);
    check c = {.ctx = ctx, .path = path};
    c.xp = XML_ParserCreate(NULL);
    if (!c.xp) {
        fclose(f);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    XML_SetUserData(c.xp, &c);
    XML_SetElementHandler(c.xp, on_start, on_end);
    char buf[65536];
    int done = 0;
    while (!done && !c.failed) {
        size_t n = fread(buf, 1, sizeof buf, f);
        done = n < sizeof buf;
        /* malformed XML is SimGrid's to report (its parse error names file and line) */
        if (XML_Parse(c.xp, buf, (int)n, done) == XML_STATUS_ERROR) break;
    }
    XML_ParserFree(c.xp);
    fclose(f);
    return c.failed ? ctx->errcode : HF_OK;
}
