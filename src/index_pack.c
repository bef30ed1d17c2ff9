/*
** index_pack.c — packing an index for a page, and rebuilding the full-text
** index of a packed one when it is opened (index_pack.h, lanterne_pack()).
**
** Why: a page carries its index compressed, and FTS5's postings with their
** word positions are the biggest part of it after the text (7.7 of 17.2 MB
** zstd'd at 10k documents), yet they are a pure function of the text the
** page ships anyway.  Rebuilding them with the same tokenizer and settings
** gives the very same postings, so every answer is byte for byte the one of
** the built index; it costs about 0.3 s natively for 24 MB of text.
**
** The rebuilt index lives in the temp schema, over a temp view of the
** documents: the index's own database stays read-only (a page's is the
** unpacked bytes, shared with nothing else), and the unqualified name
** documents_fts that every query uses finds the temp table first.
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
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM meta WHERE key = '" LT_PACKED_META_KEY "' AND value = '"
                         LT_PACKED_META_VALUE "'", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  int packed = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return packed;
}

int lt_index_unpack_full_text(sqlite3 *db) {
  if (!is_packed(db)) return SQLITE_OK;
  /* temp_store=MEMORY: the WebAssembly module has no file system to spill
  ** to, and natively the rebuilt index is as big as it is either way. */
  return sqlite3_exec(db,
                      "PRAGMA temp_store=MEMORY;"
                      "CREATE TEMP VIEW documents_text AS SELECT rowid AS doc, title, body FROM main.documents;"
                      LT_FTS_SCHEMA_SQL("temp.", "documents_text", "doc")
                      "BEGIN;" LT_FTS_SETTINGS_SQL
                      "INSERT INTO documents_fts(documents_fts) VALUES('rebuild');"
                      "INSERT INTO documents_fts(documents_fts) VALUES('optimize');"
                      "COMMIT;",
                      NULL, NULL, NULL);
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
    /* VACUUM INTO copies the main schema only: never a rebuilt temp index. */
    int rc = lt_output_vacuum_into(index->db, temp_path);
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
