/* arena.h: bump allocator for many small immutable allocations (names, index lists) freed
 * together: no per-object malloc header, pointers stay valid until the arena is freed. */
#ifndef HF_ARENA_H
#define HF_ARENA_H

#include <stddef.h>

typedef struct hf_arena hf_arena;

/* New empty arena of 64 KiB blocks. NULL when out of memory. */
hf_arena *hf_arena_new(void);

/* New empty arena for a large, short-lived structure (hundreds of MB): blocks double up to
 * 8 MiB, mapped directly, with transparent huge pages. NULL when out of memory. */
hf_arena *hf_arena_new_large(void);

/* Free the arena and everything allocated from it. Accepts NULL. */
void hf_arena_free(hf_arena *a);

/* n bytes aligned to 8 (int, double, pointers); NULL when out of memory. Amortised O(1). */
void *hf_arena_alloc(hf_arena *a, size_t n);

/* Copy of the NUL-terminated s; NULL when out of memory. */
char *hf_arena_strdup(hf_arena *a, const char *s);

#endif
