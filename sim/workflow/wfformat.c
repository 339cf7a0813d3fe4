/* wfformat.c: loader of WfCommons WfFormat JSON instances, schema 1.4 to 1.6 (docs/formats.md). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/grow.h"
#include "core/strmap.h"
#include "hetflow/hf_workflow.h"

#define MHZ 1e6 /* flop/s per core per MHz: one flop per cycle per core (docs/formats.md) */

/* Where one schema version keeps what the loader reads. */
typedef struct layout {
    const char *tasks;     /* path of the task array holding structure (names, files, deps) */
    const char *exec;      /* path of the array holding runtimes (1.4: the task array itself) */
    const char *machines;  /* path of the machine array */
    const char *speed_key; /* machine CPU speed in MHz, relative to the machine object */
    const char *cores_key; /* task core count, in the runtime object */
} layout;

static const layout LAYOUT_14 = {"workflow.tasks", "workflow.tasks", "workflow.machines",
                                 "cpu.speed", "cores"};
static const layout LAYOUT_15 = {"workflow.specification.tasks", "workflow.execution.tasks",
                                 "workflow.execution.machines", "cpu.speedInMHz", "coreCount"};

/* A JSON location for messages, formatted only when a message needs it: arr[i].sub[j].key,
 * arr[i].key, or key alone when arr is NULL. */
typedef struct loc {
    const char *arr; /* array path ("workflow.specification.tasks") or NULL */
    size_t i;        /* index in arr */
    const char *sub; /* nested array of that element ("files") or NULL */
    size_t j;        /* index in sub */
} loc;

/* Members of task i's JSON objects that passes after the first one read (see members). */
typedef struct task_json {
    json_t *deps[2];    /* parents, children arrays (checked; NULL when absent) */
    json_t *files[2];   /* 1.5+: inputFiles, outputFiles; 1.4: files in files[0] */
    json_t *runtime[2]; /* runtimeInSeconds; 1.4: runtime, the pre-1.4 spelling */
    json_t *cores;      /* the layout's cores_key */
    json_t *machines;   /* 1.5+: list of node names */
    json_t *machine;    /* one node name */
} task_json;

typedef struct loader {
    hf_ctx *ctx;
    double ref_speed;    /* flop/s per core for tasks without a machine speed; 0 = none */
    const layout *lay;   /* where this version keeps things */
    int v14;             /* 1 for the flat 1.4 layout */
    hf_workflow *wf;     /* being built */
    json_t *tasks;       /* the task array (structure) */
    size_t n;            /* tasks */
    const char **names;  /* per task: its hetflow name (borrowed from the tree) */
    const char **ids;    /* per task, 1.5+: its id, until names are chosen */
    task_json *tj;       /* per task: its members read after scan_tasks (see members) */
    size_t nchildren;    /* entries in all children lists */
    json_t **exec;       /* per task: the object holding its runtime (NULL: none seen yet) */
    size_t *exec_at;     /* per task: index of exec[t] in its array, for messages */
    int use_ids;         /* 1.5+: task names repeat, so hetflow names tasks by id */
    hf_strmap *refs;     /* how parents/children refer to tasks (1.4 name, 1.5 id) -> index */
    hf_strmap *machines; /* nodeName -> index in speeds */
    double *speeds;      /* per machine: flop/s per core, 0 when the instance has none */
    int *in, *out;       /* file indices of the task being built */
    size_t cap_in, cap_out;
    int *file_mark; /* per file: 2 x task + direction of its last listing (duplicates) */
    size_t cap_file_mark;
} loader;

/* ---- messages and typed field access ---- */

static void loc_format(const loc *l, const char *key, char *buf, size_t n)
{
    int k = 0;
    if (l && l->arr) {
        k = snprintf(buf, n, "%s[%zu]", l->arr, l->i);
        if (l->sub && k >= 0 && (size_t)k < n)
            k += snprintf(buf + k, n - k, ".%s[%zu]", l->sub, l->j);
    }
    if (key && k >= 0 && (size_t)k < n) snprintf(buf + k, n - k, "%s%s", k ? "." : "", key);
}

