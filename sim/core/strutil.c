/* strutil.c: edit distance and closest-name lookup for error messages. */
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"

size_t hf_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t small[64];
    size_t *row = lb + 1 <= 64 ? small : malloc((lb + 1) * sizeof *row);
    if (!row) return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    if (row != small) free(row);
    return d;
}

const char *hf_closest(const char *key, const char *const *known)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; known[i]; i++) {
        size_t d = hf_edit_distance(key, known[i]);
        if (d < bestd) {
            bestd = d;
            best = known[i];
        }
    }
    size_t limit = strlen(key) / 2;
    if (limit < 2) limit = 2;
    return bestd <= limit ? best : NULL;
}
