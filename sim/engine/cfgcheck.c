/* cfgcheck.c: the SimGrid --cfg options hetflow accepts, each with its accepted values. SimGrid
 * checks names and value syntax but takes values that crash or hang a run (stack-size:1 and
 * guard-size:-5 crash, surf/precision:0 hangs, maxmin/precision:1e300 and network/model:ns-3
 * abort): hetflow accepts the options docs/scenarios.md lists, with ranges, and no other. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

/* How an option's value is checked. */
typedef enum vkind {
    V_CHOICE, /* one of the words in choices */
    V_BOOL,   /* SimGrid's booleans: yes/no, on/off, true/false, 1/0 */
    V_NUMBER, /* a decimal number in [min, max] */
    V_INT,    /* a whole number in [min, max] */
} vkind;

/* One accepted option. */
typedef struct option {
    const char *name;    /* SimGrid's name, "network/model" */
    vkind kind;          /* how the value is checked */
    double min, max;     /* V_NUMBER, V_INT: inclusive range */
    const char *choices; /* V_CHOICE: accepted words, ", "-separated, as messages show them */
    const char *why;     /* the reason for the range, for messages */
} option;

/* Ranges: precisions below 1e-12 cannot be met in double arithmetic at simulated times of hours
 * (the solver loops: surf/precision:0 hangs), above they make results wrong by more than the
 * models' own error; a stack below 256 KiB overflows in a Lua policy's call (tests/hard/inputs.sh
 * runs one at the minimum); guard pages are a count. */
static const option OPTIONS[] = {
    {"network/model", V_CHOICE, 0, 0, "CM02, LV08", "the network models hetflow is tested with"},
    {"network/TCP-gamma", V_NUMBER, 0, 1e30, NULL, "a TCP window size in bytes"},
    {"network/crosstraffic", V_BOOL, 0, 0, NULL, NULL},
    {"network/latency-factor", V_NUMBER, 1e-3, 1e3, NULL, "a constant factor"},
    {"network/bandwidth-factor", V_NUMBER, 1e-3, 1e3, NULL, "a constant factor"},
    {"network/weight-S", V_NUMBER, 0, 1e12, NULL, "bytes"},
    {"network/optim", V_CHOICE, 0, 0, "Full, Lazy", NULL},
    {"cpu/optim", V_CHOICE, 0, 0, "Full, Lazy", NULL},
    {"surf/precision", V_NUMBER, 1e-12, 1e-3, NULL, "seconds"},
    {"maxmin/precision", V_NUMBER, 1e-12, 1e-2, NULL, "a relative precision"},
    {"contexts/factory", V_CHOICE, 0, 0, "thread, raw, ucontext, boost", NULL},
    {"contexts/stack-size", V_INT, 256, 1048576, NULL, "KiB"},
    {"contexts/guard-size", V_INT, 0, 1024, NULL, "pages"},
};

#define NOPTIONS (sizeof OPTIONS / sizeof *OPTIONS)

const char *hf_cfg_accepted(void)
{
    static char list[1024];
    if (!list[0]) {
        size_t used = 0;
        for (size_t i = 0; i < NOPTIONS && used < sizeof list; i++) {
            int w =
                snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", OPTIONS[i].name);
            if (w < 0) break;
            used += (size_t)w;
        }
    }
    return list;
}

/* 1 when word (n bytes) is one of the ", "-separated choices. */
static int in_choices(const char *choices, const char *word)
{
    size_t n = strlen(word);
    for (const char *c = choices; *c;) {
        const char *end = strstr(c, ", ");
        size_t len = end ? (size_t)(end - c) : strlen(c);
        if (len == n && memcmp(c, word, n) == 0) return 1;
        c += len + (end ? 2 : 0);
    }
    return 0;
}

static int is_bool(const char *v)
{
    static const char *const words[] = {"yes", "no", "on", "off", "true", "false", "1", "0"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(v, words[i]) == 0) return 1;
    return 0;
}

int hf_cfg_known(const char *arg)
{
    const char *spec = strncmp(arg, "--cfg=", 6) == 0 ? arg + 6 : arg;
    const char *colon = strchr(spec, ':');
    size_t nlen = colon ? (size_t)(colon - spec) : strlen(spec);
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strlen(OPTIONS[i].name) == nlen && memcmp(OPTIONS[i].name, spec, nlen) == 0) return 1;
    return 0;
}

hf_err hf_cfg_check(hf_ctx *ctx, const char *arg)
{
    const char *spec = strncmp(arg, "--cfg=", 6) == 0 ? arg + 6 : arg;
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: --cfg=NAME:VALUE expected", arg);
    size_t nlen = (size_t)(colon - spec);
    const char *value = colon + 1;
    const option *o = NULL;
    for (size_t i = 0; i < NOPTIONS && !o; i++)
        if (strlen(OPTIONS[i].name) == nlen && memcmp(OPTIONS[i].name, spec, nlen) == 0)
            o = &OPTIONS[i];
    if (!o)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "%s: option '%.*s' is not one hetflow accepts (accepted: %s; "
                           "docs/scenarios.md#simgrid-options)",
                           arg, (int)nlen, spec, hf_cfg_accepted());
    switch (o->kind) {
    case V_CHOICE:
        if (in_choices(o->choices, value)) return HF_OK;
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: '%s' is not accepted for %s (expected %s%s%s)", arg,
                           value, o->name, o->choices, o->why ? ": " : "", o->why ? o->why : "");
    case V_BOOL:
        if (is_bool(value)) return HF_OK;
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "%s: '%s' is not a boolean for %s (expected yes, no, on, off, true, "
                           "false, 1 or 0)",
                           arg, value, o->name);
    case V_NUMBER:
    case V_INT: {
        char *end = NULL;
        double v = *value ? strtod(value, &end) : NAN;
        int ok = end && *end == '\0' && isfinite(v) && v >= o->min && v <= o->max &&
                 (o->kind == V_NUMBER || v == floor(v));
        if (ok) return HF_OK;
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: %s must be %s from %.15g to %.15g (%s), got '%s'",
                           arg, o->name, o->kind == V_INT ? "a whole number" : "a number", o->min,
                           o->max, o->why, value);
    }
    }
    return HF_OK;
}
