/*
** index_pack.c — packing an index for a page, and rebuilding the full-text
** index of a packed one when it is opened (index_pack.h, lanterne_pack()).
**
** Why: a page carries its index compressed, and FTS5's postings with their
** word positions are the biggest part of it after the text (7.7 of 17.2 MB
** zstd'd at 10k documents), yet they are a pure function of the text the
** page ships anyway.  Rebuilding them with the same tokenizer and settings
** gives the very same postings, so every answer is byte for byte the one of
** the built index; it costs about 0.4 s natively for 24 MB of text, 0.6 s
** in a browser.
**
** The rebuilt index lives in the temp schema, over a temp view of the
** documents: the index's own database stays read-only (a page's is the
** unpacked bytes, shared with nothing else), and the unqualified name
** documents_fts that every query uses finds the temp table first.  It is
** rebuilt document by document in rowid order, in steps, inside one
** transaction: the same postings as FTS5's own 'rebuild', which the tests
** check answer by answer.
*/
#include "lanterne.h"
#include "fts_tokenizer.h"
#include "index.h"
#include "index_pack.h"
#include "json.h"
#include "output_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether db's meta marks it packed. */
static int is_packed(sqlite3 *db) {
  char *value = lt_index_meta(db, LT_PACKED_META_KEY);
  int packed = value && strcmp(value, LT_PACKED_META_VALUE) == 0;
  lanterne_free(value);
  return packed;
}

int lt_full_text_open(sqlite3 *db, lt_full_text *full_text) {
  memset(full_text, 0, sizeof *full_text);
  if (!is_packed(db)) return SQLITE_OK;
  /* temp_store=MEMORY: the WebAssembly module has no file system to spill
  ** to, and natively the rebuilt index is as big as it is either way. */
  int rc = sqlite3_exec(db,
                        "PRAGMA temp_store=MEMORY;"
                        "CREATE TEMP VIEW documents_text AS SELECT rowid AS doc, title, body FROM main.documents;"
                        LT_FTS_SCHEMA_SQL("temp.", "documents_text", "doc")
                        LT_FTS_SETTINGS_SQL,
                        NULL, NULL, NULL);
  /* The documents must be there to be read: a packed index without them
  ** is refused now, not at its first search. */
  sqlite3_stmt *stmt = NULL;
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, "SELECT doc, title, body FROM documents_text LIMIT 0", -1, &stmt, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  sqlite3_finalize(stmt);
  /* One transaction for the whole rebuild: FTS5 keeps the postings in
  ** memory (LT_FTS_SETTINGS_SQL's hashsize) and writes them once, at the
  ** commit, as one segment, as a build does. */
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return rc;
  full_text->state = LT_FULL_TEXT_PENDING;
  char *documents = lt_index_meta(db, "documents");
  full_text->documents = documents ? strtoll(documents, NULL, 10) : 0;
  lanterne_free(documents);
  return SQLITE_OK;
}

/* Marks the rebuild failed with code rc (and drops what it had done). */
static int fail(sqlite3 *db, lt_full_text *full_text, int rc) {
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  full_text->state = LT_FULL_TEXT_FAILED;
  full_text->failure_code = rc;
  return rc;
}

int lt_full_text_step(sqlite3 *db, lt_full_text *full_text, sqlite3_int64 byte_budget) {
  if (full_text->state == LT_FULL_TEXT_FAILED) return full_text->failure_code;
  if (full_text->state == LT_FULL_TEXT_READY) return SQLITE_OK;
  sqlite3_stmt *read = NULL, *insert = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT doc, title, body FROM documents_text WHERE doc > ?1 ORDER BY doc", -1,
                              &read, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT INTO documents_fts(rowid, title, body) VALUES(?1, ?2, ?3)", -1, &insert, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(read, 1, full_text->next_rowid);
  sqlite3_int64 bytes = 0;
  int finished = 0;
  while (rc == SQLITE_OK) {
    if (byte_budget > 0 && bytes >= byte_budget) break;
    rc = sqlite3_step(read);
    if (rc == SQLITE_DONE) { rc = SQLITE_OK; finished = 1; break; }
    if (rc != SQLITE_ROW) break;
    /* SQLITE_STATIC: read's row stays put until it steps again. */
    sqlite3_int64 rowid = sqlite3_column_int64(read, 0);
    const char *title = (const char *)sqlite3_column_text(read, 1);
    int title_len = sqlite3_column_bytes(read, 1);
    const char *body = (const char *)sqlite3_column_text(read, 2);
    int body_len = sqlite3_column_bytes(read, 2);
    sqlite3_bind_int64(insert, 1, rowid);
    sqlite3_bind_text(insert, 2, title ? title : "", title_len, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, body ? body : "", body_len, SQLITE_STATIC);
    rc = sqlite3_step(insert);
    rc = rc == SQLITE_DONE ? sqlite3_reset(insert) : rc;
    if (rc != SQLITE_OK) break;
    full_text->next_rowid = rowid;
    full_text->documents_done++;
    bytes += title_len + body_len;
  }
  sqlite3_finalize(read);
  sqlite3_finalize(insert);
  if (rc == SQLITE_OK && finished)
    rc = sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts) VALUES('optimize'); COMMIT;", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return fail(db, full_text, rc);
  if (finished) full_text->state = LT_FULL_TEXT_READY;
  return SQLITE_OK;
}

