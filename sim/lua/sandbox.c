/* sandbox.c: hetflow run --sandbox: the Lua state of an untrusted scenario, locked down in C
 * (hf_sandbox.h). Every replaced function is a C closure that holds the originals it calls as
 * upvalues, so that a scenario replacing error, type, tostring or string.* changes nothing in
 * the checks; writes resolve the directory once and open the last component relative to it with
 * O_NOFOLLOW; the limits are counted by the allocator and a count hook. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "core/outfile.h"
#include "lua/hf_lua.h"
#include "lua/hf_sandbox.h"

enum { TRIP_NONE, TRIP_INSTRUCTIONS, TRIP_TIME };

struct hf_sandbox {
    hf_sandbox_limits lim;
    char dir[PATH_MAX]; /* real path of the result file's directory */
    int dirfd;          /* that directory (O_PATH), the root of every write */
    lua_State *L;       /* the main thread, for the clock's signal handler */
    lua_Alloc alloc;    /* the state's own allocator, which ours forwards to */
    void *alloc_ud;
    size_t used;                   /* bytes of Lua heap in use */
    int mem_refused;               /* the allocator refused a block at the limit */
    double steps;                  /* instructions counted */
    int every;                     /* the hook's period in instructions */
    double deadline;               /* CLOCK_MONOTONIC seconds at which the time runs out, 0: none */
    int clock_on;                  /* the SIGALRM timer is armed */
    volatile sig_atomic_t expired; /* the timer fired once */
    int tripped;                   /* TRIP_*: sticky once set */
    char msg[256];                 /* the tripped limit's message */
    char kill_msg[256];            /* printed when the clock stops a run stuck in C */
};

/* The sandbox whose wall clock runs: the signal handler's only way to it. One per process, as
 * SimGrid's one simulation per process. */
static hf_sandbox *volatile clock_sb;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static hf_sandbox *sandbox_of(lua_State *L)
{
    return *(hf_sandbox **)lua_getextraspace(L);
}

/* ---------- limits ---------- */

/* The Lua allocator, counting. Only growth can be refused (Lua assumes shrinking never fails);
 * a refusal makes Lua collect garbage and try once more before it raises "not enough memory". */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    hf_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize > old && sb->lim.memory > 0 && (double)(sb->used + (nsize - old)) > sb->lim.memory) {
        sb->mem_refused = 1;
        return NULL;
    }
    void *p = sb->alloc(sb->alloc_ud, ptr, osize, nsize);
    if (p || nsize == 0) sb->used = sb->used - (old < sb->used ? old : sb->used) + nsize;
    return p;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    hf_sandbox *sb = sandbox_of(L);
    if (!sb) return;
    if (!sb->tripped) {
        sb->steps += sb->every;
        /* time first: once the clock has fired the hook runs every instruction, and its
         * steps would count the period each */
        if (sb->expired || (sb->deadline > 0 && now() > sb->deadline)) {
            sb->tripped = TRIP_TIME;
            snprintf(sb->msg, sizeof sb->msg,
                     "sandbox: time limit of %g s reached (--sandbox-time)", sb->lim.seconds);
        } else if (sb->lim.instructions > 0 && sb->steps > sb->lim.instructions) {
            sb->tripped = TRIP_INSTRUCTIONS;
            snprintf(sb->msg, sizeof sb->msg,
                     "sandbox: instruction limit of %.17g reached (--sandbox-instructions)",
                     sb->lim.instructions);
        }
    }
    if (!sb->tripped) return;
    /* sticky: from now on every instruction of any Lua code fails, pcall or not */
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    lua_Debug d;
    if (lua_getstack(L, 0, &d) && lua_getinfo(L, "Sl", &d) && d.currentline > 0)
        luaL_error(L, "%s:%d: %s", d.short_src, d.currentline, sb->msg);
    luaL_error(L, "%s", sb->msg);
}

