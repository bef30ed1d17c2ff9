/*
** fuzz_common.h — what the libFuzzer targets of tests/fuzz share: a check
** that aborts with a message (the fuzzer keeps the input as a crash), and
** small UTF-8 and span helpers.
**
** The targets check properties, not only "no crash": a failed FUZZ_CHECK is
** a finding exactly like an AddressSanitizer report.
*/
#ifndef LT_FUZZ_COMMON_H
#define LT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define FUZZ_CHECK(cond, ...) do {                                          \
    if (!(cond)) {                                                          \
      fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__,   \
              #cond);                                                       \
      fprintf(stderr, __VA_ARGS__);                                         \
      fputc('\n', stderr);                                                  \
      abort();                                                              \
    }                                                                       \
  } while (0)

/* A malloc'd NUL-ended copy of the fuzzer's bytes (they are not NUL-ended). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s) abort();
  if (size) memcpy(s, data, size);
  s[size] = 0;
  return s;
}

/* The input repaired to valid UTF-8, as the core does before it reads a
** document (utf8.h); the contract of most modules asks for valid UTF-8. */
static inline char *fuzz_repaired(const uint8_t *data, size_t size, size_t *n) {
  char *s = lt_utf8_repair((const char *)data, size, n, NULL);
  if (!s) abort();
  return s;
}

/* 1 if byte offset `at` of the n bytes at s starts a UTF-8 character (or is
** the end): not a continuation byte. */
static inline int fuzz_on_boundary(const char *s, size_t n, long at) {
  if (at < 0 || (size_t)at > n) return 0;
  if ((size_t)at == n) return 1;
  return ((unsigned char)s[at] & 0xC0) != 0x80;
}

/* 1 if [start, end) is a non-empty span of the n bytes at s whose ends are
** character boundaries and whose bytes are valid UTF-8. */
static inline int fuzz_valid_span(const char *s, size_t n, long start, long end) {
  return start >= 0 && start < end && (size_t)end <= n && fuzz_on_boundary(s, n, start) &&
         fuzz_on_boundary(s, n, end) && lt_utf8_valid(s + start, (size_t)(end - start));
}

/* 1 if the NUL-ended string s is valid UTF-8 (NULL counts as valid). */
static inline int fuzz_valid_string(const char *s) {
  return !s || lt_utf8_valid(s, strlen(s));
}

#endif
