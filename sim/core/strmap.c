/* strmap.c: string -> int hash map (FNV-1a, linear probing, load factor <= 1/2). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"

struct hf_strmap {
    const char **keys; /* borrowed keys, NULL = empty slot */
    int *vals;
    size_t cap; /* power of two */
    size_t n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

hf_strmap *hf_strmap_new(void)
{
    hf_strmap *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cap = 64;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals) {
        hf_strmap_free(m);
        return NULL;
    }
    return m;
}

void hf_strmap_free(hf_strmap *m)
{
    if (!m) return;
    free(m->keys);
    free(m->vals);
    free(m);
}

static int grow(hf_strmap *m)
{
    size_t ncap = m->cap * 2;
    const char **nk = calloc(ncap, sizeof *nk);
    int *nv = calloc(ncap, sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = hash(m->keys[i]) & (ncap - 1);
        while (nk[j])
            j = (j + 1) & (ncap - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

int hf_strmap_put(hf_strmap *m, const char *key, int value)
{
    if (2 * (m->n + 1) > m->cap && grow(m) != 0) return -1;
    size_t j = hash(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) return 1;
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = value;
    m->n++;
    return 0;
}

int hf_strmap_get(const hf_strmap *m, const char *key)
{
    size_t j = hash(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}
