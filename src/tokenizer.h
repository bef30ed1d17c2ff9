/*
** tokenizer.h — splitting text into the words Lanterne indexes and searches.
**
** The same function reads documents at index time and the reader's words at
** query time, so both always agree.  Rules, in order:
**   - a word is a run of letters, marks and digits; everything else
**     (spaces, punctuation, hyphens, slashes, brackets, symbols, emoji)
**     separates words.  `États-Unis` is `etats` `unis`, `PPC-DS(2012)0009`
**     is `ppc` `ds` `2012` `0009`: the query parser turns a word typed with
**     such inner punctuation into a phrase, so codes are found as typed.
**   - Han, Hiragana and Katakana characters are one word each.
**   - French elision: in `l’OTAN`, `d'une`, `qu'il`, `jusqu’à`, `lorsqu'...`
**     (either apostrophe) the elided article is dropped; the OCR misreading
**     `I’OTAN` (capital I for l) is treated like `l’` unless the rest is an
**     English contraction (`I'm`, `I'll`).  Any other apostrophe splits
**     (`aujourd'hui` is `aujourd` `hui`); English `'s` is dropped.
**   - each word is folded (normalize.h); words longer than
**     LT_MAX_TOKEN_BYTES once folded are cut at a character boundary.
**   - with stems on, each word is followed by its distinct stems
**     (stemmer.h), marked LT_TOKEN_COLOCATED: same position, same offsets.
**   - invalid UTF-8 bytes are separators, never an error.
*/
#ifndef LT_TOKENIZER_H
#define LT_TOKENIZER_H

#include <stddef.h>

#define LT_MAX_TOKEN_BYTES 64

/* Flag passed to the callback for a stem that shares the previous token's
** position (same value as FTS5_TOKEN_COLOCATED). */
#define LT_TOKEN_COLOCATED 0x0001
/* Added to LT_TOKEN_COLOCATED when this tokenizer has already given the
** same stem for the same word (the stemmer's cache had it); a stem without
** it may still have been given before. */
#define LT_TOKEN_REPEATED 0x0002

/*
** Called once per token.  `token` (len bytes, not NUL-ended) is the folded
** form; [start, end) are the UTF-8 byte offsets of the word in the input.
** Returns 0 to go on; any other value stops the tokenizer, which returns it.
*/
typedef int (*lt_token_fn)(void *ctx, int flags, const char *token, int len,
                           int start, int end);

/* Returns 1 if code point cp is a letter as the tokenizer sees it (any
** script, ideographs included; apostrophes and digits are not). */
int lt_is_letter(int cp);

typedef struct lt_tokenizer lt_tokenizer;

/* Returns a new tokenizer (it owns a stemmer), or NULL when out of memory. */
lt_tokenizer *lt_tokenizer_new(void);

/* Frees a tokenizer.  NULL is allowed. */
void lt_tokenizer_free(lt_tokenizer *tokenizer);

/*
** Tokenizes n bytes of text (any bytes), calling `fn` for every token.
** with_stems: 1 to add the colocated stems, 0 for words only.
** Returns 0, the first non-zero value `fn` returned, or -1 if memory ran out.
*/
int lt_tokenize(lt_tokenizer *tokenizer, const char *text, size_t n,
                int with_stems, lt_token_fn fn, void *ctx);

#endif
