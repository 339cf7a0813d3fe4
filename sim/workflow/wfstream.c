/* wfstream.c: streaming reader of WfFormat instances (yajl events -> the records of wfdoc.h),
 * so that loading costs the records, not a JSON tree of ~10 bytes per byte of file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "jstream.h"
#include "wfdoc.h"

#define MHZ 1e6 /* flop/s per core per MHz: one flop per cycle per core (docs/formats.md) */

/* What a JSON value is to the reader: containers (R_*) and scalar slots (S_*), by where it
 * sits. Values the reader does not use are R_SKIP, and everything inside them. */
enum {
    R_SKIP,
    R_ROOT,     /* the top-level object */
    R_WF,       /* workflow */
    R_SPEC,     /* 1.5+ workflow.specification */
    R_EXEC,     /* 1.5+ workflow.execution */
    R_TASKS,    /* array of R_TASK (1.4 workflow.tasks, 1.5+ specification.tasks) */
    R_ETASKS,   /* 1.5+ execution.tasks: array of R_ETASK */
    R_FILES,    /* 1.5+ specification.files: array of R_FILE */
    R_MACHINES, /* array of R_MACHINE */
    R_TASK,
    R_ETASK,
    R_FILE,
    R_MACHINE,
    R_CPU,      /* machine.cpu */
    R_DEPS0,    /* task.parents: array of S_REF */
    R_DEPS1,    /* task.children */
    R_FIN,      /* 1.5+ task.inputFiles: array of S_FREF */
    R_FOUT,     /* 1.5+ task.outputFiles */
    R_F14S,     /* 1.4 task.files: array of R_F14 */
    R_F14,      /* 1.4 one file of a task */
    R_MLIST,    /* 1.5+ execution task.machines: element 0 is S_MFIRST */
    S_VERSION,  /* schemaVersion */
    S_WFNAME,   /* name (top level) */
    S_NAME,     /* task name */
    S_ID,       /* 1.5+ task id (specification or execution) */
    S_RT,       /* runtimeInSeconds */
    S_RT_OLD,   /* 1.4 runtime (read only without runtimeInSeconds) */
    S_CORES,    /* 1.4 cores, 1.5+ coreCount */
    S_MACHINE,  /* machine (1.5+: read only without machines) */
    S_MFIRST,   /* machines[0] */
    S_REF,      /* element of parents / children */
    S_FREF,     /* element of inputFiles / outputFiles */
    S_NODE,     /* machine nodeName */
    S_SPEED,    /* machine cpu.speed (1.4) / cpu.speedInMHz (1.5+) */
    S_FID,      /* file id */
    S_SIZE,     /* sizeInBytes */
    S_SIZE_OLD, /* 1.4 size (read only without sizeInBytes) */
    S_LINK,     /* 1.4 link */
    R_COUNT
};

/* kinds of JSON value (jstream.h), and any */
enum {
    K_STRING = HF_JS_STRING,
    K_NUMBER = HF_JS_NUMBER,
    K_ARRAY = HF_JS_ARRAY,
    K_OBJECT = HF_JS_OBJECT,
    K_ANY = 6
};

/* Kind each role expects. */
static int role_kind(int r)
{
    switch (r) {
    case R_SKIP:
        return K_ANY;
    case R_ROOT:
    case R_WF:
    case R_SPEC:
    case R_EXEC:
    case R_TASK:
    case R_ETASK:
    case R_FILE:
    case R_MACHINE:
    case R_CPU:
    case R_F14:
        return K_OBJECT;
    case S_RT:
    case S_RT_OLD:
    case S_CORES:
    case S_SPEED:
    case S_SIZE:
    case S_SIZE_OLD:
        return K_NUMBER;
    default:
        return r < S_VERSION ? K_ARRAY : K_STRING;
    }
}

/* Presence bits of the record being read (seen). */
enum {
    P_NAME = 1 << 0,
    P_ID = 1 << 1,
    P_DEPS0 = 1 << 2,
    P_DEPS1 = 1 << 3,
    P_RT = 1 << 4,
    P_RT_OLD = 1 << 5,
    P_MLIST = 1 << 6,
    P_LINK = 1 << 8,
    P_SIZE = 1 << 9,
    P_SIZE_OLD = 1 << 10,
    P_NODE = 1 << 11,
    P_SPEED = 1 << 12,
};

