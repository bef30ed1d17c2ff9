/*
** doc_table.c — the per-document arrays of doc_table.h: computed from the
** index's tables when it is built (six small queries, each a scan in the
** order the arrays want), stored in it as one blob, and read back from
** that blob when it is opened.  Values outside the ranges the arrays were
** sized for are treated as a damaged index rather than trusted.
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
  free(t->tokens);
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

/* Reads an SQLite varint (the format of FTS5's docsize records) at *at;
** returns -1 past the end. */
static sqlite3_int64 read_varint(const unsigned char *data, int size, int *at) {
  sqlite3_uint64 value = 0;
  for (int i = 0; i < 9; i++) {
    if (*at >= size) return -1;
    unsigned char byte = data[(*at)++];
    if (i == 8) return (sqlite3_int64)((value << 8) | byte);
    value = (value << 7) | (byte & 0x7F);
    if (!(byte & 0x80)) break;
  }
  return (sqlite3_int64)value;
}

/* Documents' lengths in tokens: the sum of the columns of their FTS5
** docsize record, which is what bm25() reads per match. */
static int read_lengths(sqlite3 *db, lt_doc_table *t) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT id, sz FROM documents_fts_docsize", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 rowid = sqlite3_column_int64(stmt, 0);
    const unsigned char *record = sqlite3_column_blob(stmt, 1);
    int size = sqlite3_column_bytes(stmt, 1), at = 0;
    if (rowid < 1 || rowid > t->max_rowid) { rc = SQLITE_CORRUPT; break; }
    rc = SQLITE_OK;
    sqlite3_int64 total = 0;
    while (record && at < size) {
      sqlite3_int64 column = read_varint(record, size, &at);
      if (column < 0 || column > TABLE_LIMIT) { rc = SQLITE_CORRUPT; break; }
      total += column;
    }
    if (rc != SQLITE_OK) break;
    if (total > INT32_MAX) { rc = SQLITE_CORRUPT; break; }
    t->tokens[rowid] = (int32_t)total;
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

