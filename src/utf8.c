/*
** utf8.c — strict UTF-8 decoding, validation and repair.
**
** Leaked documents mix encodings, truncate files mid-character and carry
** OCR debris.  The decoder here follows the Unicode well-formedness table
** (Unicode 15, table 3-7) exactly: no overlong forms, no surrogates, nothing
** above U+10FFFF.  It must agree with utf8proc's own checks, because the
** tokenizer hands decoded runs to utf8proc, which would otherwise refuse them.
*/
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT_CHARACTER_UTF8 "\xEF\xBF\xBD"

static int is_continuation_byte(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

/*
** Decodes one code point.  On success returns its length (1..4) and sets
** *cp.  On failure returns 0 and sets *invalid_len to the length of the
** "maximal subpart" (the longest prefix that could have started a valid
** sequence, at least 1), which is what Unicode recommends replacing by one
** U+FFFD: a truncated 3-byte character becomes one replacement, not three.
*/
static int decode_or_measure_invalid(const unsigned char *s, size_t n, int *cp,
                                     int *invalid_len) {
  unsigned char lead = s[0];
  int length, code_point;
  unsigned char second_min = 0x80, second_max = 0xBF;

  if (lead < 0x80) {
    *cp = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;       /* overlong below U+0800 */
    else if (lead == 0xED) second_max = 0x9F;  /* surrogates U+D800..DFFF */
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;       /* overlong below U+10000 */
    else if (lead == 0xF4) second_max = 0x8F;  /* above U+10FFFF */
  } else {
    *invalid_len = 1;  /* stray continuation byte, C0, C1 or F5..FF */
    return 0;
  }

  int i;
  for (i = 1; i < length; i++) {
    unsigned char byte;
    if ((size_t)i >= n) break;
    byte = s[i];
    if (i == 1 ? (byte < second_min || byte > second_max) : !is_continuation_byte(byte))
      break;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  if (i < length) {
    *invalid_len = i;
    return 0;
  }
  *cp = code_point;
  return length;
}

int lt_utf8_decode(const unsigned char *s, size_t n, int *cp) {
  int invalid_len;
  int length;
  if (n == 0) {
    *cp = -1;
    return 1;
  }
  length = decode_or_measure_invalid(s, n, cp, &invalid_len);
  if (length == 0) {
    *cp = -1;
    return 1;
  }
  return length;
}

int lt_utf8_valid(const char *s, size_t n) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t position = 0;
  while (position < n) {
    int cp, invalid_len, length;
    if (bytes[position] < 0x80) {  /* ASCII fast path: most text */
      position++;
      continue;
    }
    length = decode_or_measure_invalid(bytes + position, n - position, &cp, &invalid_len);
    if (length == 0) return 0;
    position += (size_t)length;
  }
  return 1;
}

/* Control characters that would break JSON output or terminals; tab and
** newline carry layout and stay.  Carriage returns are handled apart. */
static int is_dropped_control(unsigned char byte) {
  return byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r';
}

char *lt_utf8_repair(const char *s, size_t n, size_t *out_len, size_t *replaced) {
  const unsigned char *bytes = (const unsigned char *)s;
  /* Worst case: every byte is an invalid sequence becoming 3 bytes. */
  char *out = malloc(n * 3 + 1);
  size_t position = 0, written = 0, replacements = 0;
  if (!out) return NULL;

  while (position < n) {
    unsigned char byte = bytes[position];
    if (byte < 0x80) {
      if (byte == '\r') {
        out[written++] = '\n';
        position++;
        if (position < n && bytes[position] == '\n') position++;
      } else {
        if (!is_dropped_control(byte)) out[written++] = (char)byte;
        position++;
      }
      continue;
    }
    int cp, invalid_len;
    int length = decode_or_measure_invalid(bytes + position, n - position, &cp, &invalid_len);
    if (length > 0) {
      memcpy(out + written, bytes + position, (size_t)length);
      written += (size_t)length;
      position += (size_t)length;
    } else {
      out[written++] = REPLACEMENT_CHARACTER_UTF8[0];
      out[written++] = REPLACEMENT_CHARACTER_UTF8[1];
      out[written++] = REPLACEMENT_CHARACTER_UTF8[2];
      position += (size_t)invalid_len;
      replacements++;
    }
  }
  out[written] = '\0';
  if (out_len) *out_len = written;
  if (replaced) *replaced = replacements;
  return out;
}
