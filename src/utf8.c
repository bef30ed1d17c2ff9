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

/* ---------------------------------------------------------------------------
** Legacy encodings (see utf8.h for the rule).
*/

/* Windows-1252 bytes 80..9F; 0 marks the five it leaves undefined.  A0..FF
** are the same code points as the byte (Latin-1). */
static const unsigned short CP1252_HIGH[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

lt_text_encoding lt_guess_encoding(const char *s, size_t n) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t position = 0, well_formed = 0, invalid = 0;
  int cp1252_undefined = 0;
  while (position < n) {
    unsigned char byte = bytes[position];
    if (byte < 0x80) {
      position++;
      continue;
    }
    if (byte <= 0x9F && CP1252_HIGH[byte - 0x80] == 0) cp1252_undefined = 1;
    int cp, invalid_len;
    int length = decode_or_measure_invalid(bytes + position, n - position, &cp, &invalid_len);
    if (length > 0) {
      /* The continuation bytes of a well-formed character are checked
      ** against Windows-1252 too, so step 3 sees every byte. */
      for (int i = 1; i < length; i++)
        if (bytes[position + i] <= 0x9F && CP1252_HIGH[bytes[position + i] - 0x80] == 0)
          cp1252_undefined = 1;
      well_formed++;
      position += (size_t)length;
    } else {
      for (int i = 1; i < invalid_len; i++)
        if (bytes[position + i] <= 0x9F && CP1252_HIGH[bytes[position + i] - 0x80] == 0)
          cp1252_undefined = 1;
      invalid++;
      position += (size_t)invalid_len;
    }
  }
  if (invalid == 0) return LT_TEXT_UTF8;
  if (well_formed >= invalid || cp1252_undefined) return LT_TEXT_DAMAGED_UTF8;
  return LT_TEXT_CP1252;
}

/* Appends code point cp as UTF-8; returns the bytes written (1..4). */
static size_t put_utf8(char *out, int cp) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* The converted text is valid UTF-8 already; lt_utf8_repair() then applies
** the same line-end and control-character rules as to any other text. */
static char *tidy(char *utf8, size_t len, size_t *out_len) {
  if (!utf8) return NULL;
  char *tidied = lt_utf8_repair(utf8, len, out_len, NULL);
  free(utf8);
  return tidied;
}

char *lt_cp1252_to_utf8(const char *s, size_t n, size_t *out_len) {
  const unsigned char *bytes = (const unsigned char *)s;
  char *out = malloc(n * 3 + 1);  /* every high byte is at most 3 bytes */
  size_t written = 0;
  if (!out) return NULL;
  for (size_t i = 0; i < n; i++) {
    unsigned char byte = bytes[i];
    int cp = byte;
    if (byte >= 0x80 && byte <= 0x9F) cp = CP1252_HIGH[byte - 0x80] ? CP1252_HIGH[byte - 0x80] : 0xFFFD;
    written += put_utf8(out + written, cp);
  }
  return tidy(out, written, out_len);
}

char *lt_utf16_to_utf8(const char *s, size_t n, int big_endian, size_t *out_len,
                       size_t *replaced) {
  const unsigned char *bytes = (const unsigned char *)s;
  /* Each 2-byte unit gives at most 3 bytes; a pair (4 bytes) gives 4. */
  char *out = malloc((n / 2) * 3 + 4);
  size_t written = 0, replacements = 0, i = 0;
  if (!out) return NULL;
  while (i + 1 < n) {
    int unit = big_endian ? (bytes[i] << 8 | bytes[i + 1]) : (bytes[i + 1] << 8 | bytes[i]);
    i += 2;
    int cp = unit;
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < n) {
      int low = big_endian ? (bytes[i] << 8 | bytes[i + 1]) : (bytes[i + 1] << 8 | bytes[i]);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {  /* unpaired surrogate */
      cp = 0xFFFD;
      replacements++;
    }
    written += put_utf8(out + written, cp);
  }
  if (i < n) {  /* an odd last byte: the file was cut */
    written += put_utf8(out + written, 0xFFFD);
    replacements++;
  }
  if (replaced) *replaced = replacements;
  return tidy(out, written, out_len);
}
