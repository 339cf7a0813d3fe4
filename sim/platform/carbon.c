/* carbon.c: carbon-intensity traces (carbon.h, docs/models/carbon.md). */
#include <ctype.h>
#include <unistd.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "platform/carbon.h"

static const char *const layout_names[] = {"plain", "electricitymaps", "watttime"};

const char *hf_ctrace_layout_name(hf_ctrace_layout l)
{
    return (int)l >= 0 && (int)l < 3 ? layout_names[l] : "?";
}

int hf_ctrace_layout_parse(const char *s, hf_ctrace_layout *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, layout_names[i]) == 0) {
            *out = (hf_ctrace_layout)i;
            return 0;
        }
    return -1;
}

int hf_ctrace_interp_parse(const char *s, hf_ctrace_interp *out)
{
    if (s && strcmp(s, "step") == 0)
        *out = HF_CTRACE_STEP;
    else if (s && strcmp(s, "linear") == 0)
        *out = HF_CTRACE_LINEAR;
    else
        return -1;
    return 0;
}

/* Plausible bounds: times from 1900 to 2200 (seconds since the epoch; an epoch in milliseconds
 * falls outside), intensities up to 100,000 gCO2e/kWh (the dirtiest grids are near 1,000). */
#define TIME_MIN (-2208988800.0) /* 1900-01-01 00:00:00 UTC */
#define TIME_MAX 7258118400.0    /* 2200-01-01 00:00:00 UTC */
#define INTENSITY_MAX 1e5

/* A decimal number (digits, one point, an exponent; no hex, inf or nan) filling s but for blanks
 * around it, into *out. 0, or -1. */
static int decimal(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    int digits = 0;
    while (isdigit((unsigned char)*p) || *p == '.' || *p == 'e' || *p == 'E' ||
           ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E'))) {
        digits += isdigit((unsigned char)*p) != 0;
        p++;
    }
    const char *end_num = p;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p || !digits) return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end != end_num || errno || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* ---- times ---- */

/* Days from 1970-01-01 to year-month-day of the proleptic Gregorian calendar (March-based years:
 * the leap day falls at a year's end, so each era of 400 years is 146,097 days). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                   /* [0, 399] */
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static int leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n digits at *p into *v; advances *p. 0, or -1 when not n digits. */
static int digits(const char **p, int n, long *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return -1;
        *v = *v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    return 0;
}

int hf_ctrace_parse_time(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || len > 64) return -1;
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    const char *p = buf;
    long Y, M, D, h, mi, sec = 0;
    if (strchr(buf, '-') == NULL || (buf[0] == '-' && strchr(buf + 1, '-') == NULL)) {
        double v; /* a number: seconds since the epoch, 1900 to 2200 */
        if (decimal(buf, &v) != 0 || v < TIME_MIN || v > TIME_MAX) return -1;
        *out = v;
        return 0;
    }
    if (digits(&p, 4, &Y) || *p++ != '-' || digits(&p, 2, &M) || *p++ != '-' || digits(&p, 2, &D) ||
        (*p != ' ' && *p != 'T'))
        return -1;
    p++;
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi)) return -1;
    double frac = 0;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, &sec)) return -1;
        if (*p == '.') {
            const char *q = ++p;
            double scale = 0.1;
            while (isdigit((unsigned char)*p)) {
                frac += (*p - '0') * scale;
                scale /= 10;
                p++;
            }
            if (p == q) return -1;
        }
    }
    long off = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        long oh, om;
        if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) || oh > 23 || om > 59)
            return -1;
        off = sign * (oh * 3600 + om * 60);
    }
    if (*p) return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1] + (M == 2 && leap(Y)) || h > 23 || mi > 59 ||
        sec > 59 || Y < 1900 || Y > 2199)
        return -1;
    *out = (double)days_from_civil(Y, (int)M, (int)D) * 86400.0 + h * 3600.0 + mi * 60.0 + sec +
           frac - off;
    return 0;
}

/* ---- CSV ---- */

#define MAX_FIELDS 64

/* Split line (modified in place) into fields: commas separate, double quotes enclose a field
 * (a doubled quote inside is one quote). *n fields (at most MAX_FIELDS; further ones dropped).
 * 0, -1 for an unterminated quote, -2 for text after a closing quote. */
