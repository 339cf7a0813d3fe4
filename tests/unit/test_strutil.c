/* test_strutil.c: edit distance, closest-name lookup and the string -> int map, by hand values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/strmap.h"
#include "core/strutil.h"

/* A string of n copies of c, on the heap. */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_edit_distance(void)
{
    static const struct {
        const char *a, *b;
        size_t want;
    } cases[] = {
        {"", "", 0},           {"abc", "", 3},           /* three deletions */
        {"", "abc", 3},                                  /* three insertions */
        {"same", "same", 0},   {"kitten", "sitting", 3}, /* k->s, e->i, +g */
        {"flaw", "lawn", 2},                             /* -f, +n */
        {"ab", "ba", 2},       /* Levenshtein: a swap is two substitutions */
        {"heft", "hetf", 2},   /* f->t, t->f */
        {"gpu", "GPU", 3},     /* case-sensitive: three substitutions */
        {"fcfs", "fcfs_x", 2}, /* +_, +x */
        {"\xc3\xa9", "e", 2},  /* bytes: "é" is two bytes, one substituted, one deleted */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t d = hf_edit_distance(cases[i].a, cases[i].b);
        size_t r = hf_edit_distance(cases[i].b, cases[i].a);
        CHECK(d == cases[i].want);
        CHECK(r == cases[i].want); /* symmetric */
        if (d != cases[i].want)
            fprintf(stderr, "  distance('%s', '%s') = %zu, want %zu\n", cases[i].a, cases[i].b, d,
                    cases[i].want);
    }

    /* Row buffer: b of 63 bytes fits the 64-entry stack row, 64 bytes and more take the heap. */
    size_t lens[] = {63, 64, 65, 1000};
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        size_t n = lens[i];
        char *a = repeat('a', n), *b = repeat('a', n), *c = repeat('c', n);
        CHECK(a && b && c);
        if (a && b && c) {
            CHECK(hf_edit_distance(a, b) == 0);
            b[n / 2] = 'x';
            CHECK(hf_edit_distance(a, b) == 1); /* one substitution in the middle */
            CHECK(hf_edit_distance(a, c) == n); /* n substitutions */
            CHECK(hf_edit_distance("", c) == n);
            CHECK(hf_edit_distance(c, "") == n);
            b[n - 10] = '\0';
            /* b is now n - 10 bytes with one x (at n/2 < n - 10): 10 deletions + 1 substitution */
            CHECK(hf_edit_distance(a, b) == 11);
            CHECK(hf_edit_distance(b, a) == 11);
        }
        free(a);
        free(b);
        free(c);
    }
}

static void test_closest(void)
{
    static const char *const policies[] = {"fcfs", "heft", "random", "min_min", NULL};
    static const char *const none[] = {NULL};
    static const char *const tie[] = {"ax", "ay", NULL};
    static const char *const abc[] = {"abc", NULL};
    static const char *const abcd[] = {"abcd", NULL};

    CHECK(hf_closest("heft", policies) == policies[1]); /* exact: distance 0, borrowed pointer */
    /* "hetf": 2 edits from heft; limit max(2, 4/2) = 2 */
    CHECK(hf_closest("hetf", policies) == policies[1]);
    CHECK(hf_closest("fcfs_", policies) == policies[0]); /* 1 edit */
    /* "rxnxox" (6 bytes, limit 3) vs "random": x/a, x/d, x/m = 3 substitutions */
    CHECK(hf_closest("rxnxox", policies) == policies[2]);
    /* "rxnxxx": common subsequence with "random" is only "rn", so >= 6 - 2 = 4 > 3; no other
     * name shares more than one byte with it (>= 6 edits) */
    CHECK(hf_closest("rxnxxx", policies) == NULL);
    /* "randomized" (10 bytes, limit 5) vs "random": 4 deletions */
    CHECK(hf_closest("randomized", policies) == policies[2]);
    CHECK(hf_closest("xyz", policies) == NULL);  /* >= 3 edits from all, limit 2 */
    CHECK(hf_closest("HEFT", policies) == NULL); /* 4 substitutions: case counts */
    CHECK(hf_closest("anything", none) == NULL);
    CHECK(hf_closest("", none) == NULL);
    /* ties go to the first entry */
    CHECK(hf_closest("ab", tie) == tie[0]);
    /* short keys still get limit 2: "a" -> "abc" is 2 insertions, "abcd" 3 */
    CHECK(hf_closest("a", abc) == abc[0]);
    CHECK(hf_closest("a", abcd) == NULL);
    CHECK(hf_closest("", abc) == NULL); /* 3 insertions > 2 */
}

