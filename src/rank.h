/*
** rank.h — BM25 scores of a search's matches, as FTS5's bm25() computes
** them, for less.
**
** FTS5's bm25() reads each matching document's length from its docsize
** table (one B-tree lookup per match) and, before the first row, runs the
** query once more per phrase to count the documents holding it.  On a
** common word in 10,000 documents those two made about a quarter of a
** search.  Here the lengths come from doc_table.h (computed at build time)
** and, for a query of one phrase, the count is the number of matches,
** known once the query has run: scores are computed after it.  For several
** phrases the counts are asked of FTS5 as bm25() does.  The formula, its
** constants, the column weights (index.h) and the order of the floating
** point operations are bm25()'s, so the scores are the same bits.
*/
#ifndef LT_RANK_H
#define LT_RANK_H

#include <stdint.h>

#include "body_hits.h"
#include "sqlite3.h"
#include "tokenizer.h"

/* Registers the auxiliary function "lt_rank" on db.  Returns an SQLite code. */
int lt_rank_register(sqlite3 *db);

/*
** What lt_rank_matches() reports for each matching document: its rowid,
** its score (as bm25(): lower is better; 0 when scores were not asked for)
** and, for each of the expression's `phrase_count` strings in the order
** they are written (FTS5's phrases of the expression as written), its
** weighted frequency in the document (0: the string is not in it).
** `phrase_frequencies` is NULL when FTS5 read the expression as another
** number of phrases than it has strings: the frequencies would then not
** be the strings'.
*/
typedef void lt_rank_found_fn(void *context, int64_t rowid, double score, const double *phrase_frequencies,
                              int phrase_count);

/*
** Runs the FTS5 expression `match` (the parser's format, query.h) and
** calls found(context, ...) for each matching document, rowid ascending.
** `tokens[rowid]` is each document's length in tokens, all columns, for
** rowids 1..max_rowid.  The documents holding a string that the pass
** cannot count (inside an AND) are counted before it, the string expanded
** with `tokenizer` (expand.h; NULL: as written, slower).  Without
** `with_scores` the scores are 0 and cost nothing (no document is
** counted).  With `body` (else NULL), also fills it with
** where the phrases hit each match's body (the caller frees it with
** lt_body_hits_free(), also on failure, when it is left empty).  Returns
** an SQLite code.
*/
int lt_rank_matches(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, const int32_t *tokens, int max_rowid,
                    int with_scores, lt_rank_found_fn *found, void *context, lt_body_hits *body);

#endif
