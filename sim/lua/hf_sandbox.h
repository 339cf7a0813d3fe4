/* hf_sandbox.h: hetflow run --sandbox (internal): a Lua state locked down for an untrusted
 * scenario, with bounds on its memory, instructions and wall-clock time. The checks are C
 * functions holding what they use as upvalues: nothing the scenario can reach changes them.
 * docs/reliability.md#untrusted-scenarios---sandbox. */
#ifndef HF_SANDBOX_H
#define HF_SANDBOX_H

#include <stddef.h>
#include <stdio.h>

#include <lua.h>

#include "exec/session.h"
#include "hetflow/hetflow.h"

/* The limits; 0 means none. */
typedef struct hf_sandbox_limits {
    double memory;       /* bytes of Lua heap (the Lua allocator's blocks) */
    double instructions; /* Lua VM instructions, counted by a hook every 10^4 */
    double seconds;      /* wall-clock seconds from the sandbox's start to the results' write */
} hf_sandbox_limits;

/* Defaults of --sandbox-memory, --sandbox-instructions and --sandbox-time. */
#define HF_SANDBOX_MEMORY (1024.0 * 1024 * 1024) /* 1 GiB */
#define HF_SANDBOX_MEMORY_MIN (1024.0 * 1024)    /* the smallest --sandbox-memory but 0: 1 MiB */
#define HF_SANDBOX_INSTRUCTIONS 1e10
#define HF_SANDBOX_SECONDS 600.0

typedef struct hf_sandbox hf_sandbox;

/* A sandbox whose writes go only under the real directory of output (which must exist), with
 * limits lim (copied). NULL on failure, with ctx set. Free with hf_sandbox_free after the Lua
 * state it was applied to is closed. */
hf_sandbox *hf_sandbox_new(hf_ctx *ctx, const char *output, const hf_sandbox_limits *lim);

/* Lock L down (call after hf_lua_open, before the scenario): no os.execute, io.popen,
 * os.tmpname, C modules, package.loadlib or debug library; io.open for writing, io.output,
 * os.remove, os.rename and platform:write_xml only under the sandbox's directory, never through
 * a symbolic link; load, loadfile, dofile and require in text mode, their chunks in the
 * scenario's environment; the Lua heap bounded through the allocator; instructions counted by a
 * hook; the wall clock started (SIGALRM: one sandbox per process). s->sandbox_dir is set. sb
 * must outlive L. */
hf_err hf_sandbox_apply(hf_ctx *ctx, hf_sandbox *sb, lua_State *L, hf_session *s);

/* Stop the wall clock and say how the scenario ended: a limit reached (even when the scenario
 * caught the error) fails with the limit's message; a memory error under a reached memory limit
 * is explained. rc is the scenario's outcome (HF_OK or an error with ctx set); returns the final
 * one. Call it once the scenario has ended, before writing the results. */
hf_err hf_sandbox_finish(hf_ctx *ctx, hf_sandbox *sb, hf_err rc);

/* Stops the clock (if running) and frees sb. Accepts NULL. */
void hf_sandbox_free(hf_sandbox *sb);

/* fopen(path, mode) for a state that may be sandboxed: without a sandbox, fopen; with one, the
 * sandbox's checked open (a refusal raises a Lua error naming what (e.g. "writing") and path).
 * NULL with errno on a system error. */
FILE *hf_sandbox_fopen(lua_State *L, const char *path, const char *mode, const char *what);

#endif