static int split_csv(char *line, char **f, int *n)
{
    *n = 0;
    char *p = line;
    for (;;) {
        char *start = p, *w = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) return -1;
                if (*p == '"') {
                    if (p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *w++ = *p++;
            }
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p && *p != ',') return -2; /* text after the closing quote */
        } else {
            while (*p && *p != ',')
                *w++ = *p++;
        }
        int more = *p == ',';
        *w = '\0';
        if (*n < MAX_FIELDS) f[(*n)++] = start;
        if (!more) return 0;
        p++;
    }
}

/* A header cell with blanks, case and the subscript two (U+2082, "CO₂") folded: "gco2eq/kwh". */
static void fold(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 1 < cap; p++) {
        if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0x82) { /* U+2082 in UTF-8 */
            out[k++] = '2';
            p += 2;
        } else if (*p == 0xEF && p[1] == 0xBB && p[2] == 0xBF) { /* a byte-order mark */
            p += 2;
        } else if (!isspace(*p)) {
            out[k++] = (char)tolower(*p);
        }
    }
    out[k] = '\0';
}

/* Index of the field whose folded text is one of names (NULL-terminated), or -1. */
static int find_col(char **f, int n, const char *const *names)
{
    char buf[256];
    for (int i = 0; i < n; i++) {
        fold(f[i], buf, sizeof buf);
        for (int k = 0; names[k]; k++)
            if (strcmp(buf, names[k]) == 0) return i;
    }
    return -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Read one line of any length into *buf (grown, getline's); 1, 0 at the end, -1 out of memory
 * (errno ENOMEM) or a read error. The line ending (\n, \r\n) is removed. */
static int read_line(FILE *f, char **buf, size_t *cap)
{
    errno = 0;
    ssize_t len = getline(buf, cap, f);
    if (len < 0) return errno == ENOMEM ? -1 : 0; /* the end, or a read error ferror sees */
    if (len > 0 && (*buf)[len - 1] == '\n') len--;
    if (len > 0 && (*buf)[len - 1] == '\r') len--;
    (*buf)[len] = '\0';
    return memchr(*buf, '\0', (size_t)len) ? 2 : 1; /* 2: a NUL byte inside */
}

hf_err hf_ctrace_load(hf_ctx *ctx, const char *path, hf_ctrace_layout layout, int lifecycle,
                      double max_gap, hf_ctrace *out)
{
    memset(out, 0, sizeof *out);
    if (!(max_gap >= 0) || !isfinite(max_gap))
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: max_gap %g s (>= 0 expected)", path, max_gap);
    /* opened without blocking (a FIFO would wait for a writer) and refused unless regular: a
     * device such as /dev/zero would be read forever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return hf_ctx_fail(ctx, HF_EIO, "cannot read carbon trace '%s': %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return hf_ctx_fail(ctx, HF_EIO, "cannot read carbon trace '%s': not a regular file", path);
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    char *line = NULL, *fields[MAX_FIELDS];
    size_t cap = 0, capn = 0, capv = 0, *lines = NULL, caplines = 0;
    long lineno = 0;
    int tcol = 0, vcol = 1, header_done = layout == HF_CTRACE_PLAIN ? 0 : -1, r;
    double scale = layout == HF_CTRACE_WATTTIME ? 0.45359237 : 1; /* lbs/MWh -> g/kWh */
    hf_err rc = HF_OK;
    while ((r = read_line(f, &line, &cap)) >= 1) {
        lineno++;
        if (r == 2) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld: a NUL byte (not a text file?)", path, lineno);
            goto done;
        }
        if (lineno == 1 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
            (unsigned char)line[2] == 0xBF)
            memmove(line, line + 3, strlen(line + 3) + 1); /* a UTF-8 byte-order mark */
        const char *q = line;
        while (*q == ' ' || *q == '\t')
            q++;
        if (!*q || (layout == HF_CTRACE_PLAIN && *q == '#')) continue; /* blank, comment */
        int n, split = split_csv(line, fields, &n);
        if (split != 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld: %s", path, lineno,
                             split == -1 ? "an unterminated quote" : "text after a closing quote");
            goto done;
        }
        if (header_done < 0) { /* the layout's header: find its columns */
            static const char *const em_time[] = {"datetime(utc)", NULL};
            static const char *const em_direct[] = {"carbonintensitygco2eq/kwh(direct)", NULL};
            static const char *const em_lca[] = {
                "carbonintensitygco2eq/kwh(lca)", "carbonintensitygco2eq/kwh(lifecycle)",
                "carbonintensitygco2eq/kwh(lifecycleassessment)", NULL};
            static const char *const wt_time[] = {"point_time", NULL};
            static const char *const wt_value[] = {"value", NULL};
            int em = layout == HF_CTRACE_ELECTRICITYMAPS;
            tcol = find_col(fields, n, em ? em_time : wt_time);
            vcol = find_col(fields, n, em ? (lifecycle ? em_lca : em_direct) : wt_value);
            if (tcol < 0 || vcol < 0) {
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s:%ld: no column '%s' in the header of a %s trace (its first "
                                 "line names the columns)",
                                 path, lineno,
                                 tcol < 0 ? (em ? "Datetime (UTC)" : "point_time")
                                 : em     ? (lifecycle ? "Carbon Intensity gCO2eq/kWh (LCA)"
                                                       : "Carbon Intensity gCO2eq/kWh (direct)")
                                          : "value",
                                 hf_ctrace_layout_name(layout));
                goto done;
            }
            header_done = 1;
            continue;
        }
        int need = (tcol > vcol ? tcol : vcol) + 1;
        if (n < need) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%ld: %d column%s, %d expected", path, lineno, n,
                             n == 1 ? "" : "s", need);
            goto done;
        }
        double t, v;
        if (hf_ctrace_parse_time(fields[tcol], &t) != 0) {
            if (header_done == 0 && out->n == 0 && !strpbrk(fields[tcol], "0123456789")) {
                /* plain: a header line (no digit in its time column) may come first */
                header_done = 1;
                continue;
            }
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%ld: time '%.40s' is not a date from 1900 to 2199 "
                             "(YYYY-MM-DD HH:MM[:SS], 'T' allowed, then Z or +HH:MM) nor seconds "
                             "since 1970",
                             path, lineno, fields[tcol]);
            goto done;
        }
        header_done = 1;
        if (decimal(fields[vcol], &v) != 0 || v < 0 || v * scale > INTENSITY_MAX) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%ld: intensity '%.40s' is not a decimal number from 0 to %g "
                             "gCO2e/kWh",
                             path, lineno, fields[vcol], INTENSITY_MAX);
            goto done;
        }
        if (out->n > 0 && !(t > out->t[out->n - 1])) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%ld: time %.40s is not after the previous sample's (%s): rows "
                             "must be sorted, each time once",
                             path, lineno, fields[tcol],
                             t == out->t[out->n - 1] ? "the same" : "later");
            goto done;
        }
        if (hf_grow((void **)&out->t, &capn, out->n + 1, sizeof *out->t) ||
            hf_grow((void **)&out->v, &capv, out->n + 1, sizeof *out->v) ||
            hf_grow((void **)&lines, &caplines, out->n + 1, sizeof *lines)) {
            rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            goto done;
        }
        out->t[out->n] = t;
        out->v[out->n] = v * scale;
        lines[out->n] = (size_t)lineno;
        out->n++;
    }
    if (r < 0) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto done;
    }
    if (ferror(f)) {
        rc = hf_ctx_fail(ctx, HF_EIO, "cannot read carbon trace '%s': %s", path, strerror(errno));
        goto done;
    }
    if (out->n == 0) {
        rc = hf_ctx_fail(
            ctx, HF_EINPUT, "%s: no samples (a %s trace: %s)", path, hf_ctrace_layout_name(layout),
            layout == HF_CTRACE_PLAIN ? "lines of time,gCO2e/kWh" : "a header, then rows");
        goto done;
    }
    /* the resolution: the median interval; gaps: intervals above max_gap (default 3 x it) */
    out->step = 3600;
    if (out->n > 1) {
        double *iv = malloc((out->n - 1) * sizeof *iv);
        if (!iv) {
            rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 1; i < out->n; i++)
            iv[i - 1] = out->t[i] - out->t[i - 1];
        qsort(iv, out->n - 1, sizeof *iv, cmp_double);
        out->step = iv[(out->n - 1) / 2];
        free(iv);
        double limit = max_gap > 0 ? max_gap : 3 * out->step;
        for (size_t i = 1; i < out->n; i++)
            if (out->t[i] - out->t[i - 1] > limit) {
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s:%zu: a gap of %g s since the previous sample (line %zu): "
                                 "at most %g s (%s)",
                                 path, lines[i], out->t[i] - out->t[i - 1], lines[i - 1], limit,
                                 max_gap > 0 ? "max_gap"
                                             : "3 x the trace's median interval; "
                                               "max_gap allows more");
                goto done;
            }
    }
    out->t0 = out->origin = out->t[0];
    out->interp = HF_CTRACE_STEP;
    if (out->n > 1) { /* regular: times are t0 + i x step, no need to keep them */
        int regular = 1;
        for (size_t i = 1; i < out->n && regular; i++)
            regular = out->t[i] == out->t0 + (double)i * out->step;
        if (regular) {
            free(out->t);
            out->t = NULL;
        }
    }
    if (out->n < capv) { /* give back the growth's slack */
        double *fit = realloc(out->v, out->n * sizeof *fit);
        if (fit) out->v = fit;
    }
