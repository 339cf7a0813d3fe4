/* sha256.c: SHA-256 as specified by FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2), for
 * the content hashes of input files; checked against the standard's examples in
 * tests/unit/test_sha256.c and against sha256sum in tests/inputs_sha256.sh. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sha256.h"

/* K0..K63: the first 32 bits of the fractional parts of the cube roots of the first 64 primes
 * (section 4.2.2). */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* One 512-bit block into the hash value (section 6.2.2, steps 1 to 4). */
static void compress(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = k + S1 + ch + K[t] + w[t];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

void hf_sha256_init(hf_sha256 *c)
{
    /* H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes */
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->nbytes = 0;
    c->nblk = 0;
}

void hf_sha256_update(hf_sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    c->nbytes += n;
    if (c->nblk) { /* complete the pending block first */
        size_t take = 64 - c->nblk < n ? 64 - c->nblk : n;
        memcpy(c->blk + c->nblk, p, take);
        c->nblk += take;
        p += take;
        n -= take;
        if (c->nblk < 64) return;
        compress(c->h, c->blk);
        c->nblk = 0;
    }
    for (; n >= 64; p += 64, n -= 64)
        compress(c->h, p);
    if (n) memcpy(c->blk, p, n);
    c->nblk = n;
}

void hf_sha256_final(hf_sha256 *c, unsigned char out[HF_SHA256_BYTES])
{
    /* padding (section 5.1.1): a 1 bit, zeros up to 56 mod 64 bytes, the length in bits as a
     * 64-bit big-endian number */
    uint64_t bits = c->nbytes * 8;
    c->blk[c->nblk++] = 0x80;
    if (c->nblk > 56) {
        memset(c->blk + c->nblk, 0, 64 - c->nblk);
        compress(c->h, c->blk);
        c->nblk = 0;
    }
    memset(c->blk + c->nblk, 0, 56 - c->nblk);
    for (int i = 0; i < 8; i++)
        c->blk[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(c->h, c->blk);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(c->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)c->h[i];
    }
    c->nblk = 0;
}

static void to_hex(const unsigned char d[HF_SHA256_BYTES], char hex[HF_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < HF_SHA256_BYTES; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void hf_sha256_hex(const void *data, size_t n, char hex[HF_SHA256_HEX])
{
    hf_sha256 c;
    unsigned char d[HF_SHA256_BYTES];
    hf_sha256_init(&c);
    hf_sha256_update(&c, data, n);
    hf_sha256_final(&c, d);
    to_hex(d, hex);
}

hf_sha256_status hf_sha256_file(const char *path, char hex[HF_SHA256_HEX], double *bytes)
{
    struct stat st;
    hex[0] = '\0';
    *bytes = 0;
    if (stat(path, &st) != 0) return HF_SHA256_NO_FILE;
    if (!S_ISREG(st.st_mode)) return HF_SHA256_NOT_REGULAR;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return HF_SHA256_NO_FILE;
    hf_sha256 c;
    unsigned char buf[65536], d[HF_SHA256_BYTES];
    hf_sha256_init(&c);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return HF_SHA256_READ_ERROR;
        }
        if (n == 0) break;
        hf_sha256_update(&c, buf, (size_t)n);
    }
    close(fd);
    hf_sha256_final(&c, d);
    to_hex(d, hex);
    *bytes = (double)c.nbytes;
    return HF_SHA256_OK;
}
