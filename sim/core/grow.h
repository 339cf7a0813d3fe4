/* grow.h: geometric growth of a heap array, shared by every module that appends. */
#ifndef HF_GROW_H
#define HF_GROW_H

#include <stddef.h>

/* Make *arr (elements of sz bytes, capacity *cap) hold at least need elements, doubling from
 * 16. Returns 0, or -1 (nothing changed) when out of memory or on size overflow. Amortised
 * O(1) per appended element. */
int hf_grow(void **arr, size_t *cap, size_t need, size_t sz);

#endif
