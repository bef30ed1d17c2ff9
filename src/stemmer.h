/*
** stemmer.h — French and English stemming (Snowball).
**
** Stems are indexed beside each word, at the same position, so that
** `menaces terroristes` finds `menace terroriste` while the exact form still
** matches too.  The French stemmer runs on the lower-cased word with its
** accents (Snowball's rules need them), the English one on the folded word;
** both stems are then folded.
*/
#ifndef LT_STEMMER_H
#define LT_STEMMER_H

/* One set of Snowball environments.  Not thread-safe: one per tokenizer. */
typedef struct lt_stemmer lt_stemmer;

/* Returns a new stemmer, or NULL when memory runs out. */
lt_stemmer *lt_stemmer_new(void);

/* Frees a stemmer.  NULL is allowed. */
void lt_stemmer_free(lt_stemmer *stemmer);

/*
** Stems one word.  `lower` (lower_len bytes) is the word lower-cased with
** accents, `folded` (folded_len bytes) the same word folded by lt_fold().
** Writes up to two distinct folded stems, each different from `folded`, into
** stems[i] (pointers into the stemmer's own buffers, valid until the next
** call) with lengths in lens[i].  Returns how many (0, 1 or 2).
** *repeated (unless NULL) is set to 1 when this stemmer has returned the
** same stems for the same word before (they come from its cache), 0 when
** it may not have: indexing collects each word's stems once this way.
*/
int lt_stem(lt_stemmer *stemmer, const char *lower, int lower_len,
            const char *folded, int folded_len,
            const char *stems[2], int lens[2], int *repeated);

#endif