done:
    fclose(f);
    free(line);
    free(lines);
    if (rc != HF_OK) hf_ctrace_destroy(out);
    return rc;
}

hf_err hf_ctrace_constant(hf_ctx *ctx, double gco2_per_kwh, hf_ctrace *out)
{
    memset(out, 0, sizeof *out);
    if (!(gco2_per_kwh >= 0) || !(gco2_per_kwh <= INTENSITY_MAX))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "carbon intensity %g gCO2e/kWh (a number from 0 to "
                           "%g expected)",
                           gco2_per_kwh, INTENSITY_MAX);
    out->t = malloc(sizeof *out->t);
    out->v = malloc(sizeof *out->v);
    if (!out->t || !out->v) {
        hf_ctrace_destroy(out);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    out->t[0] = out->t0 = -INFINITY;
    out->v[0] = gco2_per_kwh;
    out->n = 1;
    out->step = INFINITY;
    return HF_OK;
}

void hf_ctrace_destroy(hf_ctrace *tr)
{
    if (!tr) return;
    if (tr->forecast) {
        hf_ctrace_destroy(tr->forecast);
        free(tr->forecast);
        tr->forecast = NULL;
    }
    free(tr->t);
    free(tr->v);
    tr->t = tr->v = NULL;
    tr->n = 0;
}

