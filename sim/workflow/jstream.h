/* jstream.h: streaming JSON reading (yajl) for loaders that keep no document tree: a file read
 * in chunks, each value handed to hooks with the role its place gives it, the open containers
 * kept for JSON paths, and the syntax rules of a whole-document parse (jansson's, which the
 * WfFormat loader had) kept with line:column: a key given twice, nesting deeper than
 * HF_JS_MAX_DEPTH, a number beyond a double, \u0000 in a string or key are syntax errors. */
#ifndef HF_JSTREAM_H
#define HF_JSTREAM_H

#include <stddef.h>

#include "hetflow/hf_ctx.h"

#define HF_JS_MAX_DEPTH 2048 /* deepest nesting accepted (jansson's limit) */
#define HF_JS_TOP (-1)       /* the role asked for the top-level value */

/* kinds of JSON value */
enum { HF_JS_STRING, HF_JS_NUMBER, HF_JS_ARRAY, HF_JS_OBJECT, HF_JS_BOOL, HF_JS_NULL };

/* "a string", "a number", "an array", "an object", "a boolean", "null", by kind. */
extern const char *const hf_js_kind_name[6];

/* One open container. Role 0 means skipped: nothing inside reaches the hooks. */
typedef struct hf_jsframe {
    int role;        /* given by the hooks when it opened */
    int map;         /* 1: object, 0: array */
    int mrole;       /* object: role of the current member's value */
    size_t cur;      /* array: index of the current element */
    size_t n;        /* array: elements begun */
    const char *key; /* object: the current member's key (NUL-terminated), "" before the first */
} hf_jsframe;

typedef struct hf_jstream hf_jstream;

/* What a loader does with the values. Each returns 1 to go on, 0 to stop the read (out of
 * memory, or a reason of its own: hf_js_read then reports *stopped). */
typedef struct hf_jshooks {
    /* Role of member key of an object of role parent (> 0). */
    int (*member)(void *u, int parent, const char *key);
    /* Role of element index of an array of role parent (> 0). */
    int (*element)(void *u, int parent, size_t index);
    /* A value of kind begins where role want is expected (HF_JS_TOP at the top level, else
     * > 0): its role, 0 to skip it (e.g. of the wrong kind). *stop = 1 stops the read. */
    int (*begin)(void *u, int want, int kind, int *stop);
    /* A scalar of role role (> 0): text[0..len) as in the document for numbers (value is
     * its double), decoded for strings (no NUL inside); NULL for booleans and null. */
    int (*scalar)(void *u, int role, int kind, const char *text, size_t len, double value);
    /* A container of role role (> 0) was opened (it is the top frame) / is being closed (it is
     * still the top frame). */
    int (*open)(void *u, int role);
    int (*close)(void *u, int role);
} hf_jshooks;

/* New reader calling h with u. NULL when out of memory. */
hf_jstream *hf_js_new(const hf_jshooks *h, void *u);

/* Free it. Accepts NULL. */
void hf_js_free(hf_jstream *js);

/* Read the file at path through the hooks (again from the start at each call). HF_OK when the
 * document was read to its end or a hook stopped it (*stopped = 1); else HF_EIO (cannot open
 * or read, naming path), HF_EINPUT for syntax ("path:line:column: text"; line from 1, column
 * in characters from 1, into the offending token, one past the end for a cut document),
 * HF_ENOMEM; *named = 1 when ctx's message names the file. A UTF-8 byte order mark is
 * skipped. O(bytes). */
hf_err hf_js_read(hf_jstream *js, hf_ctx *ctx, const char *path, int *named, int *stopped);

/* Open containers: fr(js, 0) is the top level, fr(js, depth - 1) the innermost. */
size_t hf_js_depth(const hf_jstream *js);
hf_jsframe *hf_js_frame(hf_jstream *js, size_t d);

/* Format into buf (n bytes) the JSON path of the value open at depth d, i.e. the current member
 * or element of each of frames 0 .. d - 1 ("workflow.specification.tasks[3]"), then key as a
 * member when not NULL. */
void hf_js_path(const hf_jstream *js, size_t d, const char *key, char *buf, size_t n);

#endif
