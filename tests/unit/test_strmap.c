/* test_strmap.c: the string map's hash collisions, reserve and growth (basics and a 200000-key
 * run are in test_strutil.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strmap.h"

/* A copy of strmap.c's hash (FNV-1a folded to 32 bits), only to confirm that the pairs below
 * do collide: if the map's hash changes, update both. */
static uint32_t fnv1a32(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (uint32_t)(h ^ (h >> 32));
}

/* Keys with the same 32-bit hash (found by a birthday search over "key%d"): the map must tell
 * them apart by strcmp, both when one is present and the other is looked up, and when both are
 * present in either order. */
static void test_full_hash_collisions(void)
{
    static const char *const pairs[][2] = {
        {"key53622", "key77325"}, /* both 0xeb2903e4 */
        {"key9657", "key132808"}, /* both 0x93541bba */
        {"key37911", "key143722"} /* both 0xf5aaf9e2 */
    };
    for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
        const char *a = pairs[p][0], *b = pairs[p][1];
        CHECK(fnv1a32(a) == fnv1a32(b));
        hf_strmap *m = hf_strmap_new();
        CHECK(m != NULL);
        if (!m) return;
        CHECK(hf_strmap_put(m, a, 10) == 0);
        CHECK(hf_strmap_get(m, b) == -1);    /* same hash, absent key */
        CHECK(hf_strmap_put(m, b, 20) == 0); /* not taken for a duplicate of a */
        CHECK(hf_strmap_get(m, a) == 10);
        CHECK(hf_strmap_get(m, b) == 20);
        CHECK(hf_strmap_put(m, b, 30) == 1); /* now a duplicate: value unchanged */
        CHECK(hf_strmap_get(m, b) == 20);
        hf_strmap_free(m);

        m = hf_strmap_new(); /* the other order: b first on the probe path */
        CHECK(m != NULL);
        if (!m) return;
        CHECK(hf_strmap_put(m, b, 2) == 0);
        CHECK(hf_strmap_put(m, a, 1) == 0);
        CHECK(hf_strmap_get(m, a) == 1);
        CHECK(hf_strmap_get(m, b) == 2);
        hf_strmap_free(m);
    }
}

/* Keys sharing a probe path without sharing the hash: 31 keys in the first 64 slots, so many
 * start their probe at a taken slot and absent keys walk past several before an empty one. */
static void test_slot_collisions(void)
{
    enum { N = 31 }; /* the most the first 64 slots take before growing (load <= 1/2) */
    char keys[N][8];
    hf_strmap *m = hf_strmap_new();
    CHECK(m != NULL);
    if (!m) return;
    int bad = 0;
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "s%d", i);
        if (hf_strmap_put(m, keys[i], i) != 0) bad++;
    }
    for (int i = 0; i < N; i++)
        if (hf_strmap_get(m, keys[i]) != i) bad++;
    for (int i = N; i < N + 1000; i++) { /* absent: each probe stops at an empty slot */
        char k[8];
        snprintf(k, sizeof k, "s%d", i);
        if (hf_strmap_get(m, k) != -1) bad++;
    }
    CHECK(bad == 0);
    hf_strmap_free(m);
}

/* reserve: keeps what is there, is a no-op when there is room already, and the keys it made
 * room for go in and come out like any others. */
static void test_reserve(void)
{
    enum { N = 50000, KEYLEN = 12 };
    char *keys = malloc((size_t)N * KEYLEN);
    hf_strmap *m = hf_strmap_new(), *e = hf_strmap_new();
    CHECK(keys && m && e);
    if (!keys || !m || !e) goto done;
    for (int i = 0; i < N; i++)
        snprintf(keys + (size_t)i * KEYLEN, KEYLEN, "r%d", i);

    CHECK(hf_strmap_reserve(e, 0) == 0); /* nothing to make room for */
    CHECK(hf_strmap_get(e, "r0") == -1);
    CHECK(hf_strmap_reserve(e, (size_t)-1) == -1); /* overflow: refused, map unchanged */
    CHECK(hf_strmap_put(e, "r0", 0) == 0);
    CHECK(hf_strmap_get(e, "r0") == 0);

    int bad = 0;
    for (int i = 0; i < 100; i++) /* some keys first: reserve must move them */
        if (hf_strmap_put(m, keys + (size_t)i * KEYLEN, i) != 0) bad++;
    CHECK(hf_strmap_reserve(m, N) == 0);
    CHECK(hf_strmap_reserve(m, 10) == 0); /* smaller: nothing to do */
    for (int i = 0; i < 100; i++)
        if (hf_strmap_get(m, keys + (size_t)i * KEYLEN) != i) bad++;
    for (int i = 100; i < N; i++)
        if (hf_strmap_put(m, keys + (size_t)i * KEYLEN, i) != 0) bad++;
    for (int i = 0; i < N; i++)
        if (hf_strmap_get(m, keys + (size_t)i * KEYLEN) != i) bad++;
    for (int i = 0; i < N; i += 9)
        if (hf_strmap_put(m, keys + (size_t)i * KEYLEN, -1) != 1) bad++;
    /* room for four times as many: a rehash with every key moved, none lost */
    CHECK(hf_strmap_reserve(m, 4 * N) == 0);
    for (int i = 0; i < N; i++)
        if (hf_strmap_get(m, keys + (size_t)i * KEYLEN) != i) bad++;
    for (int i = 0; i < 1000; i++) {
        char k[KEYLEN];
        snprintf(k, sizeof k, "x%d", i);
        if (hf_strmap_get(m, k) != -1) bad++;
    }
    CHECK(bad == 0);
done:
    hf_strmap_free(m);
    hf_strmap_free(e);
    free(keys);
}

/* Growth past what was reserved, with every key checked after each doubling: growing moves
 * keys by their stored hashes, so a wrong one would lose keys here. */
static void test_growth(void)
{
    enum { N = 5000 };
    static char keys[N][8];
    hf_strmap *m = hf_strmap_new();
    CHECK(m != NULL);
    if (!m) return;
    CHECK(hf_strmap_reserve(m, 100) == 0);
    int bad = 0;
    for (int n = 0; n < N; n++) {
        snprintf(keys[n], sizeof keys[n], "g%d", n);
        if (hf_strmap_put(m, keys[n], n) != 0) bad++;
        if ((n & (n + 1)) != 0) continue; /* n + 1 a power of two: around each doubling */
        for (int i = 0; i <= n; i++)
            if (hf_strmap_get(m, keys[i]) != i) bad++;
        if (hf_strmap_get(m, "g-1") != -1) bad++;
    }
    CHECK(bad == 0);
    hf_strmap_free(m);
}

int main(void)
{
    test_full_hash_collisions();
    test_slot_collisions();
    test_reserve();
    test_growth();
    return hf_check_summary();
}
