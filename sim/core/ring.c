/* ring.c: FIFO in a growing ring buffer (ring.h). */
#include <stdlib.h>
#include <string.h>

#include "core/ring.h"

int hf_ring_push(hf_ring *r, const void *x)
{
    if (r->len == r->cap) {
        size_t ncap = r->cap ? 2 * r->cap : 16;
        if (ncap < r->cap || ncap > (size_t)-1 / r->elem) return -1;
        unsigned char *nb = malloc(ncap * r->elem);
        if (!nb) return -1;
        for (size_t i = 0; i < r->len; i++) /* oldest first, from slot 0 */
            memcpy(nb + i * r->elem, r->buf + ((r->head + i) % r->cap) * r->elem, r->elem);
        free(r->buf);
        r->buf = nb;
        r->cap = ncap;
        r->head = 0;
    }
    memcpy(r->buf + ((r->head + r->len) % r->cap) * r->elem, x, r->elem);
    r->len++;
    return 0;
}

void hf_ring_free(hf_ring *r)
{
    free(r->buf);
    *r = (hf_ring){.elem = r->elem};
}