typedef struct reader {
    hf_ctx *ctx;
    hf_wfdoc *doc;
    int prescan;    /* 1: only looking for schemaVersion (workflow skipped) */
    int version;    /* 0 unknown, 14 or 15 */
    int restart;    /* workflow came before schemaVersion: prescan, then read again */
    int failed;     /* an error is in ctx: only syntax is checked from here on */
    int oom;        /* out of memory: stop */
    hf_jstream *js; /* the JSON being read */
    char *scratch;  /* NUL-terminated copy of the current string */
    size_t cap_scratch;
    int seen_top;     /* presence at top: 1 schemaVersion, 2 name, 4 workflow */
    int seen_wf;      /* 1 tasks (1.4) / specification, 2 machines (1.4) / execution */
    int seen_spec;    /* 1 specification.tasks */
    int seen_exec;    /* 1 execution.tasks */
    hf_strmap *names; /* 1.5+: task names seen, until one repeats (then use_ids) */
    /* the record being read, one of each kind at a time */
    hf_wftask task;
    int task_seen;
    hf_wfexec ex;
    int ex_seen;
    int ex_mbad; /* 1.5+: kind of a bad "machine" (K_*), or -2 empty; -1 none */
    hf_wff14 f14;
    int f14_seen;
    int f14_sbad; /* kind of a bad "size" (read only without sizeInBytes), -1 none */
    int rt_bad;   /* 1.4: kind of a bad "runtime", -1 none */
    hf_wffile file;
    int file_seen;
    const char *file_id;
    double mhz;
    int mach_seen;
    const char *node;
} reader;

/* ---- errors and paths ---- */

static int oom(reader *R)
{
    R->oom = 1;
    hf_ctx_fail(R->ctx, HF_ENOMEM, "out of memory");
    return 0; /* stops yajl */
}

#define DEPTH(R) hf_js_depth((R)->js)
#define FR(R, d) hf_js_frame((R)->js, (d))
#define path_at(R, d, key, buf, n) hf_js_path((R)->js, (d), (key), (buf), (n))

/* A semantic error about the current value (at depth DEPTH(R), or key of the object open
 * there): "path: text". Parsing goes on, checking syntax only (a syntax error anywhere wins). */
static int fail_here(reader *R, const char *key, const char *fmt, const char *a, const char *b)
{
    char p[512];
    path_at(R, DEPTH(R), key, p, sizeof p);
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    hf_ctx_fail(R->ctx, HF_EINPUT, "%s%s%s", p, *p ? ": " : "", msg);
    R->failed = 1;
    return 1;
}

static int wrong_kind(reader *R, int want, int got)
{
    return fail_here(R, NULL, "expected %s, got %s", hf_js_kind_name[want], hf_js_kind_name[got]);
}

/* Missing member key of the object open at the top of the stack. */
static int missing(reader *R, const char *key, int kind)
{
    char p[512];
    path_at(R, DEPTH(R) - 1, key, p, sizeof p);
    hf_ctx_fail(R->ctx, HF_EINPUT, "%s: missing (%s is required)", p, hf_js_kind_name[kind]);
    R->failed = 1;
    return 1;
}

/* ---- interned strings and growing arrays ---- */

#define PUSH(R, arr, n, cap, val)                                                                  \
    do {                                                                                           \
        if (hf_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr))) return oom(R);               \
        (arr)[(n)++] = (val);                                                                      \
    } while (0)

/* NUL-terminated copy of s[0..len) in R->scratch; NULL when out of memory. */
static const char *scratch(reader *R, const void *s, size_t len)
{
    if (len + 1 > R->cap_scratch) {
        size_t cap = 2 * (len + 1);
        char *p = realloc(R->scratch, cap);
        if (!p) return NULL;
        R->scratch = p;
        R->cap_scratch = cap;
    }
    memcpy(R->scratch, s, len);
    R->scratch[len] = '\0';
    return R->scratch;
}

/* ---- where values sit ---- */