/* SIGALRM: the first time, the next Lua instruction of the main thread fails (coroutines see
 * the flag at their next hook); if the run is still going a second later it is stuck in C (the
 * simulation, a C function): print and exit. The results are not written yet (the clock stops
 * before), so nothing is left half-written. */
static void on_alarm(int sig)
{
    (void)sig;
    hf_sandbox *sb = clock_sb;
    if (!sb) return;
    if (!sb->expired) {
        sb->expired = 1;
        lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, 1); /* signal-safe (lua.c does it) */
        struct itimerval grace = {.it_value = {.tv_sec = 1}};
        setitimer(ITIMER_REAL, &grace, NULL);
        return;
    }
    hf_outfile_unlink_all(); /* e.g. the platform file SimGrid is loading */
    ssize_t w = write(STDERR_FILENO, sb->kill_msg, strlen(sb->kill_msg));
    (void)w;
    _exit(1);
}

static void stop_clock(hf_sandbox *sb)
{
    if (!sb->clock_on) return;
    clock_sb = NULL; /* first: a signal still on its way finds nothing to do */
    struct itimerval off = {0};
    setitimer(ITIMER_REAL, &off, NULL);
    signal(SIGALRM, SIG_DFL);
    sb->clock_on = 0;
}

/* ---------- writes ---------- */

/* Raise the refusal of doing what to path. */
static int refuse(lua_State *L, const hf_sandbox *sb, const char *path, const char *what,
                  const char *why)
{
    if (!why)
        return luaL_error(L, "sandbox: %s '%s' is not allowed (only under %s)", what, path,
                          sb->dir);
    return luaL_error(L, "sandbox: %s '%s' is not allowed (%s)", what, path, why);
}

/* Check that path's directory is under the sandbox's: its path relative to sb->dir goes to rel
 * ("." for the directory itself), the last component to *base (in path). Raises a refusal;
 * returns -1 with errno when the directory cannot be resolved (it does not exist). */
