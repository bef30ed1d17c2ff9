/*
** search_filter.h — which documents a search selects, as SQL.
**
** A search narrows the corpus by the reader's words (query.h) and by a
** period; the total, the page of hits and the timeline must all count the
** same documents, so the FROM/WHERE part is written in one place, here.
** (Entity filters will join the same way.)
*/
#ifndef LT_SEARCH_FILTER_H
#define LT_SEARCH_FILTER_H

#include "dates.h"
#include "index.h"
#include "query.h"

typedef struct lt_filter {
  lt_query query;                      /* the reader's words, parsed */
  char from_key[LT_DATE_KEY_SIZE];     /* period start key, "" if open */
  char to_key[LT_DATE_KEY_SIZE];       /* period end key, "" if open */
  int period_on_mentioned_dates;       /* 1: the period applies to the dates
                                       ** a document mentions, 0: to its own */
} lt_filter;

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