/* Role of member key of an object of role r. */
static int member_role(const reader *R, int r, const char *key)
{
    int v14 = R->version == 14;
#define IS(k) (strcmp(key, k) == 0)
    switch (r) {
    case R_ROOT:
        if (IS("schemaVersion")) return S_VERSION;
        if (IS("name")) return R->prescan ? R_SKIP : S_WFNAME;
        if (IS("workflow")) return R->prescan ? R_SKIP : R_WF;
        return R_SKIP;
    case R_WF:
        if (v14) return IS("tasks") ? R_TASKS : IS("machines") ? R_MACHINES : R_SKIP;
        return IS("specification") ? R_SPEC : IS("execution") ? R_EXEC : R_SKIP;
    case R_SPEC:
        return IS("tasks") ? R_TASKS : IS("files") ? R_FILES : R_SKIP;
    case R_EXEC:
        return IS("tasks") ? R_ETASKS : IS("machines") ? R_MACHINES : R_SKIP;
    case R_TASK:
        if (IS("name")) return S_NAME;
        if (IS("parents")) return R_DEPS0;
        if (IS("children")) return R_DEPS1;
        if (!v14)
            return IS("id") ? S_ID : IS("inputFiles") ? R_FIN : IS("outputFiles") ? R_FOUT : R_SKIP;
        if (IS("files")) return R_F14S;
        if (IS("runtimeInSeconds")) return S_RT;
        if (IS("runtime")) return S_RT_OLD;
        if (IS("cores")) return S_CORES;
        return IS("machine") ? S_MACHINE : R_SKIP;
    case R_ETASK:
        if (IS("id")) return S_ID;
        if (IS("runtimeInSeconds")) return S_RT;
        if (IS("coreCount")) return S_CORES;
        return IS("machines") ? R_MLIST : IS("machine") ? S_MACHINE : R_SKIP;
    case R_FILE:
        return IS("id") ? S_FID : IS("sizeInBytes") ? S_SIZE : R_SKIP;
    case R_MACHINE:
        return IS("nodeName") ? S_NODE : IS("cpu") ? R_CPU : R_SKIP;
    case R_CPU:
        return IS(v14 ? "speed" : "speedInMHz") ? S_SPEED : R_SKIP;
    case R_F14:
        if (IS("name")) return S_NAME;
        if (IS("link")) return S_LINK;
        return IS("sizeInBytes") ? S_SIZE : IS("size") ? S_SIZE_OLD : R_SKIP;
    default:
        return R_SKIP;
    }
#undef IS
}

/* Role of element k of an array of role r. */
static int elem_role(int r, size_t k)
{
    switch (r) {
    case R_TASKS:
        return R_TASK;
    case R_ETASKS:
        return R_ETASK;
    case R_FILES:
        return R_FILE;
    case R_MACHINES:
        return R_MACHINE;
    case R_DEPS0:
    case R_DEPS1:
        return S_REF;
    case R_FIN:
    case R_FOUT:
        return S_FREF;
    case R_F14S:
        return R_F14;
    case R_MLIST:
        return k == 0 ? S_MFIRST : R_SKIP;
    default:
        return R_SKIP;
    }
}

/* Hook: a value of kind kind begins where role want is expected: its role, R_SKIP when
 * unused or of the wrong kind (then an error is set, except for fallback fields, whose kind is
 * remembered and checked only if used). */
static int hook_begin(void *u, int want, int kind, int *stop)
{
    reader *R = u;
    if (want == HF_JS_TOP) {
        if (kind == K_OBJECT) return R_ROOT;
        if (!R->failed) {
            hf_ctx_fail(R->ctx, HF_EINPUT, "expected a JSON object at the top level, got %s",
                        hf_js_kind_name[kind]);
            R->failed = 1;
        }
        return R_SKIP;
    }
    if (R->failed) return R_SKIP;
    if (want == R_WF && R->version == 0) { /* the layout is not known yet: prescan */
        R->restart = 1;
        *stop = 1;
        return R_SKIP;
    }
    int r = want, need = role_kind(r);
    if (kind == need) return r;
    if (r == S_RT_OLD)
        R->rt_bad = kind;
    else if (r == S_SIZE_OLD)
        R->f14_sbad = kind;
    else if (r == S_MACHINE && R->version != 14)
        R->ex_mbad = kind;
    else if (r == S_REF || r == S_FREF || r == S_MFIRST)
        fail_here(R, NULL, "expected a non-empty string, got %s", hf_js_kind_name[kind], NULL);
    else
        wrong_kind(R, need, kind);
    return R_SKIP;
}