static int check_under(lua_State *L, const hf_sandbox *sb, const char *path, const char *what,
                       char *rel, size_t rellen, const char **base)
{
    char parent[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (strlen(path) >= sizeof parent) return refuse(L, sb, path, what, "path too long");
    if (!**base || strcmp(*base, ".") == 0 || strcmp(*base, "..") == 0)
        return refuse(L, sb, path, what, "not a file name");
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else
        snprintf(parent, sizeof parent, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (!realpath(parent, real)) return -1;
    size_t n = strlen(sb->dir);
    if (strcmp(sb->dir, "/") == 0)
        n = 0;
    else if (strncmp(real, sb->dir, n) != 0 || (real[n] != '\0' && real[n] != '/'))
        return refuse(L, sb, path, what, NULL);
    const char *r = real + n;
    while (*r == '/')
        r++;
    snprintf(rel, rellen, "%s", *r ? r : ".");
    return 0;
}

/* The directory rel (below sb->dir, from check_under) opened O_PATH, resolved beneath the
 * sandbox's directory without following any symbolic link (a link that appeared since the
 * check fails: ELOOP or EXDEV). -1 with errno on failure. */
static int open_dir(const hf_sandbox *sb, const char *rel)
{
    struct open_how how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                           .resolve =
                               RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
    int fd = (int)syscall(SYS_openat2, sb->dirfd, rel, &how, sizeof how);
    if (fd < 0 && errno == ENOSYS) /* kernels before 5.6: the last component at least */
        fd = openat(sb->dirfd, rel, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    return fd;
}

/* 1 when mode is one of Lua's: [rwa]%+?b* */
static int valid_mode(const char *mode)
{
    if (!*mode || !strchr("rwa", *mode++)) return 0;
    if (*mode == '+') mode++;
    return strspn(mode, "b") == strlen(mode);
}

/* The checked open of path for a mode that writes. Raises refusals; NULL with errno on a system
 * error. Only a regular file with one link is written (a hard link could reach out). */
static FILE *sandbox_open(lua_State *L, const hf_sandbox *sb, const char *path, const char *mode,
                          const char *what)
{
    char rel[PATH_MAX];
    const char *base;
    if (check_under(L, sb, path, what, rel, sizeof rel, &base) != 0) return NULL;
    int plus = strchr(mode, '+') != NULL;
    int flags = (plus ? O_RDWR : O_WRONLY) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
    if (mode[0] == 'w' || mode[0] == 'a') flags |= O_CREAT;
    if (mode[0] == 'a') flags |= O_APPEND;
    if (mode[0] == 'r') flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
    int dfd = open_dir(sb, rel);
    if (dfd < 0) return NULL;
    int fd = openat(dfd, base, flags, 0666);
    int err = errno;
    close(dfd);
    if (fd < 0 && err == ELOOP) return refuse(L, sb, path, what, "it is a symbolic link"), NULL;
    if (fd < 0 && err == ENXIO) return refuse(L, sb, path, what, "not a regular file"), NULL;
    if (fd < 0) {
        errno = err;
        return NULL;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0)
        why = "cannot stat it";
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if (st.st_nlink > 1)
        why = "it has other hard links";
    if (why) {
        close(fd);
        refuse(L, sb, path, what, why);
        return NULL;
    }
    if ((mode[0] == 'w' && ftruncate(fd, 0) != 0) ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        err = errno;
        close(fd);
        errno = err;
        return NULL;
    }
    FILE *f = fdopen(fd, mode);
    if (!f) {
        err = errno;
        close(fd);
        errno = err;
    }
    return f;
}

FILE *hf_sandbox_fopen(lua_State *L, const char *path, const char *mode, const char *what)
{
    hf_sandbox *sb = sandbox_of(L);
    return sb ? sandbox_open(L, sb, path, mode, what) : fopen(path, mode);
}

/* A closed Lua file handle (closef NULL: liolib sees it closed until it is opened). */
static luaL_Stream *new_stream(lua_State *L)
{
    luaL_Stream *p = lua_newuserdatauv(L, sizeof *p, 0);
    p->f = NULL;
    p->closef = NULL;
    luaL_setmetatable(L, LUA_FILEHANDLE);
    return p;
}

static int stream_close(lua_State *L)
{
    luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
    errno = 0;
    return luaL_fileresult(L, fclose(p->f) == 0, NULL);
}

/* Push a file handle of path opened by the sandbox, or nil, message, errno. */
static int push_opened(lua_State *L, const char *path, const char *mode, const char *what)
{
    luaL_Stream *p = new_stream(L);
    FILE *f = sandbox_open(L, sandbox_of(L), path, mode, what);
    if (!f) return luaL_fileresult(L, 0, path);
    p->f = f;
    p->closef = stream_close;
    return 1;
}

/* io.open(path [, mode]): reads through the original (upvalue 1: it records the file), writes
 * through the sandbox. */
static int sb_io_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    luaL_argcheck(L, valid_mode(mode), 2, "invalid mode");
    if (!strpbrk(mode, "wa+")) {
        return hf_lua_call_original(L);
    }
    return push_opened(L, path, mode, "writing");
}

/* io.output([file]): a file name is opened by the sandbox, then given to the original. */
static int sb_io_output(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING) {
        const char *path = lua_tostring(L, 1);
        if (push_opened(L, path, "w", "writing") != 1)
            return luaL_error(L, "%s", lua_tostring(L, -2));
        lua_replace(L, 1);
        lua_settop(L, 1);
    }
    return hf_lua_call_original(L);
}

/* os.remove(path): under the sandbox's directory; a link is removed, not followed. */
static int sb_os_remove(lua_State *L)
{
    hf_sandbox *sb = sandbox_of(L);
    const char *path = luaL_checkstring(L, 1);
    char rel[PATH_MAX];
    const char *base;
    if (check_under(L, sb, path, "removing", rel, sizeof rel, &base) != 0)
        return luaL_fileresult(L, 0, path);
    int dfd = open_dir(sb, rel);
    if (dfd < 0) return luaL_fileresult(L, 0, path);
    int ok = unlinkat(dfd, base, 0) == 0;
    if (!ok && errno == EISDIR) ok = unlinkat(dfd, base, AT_REMOVEDIR) == 0;
    int err = errno;
    close(dfd);
    errno = err;
    return luaL_fileresult(L, ok, path);
}

/* os.rename(from, to): both under the sandbox's directory. */
static int sb_os_rename(lua_State *L)
{
    hf_sandbox *sb = sandbox_of(L);
    const char *from = luaL_checkstring(L, 1), *to = luaL_checkstring(L, 2);
    char rel1[PATH_MAX], rel2[PATH_MAX];
    const char *b1, *b2;
    if (check_under(L, sb, from, "renaming", rel1, sizeof rel1, &b1) != 0 ||
        check_under(L, sb, to, "renaming to", rel2, sizeof rel2, &b2) != 0)
        return luaL_fileresult(L, 0, NULL);
    int d1 = open_dir(sb, rel1);
    int d2 = d1 < 0 ? -1 : open_dir(sb, rel2);
    int ok = d2 >= 0 && renameat(d1, b1, d2, b2) == 0;
    int err = errno;
    if (d1 >= 0) close(d1);
    if (d2 >= 0) close(d2);
    errno = err;
    return luaL_fileresult(L, ok, NULL);
}

/* ---------- chunks: text only, in the scenario's environment ---------- */

/* Call upvalue 1 with this call's arguments, at least nargs of them, argument mode_arg set to
 * "t"; return all its results. An env argument given stays given (nil included), one not given
 * stays absent, so that the chunk gets the global environment as Lua's own load gives it. */
static int call_text_mode(lua_State *L, int nargs, int mode_arg)
{
    if (lua_gettop(L) < nargs) lua_settop(L, nargs);
    lua_pushliteral(L, "t");
    lua_replace(L, mode_arg);
    return hf_lua_call_original(L);
}

/* load(chunk [, name [, mode [, env]]]) */
static int sb_load(lua_State *L)
{
    luaL_checkany(L, 1);
    return call_text_mode(L, 3, 3);
}

/* loadfile([path [, mode [, env]]]) */
static int sb_loadfile(lua_State *L)
{
    return call_text_mode(L, 2, 2);
}

/* dofile([path]): loadfile (upvalue 1: the sandbox's) then the chunk, as Lua's dofile. */
static int sb_dofile(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 2);
    if (lua_isnil(L, -2)) return lua_error(L);
    lua_pop(L, 1);
    lua_call(L, 0, LUA_MULTRET);
    return lua_gettop(L) - 1;
}

