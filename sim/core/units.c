/* units.c: SimGrid-style quantity strings ("2Gf", "24GBps", "1us") to SI doubles, and back. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hetflow/hf_units.h"

/* Longest piece of user input quoted in an error message; longer input is cut with "...". */
#define QUOTE_MAX 40

/* A prefix that may precede a base unit. Lists end with a NULL name. */
typedef struct prefix {
    const char *name; /* "", "k", "Mi", ... */
    double factor;    /* multiplier of the base unit */
} prefix;

/* A base unit and the prefixes it accepts: unit = prefix name + base. Lists end with NULL base. */
typedef struct family {
    const char *base;       /* "f", "B", "bps", "Wh", ... */
    double factor;          /* SI value of one unprefixed base unit */
    const prefix *prefixes; /* accepted prefixes, "" included when the bare base is valid */
} family;

/* Decimal and binary prefixes. Bytes accept both kB (SI) and KB (common usage) as 1e3; bits
 * accept only kb, as SimGrid does. Binary factors are exact powers of two. */
static const prefix PFX_NONE[] = {{"", 1.0}, {NULL, 0}};
static const prefix PFX_FLOP[] = {{"", 1.0},   {"k", 1e3},  {"M", 1e6},  {"G", 1e9},  {"T", 1e12},
                                  {"P", 1e15}, {"E", 1e18}, {"Z", 1e21}, {"Y", 1e24}, {NULL, 0}};
static const prefix PFX_BYTE_DEC[] = {{"", 1.0},   {"k", 1e3},  {"K", 1e3},  {"M", 1e6}, {"G", 1e9},
                                      {"T", 1e12}, {"P", 1e15}, {"E", 1e18}, {NULL, 0}};
static const prefix PFX_BYTE_BIN[] = {{"Ki", 1024.0},
                                      {"Mi", 1048576.0},
                                      {"Gi", 1073741824.0},
                                      {"Ti", 1099511627776.0},
                                      {"Pi", 1125899906842624.0},
                                      {"Ei", 1152921504606846976.0},
                                      {NULL, 0}};
static const prefix PFX_BIT_DEC[] = {{"", 1.0},  {"k", 1e3},  {"M", 1e6},
                                     {"G", 1e9}, {"T", 1e12}, {NULL, 0}};
static const prefix PFX_BIT_BIN[] = {
    {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0}, {NULL, 0}};
