/*
** search_filter.c — the SQL that selects a search's documents (see
** search_filter.h).
*/
#include "search_filter.h"

void lt_bind_named_text(sqlite3_stmt *stmt, const char *name, const char *value) {
  int i = sqlite3_bind_parameter_index(stmt, name);
  if (i > 0) sqlite3_bind_text(stmt, i, value, -1, SQLITE_TRANSIENT);
}

void lt_bind_named_int64(sqlite3_stmt *stmt, const char *name, sqlite3_int64 value) {
  int i = sqlite3_bind_parameter_index(stmt, name);
  if (i > 0) sqlite3_bind_int64(stmt, i, value);
}

/* Appends " WHERE " before the first condition and " AND " before others. */
static void add_condition(sqlite3_str *sql, int *count, const char *condition) {
  sqlite3_str_appendall(sql, (*count)++ ? " AND " : " WHERE ");
  sqlite3_str_appendall(sql, condition);
}

void lt_filter_append_sql(sqlite3_str *sql, const lt_filter *filter) {
  int conditions = 0;
  if (filter->query.match) {
    sqlite3_str_appendall(sql, " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid");
    add_condition(sql, &conditions, "documents_fts MATCH :match");
  } else {
    sqlite3_str_appendall(sql, " FROM documents d");
  }
  if (filter->query.exclude)
    add_condition(sql, &conditions,
                  "d.rowid NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :exclude)");
  if (!filter->from_key[0] && !filter->to_key[0]) return;
  /* Overlap of two periods (see LT_DATE_KEY in index.h); an open end is
  ** the widest key. */
  if (filter->period_on_mentioned_dates)
    add_condition(sql, &conditions,
                  "EXISTS (SELECT 1 FROM dates t WHERE t.doc = d.rowid"
                  " AND t.date_start <= :to AND t.date_end >= :from)");
  else
    add_condition(sql, &conditions, "d.date_start <= :to AND d.date_end >= :from");
}

void lt_filter_bind(sqlite3_stmt *stmt, const lt_filter *filter) {
  if (filter->query.match) lt_bind_named_text(stmt, ":match", filter->query.match);
  if (filter->query.exclude) lt_bind_named_text(stmt, ":exclude", filter->query.exclude);
  lt_bind_named_text(stmt, ":from", filter->from_key[0] ? filter->from_key : "0000-00-00");
  lt_bind_named_text(stmt, ":to", filter->to_key[0] ? filter->to_key : "9999-99-99");
}

sqlite3_stmt *lt_filter_prepare(sqlite3 *db, sqlite3_str *sql, const lt_filter *filter, int *rc) {
  char *text = sqlite3_str_finish(sql);
  sqlite3_stmt *stmt = NULL;
  *rc = text ? sqlite3_prepare_v2(db, text, -1, &stmt, NULL) : SQLITE_NOMEM;
  sqlite3_free(text);
  if (*rc == SQLITE_OK) lt_filter_bind(stmt, filter);
  return stmt;
}
