/*
** index_open.c — opening an index, from a file (the CLI) or from bytes in
** memory (the page), and describing it (lanterne_info).
**
** Both ways end in the same checks, so a file that is not a Lanterne index,
** an index from another format version, or a damaged one is refused with a
** message naming it, before any search can meet a raw SQLite error.
*/
#include "lanterne.h"
#include "fts_tokenizer.h"
#include "index.h"
#include "doc_table.h"
#include "snippet.h"
#include "rank.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void set_error(char **error, const char *message, const char *name, const char *detail) {
  if (!error) return;
  size_t n = strlen(message) + strlen(name) + (detail ? strlen(detail) : 0) + 16;
  *error = lanterne_malloc(n);
  if (*error) {
    if (detail) sqlite3_snprintf((int)n, *error, "%s: %s (%s)", name, message, detail);
    else sqlite3_snprintf((int)n, *error, "%s: %s", name, message);
  }
}

/* Reads meta.format; returns it, 0 when the meta table is missing, or -1
** when the database cannot be read at all. */
static int read_format(sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'format'", -1, &stmt, NULL) != SQLITE_OK) {
    int code = sqlite3_errcode(db);
    return code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? -1 : 0;
  }
  int format = 0;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) format = sqlite3_column_int(stmt, 0);
  else if (rc != SQLITE_DONE) format = -1;
  sqlite3_finalize(stmt);
  return format;
}

/* Checks that db holds a readable Lanterne index; on success wraps it in a
** handle, otherwise closes it and returns NULL with *error set.  The
** tokenizer is registered only after the format check, because registering
** reads the schema, and on a file that is not a database that read would
** fail with an engine message instead of ours. */
static lanterne_index *finish_open(sqlite3 *db, const char *name, char **error) {
  int format = read_format(db);
  int rc;
  lt_full_text full_text = {0};
  const char *problem = NULL;
  if (format < 0) problem = "not a Lanterne index: the file is damaged or is not an SQLite database";
  else if (format == 0) problem = "not a Lanterne index (no index description in it)";
  else if (format != LANTERNE_INDEX_FORMAT)
    problem = "this index was written by another version of Lanterne: rebuild it with `lanterne build`";
  else if (lt_fts_register_tokenizer(db) != SQLITE_OK || lt_snippet_register(db) != SQLITE_OK
           || lt_rank_register(db) != SQLITE_OK)
    problem = "out of memory";
  else if ((rc = lt_full_text_open(db, &full_text)) != SQLITE_OK)
    problem = rc == SQLITE_NOMEM ? "out of memory" : "the index is damaged (its text cannot be read): rebuild it";
  else if (full_text.state == LT_FULL_TEXT_READY
           && sqlite3_exec(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'lanterne'", NULL, NULL, NULL) != SQLITE_OK)
    problem = "the index is damaged (its full-text part cannot be read): rebuild it";
  if (problem) {
    set_error(error, problem, name, NULL);
    sqlite3_close(db);
    return NULL;
  }
  lanterne_index *index = calloc(1, sizeof *index);
  if (index) {
    index->db = db;
    index->full_text = full_text;
    index->tokenizer = lt_tokenizer_new();
    index->name = strdup(name);
  }
  if (!index || !index->tokenizer || !index->name) {
    lanterne_close(index);
    if (!index) sqlite3_close(db);
    set_error(error, "out of memory", name, NULL);
    return NULL;
  }
  return index;
}

lanterne_index *lanterne_open_file(const char *path, char **error) {
  if (error) *error = NULL;
  struct stat st;
  if (!path || stat(path, &st) != 0) {
    set_error(error, "no such file", path ? path : "(no path)", NULL);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    set_error(error, "not a file", path, NULL);
    return NULL;
  }
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK) {
    set_error(error, "cannot open the index", path, sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
  }
  return finish_open(db, path, error);
}

lanterne_index *lanterne_open_bytes(void *bytes, size_t n, const char *name, char **error) {
  if (error) *error = NULL;
  if (!name) name = "index";
  if (!bytes || n < 512) {
    lanterne_free(bytes);
    set_error(error, n ? "not a Lanterne index: the data is truncated" : "the index is empty", name, NULL);
    return NULL;
  }
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK) {
    lanterne_free(bytes);
    sqlite3_close(db);
    set_error(error, "out of memory", name, NULL);
    return NULL;
  }
  /* From here SQLite owns the bytes (FREEONCLOSE), even if this fails. */
  rc = sqlite3_deserialize(db, "main", bytes, (sqlite3_int64)n, (sqlite3_int64)n,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) {
    set_error(error, "cannot open the index", name, sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
  }
  return finish_open(db, name, error);
}

void lanterne_close(lanterne_index *index) {
  if (!index) return;
  lt_doc_table_free(index->docs);
  sqlite3_close(index->db);
  lt_tokenizer_free(index->tokenizer);
  free(index->name);
  free(index);
}

char *lt_index_meta(sqlite3 *db, const char *key) {
  sqlite3_stmt *stmt;
  char *value = NULL;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(stmt) == SQLITE_ROW) value = lt_strdup_api((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return value;
}

char *lanterne_info(lanterne_index *index) {
  if (!index) return lt_json_error("no index is open");
  /* All from meta, written by the build (index_build.c): no scan of the
  ** documents before the page's first answer. */
  static const char *keys[] = {"title", "documents", "text_bytes", "first_date", "last_date",
                               "languages", "lanterne_version"};
  char *values[7] = {0};
  for (int i = 0; i < 7; i++) values[i] = lt_index_meta(index->db, keys[i]);
  cJSON *languages = values[5] ? cJSON_Parse(values[5]) : NULL;
  int ok = values[1] && values[2] && values[3] && values[4] && cJSON_IsObject(languages);
  cJSON *info = cJSON_CreateObject();
  if (ok) {
    lt_json_add_string_or_null(info, "title", values[0]);
    cJSON_AddNumberToObject(info, "documents", strtod(values[1], NULL));
    cJSON_AddNumberToObject(info, "text_bytes", strtod(values[2], NULL));
    lt_json_add_string_or_null(info, "first_date", *values[3] ? values[3] : NULL);
    lt_json_add_string_or_null(info, "last_date", *values[4] ? values[4] : NULL);
    cJSON_AddItemToObject(info, "languages", languages);
    languages = NULL;
    cJSON_AddNumberToObject(info, "format", LANTERNE_INDEX_FORMAT);
    lt_json_add_string_or_null(info, "lanterne_version", values[6]);
  }
  cJSON_Delete(languages);
  for (int i = 0; i < 7; i++) lanterne_free(values[i]);
  if (!ok) {
    cJSON_Delete(info);
    return lt_json_error_index(index->name, SQLITE_CORRUPT);
  }
  return lt_json_finish(info);
}
