/* cli.h: what the hetflow command line's files share (sim/cli/main.c, sim/cli/calib.c). */
#ifndef HF_CLI_H
#define HF_CLI_H

#include <stdio.h>

#include <lua.h>

#include "core/outfile.h"
#include "exec/session.h"
#include "hetflow/hetflow.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

/* Print "hetflow: " fmt (with arg) and the usage text to stderr; returns EXIT_USAGE. */
int usage_error(const char *usage, const char *fmt, const char *arg);

/* --set NAME=VALUE (kv): record the parameter in ctx (hf_ctx_set_param). 0, or the exit status
 * after printing why: EXIT_USAGE for no '=', an empty NAME or one over 255 characters (usage is
 * the command's help text), EXIT_INPUT when ctx refuses it. */
int cli_set_param(hf_ctx *ctx, const char *usage, const char *kv);

/* Print ctx's message to stderr; returns EXIT_INPUT. */
int input_error(const hf_ctx *ctx);

/* A text output through a temporary file (sim/core/outfile.h): *o is opened for path (replace:
 * --force) and the stream returned, which owns o's descriptor; NULL with the message in ctx. */
FILE *cli_out_open(hf_ctx *ctx, hf_outfile *o, const char *path, int replace);

/* Flush and close out (from cli_out_open), then publish it at path: HF_OK, or HF_EIO with the
 * message in ctx. The temporary file is removed by hf_outfile_abort(o) when not published. */
hf_err cli_out_close(hf_ctx *ctx, hf_outfile *o, FILE *out, const char *path);

/* A Lua state with the standard libraries and the hetflow module (bound to s), or NULL. */
lua_State *new_lua(hf_session *s);

/* hetflow calibrate / hetflow compare (sim/cli/calib.c). */
int cmd_calibrate(int argc, char **argv, hf_ctx *ctx);
int cmd_compare(int argc, char **argv, hf_ctx *ctx);

/* hetflow osu (sim/cli/osu.c). */
int cmd_osu(int argc, char **argv, hf_ctx *ctx);

/* hetflow coll (sim/cli/coll.c). */
int cmd_coll(int argc, char **argv, hf_ctx *ctx);

/* hetflow train (sim/cli/train.c). */
int cmd_train(int argc, char **argv, hf_ctx *ctx);

/* hetflow carbon (sim/cli/carbon.c). */
int cmd_carbon(int argc, char **argv, hf_ctx *ctx);

/* Load the platform at path (a Lua file, or SimGrid XML by its .xml suffix: *own then holds
 * it) and start the engine on it with the --cfg options cfg (NULL-terminated; may be NULL):
 * *p is the platform, in *L's keeping for a Lua file (close *L after use; free *own). 0, or the
 * exit status after printing why. */
int cli_load_platform(hf_ctx *ctx, hf_session *s, const char *path, const char *const *cfg,
                      lua_State **L, hf_platform **own, const hf_platform **p);

/* Most sizes a --sizes ladder gives. */
#define CLI_MAX_SIZES 64

/* --sizes "MIN:MAX" (osu, coll) into the ladder MIN, 2 MIN, 4 MIN, ... <= MAX (0 is followed
 * by 1), units as in platforms, whole bytes up to 2^53 (a fractional size would be printed as
 * another), at most CLI_MAX_SIZES of them. 0, or -1 with the reason in err. */
int cli_parse_sizes(const char *arg, double *sizes, size_t *n, char *err, size_t errlen);

#endif
