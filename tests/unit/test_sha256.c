/* test_sha256.c: SHA-256 (sim/core/sha256.c) against the examples of FIPS 180-4 / its example
 * document (one block, empty, two blocks, 10^6 x 'a'), lengths around the padding boundary whose
 * digests were computed with Python's hashlib, incremental updates in uneven pieces, and files
 * (regular, empty, missing, not regular). tests/inputs_sha256.sh compares with sha256sum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/sha256.h"

#ifndef HF_TEST_OUT
#define HF_TEST_OUT "/tmp"
#endif

static void check_hex(const void *data, size_t n, const char *want)
{
    char hex[HF_SHA256_HEX];
    hf_sha256_hex(data, n, hex);
    CHECK_STREQ(hex, want);
}

static void standard_examples(void)
{
    check_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_hex(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits */
    check_hex(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *t896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check_hex(t896, strlen(t896),
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    char *a = malloc(1000000);
    if (!a) abort();
    memset(a, 'a', 1000000);
    check_hex(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* the same million bytes in pieces of 1, 63, 64, 65, ... bytes: the block buffer's paths */
    hf_sha256 c;
    unsigned char d[HF_SHA256_BYTES], e[HF_SHA256_BYTES];
    hf_sha256_init(&c);
    size_t off = 0, piece = 1;
    while (off < 1000000) {
        size_t n = piece < 1000000 - off ? piece : 1000000 - off;
        hf_sha256_update(&c, a + off, n);
        off += n;
        piece = piece * 3 % 257 + 1;
    }
    hf_sha256_final(&c, d);
    hf_sha256_init(&c);
    hf_sha256_update(&c, a, 1000000);
    hf_sha256_final(&c, e);
    CHECK(memcmp(d, e, sizeof d) == 0);
    CHECK(d[0] == 0xcd && d[31] == 0xd0);
    free(a);
}

/* Bytes (7 i + 3) mod 256, i = 0..n-1; digests from Python:
 *   hashlib.sha256(bytes((i*7+3)&255 for i in range(n))).hexdigest()
 * 55 and 56 bytes straddle the length field (56 needs a second padding block), 63/64/65 the
 * block size, 119/120 the second block's. */
static void padding_boundaries(void)
{
    static const struct {
        size_t n;
        const char *hex;
    } cases[] = {
        {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
        {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
        {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
        {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
        {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
        {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
        {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
        {1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"},
    };
    unsigned char buf[1000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)((i * 7 + 3) & 255);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        check_hex(buf, cases[k].n, cases[k].hex);
}

static void files(void)
{
    const char *path = HF_TEST_OUT "/sha256-abc.txt";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs("abc", f);
    fclose(f);
    char hex[HF_SHA256_HEX];
    double bytes = -1;
    CHECK(hf_sha256_file(path, hex, &bytes) == HF_SHA256_OK);
    CHECK_STREQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(bytes == 3);
    f = fopen(path, "w"); /* now empty */
    if (f) fclose(f);
    CHECK(hf_sha256_file(path, hex, &bytes) == HF_SHA256_OK);
    CHECK_STREQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(bytes == 0);
    unlink(path);
    CHECK(hf_sha256_file(path, hex, &bytes) == HF_SHA256_NO_FILE);
    CHECK(hex[0] == '\0');
    /* a directory and a device are not read */
    CHECK(hf_sha256_file(HF_TEST_OUT, hex, &bytes) == HF_SHA256_NOT_REGULAR);
    CHECK(hex[0] == '\0' && bytes == 0);
    CHECK(hf_sha256_file("/dev/null", hex, &bytes) == HF_SHA256_NOT_REGULAR);
}

int main(void)
{
    standard_examples();
    padding_boundaries();
    files();
    return hf_check_summary();
}
