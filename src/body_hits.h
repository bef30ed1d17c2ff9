/*
** body_hits.h — where a query's phrases hit each matching document's body,
** kept from the ranking pass for the snippets.
**
** A snippet is cut around the token positions of the query's hits, and
** FTS5 only gives those inside a statement that matches the query.
** Running the query again with `rowid = ?` for each document of a page
** looked cheap, but FTS5 reaches that rowid by stepping through every
** word's list from its start, not by seeking: on a common word at 10,000
** documents the 20 snippets of a page cost more than ranking all the
** matches.  Ranking (rank.c) already reads every match's hits to count
** them, so it keeps the body's here, and snippet.c reads them back.
**
** Memory is capped (LT_BODY_HITS_MAX): past it, later matches are not kept
** and their snippets are found the old way.
*/
#ifndef LT_BODY_HITS_H
#define LT_BODY_HITS_H

#include <stddef.h>
#include <stdint.h>

/* Hits kept per search at most: 8 bytes each, so 8 MB. */
#define LT_BODY_HITS_MAX (1u << 20)

typedef struct lt_body_hit {
  int32_t position;  /* first token of the hit in the body */
  int32_t phrase;    /* which phrase of the expression */
} lt_body_hit;

typedef struct lt_body_hits {
  int full;                /* the cap was reached: later matches are missing */
  int phrases;
  int *phrase_tokens;      /* per phrase, its length in tokens */
  size_t count;            /* matches kept */
  int64_t *rowids;         /* ascending */
  size_t *first;           /* count + 1 entries: match i's hits are
                           ** hits[first[i] .. first[i + 1]) */
  lt_body_hit *hits;
  size_t rowid_capacity, first_capacity, hit_capacity;
} lt_body_hits;

/* An empty set needs no allocation: `lt_body_hits hits = {0};`. */

/*
** Starts keeping the hits of a query of `phrases` phrases whose lengths in
** tokens are phrase_tokens[0..phrases).  Returns 0, or -1 when memory ran out.
*/
int lt_body_hits_start(lt_body_hits *set, int phrases, const int *phrase_tokens);

/*
** Adds a match (rowids must come ascending) and its `count` hits.  Returns
** 0 (also when the cap makes it drop the match), or -1 when memory ran out.
*/
int lt_body_hits_add(lt_body_hits *set, int64_t rowid, const lt_body_hit *hits, size_t count);

/* Whether the match `rowid` was kept; if so, *hits are its *count hits
** (owned by the set). */
int lt_body_hits_find(const lt_body_hits *set, int64_t rowid, const lt_body_hit **hits, size_t *count);

/* Frees what the set holds and leaves it empty. */
void lt_body_hits_free(lt_body_hits *set);

#endif