static const char *type_name(const json_t *x)
{
    switch (json_typeof(x)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* kinds of JSON value the loader asks for */
enum { K_STRING, K_NUMBER, K_ARRAY, K_OBJECT };

static const char *const kind_name[] = {"a string", "a number", "an array", "an object"};

static int has_kind(const json_t *x, int kind)
{
    switch (kind) {
    case K_STRING:
        return json_is_string(x);
    case K_NUMBER:
        return json_is_number(x);
    case K_ARRAY:
        return json_is_array(x);
    default:
        return json_is_object(x);
    }
}

/* Check x (found at l.key) has the wanted kind; a string must be non-empty. */
static hf_err check_kind(loader *L, const json_t *x, const loc *l, const char *key, int kind)
{
    char p[256];
    if (!has_kind(x, kind)) {
        loc_format(l, key, p, sizeof p);
        return hf_ctx_fail(L->ctx, HF_EINPUT, "%s: expected %s, got %s", p, kind_name[kind],
                           type_name(x));
    }
    if (kind == K_STRING && json_string_length(x) == 0) {
        loc_format(l, key, p, sizeof p);
        return hf_ctx_fail(L->ctx, HF_EINPUT, "%s: must not be empty", p);
    }
    return HF_OK;
}

/* Member x (NULL when absent) of an object, found at l.key, with the wanted kind into *out.
 * Absent: an error naming the path when required, else *out = NULL. */
static hf_err check_member(loader *L, json_t *x, const loc *l, const char *key, int kind,
                           int required, json_t **out)
{
    *out = NULL;
    if (!x) {
        if (!required) return HF_OK;
        char p[256];
        loc_format(l, key, p, sizeof p);
        return hf_ctx_fail(L->ctx, HF_EINPUT, "%s: missing (%s is required)", p, kind_name[kind]);
    }
    if (check_kind(L, x, l, key, kind)) return L->ctx->errcode;
    *out = x;
    return HF_OK;
}

/* Member key of obj with the wanted kind into *out (see check_member). key may be dotted
 * ("cpu.speed") for messages; only its last segment is looked up in obj. */
static hf_err field(loader *L, const json_t *obj, const loc *l, const char *key, int kind,
                    int required, json_t **out)
{
    const char *dot = strrchr(key, '.');
    return check_member(L, json_object_get(obj, dot ? dot + 1 : key), l, key, kind, required, out);
}

/* String member x (NULL when absent), borrowed from the JSON tree (NULL when absent and
 * optional). */
static hf_err str_member(loader *L, json_t *x, const loc *l, const char *key, int required,
                         const char **out)
{
    *out = NULL;
    if (check_member(L, x, l, key, K_STRING, required, &x)) return L->ctx->errcode;
    if (x) *out = json_string_value(x);
    return HF_OK;
}

/* String member of obj (see str_member). */
static hf_err str_field(loader *L, const json_t *obj, const loc *l, const char *key, int required,
                        const char **out)
{
    const char *dot = strrchr(key, '.');
    return str_member(L, json_object_get(obj, dot ? dot + 1 : key), l, key, required, out);
}

/* Number member x (NULL when absent) into *out; *present says whether it was there (absent
 * leaves *out alone). */
static hf_err num_member(loader *L, json_t *x, const loc *l, const char *key, int required,
                         double *out, int *present)
{
    if (check_member(L, x, l, key, K_NUMBER, required, &x)) return L->ctx->errcode;
    if (present) *present = x != NULL;
    if (x) *out = json_number_value(x);
    return HF_OK;
}

/* Number member of obj (see num_member). */
static hf_err num_field(loader *L, const json_t *obj, const loc *l, const char *key, int required,
                        double *out, int *present)
{
    const char *dot = strrchr(key, '.');
    return num_member(L, json_object_get(obj, dot ? dot + 1 : key), l, key, required, out, present);
}

/* Element k of a string array (arr found at l.key). */
static hf_err str_elem(loader *L, const json_t *arr, size_t k, const loc *l, const char *key,
                       const char **out)
{
    json_t *x = json_array_get(arr, k);
    if (!json_is_string(x) || json_string_length(x) == 0) {
        char p[256], kk[96];
        snprintf(kk, sizeof kk, "%s[%zu]", key, k);
        loc_format(l, kk, p, sizeof p);
        return hf_ctx_fail(L->ctx, HF_EINPUT, "%s: expected a non-empty string, got %s", p,
                           json_is_string(x) ? "\"\"" : type_name(x));
    }
    *out = json_string_value(x);
    return HF_OK;
}

static hf_err oom(loader *L)
{
    return hf_ctx_fail(L->ctx, HF_ENOMEM, "out of memory");
}

/* ---- machines ---- */

/* Read the machine array (may be NULL): nodeName -> CPU speed in flop/s per core, 0 when the
 * machine states none. Machine names must be unique. */
static hf_err load_machines(loader *L, const json_t *arr)
{
    size_t n = arr ? json_array_size(arr) : 0;
    L->machines = hf_strmap_new();
    L->speeds = calloc(n ? n : 1, sizeof *L->speeds);
    if (!L->machines || !L->speeds) return oom(L);
    for (size_t i = 0; i < n; i++) {
        loc l = {L->lay->machines, i, NULL, 0};
        json_t *m = json_array_get(arr, i), *cpu;
        const char *node;
        double mhz = 0;
        int has_mhz = 0;
        if (check_kind(L, m, &l, NULL, K_OBJECT) || str_field(L, m, &l, "nodeName", 1, &node) ||
            field(L, m, &l, "cpu", K_OBJECT, 0, &cpu))
            return L->ctx->errcode;
        if (cpu && num_field(L, cpu, &l, L->lay->speed_key, 0, &mhz, &has_mhz))
            return L->ctx->errcode;
        if (has_mhz && !(mhz > 0)) {
            char p[256];
            loc_format(&l, L->lay->speed_key, p, sizeof p);
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "machine '%s' (%s): speed must be > 0 MHz, got %g", node, p, mhz);
        }
        int r = hf_strmap_put(L->machines, node, (int)i);
        if (r < 0) return oom(L);
        if (r == 1)
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "machine '%s' is declared twice (%s[%d] and [%zu])", node,
                               L->lay->machines, hf_strmap_get(L->machines, node), i);
        L->speeds[i] = has_mhz ? mhz * MHZ : 0;
    }
    return HF_OK;
}

