/*
** search_filter.h — which documents a search selects, as SQL.
**
** A search narrows the corpus by the reader's words (query.h) and by a
** period; the total, the page of hits and the timeline must all count the
** same documents, so the FROM/WHERE part is written in one place, here.
**
** Entities join the same way.  A query word or phrase that is an alias of
** an entity (index.h, entity_aliases) also selects the documents that
** mention that entity under any other alias: `NATO` finds the French
** documents that say `OTAN`.  Each AND-group of the parsed query then
** becomes "matches the words OR mentions the entity", documents are ranked
** by a looser FTS5 expression (the words and the entity's aliases, ORed)
** so that snippets highlight `OTAN`, and documents found only through a
** mention are ranked last.  "entities": [ids] in the request keeps the
** documents that mention every one of them.
*/
#ifndef LT_SEARCH_FILTER_H
#define LT_SEARCH_FILTER_H

#include "dates.h"
#include "index.h"
#include "query.h"
#include "cJSON.h"

typedef struct lt_filter {
  lt_query query;                      /* the reader's words, parsed */
  char from_key[LT_DATE_KEY_SIZE];     /* period start key, "" if open */
  char to_key[LT_DATE_KEY_SIZE];       /* period end key, "" if open */
  int period_on_mentioned_dates;       /* 1: the period applies to the dates
                                       ** a document mentions, 0: to its own */
  /* Set by lt_filter_resolve_entities(); freed by lt_filter_clear(). */
  char *entity_conditions;             /* SQL ANDed in: integers and :gN only */
  char **group_matches;                /* FTS5 expression bound to :g1, :g2... */
  size_t group_count;
  char *rank_match;                    /* non-NULL: some words name entities;
                                       ** the FTS5 expression that ranks */
} lt_filter;

/*
** Reads entities into the filter: the query's words and phrases that are
** aliases, and `required_ids` (a cJSON array of entity ids, or NULL).
** Returns SQLITE_OK, SQLITE_NOTFOUND with *unknown_id pointing at a required
** id that is in no entity, or another SQLite code.
*/
int lt_filter_resolve_entities(sqlite3 *db, lt_filter *filter, const cJSON *required_ids,
                               const char **unknown_id);

/* Frees what lt_filter_resolve_entities() added (not the query). */
void lt_filter_clear(lt_filter *filter);

/*
** Like lt_filter_append_sql(), for the page of hits: the FTS5 ranking is
** joined so that these columns can be selected: `fts_rank` (NULL for a
** document found only through an entity), `fts_snippet` (same), and
** `fts_found` (1 when the words themselves matched).
*/
void lt_filter_append_ranked_sql(sqlite3_str *sql, const lt_filter *filter, const char *snippet_sql);

/*
** Appends " FROM ... WHERE ..." selecting the filtered documents, with the
** documents table as `d` (and the FTS5 table joined when there are words,
** so that rank, snippet() and highlight() can be selected).  Parameters
** :match, :exclude, :from and :to are bound by lt_filter_bind().
*/
void lt_filter_append_sql(sqlite3_str *sql, const lt_filter *filter);

/* Binds the filter's parameters in stmt (those the statement has). */
void lt_filter_bind(sqlite3_stmt *stmt, const lt_filter *filter);

/*
** Finishes `sql` (a statement built around lt_filter_append_sql()),
** prepares it and binds the filter.  Returns the statement, or NULL with
** *rc set to the SQLite error.  Frees `sql` in every case.
*/
sqlite3_stmt *lt_filter_prepare(sqlite3 *db, sqlite3_str *sql, const lt_filter *filter, int *rc);

/* Binds a text or integer to a named parameter, if stmt has it. */
void lt_bind_named_text(sqlite3_stmt *stmt, const char *name, const char *value);
void lt_bind_named_int64(sqlite3_stmt *stmt, const char *name, sqlite3_int64 value);

#endif
