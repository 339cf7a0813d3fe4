/* jstream.c: streaming JSON reading over yajl (jstream.h): the open containers, duplicate keys,
 * depth, number and NUL checks, and line:column positions of syntax errors. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "core/grow.h"
#include "jstream.h"

#define CHUNK (1 << 16) /* bytes read and handed to yajl at a time */

const char *const hf_js_kind_name[6] = {"a string",  "a number",  "an array",
                                        "an object", "a boolean", "null"};

/* Keys of one open object, to refuse a key given twice (as jansson's JSON_REJECT_DUPLICATES
 * did): back to back in buf, hashed once the object has more than LINEAR keys. One per depth,
 * reused by every object opened there, so steady state allocates nothing. */
#define LINEAR 16
typedef struct keyset {
    char *buf; /* the keys, NUL-terminated, back to back */
    size_t len, cap;
    size_t *offs; /* offset of each key in buf */
    size_t n, cap_offs;
    size_t *slots; /* open addressing over offs: 1 + index, 0 = empty; nslots a power of 2 */
    size_t nslots;
    int hashed; /* slots holds this object's keys */
} keyset;

struct hf_jstream {
    const hf_jshooks *h;
    void *u;
    hf_jsframe *fr; /* open containers */
    keyset *keys;   /* per depth, reused by every object opened there */
    size_t depth, cap;
    int stopped;   /* a hook returned 0, or out of memory (nomem) */
    int nomem;     /* out of memory */
    char syn[512]; /* a syntax error found in a callback, positioned after yajl returns */
    char *scratch; /* NUL-terminated copy of the current number */
    size_t cap_scratch;
};

/* ---- keys ---- */

static uint64_t hash_key(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Insert offset slot index i into the hash table of ks. */
static void ks_slot(keyset *ks, size_t i)
{
    const char *k = ks->buf + ks->offs[i];
    size_t m = ks->nslots - 1, h = (size_t)hash_key(k, strlen(k)) & m;
    while (ks->slots[h])
        h = (h + 1) & m;
    ks->slots[h] = i + 1;
}

/* Add key (len bytes, no NUL inside) to ks: 1 added, 0 already there, -1 out of memory. */
static int ks_add(keyset *ks, const char *key, size_t len)
{
    if (!ks->hashed) {
        for (size_t i = 0; i < ks->n; i++) {
            const char *k = ks->buf + ks->offs[i];
            if (strlen(k) == len && memcmp(k, key, len) == 0) return 0;
        }
    } else {
        size_t m = ks->nslots - 1, h = (size_t)hash_key(key, len) & m;
        for (; ks->slots[h]; h = (h + 1) & m) {
            const char *k = ks->buf + ks->offs[ks->slots[h] - 1];
            if (strlen(k) == len && memcmp(k, key, len) == 0) return 0;
        }
    }
    if (hf_grow((void **)&ks->buf, &ks->cap, ks->len + len + 1, 1) ||
        hf_grow((void **)&ks->offs, &ks->cap_offs, ks->n + 1, sizeof *ks->offs))
        return -1;
    memcpy(ks->buf + ks->len, key, len);
    ks->buf[ks->len + len] = '\0';
    ks->offs[ks->n++] = ks->len;
    ks->len += len + 1;
    if (ks->n > LINEAR && 2 * ks->n > ks->nslots) { /* (re)build the table at twice the keys */
        size_t ns = ks->nslots ? 2 * ks->nslots : 4 * LINEAR;
        size_t *s = realloc(ks->slots, ns * sizeof *s);
        if (!s) return -1;
        ks->slots = s;
        ks->nslots = ns;
        memset(s, 0, ns * sizeof *s);
        ks->hashed = 1;
        for (size_t i = 0; i < ks->n; i++)
            ks_slot(ks, i);
    } else if (ks->hashed) {
        ks_slot(ks, ks->n - 1);
    }
    return 1;
}

static void ks_reset(keyset *ks)
{
    if (ks->hashed) memset(ks->slots, 0, ks->nslots * sizeof *ks->slots);
    ks->hashed = 0;
    ks->len = ks->n = 0;
}

/* ---- the reader ---- */

hf_jstream *hf_js_new(const hf_jshooks *h, void *u)
{
    hf_jstream *js = calloc(1, sizeof *js);
    if (js) {
        js->h = h;
        js->u = u;
    }
    return js;
}

void hf_js_free(hf_jstream *js)
{
    if (!js) return;
    for (size_t d = 0; d < js->cap; d++) {
        free(js->keys[d].buf);
        free(js->keys[d].offs);
        free(js->keys[d].slots);
    }
    free(js->keys);
    free(js->fr);
    free(js->scratch);
    free(js);
}

size_t hf_js_depth(const hf_jstream *js)
{
    return js->depth;
}

hf_jsframe *hf_js_frame(hf_jstream *js, size_t d)
{
    return &js->fr[d];
}

void hf_js_path(const hf_jstream *js, size_t d, const char *key, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d && k < n; i++) {
        const hf_jsframe *f = &js->fr[i];
        int w = f->map ? snprintf(buf + k, n - k, "%s%s", k ? "." : "", f->key)
                       : snprintf(buf + k, n - k, "[%zu]", f->cur);
        if (w < 0) return;
        k += (size_t)w;
    }
    if (key && k < n) snprintf(buf + k, n - k, "%s%s", k ? "." : "", key);
}