/* ---- tasks ---- */

/* The members of task objects the loader reads. A task object is looked up once, by members()
 * into m[M_COUNT] (NULL when absent), and what later passes need is kept in its task_json: the
 * JSON tree is ~10 times the file (400 MB for a 42 MB 10^5-task file), so each object visited
 * again costs its cache misses again (looking the files and runtimes up in add_tasks made 0.8 M
 * of its 2.7 M last-level cache misses, callgrind with an 8 MiB cache, 10^5 tasks). Members are
 * kept unchecked and checked where they are used, so that messages, and which of several errors is
 * reported, are those of looking them up there. */
enum {
    M_NAME,
    M_ID,
    M_PARENTS,
    M_CHILDREN,
    M_INPUTS,      /* 1.5+ inputFiles; 1.4 files */
    M_OUTPUTS,     /* 1.5+ outputFiles */
    M_RUNTIME,     /* runtimeInSeconds */
    M_RUNTIME_OLD, /* 1.4: runtime, the pre-1.4 spelling */
    M_CORES,
    M_MACHINES, /* 1.5+: list of node names */
    M_MACHINE,
    M_COUNT
};

/* Keys of each member, per kind of object (NULL: not read there); M_CORES is the layout's
 * cores_key. */
static const char *const KEYS_14[M_COUNT] = {
    [M_NAME] = "name",    [M_PARENTS] = "parents",          [M_CHILDREN] = "children",
    [M_INPUTS] = "files", [M_RUNTIME] = "runtimeInSeconds", [M_RUNTIME_OLD] = "runtime",
    [M_CORES] = "cores",  [M_MACHINE] = "machine",
};
static const char *const KEYS_15_SPEC[M_COUNT] = {
    [M_NAME] = "name",         [M_ID] = "id",
    [M_PARENTS] = "parents",   [M_CHILDREN] = "children",
    [M_INPUTS] = "inputFiles", [M_OUTPUTS] = "outputFiles",
};
static const char *const KEYS_15_EXEC[M_COUNT] = {
    [M_ID] = "id",           [M_RUNTIME] = "runtimeInSeconds",
    [M_CORES] = "coreCount", [M_MACHINES] = "machines",
    [M_MACHINE] = "machine",
};

/* m[k] = member keys[k] of object obj, NULL when absent or keys[k] is NULL. */
static void members(const json_t *obj, const char *const keys[M_COUNT], json_t *m[M_COUNT])
{
    for (int k = 0; k < M_COUNT; k++)
        m[k] = keys[k] ? json_object_get(obj, keys[k]) : NULL;
}

/* Keep the members of an execution object (1.4: the task object) that task_cost reads. */
static void keep_exec(task_json *tj, json_t *const m[M_COUNT])
{
    tj->runtime[0] = m[M_RUNTIME];
    tj->runtime[1] = m[M_RUNTIME_OLD];
    tj->cores = m[M_CORES];
    tj->machines = m[M_MACHINES];
    tj->machine = m[M_MACHINE];
}

/* First look at every task: the fields that must be there, and the reference map (1.4: name,
 * 1.5+: id; duplicates are errors). In 1.5+, names are used as hetflow names only when all
 * are unique (they often repeat, e.g. the program name), else ids are. */
