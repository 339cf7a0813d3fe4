/* strmap.h: string -> int hash map (open addressing) for name lookups at 10^6-entry scale. */
#ifndef HF_STRMAP_H
#define HF_STRMAP_H

#include <stddef.h>

typedef struct hf_strmap hf_strmap;

/* New empty map. NULL when out of memory. */
hf_strmap *hf_strmap_new(void);

/* Free the map; keys are borrowed, never freed. Accepts NULL. */
void hf_strmap_free(hf_strmap *m);

/* Make room for n keys in all (present ones included), so that inserting up to n keys never
 * grows the table: one allocation instead of ~log2(n) doublings when the count is known.
 * Never shrinks. Returns 0, -1 when out of memory (the map is unchanged). O(current size). */
int hf_strmap_reserve(hf_strmap *m, size_t n);

/* Insert key -> value. key is borrowed and must outlive the map. Returns 0, 1 when the key
 * was already present (value unchanged), -1 when out of memory. Amortised O(1). */
int hf_strmap_put(hf_strmap *m, const char *key, int value);

/* Value of key, or -1 when absent. O(1) expected. */
int hf_strmap_get(const hf_strmap *m, const char *key);

#endif
