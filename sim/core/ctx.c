/* ctx.c: the per-run context: error messages and --set parameters. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hetflow/hf_ctx.h"

hf_ctx *hf_ctx_new(void)
{
    hf_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx) ctx->seed = 1;
    return ctx;
}

void hf_ctx_free(hf_ctx *ctx)
{
    if (!ctx) return;
    for (size_t i = 0; i < ctx->nparams; i++) {
        free(ctx->params[i].name);
        free(ctx->params[i].value);
    }
    free(ctx->params);
    free(ctx);
}

hf_err hf_ctx_fail(hf_ctx *ctx, hf_err code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    ctx->errcode = code;
    return code;
}

void hf_ctx_prefix(hf_ctx *ctx, const char *fmt, ...)
{
    char prefix[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    size_t plen = strlen(prefix);
    memcpy(prefix + plen, ": ", 3);
    plen += 2;
    size_t mlen = strnlen(ctx->errmsg, sizeof ctx->errmsg - 1);
    if (plen + mlen >= sizeof ctx->errmsg) mlen = sizeof ctx->errmsg - 1 - plen;
    memmove(ctx->errmsg + plen, ctx->errmsg, mlen);
    memcpy(ctx->errmsg, prefix, plen);
    ctx->errmsg[plen + mlen] = '\0';
}

const char *hf_ctx_errmsg(const hf_ctx *ctx)
{
    return ctx->errmsg;
}

hf_err hf_ctx_set_param(hf_ctx *ctx, const char *name, const char *value)
{
    for (size_t i = 0; i < ctx->nparams; i++) {
        if (strcmp(ctx->params[i].name, name) == 0) {
            char *v = strdup(value);
            if (!v) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            free(ctx->params[i].value);
            ctx->params[i].value = v;
            return HF_OK;
        }
    }
    hf_param *np = realloc(ctx->params, (ctx->nparams + 1) * sizeof *np);
    if (!np) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    ctx->params = np;
    np[ctx->nparams].name = strdup(name);
    np[ctx->nparams].value = strdup(value);
    if (!np[ctx->nparams].name || !np[ctx->nparams].value) {
        free(np[ctx->nparams].name);
        free(np[ctx->nparams].value);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    ctx->nparams++;
    return HF_OK;
}

const char *hf_ctx_param(const hf_ctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->nparams; i++)
        if (strcmp(ctx->params[i].name, name) == 0) return ctx->params[i].value;
    return NULL;
}