/* A syntax error found in a callback (the position is added once yajl returns): stops yajl. */
static int syntax(hf_jstream *js, const char *text)
{
    snprintf(js->syn, sizeof js->syn, "%s", text);
    return 0;
}

static int stop(hf_jstream *js)
{
    js->stopped = 1;
    return 0;
}

static int nomem(hf_jstream *js)
{
    js->nomem = 1;
    return stop(js);
}

/* A value of kind begins: its role (0: skipped), from the hooks unless its container is
 * skipped. -1 when a hook stopped the read. */
static int begin(hf_jstream *js, int kind)
{
    int want, halt = 0;
    if (js->depth == 0) {
        want = HF_JS_TOP;
    } else {
        hf_jsframe *f = &js->fr[js->depth - 1];
        if (!f->map) f->cur = f->n++;
        if (f->role == 0) return 0;
        want = f->map ? f->mrole : js->h->element(js->u, f->role, f->cur);
        if (want == 0) return 0;
    }
    int r = js->h->begin(js->u, want, kind, &halt);
    return halt ? -1 : r;
}

static int cb_scalar(hf_jstream *js, int kind, const char *s, size_t len)
{
    int r = begin(js, kind);
    double v = 0;
    if (r < 0) return stop(js);
    if (kind == HF_JS_NUMBER) {
        /* only an exponent or more than 308 digits can overflow a double: strtod only then,
         * or when the value is used */
        int big = len > 308 || memchr(s, 'e', len) || memchr(s, 'E', len);
        if (r == 0 && !big) return 1;
        if (hf_grow((void **)&js->scratch, &js->cap_scratch, len + 1, 1)) return nomem(js);
        memcpy(js->scratch, s, len);
        js->scratch[len] = '\0';
        v = strtod(js->scratch, NULL);
        if (isinf(v)) {
            char m[128];
            snprintf(m, sizeof m, "number %.40s%s is out of range (beyond 1.8e308)", js->scratch,
                     len > 40 ? "..." : "");
            return syntax(js, m);
        }
    }
    if (r == 0) return 1;
    return js->h->scalar(js->u, r, kind, s, len, v) ? 1 : stop(js);
}

static int cb_null(void *u)
{
    return cb_scalar(u, HF_JS_NULL, NULL, 0);
}

static int cb_boolean(void *u, int b)
{
    return cb_scalar(u, HF_JS_BOOL, NULL, 0);
}

static int cb_number(void *u, const char *s, size_t len)
{
    return cb_scalar(u, HF_JS_NUMBER, s, len);
}

static int cb_string(void *u, const unsigned char *s, size_t len)
{
    if (memchr(s, '\0', len)) return syntax(u, "\\u0000 (NUL) is not allowed in a string");
    return cb_scalar(u, HF_JS_STRING, (const char *)s, len);
}

