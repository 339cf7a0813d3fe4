/* arena.c: bump allocator in 64 KiB blocks (larger requests get a block of their own). */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define BLOCK (64 * 1024)

typedef struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} block;

struct hf_arena {
    block *head;     /* current block, followed by the full ones */
};

hf_arena *hf_arena_new(void)
{
    return calloc(1, sizeof(hf_arena));
}

void hf_arena_free(hf_arena *a)
{
    if (!a) return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *hf_arena_alloc(hf_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7; /* 8-byte alignment: enough for int, double and pointers */
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK / 4 ? n : BLOCK;
        block *nb = malloc(sizeof *nb + size);
        if (!nb) return NULL;
        nb->size = size;
        nb->used = 0;
        if (size == BLOCK || !b) { /* becomes the current block */
            nb->next = b;
            a->head = nb;
        } else { /* a big one-off: keep filling the current block */
            nb->next = b->next;
            b->next = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *hf_arena_strdup(hf_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = hf_arena_alloc(a, n);
    if (d) memcpy(d, s, n);
    return d;
}