static int hook_member(void *u, int parent, const char *key)
{
    reader *R = u;
    return R->failed ? R_SKIP : member_role(R, parent, key);
}

static int hook_element(void *u, int parent, size_t index)
{
    reader *R = u;
    return R->failed ? R_SKIP : elem_role(parent, index);
}

/* ---- records ---- */

static void open_record(reader *R, int r)
{
    switch (r) {
    case R_TASK:
        memset(&R->task, 0, sizeof R->task);
        R->task_seen = 0;
        R->task.dep_off[0] = R->task.dep_off[1] = (uint32_t)R->doc->nints;
        memset(&R->ex, 0, sizeof R->ex);
        R->ex.cores = 1;
        R->ex.machine = -1;
        R->ex.task = (int)R->doc->ntasks;
        R->rt_bad = -1;
        break;
    case R_ETASK:
        memset(&R->ex, 0, sizeof R->ex);
        R->ex.cores = 1;
        R->ex.machine = -1;
        R->ex_seen = 0;
        R->ex_mbad = -1;
        break;
    case R_F14:
        memset(&R->f14, 0, sizeof R->f14);
        R->f14_seen = 0;
        R->f14_sbad = -1;
        break;
    case R_FILE:
        R->file_seen = 0;
        R->file_id = NULL;
        R->file.size = 0;
        break;
    case R_MACHINE:
        R->mach_seen = 0;
        R->mhz = 0;
        R->node = NULL;
        break;
    }
}

/* A task object ends: presence, declaration, names (1.5+), its execution part (1.4). */
static int close_task(reader *R)
{
    hf_wfdoc *d = R->doc;
    int v14 = R->version == 14;
    char p[512];
    if (!(R->task_seen & P_NAME)) return missing(R, "name", K_STRING);
    if (!v14 && !(R->task_seen & P_ID)) return missing(R, "id", K_STRING);
    if (!v14 && !(R->task_seen & P_DEPS0)) return missing(R, "parents", K_ARRAY);
    if (!v14 && !(R->task_seen & P_DEPS1)) return missing(R, "children", K_ARRAY);
    if (d->ntasks >= (size_t)INT32_MAX) return fail_here(R, NULL, "too many tasks", NULL, NULL);
    hf_wfsyms *refs = &d->refs;
    if (refs->def[R->task.ref] >= 0) {
        path_at(R, DEPTH(R) - 2, NULL, p, sizeof p); /* the task array */
        char m[64];
        snprintf(m, sizeof m, "%d", refs->def[R->task.ref]);
        hf_ctx_fail(R->ctx, HF_EINPUT, "task %s'%s' is declared twice (%s[%s] and [%zu])",
                    v14 ? "" : "id ", refs->str[R->task.ref], p, m, FR(R, DEPTH(R) - 2)->cur);
        R->failed = 1;
        return 1;
    }
    refs->def[R->task.ref] = (int)d->ntasks;
    if (!v14 && R->names && !d->use_ids) {
        int r = hf_strmap_put(R->names, R->task.name, (int)d->ntasks);
        if (r < 0) return oom(R);
        if (r == 1) { /* names repeat: no longer needed */
            d->use_ids = 1;
            hf_strmap_free(R->names);
            R->names = NULL;
        }
    }
    d->nchildren += R->task.dep_n[1];
    if (v14) {
        if (!(R->task_seen & P_RT) && R->rt_bad >= 0) {
            path_at(R, DEPTH(R) - 1, "runtime", p, sizeof p);
            hf_ctx_fail(R->ctx, HF_EINPUT, "%s: expected a number, got %s", p,
                        hf_js_kind_name[R->rt_bad]);
            R->failed = 1;
            return 1;
        }
        PUSH(R, d->execs, d->nexecs, d->cap_execs, R->ex);
    }
    PUSH(R, d->tasks, d->ntasks, d->cap_tasks, R->task);
    return 1;
}

