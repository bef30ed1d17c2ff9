/*
** fuzz_unpack.c — libFuzzer target for the page's data decoder
** (wasm/unpack.h: text7, then zstd), built natively with zstd's decoder.
**
** Input: a mode byte, then:
**   - mode even ("any text"): two bytes of announced size, two split
**     points, then text given to unpack_text() in three pieces.  Checks:
**     no crash or leak; never more than the announced size emitted;
**     unpack_finish() succeeds only with exactly the announced size
**     unpacked, and fails with an error message otherwise;
**     after an error every later call fails.
**   - mode odd ("round trip"): data, written as a zstd frame of raw blocks
**     (the format allows them, so no compressor is needed), encoded as
**     text7 here as web/packed.js does, in two pieces cut as the page's
**     parts are, with line ends inserted where the mode byte says.
**     Checks: the frame's header says the data's size
**     (unpack_content_size), and the data comes back byte for byte.
*/
#include "fuzz_common.h"
#include "unpack.h"

/* What the decoder unpacked (unpack_emit), for the checks. */
static unsigned char *emitted;
static size_t emitted_length, emitted_room;

void unpack_emit(const unsigned char *bytes, size_t n) {
  FUZZ_CHECK(n > 0, "an empty piece emitted");
  if (emitted_length + n > emitted_room) {
    emitted_room = (emitted_length + n) * 2;
    emitted = realloc(emitted, emitted_room);
    if (!emitted) abort();
  }
  memcpy(emitted + emitted_length, bytes, n);
  emitted_length += n;
}

/* The values text7 writes escaped, as `~` and a digit (web/packed.js). */
static const unsigned char ESCAPED[5] = { 0x00, 0x0a, 0x0d, 0x3c, 0x7e };

/* Appends one 7-bit value as text7 to out (room for 2 bytes needed). */
static size_t put7(unsigned char *out, size_t n, unsigned v) {
  for (int i = 0; i < 5; i++) {
    if (v == ESCAPED[i]) {
      out[n++] = '~';
      out[n++] = (unsigned char)('0' + i);
      return n;
    }
  }
  out[n++] = (unsigned char)v;
  return n;
}

/* text7 of bytes[0..len) into a malloc'd buffer; its length in *out_len. */
static unsigned char *text7(const unsigned char *bytes, size_t len, size_t *out_len) {
  unsigned char *out = malloc(2 * (len * 8 / 7 + 1) + 1);
  if (!out) abort();
  size_t n = 0;
  unsigned acc = 0, bits = 0;
  for (size_t i = 0; i < len; i++) {
    acc = ((acc << 8) | bytes[i]) & 0x7fff;
    bits += 8;
    while (bits >= 7) {
      bits -= 7;
      n = put7(out, n, (acc >> bits) & 0x7f);
    }
  }
  if (bits > 0) n = put7(out, n, (acc << (7 - bits)) & 0x7f);
  *out_len = n;
  return out;
}

/* A zstd frame of raw blocks holding data[0..len) (len < 65536 + 256). */
static unsigned char *raw_frame(const unsigned char *data, size_t len, size_t *frame_len) {
  unsigned char *f = malloc(len + 16 + 3 * (len / 65536 + 1));
  if (!f) abort();
  size_t n = 0;
  f[n++] = 0x28; f[n++] = 0xb5; f[n++] = 0x2f; f[n++] = 0xfd; /* magic */
  if (len < 256) {
    f[n++] = 0x20;                       /* single segment, 1-byte size */
    f[n++] = (unsigned char)len;
  } else {
    f[n++] = 0x60;                       /* single segment, 2-byte size - 256 */
    f[n++] = (unsigned char)((len - 256) & 0xff);
    f[n++] = (unsigned char)((len - 256) >> 8);
  }
  size_t at = 0;
  do {
    size_t block = len - at < 65536 ? len - at : 65536;
    unsigned last = at + block == len;
    unsigned header = last | (0u << 1) | (unsigned)(block << 3); /* raw block */
    f[n++] = (unsigned char)(header & 0xff);
    f[n++] = (unsigned char)((header >> 8) & 0xff);
    f[n++] = (unsigned char)(header >> 16);
    if (block) memcpy(f + n, data + at, block);
    n += block;
    at += block;
  } while (at < len);
  *frame_len = n;
  return f;
}

