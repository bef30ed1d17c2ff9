/*
** test_pack.c — the packed index (lanterne_pack, index_pack.h): the default
** corpus's index packed, then opened from its file and from bytes, must
** answer every kind of request byte for byte as the index it came from; the
** packed file has no full-text index of its own; packing is reproducible and
** idempotent; bad input gets a message and leaves the output untouched; a
** packed index whose text is gone is refused, not half opened.
*/
#include "lanterne.h"
#include "index_pack.h"
#include "read_file.h"
#include "cJSON.h"
#include "answer.h"
#include "check.h"
#include "default_index.h"
#include "sqlite3.h"

#include <sys/stat.h>

/* Every kind of request the page and the CLI send, answers compared whole. */
static const struct { int document; const char *json; } requests[] = {
  { 0, "{\"query\":\"OTAN\",\"limit\":50}" },
  { 0, "{\"query\":\"Maroc OTAN\",\"limit\":50,\"offset\":1}" },
  { 0, "{\"query\":\"\\\"lutte contre le terrorisme\\\"\",\"limit\":50}" },
  { 0, "{\"query\":\"coop\",\"as_you_type\":true,\"limit\":50}" },
  { 0, "{\"query\":\"maroc -washington\",\"limit\":50}" },
  { 0, "{\"query\":\"Rabat OR Washington\",\"limit\":50,\"sort\":\"date\"}" },
  { 0, "{\"query\":\"\",\"limit\":50}" },
  { 0, "{\"query\":\"maroc\",\"from\":\"2015\",\"to\":\"2020-06\",\"limit\":50}" },
  { 0, "{\"query\":\"maroc\",\"from\":\"2015\",\"to\":\"2020\",\"dates\":\"mentioned\",\"limit\":50}" },
  { 0, "{\"query\":\"cooperation\",\"entities\":[\"nato\"],\"limit\":50}" },
  { 0, "{\"query\":\"zzzzunknownword\",\"limit\":50}" },
  { 1, "{\"id\":\"002_41e792016c4892aa\",\"query\":\"OTAN securite\"}" },
};

/* Requests that need no word search: a packed index answers them before
** its full-text index is rebuilt. */
static const struct { int kind; const char *json; } wordless[] = {
  { 0, "{\"query\":\"\",\"limit\":50}" },
  { 0, "{\"query\":\"\",\"sort\":\"date\",\"from\":\"2015\",\"to\":\"2020\",\"limit\":50}" },
  { 0, "{\"query\":\"\",\"entities\":[\"nato\"],\"limit\":50}" },
  { 1, "{\"id\":\"002_41e792016c4892aa\"}" },
  { 2, "{}" },
  { 3, "{\"id\":\"nato\"}" },
};

/* Whether the rebuild of index is done, as lanterne_prepare() says after
** a step of `bytes` (0: all); *documents_done receives its count. */
static int prepare(lanterne_index *index, long bytes, double *documents_done) {
  char request[64];
  snprintf(request, sizeof request, "{\"bytes\": %ld}", bytes);
  cJSON *json = answer_json(lanterne_prepare(index, request));
  const cJSON *ready = cJSON_GetObjectItemCaseSensitive(json, "ready");
  const cJSON *done = cJSON_GetObjectItemCaseSensitive(json, "documents_done");
  CHECK(cJSON_IsBool(ready) && cJSON_IsNumber(done), "prepare answers {ready, documents_done}");
  if (documents_done) *documents_done = cJSON_IsNumber(done) ? done->valuedouble : -1;
  int is_ready = cJSON_IsTrue(ready);
  cJSON_Delete(json);
  return is_ready;
}

static void compare_wordless(lanterne_index *built, lanterne_index *packed) {
  char *(*ask[])(lanterne_index *, const char *) = { lanterne_search, lanterne_document, lanterne_entities, lanterne_entity };
  for (size_t i = 0; i < sizeof wordless / sizeof wordless[0]; i++) {
    char *want = ask[wordless[i].kind](built, wordless[i].json), *got = ask[wordless[i].kind](packed, wordless[i].json);
    CHECK(want && got && !strstr(want, "\"error\"") && strcmp(want, got) == 0, "before the rebuild: %s answers differ",
          wordless[i].json);
    lanterne_free(want);
    lanterne_free(got);
  }
}