static void test_strmap_basics(void)
{
    hf_strmap *m = hf_strmap_new();
    CHECK(m != NULL);
    if (!m) return;
    CHECK(hf_strmap_get(m, "a") == -1); /* empty */
    CHECK(hf_strmap_put(m, "a", 1) == 0);
    CHECK(hf_strmap_get(m, "a") == 1);
    CHECK(hf_strmap_put(m, "a", 2) == 1); /* already present: value unchanged */
    CHECK(hf_strmap_get(m, "a") == 1);
    CHECK(hf_strmap_get(m, "b") == -1);
    CHECK(hf_strmap_get(m, "A") == -1); /* case-sensitive */
    CHECK(hf_strmap_get(m, "a ") == -1);

    /* Lookup compares contents, not pointers. */
    char copy[] = "a";
    CHECK(hf_strmap_get(m, copy) == 1);

    /* The empty string is a key like any other; 0 is a value like any other. */
    CHECK(hf_strmap_get(m, "") == -1);
    CHECK(hf_strmap_put(m, "", 0) == 0);
    CHECK(hf_strmap_get(m, "") == 0);

    /* A 100000-byte key and one differing only in its last byte. */
    char *k1 = repeat('k', 100000), *k2 = repeat('k', 100000);
    CHECK(k1 && k2);
    if (k1 && k2) {
        k2[99999] = 'K';
        CHECK(hf_strmap_put(m, k1, 7) == 0);
        CHECK(hf_strmap_get(m, k1) == 7);
        CHECK(hf_strmap_get(m, k2) == -1);
        CHECK(hf_strmap_put(m, k2, 8) == 0);
        CHECK(hf_strmap_get(m, k2) == 8);
        CHECK(hf_strmap_get(m, k1) == 7);
    }
    hf_strmap_free(m); /* keys are borrowed: free them after the map */
    free(k1);
    free(k2);
    hf_strmap_free(NULL);
}

/* Around each doubling (32 of 64 slots, 64 of 128, ...): all keys present, absent ones absent.
 * A table let to fill up would make the absent lookups probe forever. */
static void test_strmap_boundaries(void)
{
    enum { N = 1025 };
    static char keys[N][8];
    hf_strmap *m = hf_strmap_new();
    CHECK(m != NULL);
    if (!m) return;
    int bad = 0;
    for (int n = 0; n < N; n++) {
        snprintf(keys[n], sizeof keys[n], "k%d", n);
        if (hf_strmap_put(m, keys[n], n) != 0) bad++;
        if ((n & (n + 1)) != 0 && (n & (n - 1)) != 0) continue; /* n + 1 or n a power of two */
        for (int i = 0; i <= n; i++)
            if (hf_strmap_get(m, keys[i]) != i) bad++;
        for (int i = 0; i < 64; i++) {
            char absent[16];
            snprintf(absent, sizeof absent, "absent%d", i);
            if (hf_strmap_get(m, absent) != -1) bad++;
        }
    }
    CHECK(bad == 0);
    hf_strmap_free(m);
}

/* 200000 keys through many doublings (64 -> 524288 slots at load <= 1/2): every key maps to its
 * own index, duplicates are refused, absent look-alikes are absent. */
static void test_strmap_large(void)
{
    enum { N = 200000, KEYLEN = 16 };
    char *keys = malloc((size_t)N * KEYLEN);
    hf_strmap *m = hf_strmap_new();
    CHECK(keys && m);
    if (!keys || !m) goto done;

    for (int i = 0; i < N; i++)
        snprintf(keys + (size_t)i * KEYLEN, KEYLEN, "task_%06d", i);

    int bad_put = 0, bad_get = 0, bad_dup = 0, bad_absent = 0;
    for (int i = 0; i < N; i++)
        if (hf_strmap_put(m, keys + (size_t)i * KEYLEN, i) != 0) bad_put++;
    for (int i = 0; i < N; i++)
        if (hf_strmap_get(m, keys + (size_t)i * KEYLEN) != i) bad_get++;
    for (int i = 0; i < N; i += 7)
        if (hf_strmap_put(m, keys + (size_t)i * KEYLEN, -5) != 1) bad_dup++;
    /* Same keys, freshly formatted into another buffer: found by content. */
    char probe[KEYLEN];
    for (int i = 0; i < N; i += 13) {
        snprintf(probe, sizeof probe, "task_%06d", i);
        if (hf_strmap_get(m, probe) != i) bad_get++;
    }
    /* Never inserted: past the range, another prefix, a missing leading zero. */
    for (int i = N; i < N + 10000; i++) {
        snprintf(probe, sizeof probe, "task_%06d", i);
        if (hf_strmap_get(m, probe) != -1) bad_absent++;
    }
    for (int i = 0; i < 10000; i++) {
        snprintf(probe, sizeof probe, "file_%06d", i);
        if (hf_strmap_get(m, probe) != -1) bad_absent++;
        snprintf(probe, sizeof probe, "task_%d", i + 1); /* "task_1" vs "task_000001" */
        if (hf_strmap_get(m, probe) != -1) bad_absent++;
    }
    CHECK(bad_put == 0);
    CHECK(bad_get == 0);
    CHECK(bad_dup == 0);
    CHECK(bad_absent == 0);
    CHECK(hf_strmap_get(m, "task_000000") == 0);
    CHECK(hf_strmap_get(m, "task_199999") == N - 1);
    CHECK(hf_strmap_get(m, "task_123456") == 123456);
    if (bad_put || bad_get || bad_dup || bad_absent)
        fprintf(stderr, "  strmap: %d bad puts, %d bad gets, %d bad dups, %d bad absents\n",
                bad_put, bad_get, bad_dup, bad_absent);
done:
    hf_strmap_free(m);
    free(keys);
}

int main(void)
{
    test_edit_distance();
    test_closest();
    test_strmap_basics();
    test_strmap_boundaries();
    test_strmap_large();
    return hf_check_summary();
}