static void any_text(const uint8_t *data, size_t size) {
  if (size < 4) return;
  size_t announced = (size_t)data[0] | (size_t)data[1] << 8;
  size_t rest = size - 4;
  size_t a = rest ? data[2] % (rest + 1) : 0;
  size_t b = rest ? data[3] % (rest + 1) : 0;
  if (a > b) { size_t t = a; a = b; b = t; }
  unsigned char *text = malloc(rest + 1);
  if (!text) abort();
  if (rest) memcpy(text, data + 4, rest);
  Unpack *u = unpack_new(announced);
  FUZZ_CHECK(u != NULL, "no handle");
  int failed = unpack_text(u, text, a) != 0;
  int second = unpack_text(u, text + a, b - a) != 0;
  FUZZ_CHECK(!failed || second, "a call after an error succeeded");
  failed |= second;
  second = unpack_text(u, text + b, rest - b) != 0;
  FUZZ_CHECK(!failed || second, "a call after an error succeeded");
  failed |= second;
  int finished = unpack_finish(u) == 0;
  FUZZ_CHECK(!failed || !finished, "finished after an error");
  FUZZ_CHECK(emitted_length == unpack_length(u) && emitted_length <= announced,
             "%zu bytes emitted, %zu said, %zu announced", emitted_length, unpack_length(u), announced);
  if (finished) {
    FUZZ_CHECK(unpack_length(u) == announced, "finished with %zu bytes of %zu", unpack_length(u), announced);
    FUZZ_CHECK(unpack_error(u) == NULL, "finished with an error");
  } else {
    FUZZ_CHECK(unpack_error(u) != NULL && unpack_error(u)[0], "failed without a message");
  }
  unpack_delete(u);
  free(text);
}

/* text7 of bytes[0..len) with line ends every `every` characters (0:
** none; CRLF when `crlf`), never between `~` and its digit: malloc'd. */
static unsigned char *spread_text7(const unsigned char *bytes, size_t len, unsigned every, int crlf, size_t *out_len) {
  size_t text_len;
  unsigned char *text = text7(bytes, len, &text_len);
  unsigned char *spread = malloc(text_len * 3 + 1);
  if (!spread) abort();
  size_t n = 0;
  for (size_t i = 0; i < text_len; i++) {
    spread[n++] = text[i];
    if (every && i % every == every - 1 && text[i] != '~') {
      if (crlf) spread[n++] = '\r';
      spread[n++] = '\n';
    }
  }
  free(text);
  *out_len = n;
  return spread;
}

static void round_trip(uint8_t mode, const uint8_t *data, size_t size) {
  size_t frame_len;
  unsigned char *frame = raw_frame(data, size, &frame_len);
  /* two pieces, cut as scripts/build-page.mjs cuts: at a whole number of
  ** 7-byte groups, each written as text7 on its own */
  FUZZ_CHECK(unpack_content_size(frame, frame_len) == size, "the frame says %zu bytes, not %zu",
             unpack_content_size(frame, frame_len), size);
  size_t cut = frame_len / 2 / 7 * 7;
  unsigned every = (mode >> 1) % 16;
  size_t n1, n2;
  unsigned char *one = spread_text7(frame, cut, every, mode & 0x20, &n1);
  unsigned char *two = spread_text7(frame + cut, frame_len - cut, every, mode & 0x20, &n2);
  free(frame);
  Unpack *u = unpack_new(size);
  FUZZ_CHECK(u != NULL, "no handle");
  FUZZ_CHECK(unpack_text(u, one, n1) == 0, "first piece: %s", unpack_error(u));
  FUZZ_CHECK(unpack_text(u, two, n2) == 0, "second piece: %s", unpack_error(u));
  FUZZ_CHECK(unpack_finish(u) == 0, "finish: %s", unpack_error(u));
  FUZZ_CHECK(unpack_length(u) == size && emitted_length == size, "%zu bytes of %zu", emitted_length, size);
  FUZZ_CHECK(size == 0 || memcmp(emitted, data, size) == 0, "the data changed");
  unpack_delete(u);
  free(one);
  free(two);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  emitted_length = 0;
  if (data[0] & 1) round_trip(data[0], data + 1, size - 1);
  else any_text(data + 1, size - 1);
  return 0;
}
