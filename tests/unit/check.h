/* check.h: minimal assertion macros for hetflow's unit tests; main returns hf_check_summary(). */
#ifndef HF_CHECK_H
#define HF_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int hf_check_pass, hf_check_fail;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            hf_check_pass++;                                                                       \
        } else {                                                                                   \
            hf_check_fail++;                                                                       \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* |a - b| <= tol * max(1, |b|): relative for large values, absolute near zero. */
#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        double s_ = fabs(b_) > 1.0 ? fabs(b_) : 1.0;                                               \
        if (fabs(a_ - b_) <= (tol)*s_) {                                                           \
            hf_check_pass++;                                                                       \
        } else {                                                                                   \
            hf_check_fail++;                                                                       \
            fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.17g, expected %.17g\n", __FILE__,    \
                    __LINE__, #a, a_, b_);                                                         \
        }                                                                                          \
    } while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                                            \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (h_ && strstr(h_, n_)) {                                                                \
            hf_check_pass++;                                                                       \
        } else {                                                                                   \
            hf_check_fail++;                                                                       \
            fprintf(stderr, "%s:%d: '%s' does not contain '%s'\n", __FILE__, __LINE__,             \
                    h_ ? h_ : "(null)", n_);                                                       \
        }                                                                                          \
    } while (0)

/* CHECK that got and want are equal non-NULL strings, printing both when they are not. */
#define CHECK_STREQ(got, want) check_streq((got), (want), __LINE__)

static inline void check_streq(const char *got, const char *want, int line)
{
    int same = got && want && strcmp(got, want) == 0;
    CHECK(same);
    if (!same)
        fprintf(stderr, "  line %d: got '%s', expected '%s'\n", line, got ? got : "(null)",
                want ? want : "(null)");
}

static inline int hf_check_summary(void)
{
    printf("%d passed, %d failed\n", hf_check_pass, hf_check_fail);
    return hf_check_fail ? 1 : 0;
}

#endif
