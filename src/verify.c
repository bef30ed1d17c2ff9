/*
** verify.c — checking an index against its corpus (lanterne_verify).
**
** A newsroom publishes an index; months later someone asks whether it still
** matches the documents.  The index keeps the SHA-256 of every document's
** text, computed from the text exactly as the build read it (corpus.c), so
** reading the folder again the same way and comparing fingerprints says
** which documents changed, disappeared or were added.
*/
#include "lanterne.h"
#include "corpus.h"
#include "index.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

static int compare_ids(const void *a, const void *b) {
  return strcmp(((const lt_document *)a)->id, ((const lt_document *)b)->id);
}

/* Finds a document of the (id-sorted) corpus by id. */
static lt_document *find_document(lt_corpus *corpus, const char *id) {
  lt_document key;
  memset(&key, 0, sizeof key);
  key.id = (char *)id;
  return bsearch(&key, corpus->docs, corpus->count, sizeof *corpus->docs, compare_ids);
}

char *lanterne_verify(lanterne_index *index, const char *corpus_dir) {
  if (!index) return lt_json_error("no index is open");
  lt_corpus corpus;
  char *load_error = NULL;
  if (lt_corpus_load(corpus_dir ? corpus_dir : "", 2, &corpus, &load_error) != 0) {
    char *answer = lt_json_error("%s", load_error ? load_error : "out of memory");
    free(load_error);
    return answer;
  }
  sqlite3_stmt *stmt;
  int prepared = sqlite3_prepare_v2(index->db, "SELECT id, sha256 FROM documents ORDER BY id", -1, &stmt, NULL);
  if (prepared != SQLITE_OK) {
    lt_corpus_free(&corpus);
    return lt_json_error_index(index->name, prepared);
  }
  cJSON *answer = cJSON_CreateObject();
  cJSON *changed = cJSON_CreateArray(), *missing = cJSON_CreateArray(), *added = cJSON_CreateArray();
  char *seen = calloc(corpus.count ? corpus.count : 1, 1);
  long unchanged = 0;
  int rc = SQLITE_DONE;
  while (seen && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(stmt, 0);
    const char *sha = (const char *)sqlite3_column_text(stmt, 1);
    if (!id) continue;  /* only a damaged index has a row without an id */
    lt_document *d = find_document(&corpus, id);
    if (!d) { cJSON_AddItemToArray(missing, cJSON_CreateString(id)); continue; }
    seen[d - corpus.docs] = 1;
    if (sha && strcmp(sha, d->sha256) == 0) unchanged++;
    else cJSON_AddItemToArray(changed, cJSON_CreateString(id));
  }
  sqlite3_finalize(stmt);
  /* A read that stops half-way (a damaged page) must not report the rest
  ** of the folder as "added". */
  if (seen && rc != SQLITE_DONE) {
    free(seen);
    cJSON_Delete(answer);
    cJSON_Delete(changed);
    cJSON_Delete(missing);
    cJSON_Delete(added);
    lt_corpus_free(&corpus);
    return lt_json_error_index(index->name, rc);
  }
  for (size_t i = 0; seen && i < corpus.count; i++)
    if (!seen[i]) cJSON_AddItemToArray(added, cJSON_CreateString(corpus.docs[i].id));
  cJSON_AddNumberToObject(answer, "unchanged", (double)unchanged);
  cJSON_AddItemToObject(answer, "changed", changed);
  cJSON_AddItemToObject(answer, "missing", missing);
  cJSON_AddItemToObject(answer, "added", added);
  cJSON *warnings = cJSON_AddArrayToObject(answer, "warnings");
  for (size_t i = 0; i < corpus.warning_count; i++)
    cJSON_AddItemToArray(warnings, cJSON_CreateString(corpus.warnings[i]));
  int out_of_memory = !seen;
  free(seen);
  lt_corpus_free(&corpus);
  if (out_of_memory) { cJSON_Delete(answer); return lt_json_error("out of memory"); }
  return lt_json_finish(answer);
}
