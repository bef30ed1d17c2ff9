/*
** snippet.h — the snippets of a page of hits, from the hits ranking found.
**
** FTS5's snippet() must be called in a statement that matches the query,
** so a page of 20 hits meant 20 more runs of the query, each with its
** `rowid = ?`.  That is cheap for a word, but a prefix (`coop*`, what the
** page sends while the reader types) makes FTS5 merge the lists of every
** word that begins so, and that merge was done 21 times per search.
**
** Here the hits come from the ranking pass, which reads them anyway
** (body_hits.h).  For documents it did not keep (past its memory cap), the
** query runs once more: an auxiliary function (registered as
** "lt_page_hits") records, for the page's documents only, where the query's
** phrases hit the body.  The snippet is then cut from the body around the
** best group of hits, with the same tokenizer.  Snippets
** keep FTS5's conventions: the window is LT_SNIPPET_TOKENS words, "…"
** marks cut text, hits are marked \x01...\x02 (search.c turns the marks
** into plain text and offsets).
*/
#ifndef LT_SNIPPET_H
#define LT_SNIPPET_H

#include <stdint.h>

#include "body_hits.h"
#include "sqlite3.h"
#include "tokenizer.h"

#define LT_SNIPPET_TOKENS 24

/* Registers the auxiliary function on db (after the tokenizer).  Returns
** an SQLite code. */
int lt_snippet_register(sqlite3 *db);

/*
** Makes the marked snippets of documents `rowids` (count of them, any
** order) for the FTS5 expression `match`: snippets[i] is a malloc'd string
** with \x01/\x02 around hits, or NULL when the expression does not match
** rowids[i] or it has no text.  `known` (or NULL) holds the hits the
** ranking of `match` kept; only the documents it lacks are queried.
** Returns an SQLite code; on failure the snippets made so far are freed
** and set to NULL.
*/
int lt_snippets_make(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, const lt_body_hits *known,
                     const int32_t *rowids, int count, char **snippets);

#endif
