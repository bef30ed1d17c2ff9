/*
** doc_table.c — reading the per-document arrays of doc_table.h from an
** index.  Six small queries, each a scan of a table or an index in the
** order the arrays want; values outside the ranges the arrays were sized
** for are treated as a damaged index rather than trusted.
*/
#include "doc_table.h"

#include <stdlib.h>
#include <string.h>

int32_t lt_doc_table_key_value(const char *key) {
  /* "YYYY-MM-DD", digits where they should be */
  if (!key) return 0;
  static const int digit_at[] = {0, 1, 2, 3, 5, 6, 8, 9};
  int32_t value = 0;
  for (int i = 0; i < 8; i++) {
    char c = key[digit_at[i]];
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return key[4] == '-' && key[7] == '-' && key[10] == 0 ? value : 0;
}

void lt_doc_table_key_text(int32_t value, char out[11]) {
  int year = value / 10000, month = value / 100 % 100, day = value % 100;
  out[0] = (char)('0' + year / 1000 % 10);
  out[1] = (char)('0' + year / 100 % 10);
  out[2] = (char)('0' + year / 10 % 10);
  out[3] = (char)('0' + year % 10);
  out[4] = '-';
  out[5] = (char)('0' + month / 10);
  out[6] = (char)('0' + month % 10);
  out[7] = '-';
  out[8] = (char)('0' + day / 10);
  out[9] = (char)('0' + day % 10);
  out[10] = 0;
}

void lt_doc_table_free(lt_doc_table *t) {
  if (!t) return;
  free(t->exists);
  free(t->date_start);
  free(t->date_end);
  free(t->id_order);
  free(t->date_order);
  free(t->mentioned_first);
  free(t->mentioned_start);
  free(t->mentioned_end);
  free(t->entities_first);
  free(t->entities);
  free(t->entity_type);
  free(t->entity_id_order);
  for (int i = 0; i < t->type_count; i++) free(t->type_names[i]);
  free(t->type_names);
  free(t);
}

/* Runs a query returning one integer. */
static int single_int(sqlite3 *db, const char *sql, sqlite3_int64 *value) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Largest rowid or count the arrays accept: keeps sizes in int range. */
#define TABLE_LIMIT 100000000

static int read_documents(sqlite3 *db, lt_doc_table *t) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT rowid, date_start, date_end FROM documents ORDER BY id", -1, &stmt, NULL);
  int place = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 rowid = sqlite3_column_int64(stmt, 0);
    if (rowid < 1 || rowid > t->max_rowid) { rc = SQLITE_CORRUPT; break; }
    t->exists[rowid] = 1;
    t->id_order[rowid] = place++;
    t->date_start[rowid] = lt_doc_table_key_value((const char *)sqlite3_column_text(stmt, 1));
    t->date_end[rowid] = lt_doc_table_key_value((const char *)sqlite3_column_text(stmt, 2));
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return rc;
  /* The order of sort=date, which search.c used to write in SQL. */
  rc = sqlite3_prepare_v2(db, "SELECT rowid FROM documents"
                          " ORDER BY date_start IS NULL, date_start, date_end, id", -1, &stmt, NULL);
  place = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 rowid = sqlite3_column_int64(stmt, 0);
    if (rowid < 1 || rowid > t->max_rowid) { rc = SQLITE_CORRUPT; break; }
    t->date_order[rowid] = place++;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
** Reads (doc, a, b) rows into the compressed layout first[doc]..first[doc+1]
** by counting sort, whatever order the rows come in.  b may be NULL (one
** value per row).  `rows` is the number of rows the query will return.
*/
static int read_grouped(sqlite3 *db, const char *sql, int max_rowid, sqlite3_int64 rows,
                        int32_t **first_out, int32_t **a_out, int32_t **b_out, int as_keys) {
  int32_t *first = calloc((size_t)max_rowid + 2, sizeof *first);
  int32_t *docs = malloc(((size_t)rows + 1) * sizeof *docs);
  int32_t *a = malloc(((size_t)rows + 1) * sizeof *a);
  int32_t *b = b_out ? malloc(((size_t)rows + 1) * sizeof *b) : NULL;
  int32_t *sorted_a = malloc(((size_t)rows + 1) * sizeof *sorted_a);
  int32_t *sorted_b = b_out ? malloc(((size_t)rows + 1) * sizeof *sorted_b) : NULL;
  int rc = first && docs && a && sorted_a && (!b_out || (b && sorted_b)) ? SQLITE_OK : SQLITE_NOMEM;
  sqlite3_stmt *stmt = NULL;
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  sqlite3_int64 n = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 doc = sqlite3_column_int64(stmt, 0);
    if (doc < 1 || doc > max_rowid || n >= rows) { rc = SQLITE_CORRUPT; break; }
    docs[n] = (int32_t)doc;
    if (as_keys) {
      a[n] = lt_doc_table_key_value((const char *)sqlite3_column_text(stmt, 1));
      if (b) b[n] = lt_doc_table_key_value((const char *)sqlite3_column_text(stmt, 2));
    } else {
      a[n] = (int32_t)sqlite3_column_int64(stmt, 1);
    }
    first[doc + 1]++;
    n++;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
    for (int r = 1; r <= max_rowid + 1; r++) first[r] += first[r - 1];
    /* scatter, keeping each document's rows in the order read */
    int32_t *next = malloc(((size_t)max_rowid + 2) * sizeof *next);
    if (!next) rc = SQLITE_NOMEM;
    else {
      memcpy(next, first, ((size_t)max_rowid + 2) * sizeof *next);
      for (sqlite3_int64 i = 0; i < n; i++) {
        int32_t at = next[docs[i]]++;
        sorted_a[at] = a[i];
        if (b) sorted_b[at] = b[i];
      }
      free(next);
    }
  }
  free(docs);
  free(a);
  free(b);
  if (rc != SQLITE_OK) {
    free(first);
    free(sorted_a);
    free(sorted_b);
    return rc;
  }
  *first_out = first;
  *a_out = sorted_a;
  if (b_out) *b_out = sorted_b;
  return SQLITE_OK;
}

