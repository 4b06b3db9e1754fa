/* sha256.h - SHA-256 for manifest.json (FIPS 180-4). */
#ifndef JINDU_SHA256_H
#define JINDU_SHA256_H

#include <stddef.h>

#include <stdint.h>

/* Hex digest of data into out (65 bytes with the NUL). */
void sha256_hex(const void *data, size_t len, char out[65]);

/* The same over data that arrives in pieces (a PDF written as it is made). */
typedef struct {
    uint32_t h[8];
    unsigned char block[64];
    size_t used;
    uint64_t total;
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t len);
void sha256_final_hex(Sha256 *s, char out[65]);

#endif