static hf_err scan_tasks(loader *L)
{
    hf_strmap *names = NULL;
    hf_err rc = HF_OK;
    size_t n1 = L->n ? L->n : 1;
    L->refs = hf_strmap_new();
    L->names = malloc(n1 * sizeof *L->names);
    L->ids = malloc(n1 * sizeof *L->ids);
    L->tj = calloc(n1, sizeof *L->tj);
    if (!L->v14) names = hf_strmap_new();
    /* the counts are known: one table each instead of ~11 doublings at 10^5 tasks */
    if (!L->refs || !L->names || !L->ids || !L->tj || (!L->v14 && !names) ||
        hf_strmap_reserve(L->refs, L->n) || (names && hf_strmap_reserve(names, L->n))) {
        rc = oom(L);
        goto fail;
    }
    for (size_t i = 0; i < L->n; i++) {
        loc l = {L->lay->tasks, i, NULL, 0};
        json_t *t = json_array_get(L->tasks, i), *m[M_COUNT];
        task_json *tj = &L->tj[i];
        const char *name, *id = NULL;
        if ((rc = check_kind(L, t, &l, NULL, K_OBJECT))) goto fail;
        members(t, L->v14 ? KEYS_14 : KEYS_15_SPEC, m);
        if ((rc = str_member(L, m[M_NAME], &l, "name", 1, &name))) goto fail;
        if (!L->v14 && (rc = str_member(L, m[M_ID], &l, "id", 1, &id))) goto fail;
        /* 1.5+ requires parents and children; 1.4 does not */
        if ((rc = check_member(L, m[M_PARENTS], &l, "parents", K_ARRAY, !L->v14, &tj->deps[0])) ||
            (rc = check_member(L, m[M_CHILDREN], &l, "children", K_ARRAY, !L->v14, &tj->deps[1])))
            goto fail;
        L->nchildren += json_array_size(tj->deps[1]);
        tj->files[0] = m[M_INPUTS];
        tj->files[1] = m[M_OUTPUTS];
        if (L->v14) keep_exec(tj, m); /* runtimes sit in the task objects themselves */
        L->names[i] = name;
        L->ids[i] = id;
        const char *ref = L->v14 ? name : id;
        int r = hf_strmap_put(L->refs, ref, (int)i);
        if (r < 0) {
            rc = oom(L);
            goto fail;
        }
        if (r == 1) {
            rc = hf_ctx_fail(L->ctx, HF_EINPUT, "task %s'%s' is declared twice (%s[%d] and [%zu])",
                             L->v14 ? "" : "id ", ref, L->lay->tasks, hf_strmap_get(L->refs, ref),
                             i);
            goto fail;
        }
        if (names && !L->use_ids) {
            r = hf_strmap_put(names, name, (int)i);
            if (r < 0) {
                rc = oom(L);
                goto fail;
            }
            L->use_ids = r == 1;
        }
    }
    if (L->use_ids) { /* hetflow names are the ids */
        const char **swap = L->names;
        L->names = L->ids;
        L->ids = swap;
    }
fail:
    hf_strmap_free(names);
    return rc;
}

/* 1.5+: attach each execution entry to its specification task. */
static hf_err scan_execution(loader *L, const json_t *arr)
{
    size_t n = json_array_size(arr);
    for (size_t k = 0; k < n; k++) {
        loc l = {L->lay->exec, k, NULL, 0};
        json_t *e = json_array_get(arr, k), *m[M_COUNT];
        const char *id;
        if (check_kind(L, e, &l, NULL, K_OBJECT)) return L->ctx->errcode;
        members(e, KEYS_15_EXEC, m);
        if (str_member(L, m[M_ID], &l, "id", 1, &id)) return L->ctx->errcode;
        int t = hf_strmap_get(L->refs, id);
        if (t < 0)
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "%s[%zu]: task id '%s' is not in workflow.specification.tasks",
                               L->lay->exec, k, id);
        if (L->exec[t])
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "task '%s' has two entries in %s ([%zu] and [%zu])", L->names[t],
                               L->lay->exec, L->exec_at[t], k);
        L->exec[t] = e;
        L->exec_at[t] = k;
        keep_exec(&L->tj[t], m);
    }
    return HF_OK;
}

/* The machine a task ran on: 1.5+ "machines" (list of node names; the first is used) or
 * "machine" (one name, the 1.5 schema's spelling); 1.4 "machine". NULL when none. */
static hf_err task_machine(loader *L, const task_json *tj, const loc *l, const char **out)
{
    json_t *list = NULL;
    *out = NULL;
    if (!L->v14 && check_member(L, tj->machines, l, "machines", K_ARRAY, 0, &list))
        return L->ctx->errcode;
    if (list) return json_array_size(list) ? str_elem(L, list, 0, l, "machines", out) : HF_OK;
    return str_member(L, tj->machine, l, "machine", 0, out);
}

/* CPU cost of task i: flops = runtime x cores x speed, where speed is its machine's (MHz x 1e6
 * flop/s per core) or ref_speed, so that the task takes its recorded runtime on its cores of a
 * node of that speed. cores = ceil(core count) (1 when absent). avgCPU is ignored. */