int lt_doc_table_read_tables(sqlite3 *db, lt_doc_table **out) {
  *out = NULL;
  lt_doc_table *t = calloc(1, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  sqlite3_int64 max_rowid = 0, max_entity = 0, dates = 0, pairs = 0;
  int rc = single_int(db, "SELECT max(rowid) FROM documents", &max_rowid);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT max(rowid) FROM entities", &max_entity);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT count(*) FROM dates", &dates);
  if (rc == SQLITE_OK) rc = single_int(db, "SELECT count(*) FROM (SELECT DISTINCT doc, entity FROM mentions)", &pairs);
  if (rc == SQLITE_OK && (max_rowid < 0 || max_rowid > TABLE_LIMIT || max_entity < 0 || max_entity > TABLE_LIMIT
                          || dates > TABLE_LIMIT || pairs > TABLE_LIMIT))
    rc = SQLITE_CORRUPT;
  if (rc == SQLITE_OK) {
    t->max_rowid = (int)max_rowid;
    t->max_entity = (int)max_entity;
    size_t n = (size_t)max_rowid + 1;
    t->exists = calloc(n, 1);
    t->date_start = calloc(n, sizeof *t->date_start);
    t->date_end = calloc(n, sizeof *t->date_end);
    t->id_order = calloc(n, sizeof *t->id_order);
    t->date_order = calloc(n, sizeof *t->date_order);
    t->tokens = calloc(n, sizeof *t->tokens);
    t->entity_type = calloc((size_t)max_entity + 1, 1);
    t->entity_id_order = calloc((size_t)max_entity + 1, sizeof *t->entity_id_order);
    if (!t->exists || !t->date_start || !t->date_end || !t->id_order || !t->date_order || !t->tokens
        || !t->entity_type || !t->entity_id_order)
      rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK) rc = read_documents(db, t);
  if (rc == SQLITE_OK) rc = read_lengths(db, t);
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

/* ------------------------------------------------------------------------ */
/* The stored form: one blob in doc_columns, little-endian 32-bit integers  */
/* ------------------------------------------------------------------------ */

#define BLOB_MAGIC 0x4C544454u  /* "LTDT" */
#define BLOB_VERSION 3u

typedef struct blob_writer {
  unsigned char *data;
  size_t size, capacity;
  int failed;
} blob_writer;

static void put_bytes(blob_writer *w, const void *bytes, size_t n) {
  if (w->failed) return;
  if (w->size + n > w->capacity) {
    size_t capacity = w->capacity ? w->capacity : 4096;
    while (capacity < w->size + n) capacity *= 2;
    unsigned char *bigger = realloc(w->data, capacity);
    if (!bigger) { w->failed = 1; return; }
    w->data = bigger;
    w->capacity = capacity;
  }
  memcpy(w->data + w->size, bytes, n);
  w->size += n;
}

static void put_u32(blob_writer *w, uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  put_bytes(w, b, 4);
}

static void put_ints(blob_writer *w, const int32_t *values, size_t n) {
  for (size_t i = 0; i < n; i++) put_u32(w, (uint32_t)values[i]);
}

int lt_doc_table_save(sqlite3 *db, const lt_doc_table *t) {
  blob_writer w = {0};
  size_t rows = (size_t)t->max_rowid + 1, firsts = (size_t)t->max_rowid + 2, entities = (size_t)t->max_entity + 1;
  size_t mentioned = (size_t)t->mentioned_first[t->max_rowid + 1], pairs = (size_t)t->entities_first[t->max_rowid + 1];
  put_u32(&w, BLOB_MAGIC);
  put_u32(&w, BLOB_VERSION);
  put_u32(&w, (uint32_t)t->max_rowid);
  put_u32(&w, (uint32_t)t->max_entity);
  put_u32(&w, (uint32_t)t->type_count);
  put_u32(&w, (uint32_t)mentioned);
  put_u32(&w, (uint32_t)pairs);
  put_bytes(&w, t->exists, rows);
  put_ints(&w, t->date_start, rows);
  put_ints(&w, t->date_end, rows);
  put_ints(&w, t->id_order, rows);
  put_ints(&w, t->date_order, rows);
  put_ints(&w, t->tokens, rows);
  put_ints(&w, t->mentioned_first, firsts);
  put_ints(&w, t->mentioned_start, mentioned);
  put_ints(&w, t->mentioned_end, mentioned);
  put_ints(&w, t->entities_first, firsts);
  put_ints(&w, t->entities, pairs);
  put_bytes(&w, t->entity_type, entities);
  put_ints(&w, t->entity_id_order, entities);
  for (int i = 0; i < t->type_count; i++) put_bytes(&w, t->type_names[i], strlen(t->type_names[i]) + 1);
  if (w.failed) { free(w.data); return SQLITE_NOMEM; }
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "INSERT INTO doc_columns(name, data) VALUES('search', ?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_blob64(stmt, 1, w.data, (sqlite3_uint64)w.size, SQLITE_STATIC);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_finalize(stmt);
  }
  free(w.data);
  return rc;
}

typedef struct blob_reader {
  const unsigned char *data;
  size_t size, at;
  int failed;           /* the blob is too short */
  int out_of_memory;
} blob_reader;

