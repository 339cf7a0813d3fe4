/* wfdoc.h: the compact records the streaming WfFormat reader (wfstream.c) leaves for the
 * workflow builder (wfformat.c): one per task, execution entry, file mention and machine, every
 * reference an interned symbol, resolved only once the whole document has been read, so that
 * WfFormat's keys may come in any order (files after tasks, execution before specification). */
#ifndef HF_WFDOC_H
#define HF_WFDOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/strmap.h"
#include "hetflow/hf_ctx.h"

/* Interned strings: string -> symbol (0, 1, ...) and back. */
typedef struct hf_wfsyms {
    hf_strmap *map; /* string -> symbol; keys are str[]; NULL once hf_wfdoc_read returns */
    char **str;     /* per symbol: the string, in the document's arena */
    int *def;       /* per symbol: index of the record declaring it, -1 = only referenced */
    size_t n, cap;
} hf_wfsyms;

/* One task object (1.4: workflow.tasks[i]; 1.5+: workflow.specification.tasks[i]). */
typedef struct hf_wftask {
    const char *name;     /* its "name", in the arena (1.4: the ref symbol's string) */
    int ref;              /* symbol in refs: 1.5+ its id, 1.4 its name */
    uint32_t dep_off[2];  /* parents, children: symbols of refs in ints[dep_off], dep_n of them */
    uint32_t dep_n[2];    /* (0 when the list is absent) */
    uint32_t file_off[2]; /* 1.5+: inputFiles, outputFiles: symbols of files in ints[]; */
    uint32_t file_n[2];   /*   1.4: [0] indexes f14[], [1] unused */
} hf_wftask;

enum {
    HF_WFX_RT_OLD = 1, /* 1.4: the runtime came from "runtime", the pre-1.4 spelling */
};

/* One execution entry (1.5+: workflow.execution.tasks[k]; 1.4: the task object itself). */
typedef struct hf_wfexec {
    double runtime; /* s, as read (checked by the builder); 0 when absent (1.4 only) */
    double cores;   /* core count as read; 1 when absent */
    int task;       /* 1.5+: symbol of its id in refs; 1.4: the task index */
    int machine;    /* symbol in machines of the node it ran on, -1 = none */
    int flags;      /* HF_WFX_* */
} hf_wfexec;

/* 1.4: one entry of a task's files list, in order. */
typedef struct hf_wff14 {
    double size;  /* bytes, as read (checked by the builder) */
    int file;     /* symbol in files */
    int out;      /* 1: link "output", 0: "input" */
    int size_old; /* 1: the size came from "size", the pre-1.4 spelling */
} hf_wff14;

/* 1.5+: one entry of workflow.specification.files, in order. */
typedef struct hf_wffile {
    double size; /* bytes, >= 0 (checked while reading) */
    int file;    /* symbol in files */
} hf_wffile;

/* One machine (1.4: workflow.machines[k]; 1.5+: workflow.execution.machines[k]). */
typedef struct hf_wfmachine {
    double speed; /* flop/s per core (MHz x 1e6), 0 when the machine states none */
} hf_wfmachine;

/* Everything the builder needs from one instance; strings live in arena. */
typedef struct hf_wfdoc {
    int v14;          /* 1: schema 1.4 (flat layout), 0: 1.5 or 1.6 */
    const char *name; /* the instance's name */
    int has_exec;     /* 1.5+: workflow.execution is present */
    int use_ids;      /* 1.5+: some task names repeat, so hetflow names tasks by id */
    hf_arena *arena;
    hf_wfsyms refs;     /* how parents/children refer to tasks (1.4 name, 1.5+ id) */
    hf_wfsyms files;    /* file names (1.4) / ids (1.5+); def unused */
    hf_wfsyms machines; /* node names; def = index in mach */
    hf_wftask *tasks;
    size_t ntasks, cap_tasks;
    hf_wfexec *execs;
    size_t nexecs, cap_execs;
    int *ints; /* symbol lists of tasks (hf_wftask offsets) */
    size_t nints, cap_ints;
    hf_wff14 *f14;
    size_t nf14, cap_f14;
    hf_wffile *filedecl;
    size_t nfiledecl, cap_filedecl;
    hf_wfmachine *mach;
    size_t nmach, cap_mach;
    size_t nchildren; /* entries of all children lists */
} hf_wfdoc;

/* Read the WfFormat instance at path into *doc (zeroed here; free with hf_wfdoc_destroy, also
 * on failure), in one streaming pass (two when schemaVersion comes after workflow: the first
 * only looks for it). Memory: the records, never a JSON tree. Checks what one object shows:
 * JSON syntax (messages "path:line:column: text", the message then names the file), kinds
 * and presence of the fields read, values checkable without other objects, duplicate
 * declarations; a syntax error anywhere wins over any other error, as with a whole-document
 * parse. Other failures: HF_EINPUT with the JSON path (the caller prefixes the file), HF_EIO
 * naming the file, HF_ENOMEM. *named is set to 1 when the message already names the file. */
hf_err hf_wfdoc_read(hf_ctx *ctx, const char *path, hf_wfdoc *doc, int *named);

/* Make s an empty table. -1 when out of memory. */
int hf_wfsyms_init(hf_wfsyms *s);

/* Symbol of str (NUL-terminated; copied into doc's arena when new, with def -1). -1 when out
 * of memory. O(1) expected. */
int hf_wfsyms_intern(hf_wfdoc *doc, hf_wfsyms *s, const char *str);

/* Shrink the array *arr (a pointer to the array pointer) of capacity *cap to n elements of sz
 * bytes: growth by doubling leaves up to half unused. Unchanged when realloc fails. */
void hf_wfdoc_fit(void *arr, size_t *cap, size_t n, size_t sz);

/* Free what doc holds. Accepts a zeroed doc. */
void hf_wfdoc_destroy(hf_wfdoc *doc);

#endif
