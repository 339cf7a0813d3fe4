/* sha256.h: SHA-256 (FIPS 180-4) of memory and of files, for the content hashes of a run's input
 * files in its results (docs/results-format.md, /metadata/inputs). */
#ifndef HF_SHA256_H
#define HF_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define HF_SHA256_BYTES 32
#define HF_SHA256_HEX 65 /* 64 lowercase hex digits and the NUL */

/* A running hash: hf_sha256_init, any number of hf_sha256_update, then hf_sha256_final. */
typedef struct hf_sha256 {
    uint32_t h[8];         /* intermediate hash value H(i) */
    uint64_t nbytes;       /* message bytes hashed so far */
    unsigned char blk[64]; /* the current, incomplete 512-bit block */
    size_t nblk;           /* bytes in blk */
} hf_sha256;

/* Start a hash (initial hash value of FIPS 180-4 section 5.3.3). */
void hf_sha256_init(hf_sha256 *c);

/* Append n bytes of data (data may be NULL when n is 0). O(n). */
void hf_sha256_update(hf_sha256 *c, const void *data, size_t n);

/* Pad, finish and write the 32-byte digest to out; c must be initialised again before reuse. */
void hf_sha256_final(hf_sha256 *c, unsigned char out[HF_SHA256_BYTES]);

/* The digest of n bytes of data as 64 lowercase hex digits in hex. */
void hf_sha256_hex(const void *data, size_t n, char hex[HF_SHA256_HEX]);

/* Outcome of hf_sha256_file. */
typedef enum hf_sha256_status {
    HF_SHA256_OK,          /* hex and *bytes hold the file's digest and size */
    HF_SHA256_NOT_REGULAR, /* not a regular file (a pipe, a device): not read, hex is "" */
    HF_SHA256_NO_FILE,     /* stat or open failed (errno says why): nothing was read */
    HF_SHA256_READ_ERROR   /* reading failed part way (errno says why) */
} hf_sha256_status;

/* Hash the file at path. A pipe or device is left unread, so that hashing never consumes input
 * the run is about to read. On HF_SHA256_OK, *bytes is the number of bytes hashed. */
hf_sha256_status hf_sha256_file(const char *path, char hex[HF_SHA256_HEX], double *bytes);

#endif