/* A container of kind HF_JS_OBJECT or HF_JS_ARRAY begins. */
static int open_container(hf_jstream *js, int kind)
{
    if (js->depth >= HF_JS_MAX_DEPTH) {
        char m[64];
        snprintf(m, sizeof m, "nesting deeper than %d levels", HF_JS_MAX_DEPTH);
        return syntax(js, m);
    }
    int r = begin(js, kind);
    if (r < 0) return stop(js);
    if (js->depth + 1 > js->cap) { /* new depths start with empty keysets */
        size_t cap = js->cap ? 2 * js->cap : 16;
        hf_jsframe *fr = realloc(js->fr, cap * sizeof *fr);
        if (fr) js->fr = fr;
        keyset *ks = fr ? realloc(js->keys, cap * sizeof *ks) : NULL;
        if (!ks) return nomem(js);
        memset(ks + js->cap, 0, (cap - js->cap) * sizeof *ks);
        js->keys = ks;
        js->cap = cap;
    }
    hf_jsframe *f = &js->fr[js->depth];
    f->role = r;
    f->map = kind == HF_JS_OBJECT;
    f->mrole = 0;
    f->n = f->cur = 0;
    f->key = "";
    ks_reset(&js->keys[js->depth]);
    js->depth++;
    if (r && !js->h->open(js->u, r)) return stop(js);
    return 1;
}

static int cb_start_map(void *u)
{
    return open_container(u, HF_JS_OBJECT);
}

static int cb_start_array(void *u)
{
    return open_container(u, HF_JS_ARRAY);
}

static int cb_map_key(void *u, const unsigned char *key, size_t len)
{
    hf_jstream *js = u;
    hf_jsframe *f = &js->fr[js->depth - 1];
    keyset *ks = &js->keys[js->depth - 1];
    if (memchr(key, '\0', len)) return syntax(js, "\\u0000 (NUL) is not allowed in a key");
    int r = ks_add(ks, (const char *)key, len);
    if (r < 0) return nomem(js);
    if (r == 0) {
        char p[256], m[400];
        hf_js_path(js, js->depth - 1, NULL, p, sizeof p);
        snprintf(m, sizeof m, "duplicate object key '%.*s' in %s", (int)(len > 64 ? 64 : len),
                 (const char *)key, *p ? p : "the top-level object");
        return syntax(js, m);
    }
    f->key = ks->buf + ks->offs[ks->n - 1];
    f->mrole = f->role ? js->h->member(js->u, f->role, f->key) : 0;
    return 1;
}

static int cb_end(void *u)
{
    hf_jstream *js = u;
    int r = js->fr[js->depth - 1].role, ok = !r || js->h->close(js->u, r);
    js->depth--;
    return ok ? 1 : stop(js);
}

static const yajl_callbacks CALLBACKS = {
    cb_null,      cb_boolean, NULL,   NULL,           cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end,
};

/* ---- driving yajl ---- */

/* Line (from 1) and column (characters, from 0) after s[0..n), from *line, *col. */
static void advance(const unsigned char *s, size_t n, long *line, long *col)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 0;
        } else if ((s[i] & 0xC0) != 0x80) { /* not a UTF-8 continuation byte */
            (*col)++;
        }
    }
}

/* ", near '...'": up to 12 bytes of the line on each side of s[p] (s holds n bytes), whole
 * UTF-8 sequences only. */
static void context(const unsigned char *s, size_t n, size_t p, char *out, size_t cap)
{
    size_t a = p, b = p + 1;
    while (a > 0 && p - a < 12 && s[a - 1] != '\n' && s[a - 1] != '\r')
        a--;
    while (b < n && b - p < 12 && s[b] != '\n' && s[b] != '\r')
        b++;
    while (a < p && (s[a] & 0xC0) == 0x80) /* not from the middle of a character */
        a++;
    while (b < n && b > p + 1 && (s[b] & 0xC0) == 0x80)
        b--;
    if (s[p] == '\n' || s[p] == '\r') b = p;
    if (b <= a) return;
    char t[32]; /* the bytes, invalid UTF-8 and control characters as '?' */
    size_t k = 0;
    for (size_t i = a; i < b && k < sizeof t - 1;) {
        int len = s[i] < 0x80                    ? 1
                  : s[i] >= 0xC2 && s[i] <= 0xDF ? 2
                  : s[i] >= 0xE0 && s[i] <= 0xEF ? 3
                  : s[i] >= 0xF0 && s[i] <= 0xF4 ? 4
                                                 : 0;
        int ok = len > 0 && i + len <= b && k + len < sizeof t;
        for (int j = 1; ok && j < len; j++)
            ok = (s[i + j] & 0xC0) == 0x80;
        if (ok && (len > 1 || s[i] >= 0x20)) {
            memcpy(t + k, s + i, len);
            k += len;
            i += len;
        } else {
            t[k++] = '?';
            i++;
        }
    }
    t[k] = '\0';
    snprintf(out, cap, ", near '%s'", t);
}