static int close_etask(reader *R)
{
    hf_wfdoc *d = R->doc;
    if (!(R->ex_seen & P_ID)) return missing(R, "id", K_STRING);
    if (!(R->ex_seen & P_RT)) return missing(R, "runtimeInSeconds", K_NUMBER);
    if (!(R->ex_seen & P_MLIST) && R->ex_mbad != -1) {
        char p[512];
        path_at(R, DEPTH(R) - 1, "machine", p, sizeof p);
        if (R->ex_mbad == -2)
            hf_ctx_fail(R->ctx, HF_EINPUT, "%s: must not be empty", p);
        else
            hf_ctx_fail(R->ctx, HF_EINPUT, "%s: expected a string, got %s", p,
                        hf_js_kind_name[R->ex_mbad]);
        R->failed = 1;
        return 1;
    }
    if (R->ex_seen & P_MLIST) R->ex.machine = R->ex.flags >> 8 ? R->ex.machine : -1;
    R->ex.flags &= 0xff;
    PUSH(R, d->execs, d->nexecs, d->cap_execs, R->ex);
    return 1;
}

static int close_f14(reader *R)
{
    hf_wfdoc *d = R->doc;
    if (!(R->f14_seen & P_NAME)) return missing(R, "name", K_STRING);
    if (!(R->f14_seen & P_LINK)) return missing(R, "link", K_STRING);
    if (!(R->f14_seen & P_SIZE)) {
        if (R->f14_sbad >= 0) {
            char p[512];
            path_at(R, DEPTH(R) - 1, "size", p, sizeof p);
            hf_ctx_fail(R->ctx, HF_EINPUT, "%s: expected a number, got %s", p,
                        hf_js_kind_name[R->f14_sbad]);
            R->failed = 1;
            return 1;
        }
        if (!(R->f14_seen & P_SIZE_OLD)) return missing(R, "sizeInBytes", K_NUMBER);
        R->f14.size_old = 1;
    }
    PUSH(R, d->f14, d->nf14, d->cap_f14, R->f14);
    R->task.file_n[0]++;
    return 1;
}

static int close_file(reader *R)
{
    hf_wfdoc *d = R->doc;
    if (!(R->file_seen & P_ID)) return missing(R, "id", K_STRING);
    if (!(R->file_seen & P_SIZE)) return missing(R, "sizeInBytes", K_NUMBER);
    if (!(R->file.size >= 0)) {
        char p[512], m[64];
        path_at(R, DEPTH(R) - 1, "sizeInBytes", p, sizeof p);
        snprintf(m, sizeof m, "%g", R->file.size);
        hf_ctx_fail(R->ctx, HF_EINPUT, "file '%s' (%s): size must be >= 0 bytes, got %s",
                    R->file_id, p, m);
        R->failed = 1;
        return 1;
    }
    int k = hf_wfsyms_intern(d, &d->files, R->file_id);
    if (k < 0) return oom(R);
    R->file.file = k;
    PUSH(R, d->filedecl, d->nfiledecl, d->cap_filedecl, R->file);
    return 1;
}

static int close_machine(reader *R)
{
    hf_wfdoc *d = R->doc;
    const char *key = R->version == 14 ? "cpu.speed" : "cpu.speedInMHz";
    char p[512], m[64];
    if (!(R->mach_seen & P_NODE)) return missing(R, "nodeName", K_STRING);
    if ((R->mach_seen & P_SPEED) && !(R->mhz > 0)) {
        path_at(R, DEPTH(R) - 1, key, p, sizeof p);
        snprintf(m, sizeof m, "%g", R->mhz);
        hf_ctx_fail(R->ctx, HF_EINPUT, "machine '%s' (%s): speed must be > 0 MHz, got %s", R->node,
                    p, m);
        R->failed = 1;
        return 1;
    }
    int k = hf_wfsyms_intern(d, &d->machines, R->node);
    if (k < 0) return oom(R);
    size_t i = FR(R, DEPTH(R) - 2)->cur;
    if (d->machines.def[k] >= 0) {
        path_at(R, DEPTH(R) - 2, NULL, p, sizeof p);
        hf_ctx_fail(R->ctx, HF_EINPUT, "machine '%s' is declared twice (%s[%d] and [%zu])", R->node,
                    p, d->machines.def[k], i);
        R->failed = 1;
        return 1;
    }
    d->machines.def[k] = (int)d->nmach;
    hf_wfmachine mc = {(R->mach_seen & P_SPEED) ? R->mhz * MHZ : 0};
    PUSH(R, d->mach, d->nmach, d->cap_mach, mc);
    return 1;
}