static void compare_answers(lanterne_index *built, lanterne_index *packed, const char *how) {
  for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
    char *(*ask)(lanterne_index *, const char *) = requests[i].document ? lanterne_document : lanterne_search;
    char *want = ask(built, requests[i].json), *got = ask(packed, requests[i].json);
    CHECK(want && got && !strstr(want, "\"error\"") && strcmp(want, got) == 0, "%s: %s answers differ:\n%.300s\n%.300s",
          how, requests[i].json, want ? want : "(null)", got ? got : "(null)");
    lanterne_free(want);
    lanterne_free(got);
  }
}

/* Runs one SQL query returning a number on the file at path, or -1. */
static long long sql_number(const char *path, const char *sql) {
  sqlite3 *db = NULL;
  long long value = -1;
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

static void sql_exec(const char *path, const char *sql) {
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  CHECK(rc == SQLITE_OK, "%s on %s: %s", sql, path, sqlite3_errmsg(db));
  sqlite3_close(db);
}

/* Whether two database files hold the same bytes, apart from the header's
** change counters (file change counter, schema cookie, version-valid-for:
** offsets 24, 40 and 92) unless `strict`: they count the writes that made
** the file. */
static int same_content(const char *a, const char *b, int strict) {
  size_t na = 0, nb = 0;
  char *x = read_file(a, &na), *y = read_file(b, &nb);
  static const int counters[] = { 24, 40, 92 };
  for (int i = 0; !strict && x && y && na >= 100 && nb >= 100 && i < 3; i++) {
    memset(x + counters[i], 0, 4);
    memset(y + counters[i], 0, 4);
  }
  int same = x && y && na == nb && memcmp(x, y, na) == 0;
  lanterne_free(x);
  lanterne_free(y);
  return same;
}

/* Packs index into out; returns the parsed report (the caller deletes it). */
static cJSON *pack(const char *index, const char *out) {
  return answer_json(lanterne_pack(index, out));
}

static void test_packed_answers(default_index *d, const char *packed) {
  cJSON *report = pack(d->path, packed);
  const cJSON *index_bytes = cJSON_GetObjectItemCaseSensitive(report, "index_bytes");
  const cJSON *packed_bytes = cJSON_GetObjectItemCaseSensitive(report, "packed_bytes");
  CHECK(report && !error_of(report) && cJSON_IsNumber(index_bytes) && cJSON_IsNumber(packed_bytes),
        "pack: %s", report ? (error_of(report) ? error_of(report) : "no sizes") : "no answer");
  struct stat st;
  CHECK(stat(packed, &st) == 0 && cJSON_IsNumber(packed_bytes) && st.st_size == (off_t)packed_bytes->valuedouble,
        "the report gives the packed file's size");
  CHECK(cJSON_IsNumber(packed_bytes) && packed_bytes->valuedouble < 0.9 * index_bytes->valuedouble,
        "packed %.0f bytes, index %.0f", packed_bytes ? packed_bytes->valuedouble : -1,
        index_bytes ? index_bytes->valuedouble : -1);
  cJSON_Delete(report);
  CHECK(sql_number(packed, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'documents_fts%'") == 0,
        "the packed file has no full-text tables");
  CHECK(sql_number(packed, "SELECT count(*) FROM meta WHERE key = '" LT_PACKED_META_KEY "' AND value = '"
                           LT_PACKED_META_VALUE "'") == 1, "the packed file is marked");
  CHECK(sql_number(packed, "SELECT count(*) FROM documents") == 5, "the packed file keeps the documents");

  char *error = NULL;
  lanterne_index *from_file = lanterne_open_file(packed, &error);
  CHECK(from_file, "open the packed file: %s", error ? error : "");
  lanterne_free(error);
  if (from_file) {
    /* What needs no word search is answered without the rebuild, which
    ** then goes on in steps until it is done. */
    compare_wordless(d->index, from_file);
    double done = -1;
    CHECK(!prepare(from_file, 1, &done) && done == 1, "one small step indexes one document (%.0f), not all", done);
    int steps = 1;
    while (!prepare(from_file, 1, &done) && steps < 100) steps++;
    CHECK(steps >= 4 && steps <= 5 && done == 5, "5 documents in 5 or 6 steps (%d more, %.0f documents)", steps, done);
    CHECK(prepare(from_file, 1, NULL), "ready stays ready");
    compare_answers(d->index, from_file, "packed file");
  }
  lanterne_close(from_file);

  size_t n = 0;
  char *bytes = read_file(packed, &n);
  lanterne_index *from_bytes = bytes ? lanterne_open_bytes(bytes, n, "packed.db", &error) : NULL;
  CHECK(from_bytes, "open the packed bytes: %s", error ? error : "");
  lanterne_free(error);
  /* Here the first word search finishes the rebuild itself. */
  if (from_bytes) compare_answers(d->index, from_bytes, "packed bytes");
  if (from_bytes) CHECK(prepare(from_bytes, 0, NULL), "the first word search finished the rebuild");
  lanterne_close(from_bytes);
  /* Opening rebuilds in memory only: the file is as it was. */
  CHECK(sql_number(packed, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'documents_fts%'") == 0,
        "opening the packed file does not write to it");
}

static void test_reproducible(const char *index, const char *packed, const char *folder) {
  char again[400], twice[400];
  snprintf(again, sizeof again, "%s/again.db", folder);
  snprintf(twice, sizeof twice, "%s/sub/twice.db", folder);
  cJSON_Delete(pack(index, again));
  CHECK(same_content(packed, again, 1), "packing twice gives the same bytes");
  /* A packed index packs into itself (and the folder of the output is
  ** made). */
  cJSON_Delete(pack(packed, twice));
  CHECK(same_content(packed, twice, 0), "packing a packed index changes nothing but the header's counters");
  unlink(again);
  unlink(twice);
  snprintf(twice, sizeof twice, "%s/sub", folder);
  rmdir(twice);
}

static void test_bad_input(const char *packed, const char *folder) {
  char not_index[400], missing[400], out[400], under_file[500];
  snprintf(not_index, sizeof not_index, "%s/notes.txt", folder);
  snprintf(missing, sizeof missing, "%s/missing.db", folder);
  snprintf(out, sizeof out, "%s/out.db", folder);
  FILE *f = fopen(not_index, "wb");
  if (f) { fputs("Not an index, a journalist's notes.\n", f); fclose(f); }

  cJSON *r = pack(not_index, out);
  CHECK(error_of(r) && strstr(error_of(r), not_index) && strstr(error_of(r), "not a Lanterne index"),
        "a text file: %s", error_of(r) ? error_of(r) : "no error");
  cJSON_Delete(r);
  r = pack(missing, out);
  CHECK(error_of(r) && strstr(error_of(r), missing) && strstr(error_of(r), "no such file"),
        "a missing file: %s", error_of(r) ? error_of(r) : "no error");
  cJSON_Delete(r);
  struct stat st;
  CHECK(stat(out, &st) != 0, "nothing written after refusing the input");
  snprintf(under_file, sizeof under_file, "%s/sub/out.db", not_index);
  r = pack(packed, under_file);
  CHECK(error_of(r) && strstr(error_of(r), "cannot create folder"), "an output under a file: %s",
        error_of(r) ? error_of(r) : "no error");
  cJSON_Delete(r);
  r = pack(NULL, out);
  CHECK(error_of(r) != NULL, "no index given");
  cJSON_Delete(r);
  unlink(not_index);
}

/* A packed index without its documents cannot rebuild its full-text index:
** refused with a message, never opened without it. */
static void test_packed_without_text(const char *packed, const char *folder) {
  char broken[400];
  snprintf(broken, sizeof broken, "%s/broken.db", folder);
  size_t n = 0;
  char *bytes = read_file(packed, &n);
  FILE *f = fopen(broken, "wb");
  if (f && bytes) fwrite(bytes, 1, n, f);
  if (f) fclose(f);
  lanterne_free(bytes);
  sql_exec(broken, "DROP TABLE documents");
  char *error = NULL;
  lanterne_index *index = lanterne_open_file(broken, &error);
  CHECK(!index && error && strstr(error, broken) && strstr(error, "damaged"), "%s", error ? error : "opened");
  lanterne_free(error);
  lanterne_close(index);
  unlink(broken);
}

int main(void) {
  default_index d;
  default_index_open(&d, "test-pack");
  if (!d.index) return check_done();
  char packed[400];
  snprintf(packed, sizeof packed, "%s/packed.db", d.folder);
  test_packed_answers(&d, packed);
  test_reproducible(d.path, packed, d.folder);
  test_bad_input(packed, d.folder);
  test_packed_without_text(packed, d.folder);
  unlink(packed);
  default_index_close(&d);
  return check_done();
}
