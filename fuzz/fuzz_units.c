/* fuzz_units.c: libFuzzer target for hf_units_parse (quantity strings such as "24GBps").
 * Input: byte 0 picks the kind (and the size of the error buffer), the rest is the string. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "hetflow/hf_units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t errlens[] = {256, 64, 8, 1}; /* short buffers test the truncation */
    if (size < 1) return 0;
    hf_unit_kind kind = (hf_unit_kind)(data[0] % HF_UNIT_COUNT_);
    size_t errlen = errlens[(data[0] / HF_UNIT_COUNT_) % 4];
    /* an exact-size heap copy, so that a read past the terminator is caught by ASan */
    char *s = malloc(size);
    char *err = malloc(errlen);
    if (!s || !err) abort();
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    memset(err, 'x', errlen);
    double v = -12345.0;
    int rc = hf_units_parse(s, kind, &v, err, errlen);
    if (rc == 0) {
        if (!isfinite(v)) hf_fuzz_fail("a quantity parsed to a non-finite value", s);
        if (v != 0 && hf_units_check(v, kind, NULL, 0) != 0)
            hf_fuzz_fail("a quantity parsed to a value outside its kind's range", s);
        if (err[0]) hf_fuzz_fail("success left a message", err);
        char buf[64], tiny[4];
        hf_units_format(v, kind, buf, sizeof buf);
        hf_units_format(v, kind, tiny, sizeof tiny);
        if (!memchr(buf, '\0', sizeof buf) || !memchr(tiny, '\0', sizeof tiny))
            hf_fuzz_fail("hf_units_format left its buffer unterminated", s);
    } else {
        if (rc != -1) hf_fuzz_fail("hf_units_parse returned neither 0 nor -1", s);
        if (v != -12345.0) hf_fuzz_fail("*out written on failure", s);
        if (!memchr(err, '\0', errlen)) hf_fuzz_fail("error message unterminated", s);
        if (strchr(err, '\n')) hf_fuzz_fail("error message spans lines", err);
        if (errlen > 1 && !err[0]) hf_fuzz_fail("failure without a reason", s);
    }
    free(err);
    free(s);
    return 0;
}