int lt_full_text_ensure(sqlite3 *db, lt_full_text *full_text) {
  return lt_full_text_step(db, full_text, 0);
}

/* In the copy at path: drops the full-text index, marks the index packed,
** and compacts the file. */
static int strip_full_text(const char *path) {
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
  /* Dropping an FTS5 table asks its tokenizer to be there. */
  if (rc == SQLITE_OK) rc = lt_fts_register_tokenizer(db);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db,
                      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                      "DROP TABLE IF EXISTS main.documents_fts;"
                      "INSERT OR REPLACE INTO meta(key, value) VALUES('" LT_PACKED_META_KEY "', '"
                      LT_PACKED_META_VALUE "');"
                      "VACUUM;",
                      NULL, NULL, NULL);
  if (sqlite3_close(db) != SQLITE_OK && rc == SQLITE_OK) rc = SQLITE_ERROR;
  return rc;
}

char *lanterne_prepare(lanterne_index *index, const char *request_json) {
  if (!index) return lt_json_error("no index is open");
  cJSON *request = lt_json_parse_request(request_json);
  long budget = lt_json_get_long(request, "bytes", 0, 0, 1L << 30);
  cJSON_Delete(request);
  int rc = lt_full_text_step(index->db, &index->full_text, budget);
  if (rc != SQLITE_OK) return lt_json_error_index(index->name, rc);
  cJSON *answer = cJSON_CreateObject();
  cJSON_AddBoolToObject(answer, "ready", index->full_text.state == LT_FULL_TEXT_READY);
  cJSON_AddNumberToObject(answer, "documents_done", (double)index->full_text.documents_done);
  cJSON_AddNumberToObject(answer, "documents", (double)index->full_text.documents);
  return lt_json_finish(answer);
}

static long long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

char *lanterne_pack(const char *index_path, const char *output_path) {
  if (!index_path || !*index_path) return lt_json_error("no index file given");
  if (!output_path || !*output_path) return lt_json_error("no output file given");
  char *open_error = NULL;
  lanterne_index *index = lanterne_open_file(index_path, &open_error);
  if (!index) {
    char *answer = lt_json_error("%s", open_error ? open_error : "out of memory");
    lanterne_free(open_error);
    return answer;
  }
  char error[1024] = "";
  char *temp_path = NULL;
  if (lt_output_make_folders(output_path, error, sizeof error) == 0)
    temp_path = lt_output_temp_path(output_path, "tmp", error, sizeof error);
  if (temp_path) {
    /* VACUUM INTO copies the main schema only, never a rebuilt temp index,
    ** but cannot run inside the transaction of a rebuild under way (when
    ** the index given is packed already): that one is finished first. */
    int rc = lt_full_text_ensure(index->db, &index->full_text);
    if (rc == SQLITE_OK) rc = lt_output_vacuum_into(index->db, temp_path);
    if (rc == SQLITE_OK) rc = strip_full_text(temp_path);
    if (rc != SQLITE_OK) {
      snprintf(error, sizeof error, "%s: could not write the packed index (%s)", output_path,
               rc == SQLITE_FULL ? "the disk is full" : sqlite3_errstr(rc));
      unlink(temp_path);
    } else {
      lt_output_commit(temp_path, output_path, error, sizeof error);
    }
  }
  lanterne_close(index);
  free(temp_path);
  if (error[0]) return lt_json_error("%s", error);
  cJSON *report = cJSON_CreateObject();
  cJSON_AddNumberToObject(report, "index_bytes", (double)file_size(index_path));
  cJSON_AddNumberToObject(report, "packed_bytes", (double)file_size(output_path));
  return lt_json_finish(report);
}