static int read_entities(sqlite3 *db, lt_doc_table *t) {
  sqlite3_stmt *stmt;
  /* the type names first: few, sorted */
  int rc = sqlite3_prepare_v2(db, "SELECT DISTINCT type FROM entities ORDER BY type", -1, &stmt, NULL);
  int capacity = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (t->type_count == 255) { rc = SQLITE_CORRUPT; break; }
    if (t->type_count == capacity) {
      capacity = capacity ? capacity * 2 : 8;
      char **bigger = realloc(t->type_names, (size_t)capacity * sizeof *bigger);
      if (!bigger) { rc = SQLITE_NOMEM; break; }
      t->type_names = bigger;
    }
    const char *name = (const char *)sqlite3_column_text(stmt, 0);
    if (!(t->type_names[t->type_count] = strdup(name ? name : ""))) { rc = SQLITE_NOMEM; break; }
    t->type_count++;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return rc;
  rc = sqlite3_prepare_v2(db, "SELECT rowid, type FROM entities ORDER BY id", -1, &stmt, NULL);
  int place = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 rowid = sqlite3_column_int64(stmt, 0);
    if (rowid < 1 || rowid > t->max_entity) { rc = SQLITE_CORRUPT; break; }
    const char *type = (const char *)sqlite3_column_text(stmt, 1);
    int found = 0;
    for (int i = 0; i < t->type_count && !found; i++)
      if (strcmp(t->type_names[i], type ? type : "") == 0) { t->entity_type[rowid] = (unsigned char)i; found = 1; }
    t->entity_id_order[rowid] = place++;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int lt_doc_table_load(sqlite3 *db, lt_doc_table **out) {
  *out = NULL;
  lt_doc_table *t = calloc(1, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  sqlite3_int64 max_rowid = 0, count = 0, max_entity = 0, dates = 0, pairs = 0;
  int rc = single_int(db, "SELECT max(rowid) FROM documents", &max_rowid);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT count(*) FROM documents", &count);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT max(rowid) FROM entities", &max_entity);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT count(*) FROM dates", &dates);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT count(*) FROM (SELECT DISTINCT doc, entity FROM mentions)", &pairs);
  if (rc == SQLITE_OK && (max_rowid < 0 || max_rowid > TABLE_LIMIT || max_entity < 0 || max_entity > TABLE_LIMIT
                          || dates > TABLE_LIMIT || pairs > TABLE_LIMIT))
    rc = SQLITE_CORRUPT;
  if (rc == SQLITE_OK) {
    t->max_rowid = (int)max_rowid;
    t->document_count = (int)count;
    t->max_entity = (int)max_entity;
    size_t n = (size_t)max_rowid + 1;
    t->exists = calloc(n, 1);
    t->date_start = calloc(n, sizeof *t->date_start);
    t->date_end = calloc(n, sizeof *t->date_end);
    t->id_order = calloc(n, sizeof *t->id_order);
    t->date_order = calloc(n, sizeof *t->date_order);
    t->entity_type = calloc((size_t)max_entity + 1, 1);
    t->entity_id_order = calloc((size_t)max_entity + 1, sizeof *t->entity_id_order);
    if (!t->exists || !t->date_start || !t->date_end || !t->id_order || !t->date_order
        || !t->entity_type || !t->entity_id_order)
      rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK) rc = read_documents(db, t);
  if (rc == SQLITE_OK)
    rc = read_grouped(db, "SELECT doc, date_start, date_end FROM dates", t->max_rowid, dates,
                      &t->mentioned_first, &t->mentioned_start, &t->mentioned_end, 1);
  /* the covering index (doc, entity) gives each pair once, in order */
  if (rc == SQLITE_OK)
    rc = read_grouped(db, "SELECT DISTINCT doc, entity FROM mentions", t->max_rowid, pairs,
                      &t->entities_first, &t->entities, NULL, 0);
  if (rc == SQLITE_OK) rc = read_entities(db, t);
  if (rc == SQLITE_OK)
    for (int32_t i = 0; i < t->entities_first[t->max_rowid + 1]; i++)
      if (t->entities[i] < 1 || t->entities[i] > t->max_entity) { rc = SQLITE_CORRUPT; break; }
  if (rc != SQLITE_OK) {
    lt_doc_table_free(t);
    return rc;
  }
  *out = t;
  return SQLITE_OK;
}