/* ---- scalars ---- */

/* A string value of role r (already NUL-free). */
static int on_string(reader *R, int r, const char *s, size_t len)
{
    hf_wfdoc *d = R->doc;
    if (len == 0 && r != R_SKIP) {
        if (r == S_REF || r == S_FREF || r == S_MFIRST)
            return fail_here(R, NULL, "expected a non-empty string, got \"\"", NULL, NULL);
        if (r == S_MACHINE && R->version != 14) {
            R->ex_mbad = -2;
            return 1;
        }
        return fail_here(R, NULL, "must not be empty", NULL, NULL);
    }
    const char *z = NULL;
    if (r != R_SKIP && !(z = scratch(R, s, len))) return oom(R);
    int k;
    switch (r) {
    case S_VERSION:
        R->seen_top |= 1;
        if (strcmp(z, "1.4") == 0) {
            R->version = 14;
        } else if (strcmp(z, "1.5") == 0 || strcmp(z, "1.6") == 0) {
            R->version = 15;
        } else {
            hf_ctx_fail(R->ctx, HF_EINPUT,
                        "unsupported schemaVersion '%s' (supported: 1.4, 1.5, 1.6; WfFormat's "
                        "wfcommons-migrate-instance.py upgrades older instances)",
                        z);
            R->failed = 1;
        }
        d->v14 = R->version == 14;
        return 1;
    case S_WFNAME:
        R->seen_top |= 2;
        if (!(d->name = hf_arena_strdup(d->arena, z))) return oom(R);
        return 1;
    case S_NAME:
        if (FR(R, DEPTH(R) - 1)->role == R_F14) {
            if ((k = hf_wfsyms_intern(d, &d->files, z)) < 0) return oom(R);
            R->f14.file = k;
            R->f14_seen |= P_NAME;
        } else if (R->version == 14) {
            if ((k = hf_wfsyms_intern(d, &d->refs, z)) < 0) return oom(R);
            R->task.ref = k;
            R->task.name = d->refs.str[k];
            R->task_seen |= P_NAME;
        } else {
            if (!(R->task.name = hf_arena_strdup(d->arena, z))) return oom(R);
            R->task_seen |= P_NAME;
        }
        return 1;
    case S_ID:
        if ((k = hf_wfsyms_intern(d, &d->refs, z)) < 0) return oom(R);
        if (FR(R, DEPTH(R) - 1)->role == R_TASK) {
            R->task.ref = k;
            R->task_seen |= P_ID;
        } else {
            R->ex.task = k;
            R->ex_seen |= P_ID;
        }
        return 1;
    case S_MACHINE:
    case S_MFIRST:
        if ((k = hf_wfsyms_intern(d, &d->machines, z)) < 0) return oom(R);
        if (r == S_MFIRST) { /* machines[0] wins over machine: flag it in flags' high bits */
            R->ex.machine = k;
            R->ex.flags |= 1 << 8;
        } else if (!(R->ex.flags >> 8)) {
            R->ex.machine = k;
        }
        return 1;
    case S_REF: {
        if ((k = hf_wfsyms_intern(d, &d->refs, z)) < 0) return oom(R);
        int dep = FR(R, DEPTH(R) - 1)->role == R_DEPS1;
        if (R->task.dep_n[dep] == UINT32_MAX || d->nints >= UINT32_MAX)
            return fail_here(R, NULL, "too many entries", NULL, NULL);
        PUSH(R, d->ints, d->nints, d->cap_ints, k);
        R->task.dep_n[dep]++;
        return 1;
    }
    case S_FREF: {
        if ((k = hf_wfsyms_intern(d, &d->files, z)) < 0) return oom(R);
        int dir = FR(R, DEPTH(R) - 1)->role == R_FOUT;
        if (R->task.file_n[dir] == UINT32_MAX || d->nints >= UINT32_MAX)
            return fail_here(R, NULL, "too many entries", NULL, NULL);
        PUSH(R, d->ints, d->nints, d->cap_ints, k);
        R->task.file_n[dir]++;
        return 1;
    }
    case S_NODE:
        R->mach_seen |= P_NODE;
        if (!(R->node = hf_arena_strdup(d->arena, z))) return oom(R);
        return 1;
    case S_FID:
        R->file_seen |= P_ID;
        if (!(R->file_id = hf_arena_strdup(d->arena, z))) return oom(R);
        return 1;
    case S_LINK:
        R->f14_seen |= P_LINK;
        R->f14.out = strcmp(z, "output") == 0;
        if (!R->f14.out && strcmp(z, "input") != 0)
            return fail_here(R, NULL, "must be \"input\" or \"output\", got \"%s\"", z, NULL);
        return 1;
    default:
        return 1;
    }
}