/* package.searchers[2]: a Lua file on package.path (upvalue 1: the package table; upvalue 2:
 * package.searchpath), recorded as an input, loaded in text mode. */
static int sb_searcher(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (lua_getfield(L, lua_upvalueindex(1), "path") != LUA_TSTRING)
        return luaL_error(L, "'package.path' must be a string");
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -3);
    lua_call(L, 2, 2);
    if (lua_isnil(L, -2)) return 1; /* the list of files tried */
    lua_pop(L, 1);
    const char *file = lua_tostring(L, -1);
    if (hf_lua_record_input(L, file, "lua") != HF_OK)
        return luaL_error(L, "%s", hf_ctx_errmsg(hf_lua_session(L)->ctx));
    if (luaL_loadfilex(L, file, "t") != LUA_OK)
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                          lua_tostring(L, -1));
    lua_pushvalue(L, -2);
    return 2;
}

/* ---------- finalizers: none written in Lua ---------- */

/* setmetatable(t, mt): Lua's (upvalue 1), refusing a metatable with a __gc field. Lua runs a
 * finalizer with its hooks off (lgc.c, GCTM), so a Lua __gc is counted by no limit, and the
 * finalizers left at the end run after the clock stops: a loop in one hung the run for ever. The
 * field is read raw, as Lua reads it when it marks the object for finalization; a __gc added
 * after setmetatable never marks it (Lua 5.4). */