/* yajl's message, reworded where it would not say what was expected. */
static const char *syntax_text(const char *y)
{
    static const struct {
        const char *yajl, *ours;
    } MAP[] = {
        {"premature EOF", "unexpected end of input (truncated document?)"},
        {"trailing garbage", "expected the end of input after the top-level value"},
        {"after key and value, inside map, I expect ',' or '}'",
         "expected ',' or '}' after an object member"},
        {"after array element, I expect ',' or ']'", "expected ',' or ']' after an array element"},
        {"object key and value must be separated by a colon (':')",
         "expected ':' after an object key"},
        {"invalid object key (must be a string)", "expected a string as object key"},
        {"unallowed token at this point in JSON text", "expected a JSON value"},
        {"invalid string in json text", "invalid literal (expected true, false or null)"},
    };
    for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
        if (strstr(y, MAP[i].yajl)) return MAP[i].ours;
    return NULL;
}

hf_err hf_js_read(hf_jstream *js, hf_ctx *ctx, const char *path, int *named, int *stopped)
{
    hf_err rc = HF_OK;
    unsigned char *buf = malloc(CHUNK);
    yajl_handle h = yajl_alloc(&CALLBACKS, NULL, js);
    FILE *fp = fopen(path, "rb");
    long line = 1, col = 0;
    int first = 1, done = 0;
    *named = *stopped = 0;
    js->depth = 0;
    js->stopped = js->nomem = 0;
    js->syn[0] = '\0';
    if (!fp) {
        rc = hf_ctx_fail(ctx, HF_EIO, "cannot open '%s': %s", path, strerror(errno));
        *named = 1;
        goto fail;
    }
    if (!buf || !h) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    while (!done) {
        size_t n = fread(buf, 1, CHUNK, fp), skip = 0;
        yajl_status st;
        if (n == 0 && ferror(fp)) {
            rc = hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': %s", path, strerror(errno));
            *named = 1;
            goto fail;
        }
        if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) skip = 3; /* UTF-8 BOM */
        first = 0;
        if (n == 0) {
            st = yajl_complete_parse(h);
            done = 1;
        } else {
            st = yajl_parse(h, buf + skip, n - skip);
        }
        if (st == yajl_status_ok) {
            advance(buf + skip, n - skip, &line, &col);
            continue;
        }
        if (js->nomem) {
            rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            goto fail;
        }
        if (js->stopped) { /* a hook's reason (out of memory included: then in ctx) */
            *stopped = 1;
            goto fail;
        }
        /* the position of the last byte yajl read (the end of input at completion) */
        size_t used = done ? 0 : yajl_get_bytes_consumed(h);
        if (used > 0) advance(buf + skip, used - 1, &line, &col);
        col++; /* columns count from 1 */
        const char *text = js->syn;
        unsigned char *y = NULL;
        if (st != yajl_status_client_canceled) {
            y = yajl_get_error(h, 0, NULL, 0);
            const char *ys = y ? (const char *)y : "invalid JSON";
            const char *colon = strstr(ys, "error: "); /* "parse error: ", "lexical error: " */
            ys = colon ? colon + 7 : ys;
            text = syntax_text(ys) ? syntax_text(ys) : ys;
        }
        char t[sizeof js->syn];
        snprintf(t, sizeof t, "%s", text);
        size_t tl = strlen(t);
        while (tl && (t[tl - 1] == '\n' || t[tl - 1] == '.')) /* yajl ends some with ".\n" */
            t[--tl] = '\0';
        if (y) yajl_free_error(h, y);
        char near[64] = "";
        if (st != yajl_status_client_canceled && used > 0) /* the bytes around it, as jansson */
            context(buf + skip, n - skip, used - 1, near, sizeof near);
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld:%ld: %s%s", path, line, col, t, near);
        *named = 1;
        goto fail;
    }
fail:
    if (fp) fclose(fp);
    if (h) yajl_free(h);
    free(buf);
    return rc;
}
