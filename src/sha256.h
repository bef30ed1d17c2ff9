/*
** sha256.h — SHA-256 (FIPS 180-4), to fingerprint each document's text so
** that readers and `lanterne verify` can check an index against its sources.
*/
#ifndef LT_SHA256_H
#define LT_SHA256_H

#include <stddef.h>

/* Writes the 64 lowercase hex digits of SHA-256(data[0..n)) and a NUL into
** hex (65 bytes). */
void lt_sha256_hex(const void *data, size_t n, char hex[65]);

#endif
