/* hf_ctx.h: the per-run context: error message, seed and scenario parameters. No hidden globals. */
#ifndef HF_CTX_H
#define HF_CTX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hf_error.h"

#define HF_ERRMSG_MAX 4096

typedef struct hf_param {
    char *name;  /* parameter name as given to --set */
    char *value; /* its value, verbatim */
} hf_param;

typedef struct hf_ctx {
    char errmsg[HF_ERRMSG_MAX]; /* last error, empty when none */
    hf_err errcode;             /* last error code, HF_OK when none */
    uint64_t seed;              /* run seed (--seed), default 1 */
    hf_param *params;           /* --set NAME=VALUE pairs, in command-line order */
    size_t nparams;             /* number of params */
    int quiet;                  /* 1: no progress line */
} hf_ctx;

/* Allocate a context with seed 1 and no parameters. Returns NULL when out of memory. */
hf_ctx *hf_ctx_new(void);

/* Free a context and its parameters. Accepts NULL. */
void hf_ctx_free(hf_ctx *ctx);

/* Record an error (printf-style message) and return code, so callers can write
 * `return hf_ctx_fail(ctx, HF_EINPUT, "...")`. Overwrites any earlier message. */
hf_err hf_ctx_fail(hf_ctx *ctx, hf_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the current message with "prefix: " (to add a file or task name as errors rise). */
void hf_ctx_prefix(hf_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last error message ("" when none). Borrowed; valid until the next error. */
const char *hf_ctx_errmsg(const hf_ctx *ctx);

/* Set parameter name to value (copied; replaces an earlier value of the same name). */
hf_err hf_ctx_set_param(hf_ctx *ctx, const char *name, const char *value);

/* Value of parameter name, or NULL. Borrowed. */
const char *hf_ctx_param(const hf_ctx *ctx, const char *name);

#endif