double hf_ctrace_time(const hf_ctrace *tr, size_t i)
{
    return tr->t ? tr->t[i] : tr->t0 + (double)i * tr->step;
}

int hf_ctrace_covers(const hf_ctrace *tr, double t0, double t1)
{
    if (tr->n == 0 || !(t0 <= t1)) return 0;
    if (isinf(tr->step)) return 1; /* a constant */
    double a = tr->origin + t0, b = tr->origin + t1;
    return a >= tr->t0 && b <= hf_ctrace_time(tr, tr->n - 1) + tr->step;
}

double hf_ctrace_end(const hf_ctrace *tr)
{
    if (isinf(tr->step)) return INFINITY;
    return hf_ctrace_time(tr, tr->n - 1) + tr->step - tr->origin;
}

/* The last sample at or before trace time a (0 when a precedes them all). */
static size_t sample_of(const hf_ctrace *tr, double a)
{
    if (!tr->t) { /* regular */
        double k = floor((a - tr->t0) / tr->step);
        if (!(k > 0)) return 0;
        if (k >= (double)tr->n) return tr->n - 1;
        size_t i = (size_t)k; /* rounding at a boundary: the sample whose interval holds a */
        if (i + 1 < tr->n && hf_ctrace_time(tr, i + 1) <= a) i++;
        if (i > 0 && hf_ctrace_time(tr, i) > a) i--;
        return i;
    }
    size_t lo = 0, hi = tr->n; /* t[lo] <= a < t[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tr->t[mid] <= a)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The value at trace time a in sample i's interval. */
static double value_in(const hf_ctrace *tr, size_t i, double a)
{
    if (tr->interp == HF_CTRACE_STEP || i + 1 >= tr->n) return tr->v[i];
    double ti = hf_ctrace_time(tr, i);
    double w = (a - ti) / (hf_ctrace_time(tr, i + 1) - ti);
    return tr->v[i] + w * (tr->v[i + 1] - tr->v[i]);
}

double hf_ctrace_at(const hf_ctrace *tr, double t)
{
    if (isinf(tr->step)) return tr->v[0];
    double a = tr->origin + t;
    return value_in(tr, sample_of(tr, a), a);
}

hf_err hf_ctrace_integral(hf_ctx *ctx, const hf_ctrace *tr, double t0, double t1, double *out)
{
    *out = 0;
    if (!hf_ctrace_covers(tr, t0, t1))
        return hf_ctx_fail(
            ctx, HF_EINPUT, "carbon trace covers simulated times %g to %g s, not %g to %g s",
            tr->n ? tr->t0 - tr->origin : 0,
            tr->n ? hf_ctrace_time(tr, tr->n - 1) + tr->step - tr->origin : 0, t0, t1);
    if (isinf(tr->step)) {
        *out = tr->v[0] * (t1 - t0);
        return HF_OK;
    }
    /* in simulated seconds, relative to origin: an epoch time (about 1.7e9 s) has a resolution
     * of 2.4e-7 s, too coarse for a kernel's microseconds */
    double a = t0, sum = 0;
    for (size_t i = sample_of(tr, tr->origin + t0); a < t1; i++) {
        double ti = hf_ctrace_time(tr, i) - tr->origin; /* exact: both whole seconds, or near */
        double dt = i + 1 < tr->n ? hf_ctrace_time(tr, i + 1) - hf_ctrace_time(tr, i) : tr->step;
        double end = i + 1 < tr->n ? ti + dt : INFINITY; /* the last holds to t1 (covered) */
        double y = end < t1 ? end : t1;
        double fa = tr->v[i], fb = tr->v[i];
        if (tr->interp == HF_CTRACE_LINEAR && i + 1 < tr->n) {
            fa = tr->v[i] + (a - ti) / dt * (tr->v[i + 1] - tr->v[i]);
            fb = tr->v[i] + (y - ti) / dt * (tr->v[i + 1] - tr->v[i]);
        }
        sum += (y - a) * (fa + fb) / 2; /* exact: linear inside a piece */
        if (!(y > a) && y >= t1) break;
        a = y;
    }
    *out = sum;
    return HF_OK;
}

/* ---- forecasts ---- */

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* A standard normal draw from key (Box-Muller on two uniforms in (0, 1]). */
static double normal_of(uint64_t key)
{
    uint64_t a = splitmix(key), b = splitmix(a);
    double u1 = ((double)(a >> 11) + 1) / 9007199254740992.0;
    double u2 = (double)(b >> 11) / 9007199254740992.0;
    return sqrt(-2 * log(u1)) * cos(2 * 3.14159265358979323846 * u2);
}

double hf_ctrace_forecast(const hf_ctrace *tr, double now, double t)
{
    if (t > now && tr->forecast && hf_ctrace_covers(tr->forecast, t, t))
        return hf_ctrace_at(tr->forecast, t); /* as forecast, whenever it was issued */
    double actual = hf_ctrace_at(tr, t);
    if (!(t > now) || !(tr->forecast_error > 0)) return actual;
    double step = isinf(tr->step) ? 3600 : tr->step; /* a constant: hourly draws */
    int64_t bt = (int64_t)floor((tr->origin + t) / step),
            bn = (int64_t)floor((tr->origin + now) / step);
    uint64_t key =
        splitmix(tr->forecast_seed ^ splitmix((uint64_t)bt) ^ (splitmix((uint64_t)bn) << 1));
    double sigma = tr->forecast_error * sqrt((t - now) / 86400.0);
    double f = actual * (1 + sigma * normal_of(key));
    return f > 0 ? f : 0;
}
