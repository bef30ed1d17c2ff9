/*
** index_build.c — writing the index file of a corpus (lanterne_build).
**
** Two promises shape this file:
**   - a failed build never leaves a half-written index nor destroys the
**     previous one: the index is built in memory (or, for a big corpus, in
**     a scratch file beside the output, removed at the end), written to a
**     temporary file in the same folder, which is renamed over the output
**     only once complete;
**   - the same corpus always gives a byte-identical file: documents are
**     inserted in id order (corpus.c sorts them), nothing time- or
**     machine-dependent is stored, and the index is merged and vacuumed
**     into the file.
** Entities (entities.h) are recognised document by document in the same
** order, so discovered entities get the same ids and rowids every time.
*/
#include "lanterne.h"
#include "background.h"
#include "build_annotations.h"
#include "corpus.h"
#include "dates.h"
#include "entities.h"
#include "kb.h"
#include "fts_tokenizer.h"
#include "index.h"
#include "doc_table.h"
#include "json.h"
#include "output_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Stores every date the text mentions. */
static int insert_mentioned_dates(sqlite3_stmt *stmt, sqlite3_int64 rowid,
                                  const lt_document_annotations *found) {
  int rc = SQLITE_OK;
  for (size_t i = 0; i < found->date_count && rc == SQLITE_OK; i++) {
    const lt_date *date = &found->dates[i];
    const char *last = date->end_value[0] ? date->end_value : date->value;
    char start_key[LT_DATE_KEY_SIZE], end_key[LT_DATE_KEY_SIZE];
    if (lt_date_key(date->value, 0, start_key) != 0 || lt_date_key(last, 1, end_key) != 0) continue;
    sqlite3_bind_int64(stmt, 1, rowid);
    sqlite3_bind_int(stmt, 2, date->start);
    sqlite3_bind_int(stmt, 3, date->end);
    sqlite3_bind_text(stmt, 4, date->value, -1, SQLITE_STATIC);
    if (date->end_value[0]) sqlite3_bind_text(stmt, 5, date->end_value, -1, SQLITE_STATIC);
    else sqlite3_bind_null(stmt, 5);
    sqlite3_bind_text(stmt, 6, lt_date_precision_name(date->precision), -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 7, start_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 8, end_key, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  return rc;
}

static int exec_sql(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int put_meta(sqlite3 *db, const char *key, const char *value) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)", -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int i, const char *value) {
  if (value) sqlite3_bind_text(stmt, i, value, -1, SQLITE_STATIC);
  else sqlite3_bind_null(stmt, i);
}

/* Corpora of at most this many MB of text are indexed in memory (build
** option "in_memory_mb", lanterne.h): at 100,000 generated documents (248
** MB of text) the build peaked at 1.35 GB of memory that way. */
#define LT_BUILD_IN_MEMORY_MB 256

/* Entity recognition during the build. */
typedef struct entity_pass {
  lt_kb *kb;
  lt_recognizer *recognizer;
  unsigned char *mentioned;   /* per kb entity: 1 once a document names it */
  size_t mentioned_capacity;
  int threads;                /* build option "threads": 1 or 2 */
} entity_pass;

/* Notes that a document names entity (an index in the kb).  The kb itself
** is not read: while documents are written, the annotating thread may be
** adding discovered entities to it. */
static int note_mentioned(entity_pass *pass, long entity) {
  if ((size_t)entity >= pass->mentioned_capacity) {
    size_t capacity = ((size_t)entity + 1) * 2;
    unsigned char *bigger = realloc(pass->mentioned, capacity);
    if (!bigger) return -1;
    memset(bigger + pass->mentioned_capacity, 0, capacity - pass->mentioned_capacity);
    pass->mentioned = bigger;
    pass->mentioned_capacity = capacity;
  }
  pass->mentioned[entity] = 1;
  return 0;
}

/* Stores the mentions of one document (ambiguous ones are not stored: the
** index only says what it knows). */
static int insert_mentions(sqlite3_stmt *stmt, sqlite3_int64 rowid,
                           const lt_document_annotations *found, entity_pass *pass) {
  const lt_mention *mentions = found->mentions;
  int rc = SQLITE_OK;
  for (size_t i = 0; i < found->mention_count && rc == SQLITE_OK; i++) {
    if (mentions[i].entity < 0) continue;
    if (note_mentioned(pass, mentions[i].entity) != 0) return SQLITE_NOMEM;
    sqlite3_bind_int64(stmt, 1, rowid);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)mentions[i].entity + 1);
    sqlite3_bind_int(stmt, 3, mentions[i].start);
    sqlite3_bind_int(stmt, 4, mentions[i].end);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  return rc;
}

