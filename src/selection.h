/*
** selection.h — the documents a search selects, as a list of rowids.
**
** A filter (search_filter.h) is run once per search: one full-text query
** per expression it holds (the words, each entity group, the excluded
** words), the rest — entities that must be mentioned, the period — checked
** against the in-memory columns of doc_table.h.  The total, the page, the
** timeline and the facets are then all computed from this one list, so
** they always count the same documents.
*/
#ifndef LT_SELECTION_H
#define LT_SELECTION_H

#include <stdint.h>

#include "body_hits.h"
#include "doc_table.h"
#include "search_filter.h"

typedef struct lt_selection {
  int count;
  int32_t *rowids;         /* ascending */
  /* With ranks asked for and words in the query, one of each per rowid;
  ** else NULL. */
  double *ranks;           /* FTS5 rank (BM25, lower is better) */
  unsigned char *matched;  /* 1: the words matched the document; 0: it was
                           ** selected only because it mentions an entity
                           ** the words name (no rank, no snippet) */
  lt_body_hits body_hits;  /* with ranks: where the ranked expression hit
                           ** each match's body, for the snippets */
} lt_selection;

/*
** Selects the documents of `filter` in the index `db`, whose columns are
** `table`, reading its words with `tokenizer` (rank.h).  with_ranks: also fill ranks/matched (costs a BM25 score per
** match).  Returns an SQLite code; on success *out is to be freed with
** lt_selection_free(), on failure it is empty.
*/
int lt_selection_compute(sqlite3 *db, lt_tokenizer *tokenizer, const lt_doc_table *table, const lt_filter *filter,
                         int with_ranks, lt_selection *out);

void lt_selection_free(lt_selection *selection);

#endif