/* A number value v of role r. */
static int on_number(reader *R, int r, double v)
{
    switch (r) {
    case S_RT:
        R->ex.runtime = v;
        R->ex.flags &= ~HF_WFX_RT_OLD;
        R->task_seen |= P_RT;
        R->ex_seen |= P_RT;
        return 1;
    case S_RT_OLD:
        if (!(R->task_seen & P_RT)) R->ex.runtime = v; /* runtimeInSeconds wins */
        R->ex.flags |= HF_WFX_RT_OLD * !(R->task_seen & P_RT);
        R->task_seen |= P_RT_OLD;
        return 1;
    case S_CORES:
        R->ex.cores = v;
        return 1;
    case S_SPEED:
        R->mhz = v;
        R->mach_seen |= P_SPEED;
        return 1;
    case S_SIZE:
        if (FR(R, DEPTH(R) - 1)->role == R_FILE) {
            R->file.size = v;
            R->file_seen |= P_SIZE;
        } else {
            R->f14.size = v;
            R->f14_seen |= P_SIZE;
        }
        return 1;
    case S_SIZE_OLD:
        if (!(R->f14_seen & P_SIZE)) R->f14.size = v;
        R->f14_seen |= P_SIZE_OLD;
        return 1;
    default:
        return 1;
    }
}

/* ---- hooks ---- */

static int hook_scalar(void *u, int role, int kind, const char *text, size_t len, double value)
{
    reader *R = u;
    if (R->failed) return 1;
    int ok = kind == K_STRING ? on_string(R, role, text, len) : on_number(R, role, value);
    return ok && !R->oom;
}

/* A container of role r was opened. */
static int hook_open(void *u, int r)
{
    reader *R = u;
    if (R->failed) return 1;
    switch (r) {
    case R_WF:
        R->seen_top |= 4;
        break;
    case R_SPEC:
        R->seen_wf |= 1;
        break;
    case R_EXEC:
        R->seen_wf |= 2;
        R->doc->has_exec = 1;
        break;
    case R_TASKS:
        if (R->version == 14)
            R->seen_wf |= 1;
        else
            R->seen_spec |= 1;
        break;
    case R_ETASKS:
        R->seen_exec |= 1;
        break;
    case R_DEPS0:
    case R_DEPS1:
        R->task_seen |= r == R_DEPS0 ? P_DEPS0 : P_DEPS1;
        R->task.dep_off[r == R_DEPS1] = (uint32_t)R->doc->nints;
        break;
    case R_FIN:
    case R_FOUT:
        R->task.file_off[r == R_FOUT] = (uint32_t)R->doc->nints;
        break;
    case R_F14S:
        R->task.file_off[0] = (uint32_t)R->doc->nf14;
        R->task.file_n[0] = 0;
        break;
    case R_MLIST:
        R->ex_seen |= P_MLIST;
        R->ex.flags &= 0xff; /* machines[0], if any, sets the machine */
        R->ex.machine = -1;
        break;
    default:
        open_record(R, r);
    }
    return 1;
}

/* The container of role r at the top of the stack ends: close its record. */
static int hook_close(void *u, int r)
{
    reader *R = u;
    int ok = 1;
    if (!R->failed) {
        switch (r) {
        case R_TASK:
            ok = close_task(R);
            break;
        case R_ETASK:
            ok = close_etask(R);
            break;
        case R_F14:
            ok = close_f14(R);
            break;
        case R_FILE:
            ok = close_file(R);
            break;
        case R_MACHINE:
            ok = close_machine(R);
            break;
        }
    }
    return ok && !R->oom;
}

