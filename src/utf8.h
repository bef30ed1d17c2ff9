/*
** utf8.h — checking and repairing UTF-8.
**
** Leaked documents arrive with broken encodings.  Everything the core stores
** or prints goes through lt_utf8_repair() first, so the rest of the code may
** assume valid UTF-8.
*/
#ifndef LT_UTF8_H
#define LT_UTF8_H

#include <stddef.h>

/* Returns 1 if the n bytes at s are valid UTF-8 (no overlongs, no surrogates),
** 0 otherwise. */
int lt_utf8_valid(const char *s, size_t n);

/*
** Returns a newly malloc'd, NUL-ended copy of the n bytes at s in which every
** invalid UTF-8 sequence is replaced by U+FFFD, NUL bytes and C0 control
** characters other than tab and newline are dropped, and "\r\n" / "\r" become
** "\n".  *out_len receives the length (without the NUL).  The caller frees
** the result with free().  Returns NULL only when memory runs out.
** *replaced (if not NULL) receives the number of invalid sequences replaced.
*/
char *lt_utf8_repair(const char *s, size_t n, size_t *out_len, size_t *replaced);

/* Decodes one code point at s (n bytes left).  Returns its length in bytes
** (1..4) and sets *cp; on an invalid sequence returns 1 and sets *cp = -1. */
int lt_utf8_decode(const unsigned char *s, size_t n, int *cp);

#endif
