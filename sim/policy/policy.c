/* policy.c: policy objects, the seeded generator, and the table of built-in policies. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hetflow/hf_policy.h"
#include "policy/builtin.h"

static const hf_policy_ops *const builtins[] = {
    &hf_policy_round_robin, &hf_policy_random,  &hf_policy_earliest_finish, &hf_policy_heft,
    &hf_policy_min_min,     &hf_policy_max_min, &hf_policy_data_locality,   &hf_policy_carbon_min,
    &hf_policy_carbon_weighted, &hf_policy_carbon_deadline, NULL};

static const char *const builtin_names[] = {"round_robin", "random",  "earliest_finish", "heft",
                                            "min_min",     "max_min", "data_locality",   "carbon_min",
                                            "carbon_weighted", "carbon_deadline", NULL};

const char *const *hf_policy_builtin_names(void)
{
    return builtin_names;
}

hf_policy *hf_policy_new(hf_ctx *ctx, const hf_policy_ops *ops, void *state)
{
    hf_policy *pol = calloc(1, sizeof *pol);
    if (!pol) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        return NULL;
    }
    pol->ops = ops;
    pol->ctx = ctx;
    pol->rng = ctx->seed;
    pol->state = state;
    return pol;
}

/* Read "key=value,key=value" (params, of policy ops) into pol->param over the defaults, and
 * write the full spec "name:key=value,..." into pol->spec. HF_EINPUT with ctx set on a bad
 * list. */
static hf_err read_params(hf_ctx *ctx, hf_policy *pol, const char *params)
{
    const hf_policy_ops *ops = pol->ops;
    size_t np = 0;
    while (ops->params[np]) np++;
    char known[128] = "";
    for (size_t i = 0; i < np; i++) {
        pol->param[i] = ops->defaults[i];
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                 ops->params[i]);
    }
    int seen[HF_POLICY_MAXPARAMS] = {0};
    const char *p = params;
    if (params && !*params)
        return hf_ctx_fail(ctx, HF_EINPUT, "policy '%s': parameters expected after ':' (known: %s)",
                           ops->name, known);
    while (params && *p) {
        const char *eq = strchr(p, '='), *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        if (!eq || eq > end)
            return hf_ctx_fail(ctx, HF_EINPUT, "policy '%s': parameter '%.*s': key=value expected",
                               ops->name, (int)(end - p), p);
        size_t i = 0;
        while (i < np && !(strlen(ops->params[i]) == (size_t)(eq - p) &&
                           strncmp(ops->params[i], p, (size_t)(eq - p)) == 0))
            i++;
        if (i == np)
            return hf_ctx_fail(ctx, HF_EINPUT, "policy '%s': unknown parameter '%.*s' (known: %s)",
                               ops->name, (int)(eq - p), p, known);
        if (seen[i]++)
            return hf_ctx_fail(ctx, HF_EINPUT, "policy '%s': parameter '%s' given twice", ops->name,
                               ops->params[i]);
        char num[64];
        size_t len = (size_t)(end - eq - 1);
        char *stop = NULL;
        double v = -1;
        if (len > 0 && len < sizeof num) {
            memcpy(num, eq + 1, len);
            num[len] = '\0';
            v = strtod(num, &stop);
        }
        /* a plain decimal: no sign, blanks, hexadecimal, inf or nan, nothing that underflows to
         * 0; bounded so that no policy's arithmetic on it overflows */
        if (len == 0 || len >= sizeof num || *stop || !(v >= 0 && v <= 1e12) ||
            strpbrk(num, "xXnN+ \t\n\v\f\r") || (v == 0 && strpbrk(num, "123456789")))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "policy '%s': parameter '%s': a number from 0 to 1e12 expected, "
                               "got '%.*s'",
                               ops->name, ops->params[i], (int)(end - eq - 1), eq + 1);
        pol->param[i] = v == 0 ? 0 : v; /* -0 is 0 */
        p = *end ? end + 1 : end;
        if (*end && !*p)
            return hf_ctx_fail(ctx, HF_EINPUT, "policy '%s': a parameter after the last comma "
                               "expected", ops->name);
    }
    int n = snprintf(pol->spec, sizeof pol->spec, "%s:", ops->name);
    for (size_t i = 0; i < np && n > 0 && (size_t)n < sizeof pol->spec; i++) {
        /* the shortest of 15 or 17 digits that reads back as the same number */
        char v[32];
        snprintf(v, sizeof v, "%.15g", pol->param[i]);
        if (strtod(v, NULL) != pol->param[i]) snprintf(v, sizeof v, "%.17g", pol->param[i]);
        n += snprintf(pol->spec + n, sizeof pol->spec - (size_t)n, "%s%s=%s", i ? "," : "",
                      ops->params[i], v);
    }
    pol->name = pol->spec;
    return HF_OK;
}

hf_policy *hf_policy_builtin(hf_ctx *ctx, const char *name)
{
    const char *colon = strchr(name, ':');
    size_t len = colon ? (size_t)(colon - name) : strlen(name);
    for (size_t i = 0; builtins[i]; i++) {
        if (strlen(builtins[i]->name) != len || strncmp(builtins[i]->name, name, len) != 0)
            continue;
        if (colon && !builtins[i]->params) {
            hf_ctx_fail(ctx, HF_EINPUT, "policy '%s' takes no parameters, got '%s'",
                        builtins[i]->name, colon + 1);
            return NULL;
        }
        hf_policy *pol = hf_policy_new(ctx, builtins[i], NULL);
        if (pol && builtins[i]->params && read_params(ctx, pol, colon ? colon + 1 : NULL)) {
            hf_policy_free(pol);
            return NULL;
        }
        return pol;
    }
    char known[256] = "";
    for (size_t i = 0; builtin_names[i]; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                 builtin_names[i]);
    hf_ctx_fail(ctx, HF_EINPUT, "unknown policy '%.*s' (known: %s)", (int)len, name, known);
    return NULL;
}

void hf_policy_free(hf_policy *pol)
{
    free(pol);
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny, seedable from any value, good enough to draw
 * placements; the state is the policy's own, so runs are reproducible per seed. */
double hf_policy_uniform(hf_policy *pol)
{
    uint64_t z = (pol->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}