static const prefix PFX_SEC[] = {{"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6},
                                 {"m", 1e-3},  {"", 1.0},   {NULL, 0}};
static const prefix PFX_WATT[] = {{"m", 1e-3}, {"", 1.0},  {"k", 1e3},
                                  {"M", 1e6},  {"G", 1e9}, {NULL, 0}};
static const prefix PFX_JOULE[] = {{"", 1.0}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {NULL, 0}};
static const prefix PFX_WH[] = {{"", 1.0}, {"k", 1e3}, {"M", 1e6}, {NULL, 0}};

/* Display-only prefix lists (ascending): what hf_units_format chooses among. */
static const prefix DISP_BYTE[] = {{"", 1.0},   {"k", 1e3},  {"M", 1e6},  {"G", 1e9},
                                   {"T", 1e12}, {"P", 1e15}, {"E", 1e18}, {NULL, 0}};
static const prefix DISP_SEC[] = {{"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"", 1.0}, {NULL, 0}};
static const prefix DISP_JOULE[] = {{"", 1.0},   {"k", 1e3},  {"M", 1e6}, {"G", 1e9},
                                    {"T", 1e12}, {"P", 1e15}, {NULL, 0}};

/* FLOP and SPEED share their spellings, as in SimGrid: "Gf" is 1e9 flop or 1e9 flop/s. */
static const family FAM_FLOP[] = {
    {"f", 1.0, PFX_FLOP}, {"flop", 1.0, PFX_FLOP}, {"flops", 1.0, PFX_FLOP}, {NULL, 0, NULL}};
static const family FAM_BYTES[] = {{"B", 1.0, PFX_BYTE_DEC},
                                   {"B", 1.0, PFX_BYTE_BIN},
                                   {"b", 0.125, PFX_BIT_DEC},
                                   {"b", 0.125, PFX_BIT_BIN},
                                   {NULL, 0, NULL}};
static const family FAM_BANDWIDTH[] = {{"Bps", 1.0, PFX_BYTE_DEC},
                                       {"Bps", 1.0, PFX_BYTE_BIN},
                                       {"bps", 0.125, PFX_BIT_DEC},
                                       {"bps", 0.125, PFX_BIT_BIN},
                                       {NULL, 0, NULL}};
static const family FAM_TIME[] = {{"s", 1.0, PFX_SEC},       {"m", 60.0, PFX_NONE},
                                  {"h", 3600.0, PFX_NONE},   {"d", 86400.0, PFX_NONE},
                                  {"w", 604800.0, PFX_NONE}, {NULL, 0, NULL}};
static const family FAM_POWER[] = {{"W", 1.0, PFX_WATT}, {NULL, 0, NULL}};
static const family FAM_ENERGY[] = {{"J", 1.0, PFX_JOULE}, {"Wh", 3600.0, PFX_WH}, {NULL, 0, NULL}};

/* Everything known about one kind: how to parse it, name it and display it. */
static const struct kind_info {
    const char *name;       /* hf_units_kind_name */
    const char *article;    /* "a" or "an", for "for a speed" */
    const family *families; /* accepted units */
    const char *expected;   /* the accepted units, as listed in error messages */
    const prefix *disp;     /* display prefixes, ascending */
    const char *disp_unit;  /* display unit after the prefix */
} KINDS[HF_UNIT_COUNT_] = {
    [HF_UNIT_FLOP] = {"flop amount", "a", FAM_FLOP,
                      "f, kf, Mf, Gf, Tf, Pf, Ef, Zf, Yf or flop forms such as Gflop", PFX_FLOP,
                      "flop"},
    [HF_UNIT_SPEED] = {"speed", "a", FAM_FLOP,
                       "f, kf, Mf, Gf, Tf, Pf, Ef, Zf, Yf or flops forms such as Gflops", PFX_FLOP,
                       "flop/s"},
    [HF_UNIT_BYTES] = {"size", "a", FAM_BYTES,
                       "B, kB or KB, MB, GB, TB, PB, EB, KiB to EiB, or bits b, kb, Mb, Gb, Tb, "
                       "Kib to Tib",
                       DISP_BYTE, "B"},
    [HF_UNIT_BANDWIDTH] =
        {"bandwidth", "a", FAM_BANDWIDTH,
         "Bps, kBps or KBps, MBps, GBps, TBps, PBps, EBps, KiBps to EiBps, or bits "
         "bps, kbps, Mbps, Gbps, Tbps, Kibps to Tibps",
         DISP_BYTE, "B/s"},
    [HF_UNIT_TIME] = {"time", "a", FAM_TIME, "ps, ns, us, ms, s, m (minute), h, d or w", DISP_SEC,
                      "s"},
    [HF_UNIT_POWER] = {"power", "a", FAM_POWER, "mW, W, kW, MW or GW", PFX_WATT, "W"},
    [HF_UNIT_ENERGY] = {"energy", "an", FAM_ENERGY, "J, kJ, MJ, GJ, Wh, kWh or MWh", DISP_JOULE,
                        "J"},
};

/* Representable magnitudes per kind, SI (docs/units.md#ranges). Minimums sit far above the
 * subnormals (below 2.2e-308, which SimGrid's parser refuses by aborting) and at or below the
 * smallest unit a user can write (1 ps, 1 mW, 1 bit); maximums keep every size below 2^64 B
 * (SimGrid moves uint64_t bytes: 2^64 B wrapped to 0) and every product the model forms
 * (energy = power x time, flop = seconds x speed, time = flop / speed) finite. */
static const struct range {
    double min, max;
} RANGES[HF_UNIT_COUNT_] = {
    [HF_UNIT_FLOP] = {1e-9, 1e30},    [HF_UNIT_SPEED] = {1e-6, 1e24},
    [HF_UNIT_BYTES] = {1e-9, 0x1p60}, [HF_UNIT_BANDWIDTH] = {1e-6, 0x1p60},
    [HF_UNIT_TIME] = {1e-12, 1e12},   [HF_UNIT_POWER] = {1e-6, 1e9},
    [HF_UNIT_ENERGY] = {1e-9, 1e18},
};

/* "(0, or 1e-06 to 1e+24 flop/s)": the range of kind as error messages state it. */
static const char *range_text(hf_unit_kind kind, char *buf, size_t len)
{
    if (kind == HF_UNIT_BYTES || kind == HF_UNIT_BANDWIDTH) /* 2^60 reads better than 1.15e18 */
        snprintf(buf, len, "(0, or %g to 2^60 %s)", RANGES[kind].min, KINDS[kind].disp_unit);
    else
        snprintf(buf, len, "(0, or %g to %g %s)", RANGES[kind].min, RANGES[kind].max,
                 KINDS[kind].disp_unit);
    return buf;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ASCII only: isalpha() would follow the locale and accept bytes of UTF-8 sequences. */
static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int valid_kind(hf_unit_kind kind)
{
    return (int)kind >= 0 && kind < HF_UNIT_COUNT_;
}

/* Write the formatted message into err (when there is room) and return -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Room for QUOTE_MAX bytes, each escaped to at most 4 characters, "..." and the NUL. */
#define QUOTE_SIZE (QUOTE_MAX * 4 + 4)

/* s[0..n) made fit for a one-line message in dst: at most QUOTE_MAX bytes, control characters
 * escaped ("\n", "\x01"), "..." appended when cut. Returns dst. */
static const char *quote(char *dst, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && i < QUOTE_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\t') {
            dst[o++] = '\\';
            dst[o++] = c == '\n' ? 'n' : 't';
        } else if (c < 0x20 || c == 0x7f) {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[c >> 4];
            dst[o++] = hex[c & 15];
        } else {
            dst[o++] = (char)c;
        }
    }
    if (n > QUOTE_MAX) {
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
    return dst;
}

/* End of the decimal number starting at p: [+-] digits [. digits] [(e|E) [+-] digits], with at
 * least one mantissa digit; p itself when there is none. An "e" not followed by an exponent is
 * left for the unit, so "5Ef" is 5 exaflop. */
static const char *scan_decimal(const char *p)
{
    const char *q = p;
    size_t digits = 0;
    if (*q == '+' || *q == '-') q++;
    for (; is_digit(*q); q++)
        digits++;
    if (*q == '.')
        for (q++; is_digit(*q); q++)
            digits++;
    if (digits == 0) return p;
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1;
        if (*e == '+' || *e == '-') e++;
        if (is_digit(*e)) {
            while (is_digit(*e))
                e++;
            q = e;
        }
    }
    return q;
}

/* The SI factor of unit u (n bytes, not NUL-terminated) in the family list, or 0 if unknown. */
static double lookup(const family *fams, const char *u, size_t n)
{
    for (const family *f = fams; f->base; f++) {
        size_t bl = strlen(f->base);
        if (n < bl || memcmp(u + n - bl, f->base, bl) != 0) continue;
        size_t pl = n - bl;
        for (const prefix *p = f->prefixes; p->name; p++)
            if (strlen(p->name) == pl && memcmp(u, p->name, pl) == 0) return p->factor * f->factor;
    }
    return 0.0;
}

static int ieq(char a, char b)
{
    if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
    return a == b;
}

/* The single unit of fams equal to u ignoring case, written into buf; 0 when there is none or
 * more than one ("mw" could be mW or MW), and when a b/B differs: bits and bytes are different
 * quantities, so "Pibps" must not be corrected to "PiBps". */
static int case_hint(const family *fams, const char *u, size_t n, char *buf, size_t len)
{
    int found = 0;
    for (const family *f = fams; f->base; f++) {
        size_t bl = strlen(f->base);
        for (const prefix *p = f->prefixes; p->name; p++) {
            size_t pl = strlen(p->name);
            if (pl + bl != n) continue;
            int same = 1, bits_bytes = 0;
            for (size_t i = 0; i < n && same; i++) {
                char c = i < pl ? p->name[i] : f->base[i - pl];
                same = ieq(u[i], c);
                bits_bytes |= (c == 'b' || c == 'B') && u[i] != c;
            }
            if (!same) continue;
            if (bits_bytes || found++) return 0;
            snprintf(buf, len, "%s%s", p->name, f->base);
        }
    }
    return found == 1;
}

/* Error for an unknown unit u of the wanted kind: lists the accepted units, then names the kinds
 * u belongs to, if any, or else a case-corrected spelling when there is exactly one. */
static int unknown_unit(const char *u, size_t n, hf_unit_kind kind, char *err, size_t errlen)
{
    const struct kind_info *ki = &KINDS[kind];
    char q[QUOTE_SIZE], note[QUOTE_SIZE + 128] = "";
    quote(q, u, n);
    size_t used = 0;
    for (int k = 0; k < HF_UNIT_COUNT_; k++) {
        if (k == (int)kind || KINDS[k].families == ki->families) continue;
        if (lookup(KINDS[k].families, u, n) == 0.0) continue;
        int w = used ? snprintf(note + used, sizeof note - used, " or %s", KINDS[k].name)
                     : snprintf(note, sizeof note, "; '%s' is %s %s", q, KINDS[k].article,
                                KINDS[k].name);
        if (w > 0 && (size_t)w < sizeof note - used) used += (size_t)w;
    }
    char hint[32];
    if (used)
        snprintf(note + used, sizeof note - used, " unit");
    else if (case_hint(ki->families, u, n, hint, sizeof hint))
        snprintf(note, sizeof note, "; did you mean '%s'? units are case-sensitive", hint);
    return fail(err, errlen, "unknown unit '%s' for %s %s (expected %s%s)", q, ki->article,
                ki->name, ki->expected, note);
}

int hf_units_parse(const char *s, hf_unit_kind kind, double *out, char *err, size_t errlen)
{
    if (err && errlen > 0) err[0] = '\0';
    if (!valid_kind(kind)) return fail(err, errlen, "invalid unit kind %d", (int)kind);
    const char *what = KINDS[kind].name, *art = KINDS[kind].article;
    if (!s) return fail(err, errlen, "missing value for %s %s", art, what);

    const char *p = s;
    while (is_space(*p))
        p++;
    if (!*p) return fail(err, errlen, "empty value for %s %s", art, what);
    char qs[QUOTE_SIZE], qr[QUOTE_SIZE], rt[64];
    quote(qs, s, strlen(s));

    const char *nend = scan_decimal(p);
    errno = 0;
    char *dend;
    double v = strtod(p, &dend);
    if (nend == p) {
        /* strtod would accept "nan", "inf", "infinity": name the reason. */
        if (dend != p && !isfinite(v)) return fail(err, errlen, "'%s' is not a finite number", qs);
        return fail(err, errlen, "expected a number at the start of '%s' for %s %s", qs, art, what);
    }
    /* Hexadecimal ("0x10") or a locale decimal comma makes strtod stop elsewhere. */
    if (dend != nend) return fail(err, errlen, "'%s' is not a decimal number", qs);
    if (errno == ERANGE && isinf(v)) return fail(err, errlen, "'%s' is out of range", qs);
    if (errno == ERANGE) /* underflow: a subnormal, or a nonzero number read as 0 */
        return fail(err, errlen, "'%s' is out of range for %s %s %s", qs, art, what,
                    range_text(kind, rt, sizeof rt));

    const char *u = nend;
    while (is_space(*u))
        u++;
    const char *uend = u;
    while (is_alpha(*uend))
        uend++;
    const char *rest = uend;
    while (is_space(*rest))
        rest++;
    if (*rest)
        return fail(err, errlen, "unexpected '%s' after the %s in '%s'",
                    quote(qr, rest, strlen(rest)), uend > u ? "unit" : "number", qs);

    size_t ulen = (size_t)(uend - u);
    if (ulen > 0) {
        double factor = lookup(KINDS[kind].families, u, ulen);
        if (factor == 0.0) return unknown_unit(u, ulen, kind, err, errlen);
        v *= factor;
        if (!isfinite(v)) return fail(err, errlen, "'%s' is out of range", qs);
    }
    double a = fabs(v);
    if (a != 0.0 && (a < RANGES[kind].min || a > RANGES[kind].max))
        return fail(err, errlen, "'%s' is out of range for %s %s %s", qs, art, what,
                    range_text(kind, rt, sizeof rt));
    if (out) *out = v;
    return 0;
}

double hf_units_min(hf_unit_kind kind)
{
    return valid_kind(kind) ? RANGES[kind].min : 0.0;
}

double hf_units_max(hf_unit_kind kind)
{
    return valid_kind(kind) ? RANGES[kind].max : 0.0;
}

int hf_units_check(double v, hf_unit_kind kind, char *err, size_t errlen)
{
    if (err && errlen > 0) err[0] = '\0';
    if (!valid_kind(kind)) return fail(err, errlen, "invalid unit kind %d", (int)kind);
    const struct kind_info *ki = &KINDS[kind];
    if (isnan(v)) return fail(err, errlen, "NaN is not %s %s", ki->article, ki->name);
    double a = fabs(v);
    if (a == 0.0 || (a >= RANGES[kind].min && a <= RANGES[kind].max)) return 0;
    char vs[32];
    if (isinf(v))
        snprintf(vs, sizeof vs, "%s", v > 0 ? "inf" : "-inf");
    else
        snprintf(vs, sizeof vs, "%.6g", v);
    char rt[64];
    return fail(err, errlen, "%s %s is out of range for %s %s %s", vs, ki->disp_unit, ki->article,
                ki->name, range_text(kind, rt, sizeof rt));
}

const char *hf_units_kind_name(hf_unit_kind kind)
{
    return valid_kind(kind) ? KINDS[kind].name : "unknown kind";
}

void hf_units_format(double v, hf_unit_kind kind, char *buf, size_t len)
{
    if (!buf || len == 0) return;
    if (!valid_kind(kind)) {
        snprintf(buf, len, "%.4g", v);
        return;
    }
    const struct kind_info *ki = &KINDS[kind];
    if (v == 0.0 || !isfinite(v)) {
        snprintf(buf, len, "%.4g %s", v == 0.0 ? 0.0 : v, ki->disp_unit);
        return;
    }
    /* The largest prefix not above |v|, the smallest when |v| is below all of them. */
    size_t n = 0, i = 0;
    while (ki->disp[n].name)
        n++;
    while (i + 1 < n && fabs(v) >= ki->disp[i + 1].factor)
        i++;
    char num[32];
    snprintf(num, sizeof num, "%.4g", v / ki->disp[i].factor);
    /* Rounding to 4 digits can reach 1000 (999.97 MB): move to the next prefix, "1 GB". */
    if (fabs(strtod(num, NULL)) >= 1000.0 && i + 1 < n) {
        i++;
        snprintf(num, sizeof num, "%.4g", v / ki->disp[i].factor);
    }
    snprintf(buf, len, "%s %s%s", num, ki->disp[i].name, ki->disp_unit);
}

/* v = m x base^k exactly, with m written in at most 3 decimals: "1.5", "256". 0 when not. v is
 * a whole number of bytes below 2^64, so the test is exact in 128-bit integers. */
static int exact_mantissa(unsigned long long v, unsigned long long unit, char *out, size_t len)
{
    unsigned __int128 scaled = v;
    for (int d = 0; d <= 3; d++, scaled *= 10) {
        if (scaled % unit) continue;
        unsigned long long m = (unsigned long long)(scaled / unit), p = 1;
        for (int i = 0; i < d; i++)
            p *= 10;
        if (d)
            snprintf(out, len, "%llu.%0*llu", m / p, d, m % p);
        else
            snprintf(out, len, "%llu", m);
        return 1;
    }
    return 0;
}

void hf_units_format_size(double v, char *buf, size_t len)
{
    static const char *const dec[] = {"", "k", "M", "G", "T", "P", "E"};
    static const char *const bin[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    if (!buf || len == 0) return;
    if (!(v >= 0) || v >= 18446744073709551616.0 || v != floor(v)) {
        hf_units_format(v, HF_UNIT_BYTES, buf, len); /* not a whole number of bytes */
        return;
    }
    unsigned long long b = (unsigned long long)v, dunit = 1, bunit = 1;
    int dk = 0, bk = 0;
    while (dk < 6 && b / dunit >= 1000) {
        dunit *= 1000;
        dk++;
    }
    while (bk < 6 && b / bunit >= 1024) {
        bunit *= 1024;
        bk++;
    }
    char dm[32], bm[32];
    int dexact = exact_mantissa(b, dunit, dm, sizeof dm);
    int bexact = bk > 0 && exact_mantissa(b, bunit, bm, sizeof bm);
    /* the exact form with fewer digits; decimal on a tie (1000 B is "1 kB", 1024 B "1 KiB") */
    if (bexact && (!dexact || strlen(bm) < strlen(dm)))
        snprintf(buf, len, "%s %sB", bm, bin[bk]);
    else if (dexact)
        snprintf(buf, len, "%s %sB", dm, dec[dk]);
    else { /* rounded: the exact count follows */
        char r[32];
        hf_units_format(v, HF_UNIT_BYTES, r, sizeof r);
        snprintf(buf, len, "%s (%llu B)", r, b);
    }
}
