/* grow.c: geometric growth of a heap array. */
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"

int hf_grow(void **arr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return -1;
        ncap *= 2;
    }
    if (sz && ncap > SIZE_MAX / sz) return -1;
    void *na = realloc(*arr, ncap * sz);
    if (!na) return -1;
    *arr = na;
    *cap = ncap;
    return 0;
}