static uint32_t get_u32(blob_reader *r) {
  if (r->failed || r->size - r->at < 4) { r->failed = 1; return 0; }
  const unsigned char *b = r->data + r->at;
  r->at += 4;
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void *get_bytes(blob_reader *r, size_t n) {
  if (r->failed || r->size - r->at < n) { r->failed = 1; return NULL; }
  void *copy = malloc(n ? n : 1);
  if (!copy) { r->failed = r->out_of_memory = 1; return NULL; }
  memcpy(copy, r->data + r->at, n);
  r->at += n;
  return copy;
}

static int32_t *get_ints(blob_reader *r, size_t n) {
  if (r->failed || (r->size - r->at) / 4 < n) { r->failed = 1; return NULL; }
  int32_t *values = malloc((n ? n : 1) * sizeof *values);
  if (!values) { r->failed = r->out_of_memory = 1; return NULL; }
  for (size_t i = 0; i < n; i++) values[i] = (int32_t)get_u32(r);
  return values;
}

/* Whether first[] (n + 1 entries) rises from 0 to `total`. */
static int offsets_valid(const int32_t *first, size_t n, int32_t total) {
  if (!first || first[0] != 0 || first[n] != total) return 0;
  for (size_t i = 0; i < n; i++) if (first[i] > first[i + 1]) return 0;
  return 1;
}

/* Whether every value lies in [low, high]. */
static int values_within(const int32_t *values, size_t n, int32_t low, int32_t high) {
  if (!values) return 0;
  for (size_t i = 0; i < n; i++) if (values[i] < low || values[i] > high) return 0;
  return 1;
}

static int decode(const unsigned char *data, size_t size, lt_doc_table *t) {
  blob_reader r = {data, size, 0, 0, 0};
  if (!data) return SQLITE_CORRUPT;
  if (get_u32(&r) != BLOB_MAGIC || get_u32(&r) != BLOB_VERSION) return SQLITE_CORRUPT;
  uint32_t max_rowid = get_u32(&r), max_entity = get_u32(&r);
  uint32_t types = get_u32(&r), mentioned = get_u32(&r), pairs = get_u32(&r);
  if (r.failed || max_rowid > TABLE_LIMIT || max_entity > TABLE_LIMIT || types > 255
      || mentioned > TABLE_LIMIT || pairs > TABLE_LIMIT)
    return SQLITE_CORRUPT;
  t->max_rowid = (int)max_rowid;
  t->max_entity = (int)max_entity;
  size_t rows = (size_t)max_rowid + 1, firsts = (size_t)max_rowid + 2, entities = (size_t)max_entity + 1;
  t->exists = get_bytes(&r, rows);
  t->date_start = get_ints(&r, rows);
  t->date_end = get_ints(&r, rows);
  t->id_order = get_ints(&r, rows);
  t->date_order = get_ints(&r, rows);
  t->tokens = get_ints(&r, rows);
  t->mentioned_first = get_ints(&r, firsts);
  t->mentioned_start = get_ints(&r, mentioned);
  t->mentioned_end = get_ints(&r, mentioned);
  t->entities_first = get_ints(&r, firsts);
  t->entities = get_ints(&r, pairs);
  t->entity_type = get_bytes(&r, entities);
  t->entity_id_order = get_ints(&r, entities);
  t->type_names = calloc(types + 1, sizeof *t->type_names);
  if (!t->type_names || r.out_of_memory) return SQLITE_NOMEM;
  if (r.failed) return SQLITE_CORRUPT;
  for (uint32_t i = 0; i < types; i++) {
    const unsigned char *end = r.at < r.size ? memchr(r.data + r.at, 0, r.size - r.at) : NULL;
    if (!end) return SQLITE_CORRUPT;
    t->type_names[i] = get_bytes(&r, (size_t)(end - (r.data + r.at)) + 1);
    if (!t->type_names[i]) return SQLITE_NOMEM;
    t->type_count++;
  }
  /* Everything search code indexes with must be in range. */
  int32_t last_rowid = (int32_t)max_rowid, last_entity = (int32_t)max_entity;
  if (r.at != r.size || !offsets_valid(t->mentioned_first, rows, (int32_t)mentioned)
      || !offsets_valid(t->entities_first, rows, (int32_t)pairs)
      || !values_within(t->entities, pairs, 1, last_entity)
      || !values_within(t->id_order, rows, 0, last_rowid) || !values_within(t->date_order, rows, 0, last_rowid)
      || !values_within(t->entity_id_order, entities, 0, last_entity)
      || !values_within(t->tokens, rows, 0, INT32_MAX)
      || !values_within(t->date_start, rows, 0, 99999999) || !values_within(t->date_end, rows, 0, 99999999)
      || !values_within(t->mentioned_start, mentioned, 0, 99999999)
      || !values_within(t->mentioned_end, mentioned, 0, 99999999))
    return SQLITE_CORRUPT;
  for (size_t e = 0; e < entities; e++) if (t->entity_type[e] >= types && types) return SQLITE_CORRUPT;
  return SQLITE_OK;
}

int lt_doc_table_load(sqlite3 *db, lt_doc_table **out) {
  *out = NULL;
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT data FROM doc_columns WHERE name = 'search'", -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  lt_doc_table *t = NULL;
  if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    t = calloc(1, sizeof *t);
    rc = t ? decode(sqlite3_column_blob(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0), t) : SQLITE_NOMEM;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_CORRUPT;  /* every index of this format has it */
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    lt_doc_table_free(t);
    return rc;
  }
  *out = t;
  return SQLITE_OK;
}