static int sb_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "sandbox: a __gc metamethod is not allowed (finalizers run "
                                 "outside the sandbox's limits)");
        lua_pop(L, 1);
    }
    return hf_lua_call_original(L);
}

/* Lock the metatables made by luaL_newmetatable (file handles, hetflow's types: registry[name],
 * whose __name is name): getmetatable gives "locked", so that a scenario cannot replace the C
 * __gc of objects already marked for finalization by a Lua function (or by another type's). */
static void lock_metatables(lua_State *L)
{
    lua_pushnil(L);
    while (lua_next(L, LUA_REGISTRYINDEX)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE) {
            lua_pushliteral(L, "__name");
            if (lua_rawget(L, -2) == LUA_TSTRING && lua_rawequal(L, -1, -3)) {
                lua_pushliteral(L, "__metatable");
                lua_pushliteral(L, "locked");
                lua_rawset(L, -4);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
}

/* ---------- the sandbox ---------- */

hf_sandbox *hf_sandbox_new(hf_ctx *ctx, const char *output, const hf_sandbox_limits *lim)
{
    char parent[PATH_MAX];
    hf_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        return NULL;
    }
    sb->dirfd = -1;
    sb->lim = *lim;
    /* below this, hetflow's own calls into Lua before the scenario (its file name pushed by
     * luaL_loadfile, the hetflow.run table of --platform/--workflow) ran out of memory outside
     * any protected call: Lua's panic, exit status 134 */
    if (lim->memory > 0 && lim->memory < HF_SANDBOX_MEMORY_MIN) {
        char min[32];
        hf_units_format_size(HF_SANDBOX_MEMORY_MIN, min, sizeof min);
        hf_ctx_fail(ctx, HF_EINPUT,
                    "--sandbox-memory %.17g B: at least %s expected (the Lua state needs that "
                    "much before the scenario runs), 0 for no limit",
                    lim->memory, min);
        hf_sandbox_free(sb);
        return NULL;
    }
    const char *slash = strrchr(output, '/');
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else
        snprintf(parent, sizeof parent, "%.*s", slash == output ? 1 : (int)(slash - output),
                 output);
    if (!realpath(parent, sb->dir) ||
        (sb->dirfd = open(sb->dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "--sandbox: cannot resolve the directory of '%s': %s", output,
                    strerror(errno));
        hf_sandbox_free(sb);
        return NULL;
    }
    return sb;
}

/* Replace t[name] (t at idx) by the C closure fn over the value now there. */
static void wrap(lua_State *L, int idx, const char *name, lua_CFunction fn)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, idx, name);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, idx, name);
}

