/* sha256.h - SHA-256 for manifest.json (FIPS 180-4). */
#ifndef JINDU_SHA256_H
#define JINDU_SHA256_H

#include <stddef.h>

/* Hex digest of data into out (65 bytes with the NUL). */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
