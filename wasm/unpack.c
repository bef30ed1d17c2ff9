/*
** unpack.c — the page's data decoder: text7 to bytes, then zstd to the
** data itself.  Built on its own, as a small WebAssembly module
** (lanterne-unpack.wasm, 76 KB) that the page carries as base64 and runs
** in web/boot.js's worker while the browser is still reading the page,
** and in the page itself (web/packed.js is its JavaScript side, and says
** what text7 is and why).
**
** Why C and not a JavaScript decoder: zstd's own decoder in wasm unpacks
** the 10k-document index (17 MB to 54 MB) in 0.1-0.2 s under Node, two to
** four times faster than fzstd, the best pure-JavaScript one, and it
** checks the frame's XXH64 checksum, which fzstd skips.
**
** The API, and who owns what, is in unpack.h.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "unpack.h"
#include "zstd.h"

#define EXPORT __attribute__((visibility("default"), used))

/* Unpacked bytes are handed to unpack_emit() in pieces of at most this
** many: the decoder's memory stays small (zstd's 8 MB window and this)
** whatever the size of the data, which goes straight where the caller
** wants it. */
#define CHUNK (1u << 20)

struct Unpack {
  ZSTD_DStream *stream;
  unsigned char *chunk;      /* handed to unpack_emit() when full */
  size_t chunk_size;         /* CHUNK, or the size announced when smaller */
  size_t size;               /* announced */
  size_t length;             /* bytes unpacked (and emitted) so far */
  size_t last_result;        /* of ZSTD_decompressStream: 0 once a frame is complete */
  unsigned bits;             /* text7 bits carried over between pieces */
  unsigned bit_count;
  const char *error;         /* what went wrong, for unpack_error() */
};

/* The 7-bit values written escaped, as `~` and the digit of their place
** here.  Must match web/packed.js. */
static const unsigned char ESCAPED[5] = { 0x00, 0x0a, 0x0d, 0x3c, 0x7e };
#define ESCAPE 0x7e

/* A buffer for the caller (pieces in, before unpack_text/unpack_bytes). */
EXPORT void *unpack_alloc(size_t n) { return malloc(n ? n : 1); }
EXPORT void unpack_free(void *p) { free(p); }

/*
** Starts unpacking data of `size` bytes.  Returns the handle, or NULL if
** memory for it is lacking.
*/
EXPORT Unpack *unpack_new(size_t size) {
  Unpack *u = calloc(1, sizeof *u);
  if (!u) return NULL;
  u->stream = ZSTD_createDStream();
  u->chunk_size = size < CHUNK ? (size ? size : 1) : CHUNK;
  u->chunk = malloc(u->chunk_size);
  if (!u->stream || !u->chunk) {
    ZSTD_freeDStream(u->stream);
    free(u->chunk);
    free(u);
    return NULL;
  }
  ZSTD_initDStream(u->stream);
  u->size = size;
  u->last_result = 1; /* no frame yet */
  return u;
}

/* Sets the error and returns -1 (the first error stays). */
static int fail(Unpack *u, const char *error) {
  if (!u->error) u->error = error;
  return -1;
}

/*
** Unpacks the compressed bytes src[0..n), handing what comes out to
** unpack_emit(), until zstd has used all of them and flushed all it can.
*/
static int feed(Unpack *u, const unsigned char *src, size_t n) {
  ZSTD_inBuffer in = { src, n, 0 };
  for (;;) {
    ZSTD_outBuffer out = { u->chunk, u->chunk_size, 0 };
    size_t in_before = in.pos;
    size_t r = ZSTD_decompressStream(u->stream, &out, &in);
    if (ZSTD_isError(r)) return fail(u, ZSTD_getErrorName(r));
    if (out.pos) {
      if (out.pos > u->size - u->length) return fail(u, "the data is longer than announced");
      unpack_emit(u->chunk, out.pos);
      u->length += out.pos;
    }
    int progress = in.pos != in_before || out.pos != 0;
    /* (a call that did nothing, after a full chunk, would only say what a
    ** next frame needs) */
    if (progress) u->last_result = r;
    /* A chunk not filled: zstd holds nothing more for the input so far. */
    if (in.pos == in.size && (out.pos < out.size || !progress)) return 0;
    /* (zstd always progresses when it has input and room) */
    if (!progress) return fail(u, "the data is damaged");
  }
}

/*
** Adds the next piece of text7, as its ASCII bytes text[0..n) (overwritten:
** it is decoded in place, since 8 bits of text never give more than 7 of
** data).  Returns 0, or -1 (see unpack_error()) on a character text7 never
** writes or damaged data.
*/
EXPORT int unpack_text(Unpack *u, unsigned char *text, size_t n) {
  if (u->error) return -1;
  size_t o = 0;
  unsigned acc = u->bits, bits = u->bit_count;
  for (size_t i = 0; i < n; i++) {
    unsigned c = text[i], v;
    if (c == ESCAPE) {
      /* its digit, after any line ends a tool inserted */
      do i++; while (i < n && (text[i] == 0x0a || text[i] == 0x0d));
      unsigned digit = i < n ? text[i] - (unsigned)'0' : 5;
      if (digit >= 5) return fail(u, "the data holds an escape its encoding never writes");
      v = ESCAPED[digit];
    } else if (c < 0x80 && c != 0x00 && c != 0x3c) {
      if (c == 0x0a || c == 0x0d) continue; /* line ends a tool inserted: never data */
      v = c;
    } else {
      return fail(u, "the data holds a character its encoding never writes");
    }
    acc = ((acc << 7) | v) & 0x7fff;
    bits += 7;
    if (bits >= 8) {
      bits -= 8;
      text[o++] = (unsigned char)(acc >> bits);
    }
  }
  /* A piece is a whole number of 7-byte groups, except the last, whose
  ** leftover bits are padding: keep them for the next piece either way. */
  u->bits = acc;
  u->bit_count = bits;
  return feed(u, text, o);
}

/* Adds the next compressed bytes src[0..n).  Returns 0 or -1. */
EXPORT int unpack_bytes(Unpack *u, const unsigned char *src, size_t n) {
  if (u->error) return -1;
  return feed(u, src, n);
}

/*
** Ends the unpack: 0 if the data is complete (its last frame ended, with
** its checksum checked) and of the size announced; else -1.
*/
EXPORT int unpack_finish(Unpack *u) {
  if (u->error) return -1;
  if (u->last_result != 0) return fail(u, "the data is cut short");
  if (u->length != u->size) return fail(u, "the data is shorter than announced");
  return 0;
}

/* How many bytes were unpacked (and emitted) so far. */
EXPORT size_t unpack_length(Unpack *u) { return u->length; }

EXPORT size_t unpack_content_size(const unsigned char *src, size_t n) {
  unsigned long long size = ZSTD_getFrameContentSize(src, n);
  return size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > (size_t)-1 ? 0 : (size_t)size;
}

/* What went wrong (a static string), or NULL. */
EXPORT const char *unpack_error(Unpack *u) { return u->error; }

/* Frees the handle. */
EXPORT void unpack_delete(Unpack *u) {
  if (!u) return;
  ZSTD_freeDStream(u->stream);
  free(u->chunk);
  free(u);
}