hf_err hf_sandbox_apply(hf_ctx *ctx, hf_sandbox *sb, lua_State *L, hf_session *s)
{
    sb->L = L;
    s->sandbox_dir = sb->dir;
    *(hf_sandbox **)lua_getextraspace(L) = sb; /* threads created later copy it */

    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    lua_pushnil(L);
    lua_setfield(L, g, "debug");
    wrap(L, g, "setmetatable", sb_setmetatable);
    lock_metatables(L);
    wrap(L, g, "load", sb_load);
    wrap(L, g, "loadfile", sb_loadfile);
    lua_getfield(L, g, "loadfile");
    lua_pushcclosure(L, sb_dofile, 1);
    lua_setfield(L, g, "dofile");

    if (lua_getfield(L, g, "io") == LUA_TTABLE) {
        wrap(L, -1, "open", sb_io_open);
        wrap(L, -1, "output", sb_io_output);
        lua_pushnil(L);
        lua_setfield(L, -2, "popen");
    }
    lua_pop(L, 1);
    if (lua_getfield(L, g, "os") == LUA_TTABLE) {
        lua_pushcfunction(L, sb_os_remove);
        lua_setfield(L, -2, "remove");
        lua_pushcfunction(L, sb_os_rename);
        lua_setfield(L, -2, "rename");
        lua_pushnil(L);
        lua_setfield(L, -2, "execute");
        lua_pushnil(L);
        lua_setfield(L, -2, "tmpname");
    }
    lua_pop(L, 1);
    if (lua_getfield(L, g, "package") == LUA_TTABLE) {
        int pkg = lua_gettop(L);
        lua_pushnil(L);
        lua_setfield(L, pkg, "loadlib");
        lua_pushliteral(L, "");
        lua_setfield(L, pkg, "cpath");
        if (lua_getfield(L, pkg, "loaded") == LUA_TTABLE) {
            lua_pushnil(L);
            lua_setfield(L, -2, "debug");
        }
        lua_pop(L, 1);
        /* preload, then Lua files in text mode: no C searchers */
        lua_createtable(L, 2, 0);
        if (lua_getfield(L, pkg, "searchers") == LUA_TTABLE)
            lua_rawgeti(L, -1, 1);
        else
            lua_pushnil(L);
        lua_rawseti(L, -3, 1);
        lua_pop(L, 1);
        lua_pushvalue(L, pkg);
        lua_getfield(L, pkg, "searchpath");
        lua_pushcclosure(L, sb_searcher, 2);
        lua_rawseti(L, -2, 2);
        lua_setfield(L, pkg, "searchers");
    }
    lua_pop(L, 2); /* package, globals */

    /* limits: the heap from now on (what is allocated already counts), the instructions, the
     * wall clock */
    sb->alloc = lua_getallocf(L, &sb->alloc_ud);
    sb->used = (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
    lua_setallocf(L, limited_alloc, sb);
    sb->every = 10000;
    if (sb->lim.instructions > 0 && sb->lim.instructions < sb->every)
        sb->every = (int)sb->lim.instructions > 0 ? (int)sb->lim.instructions : 1;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, sb->every);
    if (sb->lim.seconds > 0) {
        snprintf(sb->kill_msg, sizeof sb->kill_msg,
                 "hetflow: %s: sandbox: time limit of %g s reached (--sandbox-time) while the "
                 "simulation or a C function ran; stopped, no results written\n",
                 s->scenario ? s->scenario : "run", sb->lim.seconds);
        sb->deadline = now() + sb->lim.seconds;
        clock_sb = sb;
        if (signal(SIGALRM, on_alarm) == SIG_ERR) {
            clock_sb = NULL;
            return hf_ctx_fail(ctx, HF_ESIM, "--sandbox: cannot start the wall clock");
        }
        double secs = sb->lim.seconds;
        struct itimerval t = {0};
        t.it_value.tv_sec = (time_t)secs;
        t.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) * 1e6);
        if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0) t.it_value.tv_usec = 1;
        sb->clock_on = 1;
        if (setitimer(ITIMER_REAL, &t, NULL) != 0) {
            stop_clock(sb);
            return hf_ctx_fail(ctx, HF_ESIM, "--sandbox: cannot start the wall clock");
        }
    }
    return HF_OK;
}

hf_err hf_sandbox_finish(hf_ctx *ctx, hf_sandbox *sb, hf_err rc)
{
    stop_clock(sb);
    if (!sb->tripped && sb->expired) {
        sb->tripped = TRIP_TIME;
        snprintf(sb->msg, sizeof sb->msg, "sandbox: time limit of %g s reached (--sandbox-time)",
                 sb->lim.seconds);
    }
    if (sb->tripped) {
        if (rc && strstr(hf_ctx_errmsg(ctx), sb->msg)) return rc;
        return hf_ctx_fail(ctx, HF_EINPUT, "%s", sb->msg);
    }
    if (rc && sb->mem_refused && strstr(hf_ctx_errmsg(ctx), "not enough memory")) {
        char lim[32];
        hf_units_format_size(sb->lim.memory, lim, sizeof lim);
        hf_ctx_prefix(ctx, "sandbox: memory limit of %s of Lua heap reached (--sandbox-memory)",
                      lim);
        return rc;
    }
    return rc;
}

void hf_sandbox_free(hf_sandbox *sb)
{
    if (!sb) return;
    stop_clock(sb);
    if (sb->dirfd >= 0) close(sb->dirfd);
    free(sb);
}