/* The key under which a query item finds an alias: its folded tokens joined
** by single spaces (query.h writes items the same way).  malloc'd. */
typedef struct key_builder { char *text; size_t len, capacity; } key_builder;

static int add_key_token(void *ctx, int flags, const char *token, int len, int start, int end) {
  key_builder *key = ctx;
  if (key->len + (size_t)len + 2 > key->capacity) {
    size_t capacity = (key->capacity + (size_t)len + 2) * 2;
    char *bigger = realloc(key->text, capacity);
    if (!bigger) return -1;
    key->text = bigger;
    key->capacity = capacity;
  }
  if (key->len) key->text[key->len++] = ' ';
  memcpy(key->text + key->len, token, (size_t)len);
  key->len += (size_t)len;
  key->text[key->len] = 0;
  return 0;
}

static int insert_alias_keys(sqlite3_stmt *stmt, lt_tokenizer *tokenizer, const lt_entity *e,
                             sqlite3_int64 rowid) {
  int rc = SQLITE_OK;
  for (size_t a = 0; a < e->alias_count + 2 && rc == SQLITE_OK; a++) {
    const char *alias = a < e->alias_count ? e->aliases[a] : a == e->alias_count ? e->name_fr : e->name_en;
    key_builder key = {0};
    if (lt_tokenize(tokenizer, alias, strlen(alias), 0, add_key_token, &key) != 0) { free(key.text); return SQLITE_NOMEM; }
    if (key.len) {
      sqlite3_bind_text(stmt, 1, key.text, (int)key.len, SQLITE_STATIC);
      sqlite3_bind_int64(stmt, 2, rowid);
      rc = sqlite3_step(stmt);
      sqlite3_reset(stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    free(key.text);
  }
  return rc;
}

static const char *origin_name(lt_entity_origin origin) {
  return origin == LT_ORIGIN_KB ? "kb" : origin == LT_ORIGIN_GAZETTEER ? "gazetteer" : "discovered";
}

/* Writes the entities (those of the KB, and the others some document
** names), their alias keys, and their document counts and dates. */
static int insert_entities(sqlite3 *db, entity_pass *pass) {
  sqlite3_stmt *entity = NULL, *alias = NULL;
  lt_tokenizer *tokenizer = lt_tokenizer_new();
  int rc = tokenizer ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
        "INSERT INTO entities(rowid, id, type, name, name_en, aliases, description, description_en,"
        " role, wikidata, discovered, origin) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)", -1, &entity, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO entity_aliases(key, entity) VALUES(?1, ?2)", -1, &alias, NULL);
  for (size_t i = 0; rc == SQLITE_OK && i < pass->kb->count; i++) {
    const lt_entity *e = &pass->kb->entities[i];
    int mentioned = i < pass->mentioned_capacity && pass->mentioned[i];
    if (e->origin != LT_ORIGIN_KB && !mentioned) continue;
    cJSON *aliases = cJSON_CreateArray();
    for (size_t a = 0; a < e->alias_count; a++) cJSON_AddItemToArray(aliases, cJSON_CreateString(e->aliases[a]));
    char *aliases_json = cJSON_PrintUnformatted(aliases);
    cJSON_Delete(aliases);
    if (!aliases_json) { rc = SQLITE_NOMEM; break; }
    sqlite3_int64 rowid = (sqlite3_int64)i + 1;
    sqlite3_bind_int64(entity, 1, rowid);
    sqlite3_bind_text(entity, 2, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(entity, 3, e->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(entity, 4, e->name_fr, -1, SQLITE_STATIC);
    sqlite3_bind_text(entity, 5, e->name_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(entity, 6, aliases_json, -1, SQLITE_TRANSIENT);
    bind_text_or_null(entity, 7, e->description_fr);
    bind_text_or_null(entity, 8, e->description_en);
    bind_text_or_null(entity, 9, e->role);
    bind_text_or_null(entity, 10, e->wikidata);
    sqlite3_bind_int(entity, 11, e->origin == LT_ORIGIN_DISCOVERED);
    sqlite3_bind_text(entity, 12, origin_name(e->origin), -1, SQLITE_STATIC);
    rc = sqlite3_step(entity);
    sqlite3_reset(entity);
    cJSON_free(aliases_json);
    rc = rc == SQLITE_DONE ? insert_alias_keys(alias, tokenizer, e, rowid) : rc;
  }
  sqlite3_finalize(entity);
  sqlite3_finalize(alias);
  lt_tokenizer_free(tokenizer);
  if (rc == SQLITE_OK)
    rc = exec_sql(db,
        "UPDATE entities SET"
        " docs = (SELECT count(DISTINCT doc) FROM mentions WHERE entity = entities.rowid),"
        " first_date = (SELECT d.date FROM mentions m JOIN documents d ON d.rowid = m.doc"
        "  WHERE m.entity = entities.rowid AND d.date IS NOT NULL ORDER BY d.date_start, d.date_end LIMIT 1),"
        " last_date = (SELECT d.date FROM mentions m JOIN documents d ON d.rowid = m.doc"
        "  WHERE m.entity = entities.rowid AND d.date IS NOT NULL ORDER BY d.date_end DESC, d.date_start DESC LIMIT 1)");
  return rc;
}

/* The span of the documents' own dates, for lanterne_info(): "" when no
** document is dated.  Dates compare as text, as SQL's min() would. */
typedef struct date_span {
  char first[LT_DATE_KEY_SIZE], last[LT_DATE_KEY_SIZE];
} date_span;

static void widen_span(date_span *span, const char *date) {
  if (!span->first[0] || strcmp(date, span->first) < 0)
    snprintf(span->first, sizeof span->first, "%s", date);
  if (!span->last[0] || strcmp(date, span->last) > 0)
    snprintf(span->last, sizeof span->last, "%s", date);
}

/* Inserts every document, its dates, its entity mentions and its full-text
** entry, and notes the span of their dates.  Returns an SQLite code. */
static int insert_documents(sqlite3 *db, const lt_corpus *corpus, entity_pass *pass,
                            lt_stem_words *stem_words, date_span *span) {
  sqlite3_stmt *doc = NULL, *fts = NULL, *dates = NULL, *mentions = NULL;
  int rc = sqlite3_prepare_v2(db,
      "INSERT INTO documents(rowid, id, title, body, date, date_precision,"
      " date_source, date_start, date_end, source, url, language, type,"
      " classification, path, sha256, text_bytes)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
      -1, &doc, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
        "INSERT INTO documents_fts(rowid, title, body) VALUES(?1, ?2, ?3)", -1, &fts, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
        "INSERT INTO dates(doc, start, end, value, end_value, precision, date_start, date_end)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &dates, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT INTO mentions(doc, entity, start, end) VALUES(?1, ?2, ?3, ?4)",
                            -1, &mentions, NULL);
  /* Dates, entities and spellings are found on a second thread, ahead of
  ** the writes. */
  lt_build_annotator *annotator =
      rc == SQLITE_OK ? lt_build_annotator_start(corpus, pass->recognizer, stem_words, pass->threads)
                      : NULL;
  if (rc == SQLITE_OK && !annotator) rc = SQLITE_NOMEM;
  for (size_t i = 0; rc == SQLITE_OK && i < corpus->count; i++) {
    const lt_document *d = &corpus->docs[i];
    sqlite3_int64 rowid = (sqlite3_int64)i + 1;
    const lt_document_annotations *found = lt_build_annotator_get(annotator, i);
    if (!found) { rc = SQLITE_NOMEM; break; }
    const lt_build_date *dd = &found->date;
    if (dd->precision) widen_span(span, dd->value);
    sqlite3_bind_int64(doc, 1, rowid);
    sqlite3_bind_text(doc, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(doc, 3, d->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(doc, 4, d->text, (int)d->text_len, SQLITE_STATIC);
    bind_text_or_null(doc, 5, dd->precision ? dd->value : NULL);
    bind_text_or_null(doc, 6, dd->precision);
    bind_text_or_null(doc, 7, dd->precision ? dd->source : NULL);
    bind_text_or_null(doc, 8, dd->precision ? dd->start_key : NULL);
    bind_text_or_null(doc, 9, dd->precision ? dd->end_key : NULL);
    bind_text_or_null(doc, 10, d->source);
    bind_text_or_null(doc, 11, d->url);
    bind_text_or_null(doc, 12, d->language);
    bind_text_or_null(doc, 13, d->type);
    bind_text_or_null(doc, 14, d->classification);
    sqlite3_bind_text(doc, 15, d->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(doc, 16, d->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(doc, 17, (sqlite3_int64)d->text_len);
    rc = sqlite3_step(doc);
    sqlite3_reset(doc);
    if (rc != SQLITE_DONE) break;
    rc = insert_mentioned_dates(dates, rowid, found);
    if (rc == SQLITE_OK) rc = insert_mentions(mentions, rowid, found, pass);
    if (rc != SQLITE_OK) break;
    sqlite3_bind_int64(fts, 1, rowid);
    sqlite3_bind_text(fts, 2, d->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(fts, 3, d->text, (int)d->text_len, SQLITE_STATIC);
    rc = sqlite3_step(fts);
    sqlite3_reset(fts);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  lt_build_annotator_finish(annotator);
  sqlite3_finalize(doc);
  sqlite3_finalize(fts);
  sqlite3_finalize(dates);
  sqlite3_finalize(mentions);
  return rc;
}

static int write_meta(sqlite3 *db, const lt_corpus *corpus, size_t text_bytes) {
  char number[32];
  int rc = put_meta(db, "format", LT_STRINGIFY(LANTERNE_INDEX_FORMAT));
  if (rc == SQLITE_OK) rc = put_meta(db, "lanterne_version", LANTERNE_VERSION);
  if (rc == SQLITE_OK) rc = put_meta(db, "title", corpus->title);
  snprintf(number, sizeof number, "%zu", corpus->count);
  if (rc == SQLITE_OK) rc = put_meta(db, "documents", number);
  snprintf(number, sizeof number, "%zu", text_bytes);
  if (rc == SQLITE_OK) rc = put_meta(db, "text_bytes", number);
  return rc;
}

static int compare_languages(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What lanterne_info() describes, computed once here: in the page the same
** scans of every document ran before the first answer.  From the corpus in
** memory: as SQL over the written documents, it cost a twentieth of a
** build.  languages: {"<language>": documents, ...} in byte order,
** "unknown" for documents without one. */
static int write_corpus_summary(sqlite3 *db, const lt_corpus *corpus, const date_span *span) {
  int rc = put_meta(db, "first_date", span->first);
  if (rc == SQLITE_OK) rc = put_meta(db, "last_date", span->last);
  if (rc != SQLITE_OK) return rc;
  const char **languages = malloc((corpus->count ? corpus->count : 1) * sizeof *languages);
  cJSON *counts = cJSON_CreateObject();
  if (!languages || !counts) rc = SQLITE_NOMEM;
  for (size_t i = 0; rc == SQLITE_OK && i < corpus->count; i++)
    languages[i] = corpus->docs[i].language ? corpus->docs[i].language : "unknown";
  if (rc == SQLITE_OK && corpus->count) qsort(languages, corpus->count, sizeof *languages, compare_languages);
  for (size_t first = 0, next; rc == SQLITE_OK && first < corpus->count; first = next) {
    for (next = first + 1; next < corpus->count && strcmp(languages[next], languages[first]) == 0; next++) {}
    if (!cJSON_AddNumberToObject(counts, languages[first], (double)(next - first))) rc = SQLITE_NOMEM;
  }
  char *json = rc == SQLITE_OK ? cJSON_PrintUnformatted(counts) : NULL;
  if (rc == SQLITE_OK && !json) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = put_meta(db, "languages", json);
  cJSON_free(json);
  cJSON_Delete(counts);
  free(languages);
  return rc;
}

/* Computes and stores the arrays searches count with (doc_table.h). */
static int save_doc_columns(sqlite3 *db) {
  lt_doc_table *table = NULL;
  int rc = lt_doc_table_read_tables(db, &table);
  if (rc == SQLITE_OK) rc = lt_doc_table_save(db, table);
  lt_doc_table_free(table);
  return rc;
}

static int stem_spellings(void *stem_words) {
  return lt_stem_words_stem(stem_words);
}

/*
** Writes the whole index into the (empty) file at tmp_path.  Returns 0, or
** -1 with a message in error.
*/
static int write_index_file(const char *tmp_path, const char *scratch_path, const char *output_path,
                            const lt_corpus *corpus, size_t text_bytes, entity_pass *pass,
                            char *error, size_t error_size) {
  sqlite3 *db = NULL;
  lt_stem_words *stem_words = lt_stem_words_new();
  /* The index is built in memory, or in the scratch file for a corpus too
  ** big for that, and written once, compacted, by VACUUM INTO at the end:
  ** written to its file as it grew, then vacuumed there, it was written
  ** three times (about a tenth of a build).  Memory holds the corpus's
  ** text already; an index in memory adds about four times that. */
  int rc = sqlite3_open_v2(scratch_path ? scratch_path : ":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           NULL);
  if (rc == SQLITE_OK && !stem_words) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = lt_fts_register_tokenizer(db);
  if (rc == SQLITE_OK) rc = exec_sql(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;"
                                         "PRAGMA cache_size=-65536;");
  if (rc == SQLITE_OK) rc = exec_sql(db, "BEGIN;" LT_SCHEMA_SQL);
  /* Build in big batches: FTS5 flushes its in-memory postings to a new
  ** segment each time they pass `hashsize` (1 MB by default) and merges
  ** segments as they pile up; 'optimize' below merges them all once. */
  if (rc == SQLITE_OK) rc = exec_sql(db, LT_FTS_SETTINGS_SQL);
  if (rc == SQLITE_OK) rc = write_meta(db, corpus, text_bytes);
  date_span span = { "", "" };
  if (rc == SQLITE_OK) rc = insert_documents(db, corpus, pass, stem_words, &span);
  /* The spellings are stemmed on a second thread while SQLite writes the
  ** other tables. */
  lt_background *stemming = NULL;
  if (rc == SQLITE_OK) {
    stemming = lt_background_start(stem_spellings, stem_words, pass->threads);
    if (!stemming) rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK) rc = write_corpus_summary(db, corpus, &span);
  if (rc == SQLITE_OK) rc = insert_entities(db, pass);
  if (rc == SQLITE_OK) rc = save_doc_columns(db);
  if (stemming && lt_background_join(stemming) != 0 && rc == SQLITE_OK) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = lt_stem_words_save(stem_words, db);
  /* One merged segment per index: smaller, faster to query, and the same
  ** bytes whatever the insertion history. */
  if (rc == SQLITE_OK) rc = exec_sql(db, "INSERT INTO documents_fts(documents_fts) VALUES('optimize')");
  if (rc == SQLITE_OK) rc = exec_sql(db, "COMMIT");
  if (rc == SQLITE_OK) rc = lt_output_vacuum_into(db, tmp_path);
  if (rc != SQLITE_OK) {
    /* The generic text of the code, never SQLite's detailed message, which
    ** may quote SQL a reader cannot act on. */
    const char *why = rc == SQLITE_FULL ? "the disk is full" : sqlite3_errstr(rc);
    snprintf(error, error_size, "%s: could not write the index (%s)", output_path, why);
  }
  if (sqlite3_close(db) != SQLITE_OK && rc == SQLITE_OK) {
    snprintf(error, error_size, "%s: could not close the index", output_path);
    rc = SQLITE_ERROR;
  }
  lt_stem_words_free(stem_words);
  return rc == SQLITE_OK ? 0 : -1;
}

static char *build_report(const lt_corpus *corpus, size_t text_bytes, const char *output_path,
                          const entity_pass *pass) {
  struct stat st;
  cJSON *report = cJSON_CreateObject();
  cJSON_AddNumberToObject(report, "documents", (double)corpus->count);
  cJSON_AddNumberToObject(report, "text_bytes", (double)text_bytes);
  cJSON_AddNumberToObject(report, "index_bytes", stat(output_path, &st) == 0 ? (double)st.st_size : 0);
  size_t entities = 0;
  for (size_t i = 0; i < pass->mentioned_capacity && i < pass->kb->count; i++) entities += pass->mentioned[i];
  cJSON_AddNumberToObject(report, "entities", (double)entities);
  cJSON *warnings = cJSON_AddArrayToObject(report, "warnings");
  for (size_t i = 0; i < corpus->warning_count; i++)
    cJSON_AddItemToArray(warnings, cJSON_CreateString(corpus->warnings[i]));
  return lt_json_finish(report);
}

/*
** The knowledge base of a build: options {"kb": path} if given (it must
** exist), else <corpus>/entities.json when present; then the built-in
** gazetteer.  Returns 0, or -1 with a message naming the file.
*/
static int load_knowledge_base(const char *corpus_dir, const char *options_json, lt_kb *kb,
                               char *error, size_t error_size) {
  cJSON *options = lt_json_parse_request(options_json);
  if (!options) { snprintf(error, error_size, "the build options are not a JSON object"); return -1; }
  const char *given = lt_json_get_string(options, "kb", NULL);
  char *path = NULL;
  if (given && *given) path = strdup(given);
  else {
    size_t n = strlen(corpus_dir) + 32;
    path = malloc(n);
    if (path) snprintf(path, n, "%s/entities.json", corpus_dir);
    struct stat st;
    if (path && stat(path, &st) != 0) { free(path); path = NULL; given = NULL; goto gazetteer; }
  }
  if (!path) { cJSON_Delete(options); snprintf(error, error_size, "out of memory"); return -1; }
  char *kb_error = NULL;
  if (lt_kb_load_file(kb, path, &kb_error) != 0) {
    snprintf(error, error_size, "%s", kb_error ? kb_error : "out of memory");
    free(kb_error);
    free(path);
    cJSON_Delete(options);
    return -1;
  }
gazetteer:
  free(path);
  cJSON_Delete(options);
  if (lt_kb_add_gazetteer(kb) != 0) { snprintf(error, error_size, "out of memory"); return -1; }
  return 0;
}

char *lanterne_build(const char *corpus_dir, const char *output_path, const char *options_json) {
  if (!corpus_dir || !*corpus_dir) return lt_json_error("no corpus folder given");
  if (!output_path || !*output_path) return lt_json_error("no output file given");

  cJSON *options = lt_json_parse_request(options_json);
  int threads = (int)lt_json_get_long(options, "threads", 2, 1, 2);
  long in_memory_mb = lt_json_get_long(options, "in_memory_mb", LT_BUILD_IN_MEMORY_MB, 0, 1L << 20);
  cJSON_Delete(options);
  lt_corpus corpus;
  char *load_error = NULL;
  if (lt_corpus_load(corpus_dir, threads, &corpus, &load_error) != 0) {
    char *answer = lt_json_error("%s", load_error ? load_error : "out of memory");
    free(load_error);
    return answer;
  }
  size_t text_bytes = 0;
  for (size_t i = 0; i < corpus.count; i++) text_bytes += corpus.docs[i].text_len;

  char error[1024] = "";
  char *tmp_path = NULL, *scratch_path = NULL;
  char *answer = NULL;
  lt_kb kb = {0};
  entity_pass pass = { &kb, NULL, NULL, 0, threads };
  if (load_knowledge_base(corpus_dir, options_json, &kb, error, sizeof error) != 0) goto done;
  pass.recognizer = lt_recognizer_new(&kb, 1);
  if (!pass.recognizer) { snprintf(error, sizeof error, "out of memory"); goto done; }
  if (lt_output_make_folders(output_path, error, sizeof error) != 0) goto done;

  tmp_path = lt_output_temp_path(output_path, "tmp", error, sizeof error);
  if (!tmp_path) goto done;
  /* A corpus of more text than in_memory_mb is indexed in a scratch file
  ** beside the output, removed once the index is written. */
  if (text_bytes > (size_t)in_memory_mb * 1000000) {
    scratch_path = lt_output_temp_path(output_path, "build", error, sizeof error);
    if (!scratch_path) { unlink(tmp_path); goto done; }
  }

  int written = write_index_file(tmp_path, scratch_path, output_path, &corpus, text_bytes, &pass, error, sizeof error);
  if (scratch_path) unlink(scratch_path);
  if (written != 0) {
    unlink(tmp_path);
    goto done;
  }
  if (lt_output_commit(tmp_path, output_path, error, sizeof error) != 0) goto done;
  answer = build_report(&corpus, text_bytes, output_path, &pass);

done:
  free(tmp_path);
  free(scratch_path);
  lt_recognizer_free(pass.recognizer);
  free(pass.mentioned);
  lt_kb_free(&kb);
  lt_corpus_free(&corpus);
  return answer ? answer : lt_json_error("%s", error[0] ? error : "out of memory");
}
