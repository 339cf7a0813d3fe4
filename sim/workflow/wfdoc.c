/* wfdoc.c: the WfFormat records of wfdoc.h: interned symbols, shrinking, freeing. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "wfdoc.h"

int hf_wfsyms_init(hf_wfsyms *s)
{
    s->map = hf_strmap_new();
    return s->map ? 0 : -1;
}

static void syms_destroy(hf_wfsyms *s)
{
    hf_strmap_free(s->map);
    free(s->str);
    free(s->def);
}

int hf_wfsyms_intern(hf_wfdoc *doc, hf_wfsyms *s, const char *str)
{
    int k = hf_strmap_get(s->map, str);
    if (k >= 0) return k;
    if (s->n >= (size_t)INT32_MAX) return -1;
    size_t cap = s->cap;
    if (hf_grow((void **)&s->str, &cap, s->n + 1, sizeof *s->str) ||
        hf_grow((void **)&s->def, &s->cap, s->n + 1, sizeof *s->def))
        return -1;
    char *copy = hf_arena_strdup(doc->arena, str);
    if (!copy || hf_strmap_put(s->map, copy, (int)s->n) < 0) return -1;
    s->str[s->n] = copy;
    s->def[s->n] = -1;
    return (int)s->n++;
}

void hf_wfdoc_fit(void *arr, size_t *cap, size_t n, size_t sz)
{
    void **p = arr, *q;
    if (n == 0 || n == *cap || !(q = realloc(*p, n * sz))) return;
    *p = q;
    *cap = n;
}

void hf_wfdoc_destroy(hf_wfdoc *doc)
{
    syms_destroy(&doc->refs);
    syms_destroy(&doc->files);
    syms_destroy(&doc->machines);
    free(doc->tasks);
    free(doc->execs);
    free(doc->ints);
    free(doc->f14);
    free(doc->filedecl);
    free(doc->mach);
    hf_arena_free(doc->arena);
    memset(doc, 0, sizeof *doc);
}
