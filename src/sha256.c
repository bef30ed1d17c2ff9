/*
** sha256.c — SHA-256 as specified in FIPS 180-4.
**
** Each document's text is fingerprinted so that a reader (or `lanterne
** verify`) can check that an index still matches its sources.  The code is
** the textbook algorithm: a 64-byte block buffer, the message schedule, 64
** rounds, and the length padding at the end.  No platform dependence: the
** same bytes give the same digest natively and in WebAssembly.
*/
#include "sha256.h"

#include <stdint.h>
#include <string.h>

typedef struct {
  uint32_t state[8];
  uint64_t total_bytes;   /* message length so far, for the final padding */
  unsigned char block[64];
  size_t block_len;       /* bytes waiting in block[] */
} sha256_ctx;

/* First 32 bits of the fractional parts of the cube roots of the first 64
** primes (FIPS 180-4, section 4.2.2). */
static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_init(sha256_ctx *c) {
  /* First 32 bits of the fractional parts of the square roots of the first
  ** 8 primes (section 5.3.3). */
  static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                      0xa54ff53a, 0x510e527f, 0x9b05688c,
                                      0x1f83d9ab, 0x5be0cd19};
  memcpy(c->state, initial, sizeof initial);
  c->total_bytes = 0;
  c->block_len = 0;
}

/* Processes one 64-byte block (section 6.2.2). */
static void sha256_compress(uint32_t state[8], const unsigned char block[64]) {
  uint32_t w[64];
  int t;
  for (t = 0; t < 16; t++) {
    /* Big-endian words, read byte by byte so alignment never matters. */
    w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
           (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
  }
  for (t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }

  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (t = 0; t < 64; t++) {
    uint32_t sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t choose = (e & f) ^ (~e & g);
    uint32_t t1 = h + sum1 + choose + K[t] + w[t];
    uint32_t sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = sum0 + majority;
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  state[0] += a; state[1] += b; state[2] += c; state[3] += d;
  state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void sha256_update(sha256_ctx *c, const unsigned char *data, size_t n) {
  c->total_bytes += n;
  while (n > 0) {
    size_t take = 64 - c->block_len;
    if (take > n) take = n;
    memcpy(c->block + c->block_len, data, take);
    c->block_len += take;
    data += take;
    n -= take;
    if (c->block_len == 64) {
      sha256_compress(c->state, c->block);
      c->block_len = 0;
    }
  }
}

/* Appends the padding (a 1 bit, zeros, the 64-bit length in bits) and
** writes the digest (section 5.1.1). */
static void sha256_final(sha256_ctx *c, unsigned char digest[32]) {
  uint64_t bit_length = c->total_bytes * 8;
  unsigned char pad[72] = {0x80};
  /* Pad so that the length field ends exactly on a block boundary. */
  size_t pad_len = (c->block_len < 56) ? 56 - c->block_len : 120 - c->block_len;
  unsigned char length_field[8];
  int i;
  for (i = 0; i < 8; i++) length_field[i] = (unsigned char)(bit_length >> (56 - 8 * i));
  sha256_update(c, pad, pad_len);
  sha256_update(c, length_field, 8);
  for (i = 0; i < 8; i++) {
    digest[4 * i] = (unsigned char)(c->state[i] >> 24);
    digest[4 * i + 1] = (unsigned char)(c->state[i] >> 16);
    digest[4 * i + 2] = (unsigned char)(c->state[i] >> 8);
    digest[4 * i + 3] = (unsigned char)c->state[i];
  }
}

void lt_sha256_hex(const void *data, size_t n, char hex[65]) {
  static const char digits[] = "0123456789abcdef";
  sha256_ctx c;
  unsigned char digest[32];
  int i;
  sha256_init(&c);
  sha256_update(&c, (const unsigned char *)data, n);
  sha256_final(&c, digest);
  for (i = 0; i < 32; i++) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 15];
  }
  hex[64] = '\0';
}