static hf_err task_cost(loader *L, size_t i, hf_task *t)
{
    const task_json *tj = &L->tj[i];
    const char *name = t->name;
    if (!L->exec[i])
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s' (%s[%zu]) has no entry in %s: its runtimeInSeconds is needed",
                           name, L->lay->tasks, i, L->lay->exec);
    loc l = {L->lay->exec, L->exec_at[i], NULL, 0};
    double runtime = 0, cores = 1;
    int has_rt = 0;
    const char *rt_key = "runtimeInSeconds", *machine;
    char p[256];
    if (num_member(L, tj->runtime[0], &l, rt_key, !L->v14, &runtime, &has_rt))
        return L->ctx->errcode;
    if (L->v14 && !has_rt) { /* the pre-1.4 spelling, still in 1.4 instances */
        rt_key = "runtime";
        if (num_member(L, tj->runtime[1], &l, rt_key, 0, &runtime, &has_rt)) return L->ctx->errcode;
    }
    if (!(runtime >= 0)) {
        loc_format(&l, rt_key, p, sizeof p);
        return hf_ctx_fail(L->ctx, HF_EINPUT, "task '%s' (%s): runtime must be >= 0 s, got %g",
                           name, p, runtime);
    }
    if (num_member(L, tj->cores, &l, L->lay->cores_key, 0, &cores, NULL)) return L->ctx->errcode;
    if (!(cores >= 1) || cores > 1e6) {
        loc_format(&l, L->lay->cores_key, p, sizeof p);
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s' (%s): core count must be in [1, 1e6], got %g", name, p,
                           cores);
    }
    t->cores = (int)ceil(cores);
    if (task_machine(L, tj, &l, &machine)) return L->ctx->errcode;
    double speed = 0;
    if (machine) {
        int m = hf_strmap_get(L->machines, machine);
        if (m < 0)
            return hf_ctx_fail(L->ctx, HF_EINPUT, "task '%s': machine '%s' is not in %s", name,
                               machine, L->lay->machines);
        speed = L->speeds[m];
    }
    if (speed == 0) speed = L->ref_speed;
    if (!(speed > 0) && runtime > 0) { /* a zero runtime is one flop at any speed (below) */
        char why[256];
        if (machine)
            snprintf(why, sizeof why, "machine '%s' has no CPU speed (%s)", machine,
                     L->lay->speed_key);
        else
            snprintf(why, sizeof why, "it names no machine");
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s': %s, and no reference speed (flop/s per core) was given to "
                           "convert its runtime (%g s) to flops; give the speed the runtimes were "
                           "measured at with --reference-speed on the command line (e.g. "
                           "--reference-speed 2Gf) or with reference_speed in "
                           "hetflow.workflow(path, {reference_speed = \"2Gf\"})",
                           name, why, runtime);
    }
    t->cpu.set = 1;
    t->cpu.flops = runtime > 0 ? runtime * t->cores * speed : 0;
    /* hetflow has no zero-cost task: a zero runtime becomes one flop (docs/formats.md) */
    if (t->cpu.flops == 0) t->cpu.flops = 1;
    return HF_OK;
}

/* Append file f to list (*arr, *n) unless this task listed it already in the same direction
 * (mark = 2 x task + dir, so a file both read and written still reaches hf_workflow_add_task,
 * which refuses it). */
static hf_err push_file(loader *L, int **arr, size_t *cap, int *n, int f, int mark)
{
    if (L->file_mark[f] == mark) return HF_OK;
    L->file_mark[f] = mark;
    if (hf_grow((void **)arr, cap, (size_t)*n + 1, sizeof **arr)) return oom(L);
    (*arr)[(*n)++] = f;
    return HF_OK;
}

/* Make room in file_mark for every file declared so far (new entries unmarked). */
static hf_err mark_room(loader *L)
{
    size_t old = L->cap_file_mark;
    if (hf_grow((void **)&L->file_mark, &L->cap_file_mark, L->wf->nfiles + 1, sizeof(int)))
        return oom(L);
    for (size_t k = old; k < L->cap_file_mark; k++)
        L->file_mark[k] = -1;
    return HF_OK;
}

/* 1.5+: a task's inputFiles / outputFiles, ids of workflow.specification.files. */
static hf_err files_15(loader *L, size_t i, hf_task *ht)
{
    loc l = {L->lay->tasks, i, NULL, 0};
    static const char *const keys[2] = {"inputFiles", "outputFiles"};
    for (int dir = 0; dir < 2; dir++) {
        json_t *arr;
        if (check_member(L, L->tj[i].files[dir], &l, keys[dir], K_ARRAY, 0, &arr))
            return L->ctx->errcode;
        size_t n = arr ? json_array_size(arr) : 0;
        for (size_t k = 0; k < n; k++) {
            const char *id;
            if (str_elem(L, arr, k, &l, keys[dir], &id)) return L->ctx->errcode;
            int f = hf_workflow_find_file(L->wf, id);
            if (f < 0)
                return hf_ctx_fail(L->ctx, HF_EINPUT,
                                   "task '%s': %s file '%s' is not in workflow.specification.files",
                                   ht->name, dir ? "output" : "input", id);
            if (dir ? push_file(L, &L->out, &L->cap_out, &ht->noutputs, f, 2 * (int)i + 1)
                    : push_file(L, &L->in, &L->cap_in, &ht->ninputs, f, 2 * (int)i))
                return L->ctx->errcode;
        }
    }
    return HF_OK;
}

/* 1.4: a task's files [{name, sizeInBytes (or size), link: input|output}]; a file is declared
 * where it is first mentioned, with the size given there. */
