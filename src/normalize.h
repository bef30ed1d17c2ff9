/*
** normalize.h — folding words to the form they are indexed and searched in.
**
** One function decides how a word is compared, so that index time and query
** time cannot disagree: NFKC (ligatures, full-width forms), case folding,
** accents removed (`Sécurité` -> `securite`), typographic letters spelled out
** (`œ` -> `oe`, `æ` -> `ae`, `ß` -> `ss`).
*/
#ifndef LT_NORMALIZE_H
#define LT_NORMALIZE_H

#include <stddef.h>

/*
** Folds the n bytes of valid UTF-8 at s into out (capacity cap bytes,
** NUL-ended).  Returns the folded length, or -1 if it did not fit or s is not
** valid UTF-8.  A few code points expand a lot (U+FDFA is 18 code points
** once decomposed), so callers must handle -1 by retrying with a larger
** buffer; 3*n + 9 suffices for ordinary text.
*/
int lt_fold(const char *s, size_t n, char *out, size_t cap);

/*
** Lower-cases the n bytes at s (case fold, NFC), keeping accents: the
** French stemmer needs `é` to recognise suffixes such as `-ité`.  Same
** contract as lt_fold().
*/
int lt_lower(const char *s, size_t n, char *out, size_t cap);

#endif