static const hf_jshooks HOOKS = {hook_member, hook_element, hook_begin,
                                 hook_scalar, hook_open,    hook_close};

/* One pass over the file: HF_OK, or an error in ctx (R->restart: the caller prescans). */
static hf_err run_pass(reader *R, const char *path, int *named)
{
    int stopped;
    hf_err rc = hf_js_read(R->js, R->ctx, path, named, &stopped);
    if (rc) return rc;
    if (R->oom) return HF_ENOMEM;
    if (R->restart) return HF_OK;
    return R->failed ? R->ctx->errcode : HF_OK;
}

/* What the whole document must have, checked once it is read (in the order the fields are
 * looked up: version, name, workflow, then the layout's arrays). */
static hf_err check_top(reader *R)
{
    static const char *const what[] = {"schemaVersion", "name", "workflow"};
    static const int kinds[] = {K_STRING, K_STRING, K_OBJECT};
    hf_ctx *ctx = R->ctx;
    for (int k = 0; k < 3; k++)
        if (!(R->seen_top & (1 << k)))
            return hf_ctx_fail(ctx, HF_EINPUT, "%s: missing (%s is required)", what[k],
                               hf_js_kind_name[kinds[k]]);
    if (R->version == 14 && !(R->seen_wf & 1))
        return hf_ctx_fail(ctx, HF_EINPUT, "workflow.tasks: missing (an array is required)");
    if (R->version == 15 && !(R->seen_wf & 1))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "workflow.specification: missing (an object is required)");
    if (R->version == 15 && !(R->seen_spec & 1))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "workflow.specification.tasks: missing (an array is required)");
    if (R->version == 15 && (R->seen_wf & 2) && !(R->seen_exec & 1))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "workflow.execution.tasks: missing (an array is required)");
    return HF_OK;
}

static void reader_reset(reader *R)
{
    R->restart = R->failed = 0;
    R->seen_top = R->seen_wf = R->seen_spec = R->seen_exec = 0;
}

hf_err hf_wfdoc_read(hf_ctx *ctx, const char *path, hf_wfdoc *doc, int *named)
{
    reader R = {0};
    hf_err rc = HF_OK;
    memset(doc, 0, sizeof *doc);
    *named = 0;
    R.ctx = ctx;
    R.doc = doc;
    doc->arena = hf_arena_new();
    R.names = hf_strmap_new();
    R.js = hf_js_new(&HOOKS, &R);
    if (!doc->arena || !R.names || !R.js || hf_wfsyms_init(&doc->refs) ||
        hf_wfsyms_init(&doc->files) || hf_wfsyms_init(&doc->machines)) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    rc = run_pass(&R, path, named);
    if (!rc && R.restart) { /* schemaVersion comes after workflow: find it, then read again */
        reader_reset(&R);
        R.prescan = 1;
        rc = run_pass(&R, path, named);
        if (!rc && !R.version)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "schemaVersion: missing (a string is required)");
        reader_reset(&R);
        R.prescan = 0;
        if (!rc) rc = run_pass(&R, path, named);
    }
    if (!rc) rc = check_top(&R);
    if (!rc) { /* the builder needs symbols, not the maps to them: 4 MB each at 10^5 tasks */
        hf_wfsyms *all[3] = {&doc->refs, &doc->files, &doc->machines};
        for (int k = 0; k < 3; k++) {
            hf_strmap_free(all[k]->map);
            all[k]->map = NULL;
        }
        hf_wfdoc_fit(&doc->tasks, &doc->cap_tasks, doc->ntasks, sizeof *doc->tasks);
        hf_wfdoc_fit(&doc->execs, &doc->cap_execs, doc->nexecs, sizeof *doc->execs);
        hf_wfdoc_fit(&doc->ints, &doc->cap_ints, doc->nints, sizeof *doc->ints);
        hf_wfdoc_fit(&doc->f14, &doc->cap_f14, doc->nf14, sizeof *doc->f14);
    }
fail:
    hf_js_free(R.js);
    free(R.scratch);
    hf_strmap_free(R.names);
    return rc;
}