static hf_err files_14(loader *L, size_t i, hf_task *ht)
{
    loc l = {L->lay->tasks, i, NULL, 0};
    json_t *arr;
    if (check_member(L, L->tj[i].files[0], &l, "files", K_ARRAY, 0, &arr)) return L->ctx->errcode;
    size_t n = arr ? json_array_size(arr) : 0;
    for (size_t k = 0; k < n; k++) {
        loc fl = {L->lay->tasks, i, "files", k};
        json_t *fo = json_array_get(arr, k);
        const char *name, *link, *size_key = "sizeInBytes";
        double size = 0;
        int has_size = 0;
        char p[256];
        if (check_kind(L, fo, &fl, NULL, K_OBJECT) || str_field(L, fo, &fl, "name", 1, &name) ||
            str_field(L, fo, &fl, "link", 1, &link) ||
            num_field(L, fo, &fl, size_key, 0, &size, &has_size))
            return L->ctx->errcode;
        if (!has_size) {
            size_key = "size"; /* the pre-1.4 spelling */
            if (num_field(L, fo, &fl, size_key, 0, &size, &has_size)) return L->ctx->errcode;
        }
        if (!has_size) {
            loc_format(&fl, "sizeInBytes", p, sizeof p);
            return hf_ctx_fail(L->ctx, HF_EINPUT, "%s: missing (a number is required)", p);
        }
        int out = strcmp(link, "output") == 0;
        if (!out && strcmp(link, "input") != 0) {
            loc_format(&fl, "link", p, sizeof p);
            return hf_ctx_fail(L->ctx, HF_EINPUT, "%s: must be \"input\" or \"output\", got \"%s\"",
                               p, link);
        }
        int f = hf_workflow_find_file(L->wf, name);
        if (f < 0) {
            if (!(size >= 0)) {
                loc_format(&fl, size_key, p, sizeof p);
                return hf_ctx_fail(L->ctx, HF_EINPUT,
                                   "file '%s' of task '%s' (%s): size must be >= 0 bytes, got %g",
                                   name, ht->name, p, size);
            }
            f = hf_workflow_add_file(L->ctx, L->wf, name, size, NULL);
            if (f < 0 || mark_room(L)) return L->ctx->errcode;
        }
        if (out ? push_file(L, &L->out, &L->cap_out, &ht->noutputs, f, 2 * (int)i + 1)
                : push_file(L, &L->in, &L->cap_in, &ht->ninputs, f, 2 * (int)i))
            return L->ctx->errcode;
    }
    return HF_OK;
}

/* Build and add every task, in instance order (task i gets index i). */
static hf_err add_tasks(loader *L)
{
    /* the workflow's task map, sized once (it is there until hf_workflow_finalize) */
    if (hf_strmap_reserve(L->wf->task_index, L->n)) return oom(L);
    if (mark_room(L)) return L->ctx->errcode;
    for (size_t i = 0; i < L->n; i++) {
        hf_task ht = {0};
        ht.name = (char *)L->names[i];
        if (L->v14 ? files_14(L, i, &ht) : files_15(L, i, &ht)) return L->ctx->errcode;
        if (task_cost(L, i, &ht)) return L->ctx->errcode;
        ht.inputs = L->in;
        ht.outputs = L->out;
        if (hf_workflow_add_task(L->ctx, L->wf, &ht) < 0) return L->ctx->errcode;
    }
    return HF_OK;
}

/* ---- dependencies ---- */

/* Resolve element k of task i's parents/children list to a task index. */
static hf_err resolve(loader *L, size_t i, const json_t *arr, size_t k, const char *key, int *out)
{
    loc l = {L->lay->tasks, i, NULL, 0};
    const char *ref;
    if (str_elem(L, arr, k, &l, key, &ref)) return L->ctx->errcode;
    *out = hf_strmap_get(L->refs, ref);
    if (*out < 0)
        return hf_ctx_fail(L->ctx, HF_EINPUT, "task '%s': %s '%s' does not exist",
                           L->wf->tasks[i].name, strcmp(key, "parents") == 0 ? "parent" : "child",
                           ref);
    return HF_OK;
}

/* Explicit edges from parents and children lists, each (parent, child) once and only when no
 * file of the child is written by the parent (file edges are implied). A task's children
 * lists are turned into per-child lists first (counting sort), then each child's declared
 * parents are merged with a mark per parent: O(tasks + files + listed dependencies). */
static hf_err add_edges(loader *L)
{
    hf_workflow *wf = L->wf;
    size_t n = L->n, m = L->nchildren;
    int *off = NULL, *from = NULL, *pairs = NULL, *mark = NULL;
    hf_err rc = HF_OK;
    off = calloc(n + 2, sizeof *off);
    from = malloc((m ? m : 1) * sizeof *from);
    pairs = malloc((m ? 2 * m : 1) * sizeof *pairs);
    mark = malloc((n ? n : 1) * sizeof *mark);
    if (!off || !from || !pairs || !mark) {
        rc = oom(L);
        goto fail;
    }
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *ch = L->tj[i].deps[1];
        for (size_t k = 0; k < json_array_size(ch); k++, np++) {
            if ((rc = resolve(L, i, ch, k, "children", &pairs[2 * np + 1]))) goto fail;
            pairs[2 * np] = (int)i;
            off[pairs[2 * np + 1] + 2]++;
        }
    }
    for (size_t c = 0; c < n; c++) /* off[c + 1] = start of c's list, then the fill cursor */
        off[c + 2] += off[c + 1];
    for (size_t k = 0; k < np; k++)
        from[off[pairs[2 * k + 1] + 1]++] = pairs[2 * k];
    for (size_t i = 0; i < n; i++)
        mark[i] = -1;
    for (size_t c = 0; c < n; c++) {
        const hf_task *t = &wf->tasks[c];
        for (int k = 0; k < t->ninputs; k++) {
            int p = wf->files[t->inputs[k]].producer;
            if (p >= 0) mark[p] = (int)c;
        }
        json_t *par = L->tj[c].deps[0];
        size_t npar = json_array_size(par), nch = (size_t)(off[c + 1] - off[c]);
        for (size_t k = 0; k < npar + nch; k++) {
            int p;
            if (k < npar) {
                if ((rc = resolve(L, c, par, k, "parents", &p))) goto fail;
            } else {
                p = from[off[c] + (k - npar)];
            }
            if (mark[p] == (int)c) continue;
            mark[p] = (int)c;
            if ((rc = hf_workflow_add_edge(L->ctx, wf, p, (int)c))) goto fail;
        }
    }
