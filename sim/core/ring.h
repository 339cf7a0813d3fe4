/* ring.h: a first-in first-out queue of fixed-size items in a ring buffer that doubles when
 * full, keeping the order: the per-resource task queues of the executor and the per-node
 * transfer requests of concurrent stage-in. */
#ifndef HF_RING_H
#define HF_RING_H

#include <stddef.h>

typedef struct hf_ring {
    unsigned char *buf;
    size_t elem;            /* bytes per item, set before the first push */
    size_t cap, head, len;  /* capacity, oldest item's slot, items queued */
} hf_ring;

/* An empty ring of items of type T. */
#define HF_RING_OF(T) ((hf_ring){.elem = sizeof(T)})

/* Append the item at x (r->elem bytes), growing the buffer (16, then doubling). 0, or -1 when
 * out of memory (nothing changed). Amortised O(1). */
int hf_ring_push(hf_ring *r, const void *x);

/* The oldest item (r->len > 0), valid until the next push or pop. */
static inline void *hf_ring_head(const hf_ring *r)
{
    return r->buf + r->head * r->elem;
}

/* Drop the oldest item (r->len > 0). */
static inline void hf_ring_pop(hf_ring *r)
{
    r->head = (r->head + 1) % r->cap;
    r->len--;
}

/* Free the buffer; the ring is empty again (same item size). */
void hf_ring_free(hf_ring *r);

#endif
