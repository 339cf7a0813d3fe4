/* strutil.h: small string helpers: closest known name for "did you mean" messages. */
#ifndef HF_STRUTIL_H
#define HF_STRUTIL_H

#include <stddef.h>

/* Levenshtein distance between a and b (bytes), O(|a| |b|) time, O(|b|) memory. */
size_t hf_edit_distance(const char *a, const char *b);

/* The entry of known (NULL-terminated) closest to key by edit distance, or NULL when even the
 * closest is more than max(2, strlen(key) / 2) edits away. Borrowed. */
const char *hf_closest(const char *key, const char *const *known);

#endif
