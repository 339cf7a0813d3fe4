/* cli.h: what the hetflow command line's files share (sim/cli/main.c, sim/cli/calib.c). */
#ifndef HF_CLI_H
#define HF_CLI_H

#include <lua.h>

#include "exec/session.h"
#include "hetflow/hetflow.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

/* Print "hetflow: " fmt (with arg) and the usage text to stderr; returns EXIT_USAGE. */
int usage_error(const char *usage, const char *fmt, const char *arg);

/* Print ctx's message to stderr; returns EXIT_INPUT. */
int input_error(const hf_ctx *ctx);

/* A Lua state with the standard libraries and the hetflow module (bound to s), or NULL. */
lua_State *new_lua(hf_session *s);

/* hetflow calibrate / hetflow compare (sim/cli/calib.c). */
int cmd_calibrate(int argc, char **argv, hf_ctx *ctx);
int cmd_compare(int argc, char **argv, hf_ctx *ctx);

/* hetflow osu (sim/cli/osu.c). */
int cmd_osu(int argc, char **argv, hf_ctx *ctx);

#endif