fail:
    free(off);
    free(from);
    free(pairs);
    free(mark);
    return rc;
}

/* ---- parsing ---- */

/* jansson's allocator during one parse. A 10^5-task instance is ~10^7 small JSON allocations
 * (400 MB for a 42 MB file): with malloc, allocating and freeing them one by one took 40 % of
 * the load (3.5 s -> 1.4 s with an arena). The tree is freed at once with its arena (a large
 * one: mapped blocks with huge pages, core/arena.h), so jansson's frees are no-ops. jansson's
 * hooks take no user pointer, hence this file-scope arena, set only while jansson parses: not
 * thread-safe (one hetflow run is one thread). */
static hf_arena *parse_arena;

static void *arena_malloc(size_t n)
{
    return hf_arena_alloc(parse_arena, n ? n : 1);
}

static void arena_free_one(void *p)
{
    (void)p; /* the whole tree goes at once, with its arena */
}

/* jansson's reader for json_load_callback: whole buffers from stdio. With json_loadf, jansson
 * reads one character at a time through getc: 8 % of the parse's instructions for 10^5 tasks
 * (0.68 of 8.33 G); through this reader the parse takes 8.09 G (callgrind; below the noise of
 * wall-clock timings). */
static size_t read_chunk(void *buf, size_t len, void *data)
{
    FILE *fp = data;
    size_t n = fread(buf, 1, len, fp);
    return n == 0 && ferror(fp) ? (size_t)-1 : n;
}

/* Parse path into *root, a tree allocated in *mem (created here, also on failure: free it
 * with hf_arena_free, never json_decref the tree). jansson's allocator is restored before
 * returning, so other jansson users are unaffected; the tree must then only be read
 * (json_*_get, json_*_value). Failures name path: HF_EIO when it cannot be opened or read,
 * HF_EINPUT "path:line:column: text" for JSON syntax (jansson's message), HF_ENOMEM. */
static hf_err parse(hf_ctx *ctx, const char *path, hf_arena **mem, json_t **root)
{
    json_malloc_t old_malloc;
    json_free_t old_free;
    json_error_t err;
    hf_err rc = HF_OK;
    FILE *fp = fopen(path, "rb");
    *root = NULL;
    *mem = hf_arena_new_large();
    if (!fp) {
        rc = hf_ctx_fail(ctx, HF_EIO, "cannot open '%s': %s", path, strerror(errno));
        goto fail;
    }
    if (!*mem) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    json_get_alloc_funcs(&old_malloc, &old_free);
    parse_arena = *mem;
    json_set_alloc_funcs(arena_malloc, arena_free_one);
    /* duplicate keys would otherwise be last-wins, silently; the check is a hash lookup per key
     * (2.6 % of the parse's instructions for 10^5 tasks) */
    *root = json_load_callback(read_chunk, fp, JSON_REJECT_DUPLICATES, &err);
    json_set_alloc_funcs(old_malloc, old_free);
    parse_arena = NULL;
    if (!*root && ferror(fp)) /* e.g. a directory: jansson would only see an empty input */
        rc = hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': %s", path, strerror(errno));
    else if (!*root && json_error_code(&err) == json_error_out_of_memory)
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    else if (!*root)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%d:%d: %s", path, err.line, err.column, err.text);
fail:
    if (fp) fclose(fp);
    return rc;
}

/* ---- versions ---- */

static hf_err load_14(loader *L, json_t *wfo)
{
    json_t *machines;
    loc top = {0};
    if (field(L, wfo, &top, "workflow.tasks", K_ARRAY, 1, &L->tasks) ||
        field(L, wfo, &top, "workflow.machines", K_ARRAY, 0, &machines))
        return L->ctx->errcode;
    L->n = json_array_size(L->tasks);
    L->exec = malloc((L->n ? L->n : 1) * sizeof *L->exec);
    L->exec_at = malloc((L->n ? L->n : 1) * sizeof *L->exec_at);
    if (!L->exec || !L->exec_at) return oom(L);
    for (size_t i = 0; i < L->n; i++) { /* runtimes sit in the task objects themselves */
        L->exec[i] = json_array_get(L->tasks, i);
        L->exec_at[i] = i;
    }
    if (load_machines(L, machines) || scan_tasks(L) || add_tasks(L) || add_edges(L))
        return L->ctx->errcode;
    return HF_OK;
}

