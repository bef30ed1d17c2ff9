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

/*
** Legacy encodings.  A file that is not UTF-8 is, in a French or English
** leak, almost always Windows-1252 (the Windows superset of Latin-1).  The
** rule, kept simple so that it can be explained to a reader:
**   1. valid UTF-8 is UTF-8;
**   2. otherwise, if the file holds at least as many well-formed multi-byte
**      UTF-8 characters (é as C3 A9) as invalid sequences, it is UTF-8 with
**      a few damaged bytes: repair it (lt_utf8_repair);
**   3. otherwise, if none of its bytes is one of the five that Windows-1252
**      leaves undefined (81 8D 8F 90 9D, which Mac Roman French uses for
**      è and ç), it is Windows-1252: convert it (é = E9, ’ = 92, œ = 9C,
**      « » = AB BB, € = 80 ...);
**   4. otherwise repair it as damaged UTF-8.
** Real UTF-8 text has its accented letters well formed, and a legacy file
** almost never has two bytes that happen to form one, which is why step 2
** separates the two cases.
*/
typedef enum {
  LT_TEXT_UTF8 = 0,       /* valid UTF-8 */
  LT_TEXT_DAMAGED_UTF8,   /* mostly UTF-8: repair */
  LT_TEXT_CP1252          /* legacy 8-bit: convert */
} lt_text_encoding;

/* Applies the rule above to the n bytes at s. */
lt_text_encoding lt_guess_encoding(const char *s, size_t n);

/*
** Converts Windows-1252 bytes to a newly malloc'd, NUL-ended UTF-8 string,
** then tidies it as lt_utf8_repair() does (line ends, control characters).
** The five undefined bytes become U+FFFD.  Returns NULL when memory runs out.
*/
char *lt_cp1252_to_utf8(const char *s, size_t n, size_t *out_len);

/*
** Converts UTF-16 (big_endian 0 or 1, without its byte order mark) to a
** newly malloc'd, NUL-ended UTF-8 string, tidied as lt_utf8_repair() does.
** Unpaired surrogates and an odd last byte become U+FFFD; *replaced (if not
** NULL) receives their number.  Returns NULL when memory runs out.
*/
char *lt_utf16_to_utf8(const char *s, size_t n, int big_endian, size_t *out_len,
                       size_t *replaced);

#endif
