/*
** normalize.c — folding and lower-casing words with utf8proc.
**
** Index time and query time both call lt_fold(), so whatever it does, a word
** typed by a reader meets the same word in a document.  It runs once per
** token, so it avoids utf8proc_map() (one malloc per call): code points are
** decomposed into a stack buffer, composed in place, and encoded straight
** into the caller's buffer.  Pure-ASCII words, most of any text, skip
** utf8proc altogether: NFKC is the identity on ASCII, so lowering is enough.
*/
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "utf8proc.h"

/* Code points a word usually decomposes into; longer words use the heap. */
#define STACK_CODE_POINTS 256

/* NFKC + full case folding + accents removed.  STRIPMARK only works while
** decomposing, hence COMPOSE (which decomposes first, then recomposes).
** IGNORE drops the default-ignorable code points (soft hyphen, joiners),
** which the tokenizer keeps inside words. */
#define FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | \
                      UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* NFC + full case folding, accents kept (for the French stemmer). */
#define LOWER_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

#define LATIN_SMALL_LIGATURE_OE 0x0153
#define LATIN_SMALL_LETTER_AE 0x00E6

static int is_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return 0;
  return 1;
}

/* ASCII lower-casing into out; same return contract as lt_fold(). */
static int lower_ascii(const char *s, size_t n, char *out, size_t cap) {
  if (n + 1 > cap) return -1;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
  }
  out[n] = '\0';
  return (int)n;
}

/* Bytes needed to encode cp (or its spelled-out ligature: also 2). */
static size_t utf8_length(utf8proc_int32_t cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/*
** Encodes code points as UTF-8 into out (NUL-ended).  When spell_ligatures
** is set, œ and æ become "oe" and "ae": French writers and OCR engines use
** both spellings of "cœur", and readers type "coeur".
*/
static int encode_code_points(const utf8proc_int32_t *code_points, utf8proc_ssize_t count,
                              int spell_ligatures, char *out, size_t cap) {
  size_t written = 0;
  for (utf8proc_ssize_t i = 0; i < count; i++) {
    utf8proc_int32_t cp = code_points[i];
    if (written + utf8_length(cp) + 1 > cap) return -1;
    if (spell_ligatures && cp == LATIN_SMALL_LIGATURE_OE) {
      out[written++] = 'o';
      out[written++] = 'e';
    } else if (spell_ligatures && cp == LATIN_SMALL_LETTER_AE) {
      out[written++] = 'a';
      out[written++] = 'e';
    } else {
      written += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + written);
    }
  }
  out[written] = '\0';
  return (int)written;
}

/*
** Decomposes (with the given options), recomposes and encodes.  Tries the
** stack buffer first; utf8proc tells how many code points it needed when
** that was too small, so a second pass on the heap always fits.
*/
static int map_with_utf8proc(const char *s, size_t n, utf8proc_option_t options,
                             int spell_ligatures, char *out, size_t cap) {
  utf8proc_int32_t stack_buffer[STACK_CODE_POINTS];
  utf8proc_int32_t *buffer = stack_buffer;
  utf8proc_ssize_t capacity = STACK_CODE_POINTS;
  utf8proc_ssize_t count;
  int result;

  for (;;) {
    count = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buffer,
                                      capacity, options, NULL, NULL);
    if (count < 0) {
      result = -1;  /* invalid UTF-8 */
      goto done;
    }
    if (count <= capacity) break;
    if (buffer != stack_buffer) free(buffer);
    buffer = malloc((size_t)count * sizeof *buffer);
    if (!buffer) return -1;
    capacity = count;
  }
  count = utf8proc_normalize_utf32(buffer, count, options);
  if (count < 0) {
    result = -1;
    goto done;
  }
  result = encode_code_points(buffer, count, spell_ligatures, out, cap);
done:
  if (buffer != stack_buffer) free(buffer);
  return result;
}

/*
** Latin-1 fast path.  French words are ASCII plus a few letters from
** U+00C0..U+00FF (é, è, à, ç...) and œ.  Those have no compatibility forms
** and, without combining marks around them (none can be: every other byte is
** ASCII), NFKC/NFC leave them alone; so a table gives the same result as
** utf8proc at a fraction of the cost.  Index i is U+00C0 + i.
*/
static const char *const latin1_folded[64] = {
  "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
  "\xC3\xB0", "n", "o", "o", "o", "o", "o", "\xC3\x97", "\xC3\xB8", "u", "u", "u", "u", "y",
  "\xC3\xBE", "ss",
  "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
  "\xC3\xB0", "n", "o", "o", "o", "o", "o", "\xC3\xB7", "\xC3\xB8", "u", "u", "u", "u", "y",
  "\xC3\xBE", "y",
};

/* Case folding of the same range, accents kept: capitals move down 0x20
** (except ×), ß folds to "ss" as utf8proc's full case folding does. */
static const char *latin1_lowered(unsigned char second_byte, char scratch[3]) {
  unsigned char lowered = second_byte;
  if (second_byte == 0x9F) return "ss";
  if (second_byte >= 0x80 && second_byte <= 0x9E && second_byte != 0x97) lowered += 0x20;
  scratch[0] = (char)0xC3;
  scratch[1] = (char)lowered;
  scratch[2] = '\0';
  return scratch;
}

#define NOT_LATIN1 (-2)

/* Folds (fold = 1) or lowers (fold = 0) text made of ASCII, U+00C0..U+00FF
** and Œ/œ.  Returns NOT_LATIN1 when other characters appear, else the
** lt_fold() contract. */
static int map_latin1(const char *s, size_t n, int fold, char *out, size_t cap) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t written = 0;
  for (size_t i = 0; i < n; i++) {
    char scratch[3];
    const char *replacement;
    unsigned char byte = bytes[i];
    if (byte < 0x80) {
      if (written + 2 > cap) return -1;
      out[written++] = (byte >= 'A' && byte <= 'Z') ? (char)(byte + ('a' - 'A')) : (char)byte;
      continue;
    }
    if (i + 1 >= n || (bytes[i + 1] & 0xC0) != 0x80) return NOT_LATIN1;
    if (byte == 0xC3) {
      replacement = fold ? latin1_folded[bytes[i + 1] - 0x80] : latin1_lowered(bytes[i + 1], scratch);
    } else if (byte == 0xC5 && (bytes[i + 1] == 0x92 || bytes[i + 1] == 0x93)) {
      replacement = fold ? "oe" : "\xC5\x93";
    } else {
      return NOT_LATIN1;
    }
    size_t length = strlen(replacement);
    if (written + length + 1 > cap) return -1;
    memcpy(out + written, replacement, length);
    written += length;
    i++;
  }
  if (written + 1 > cap) return -1;
  out[written] = '\0';
  return (int)written;
}

int lt_fold(const char *s, size_t n, char *out, size_t cap) {
  int length;
  if (cap == 0) return -1;
  if (is_ascii(s, n)) return lower_ascii(s, n, out, cap);
  length = map_latin1(s, n, 1, out, cap);
  if (length != NOT_LATIN1) return length;
  if (!lt_utf8_valid(s, n)) return -1;
  return map_with_utf8proc(s, n, FOLD_OPTIONS, 1, out, cap);
}

int lt_lower(const char *s, size_t n, char *out, size_t cap) {
  int length;
  if (cap == 0) return -1;
  if (is_ascii(s, n)) return lower_ascii(s, n, out, cap);
  length = map_latin1(s, n, 0, out, cap);
  if (length != NOT_LATIN1) return length;
  if (!lt_utf8_valid(s, n)) return -1;
  return map_with_utf8proc(s, n, LOWER_OPTIONS, 0, out, cap);
}