static hf_err load_15(loader *L, json_t *wfo)
{
    json_t *spec, *files, *exec = NULL, *etasks = NULL, *machines = NULL;
    loc top = {0};
    if (field(L, wfo, &top, "workflow.specification", K_OBJECT, 1, &spec) ||
        field(L, spec, &top, "workflow.specification.tasks", K_ARRAY, 1, &L->tasks) ||
        field(L, spec, &top, "workflow.specification.files", K_ARRAY, 0, &files) ||
        field(L, wfo, &top, "workflow.execution", K_OBJECT, 0, &exec))
        return L->ctx->errcode;
    if (exec && (field(L, exec, &top, "workflow.execution.tasks", K_ARRAY, 1, &etasks) ||
                 field(L, exec, &top, "workflow.execution.machines", K_ARRAY, 0, &machines)))
        return L->ctx->errcode;
    size_t nf = files ? json_array_size(files) : 0;
    /* the workflow's file map, sized once (it is there until hf_workflow_finalize) */
    if (hf_strmap_reserve(L->wf->file_index, nf)) return oom(L);
    for (size_t k = 0; k < nf; k++) {
        loc l = {"workflow.specification.files", k, NULL, 0};
        json_t *fo = json_array_get(files, k);
        const char *id;
        double size = 0;
        if (check_kind(L, fo, &l, NULL, K_OBJECT) || str_field(L, fo, &l, "id", 1, &id) ||
            num_field(L, fo, &l, "sizeInBytes", 1, &size, NULL))
            return L->ctx->errcode;
        if (!(size >= 0))
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "file '%s' (workflow.specification.files[%zu].sizeInBytes): size "
                               "must be >= 0 bytes, got %g",
                               id, k, size);
        if (hf_workflow_add_file(L->ctx, L->wf, id, size, NULL) < 0) return L->ctx->errcode;
    }
    L->n = json_array_size(L->tasks);
    L->exec = calloc(L->n ? L->n : 1, sizeof *L->exec);
    L->exec_at = calloc(L->n ? L->n : 1, sizeof *L->exec_at);
    if (!L->exec || !L->exec_at) return oom(L);
    if (scan_tasks(L) || load_machines(L, machines) || (etasks && scan_execution(L, etasks)) ||
        add_tasks(L) || add_edges(L))
        return L->ctx->errcode;
    return HF_OK;
}

hf_err hf_workflow_load_wfformat(hf_ctx *ctx, const char *path, double ref_speed, hf_workflow **out)
{
    loader L = {0};
    json_t *root = NULL, *wfo;
    hf_arena *mem = NULL; /* holds root */
    const char *version, *name;
    int prefix = 1; /* messages get "path: " in front, except those that already name it */
    hf_err rc = HF_OK;
    loc top = {0};
    *out = NULL;
    L.ctx = ctx;
    L.ref_speed = ref_speed > 0 ? ref_speed : 0;
    if ((rc = parse(ctx, path, &mem, &root))) {
        prefix = 0; /* its messages name the file */
        goto fail;
    }
    if (!json_is_object(root)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "expected a JSON object at the top level, got %s",
                         type_name(root));
        goto fail;
    }
    if ((rc = str_field(&L, root, &top, "schemaVersion", 1, &version))) goto fail;
    if (strcmp(version, "1.4") == 0) {
        L.lay = &LAYOUT_14;
        L.v14 = 1;
    } else if (strcmp(version, "1.5") == 0 || strcmp(version, "1.6") == 0) {
        L.lay = &LAYOUT_15;
    } else {
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "unsupported schemaVersion '%s' (supported: 1.4, 1.5, 1.6; WfFormat's "
                         "wfcommons-migrate-instance.py upgrades older instances)",
                         version);
        goto fail;
    }
    if ((rc = str_field(&L, root, &top, "name", 1, &name)) ||
        (rc = field(&L, root, &top, "workflow", K_OBJECT, 1, &wfo)))
        goto fail;
    L.wf = hf_workflow_new(name);
    if (!L.wf) {
        rc = oom(&L);
        goto fail;
    }
    if ((rc = L.v14 ? load_14(&L, wfo) : load_15(&L, wfo))) goto fail;
    if ((rc = hf_workflow_finalize(ctx, L.wf))) goto fail;
    *out = L.wf;
    L.wf = NULL;
fail:
    if (rc && prefix) hf_ctx_prefix(ctx, "%s", path);
    hf_workflow_free(L.wf);
    hf_strmap_free(L.refs);
    hf_strmap_free(L.machines);
    free(L.speeds);
    free(L.names);
    free(L.ids);
    free(L.tj);
    free(L.exec);
    free(L.exec_at);
    free(L.in);
    free(L.out);
    free(L.file_mark);
    hf_arena_free(mem); /* the JSON tree (see parse) */
    return rc;
}
