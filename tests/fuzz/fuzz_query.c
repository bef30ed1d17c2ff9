/*
** fuzz_query.c — libFuzzer target for the query parser, lt_query_parse()
** (query.h), and its JSON face lanterne_parse_query().
**
** Input: any bytes, read as a query typed by a reader, parsed twice (as
** typed and as you type).  Checks, beyond the sanitizers:
**   - parsing never fails (memory aside): no query is an error;
**   - the match and the exclude expressions, when present, are accepted by
**     FTS5: each is run as `MATCH ?` against an in-memory FTS5 table that
**     uses the Lanterne tokenizer, as the index does, and must give
**     SQLITE_DONE, never a syntax error;
**   - so is every top-level " AND " group of the match on its own (the
**     search splits the match there to find entity aliases);
**   - the reader's own text, indexed as a document, satisfies the match
**     expression (when the query was not cut at LT_QUERY_MAX_BYTES): what
**     the reader typed must find a document that says exactly that;
**   - lanterne_parse_query() answers JSON whose "match" and "exclude" are
**     those of lt_query_parse() on the same text;
**   - both expressions expand (expand.h: each word as an OR of its
**     spellings), with one term per string, and the expanded expression
**     matches exactly the rows the parser's does.
*/
#include "fuzz_common.h"
#include "expand.h"
#include "fts_tokenizer.h"
#include "lanterne.h"
#include "query.h"
#include "sqlite3.h"
#include "cJSON.h"

static lt_tokenizer *tokenizer;
static sqlite3 *db;
static lt_stem_words *stem_words;
static sqlite3_stmt *begin_stmt, *insert_stmt, *clear_stmt, *match_stmt;

static void sql_ok(int rc, const char *what) {
  FUZZ_CHECK(rc == SQLITE_OK || rc == SQLITE_DONE, "%s: %s", what, sqlite3_errmsg(db));
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  tokenizer = lt_tokenizer_new();
  if (!tokenizer) abort();
  sql_ok(sqlite3_open(":memory:", &db), "open");
  stem_words = lt_stem_words_new();
  if (!stem_words) abort();
  sql_ok(lt_fts_register_tokenizer(db), "register the tokenizer");
  sql_ok(sqlite3_exec(db,
                      LT_STEM_WORDS_SCHEMA_SQL
                      "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='lanterne');"
                      "INSERT INTO t(rowid, title, body) VALUES (1, 'Sécurité', "
                      "'l''OTAN et les États-Unis, réf. 143/4 PPC-DS(2012)0009');",
                      NULL, NULL, NULL),
         "create");
  static const char *const row_one[] = { "Sécurité",
                                         "l'OTAN et les États-Unis, réf. 143/4 PPC-DS(2012)0009" };
  for (int column = 0; column < 2; column++)
    if (lt_stem_words_note_text(stem_words, tokenizer, row_one[column], strlen(row_one[column])) != 0)
      abort();
  sql_ok(lt_stem_words_save(stem_words, db), "save the stems");
  sql_ok(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, body) VALUES (2, '', ?)", -1,
                            &insert_stmt, NULL), "prepare insert");
  sql_ok(sqlite3_prepare_v2(db, "BEGIN", -1, &begin_stmt, NULL), "prepare begin");
  sql_ok(sqlite3_prepare_v2(db, "ROLLBACK", -1, &clear_stmt, NULL), "prepare rollback");
  sql_ok(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1,
                            &match_stmt, NULL), "prepare match");
  return 0;
}

/* Runs `expression` as an FTS5 MATCH; it must compile.  Returns 1 if row 2
** (the reader's text) matched. */
static int run_match(const char *expression) {
  int found = 0, rc;
  sqlite3_bind_text(match_stmt, 1, expression, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(match_stmt)) == SQLITE_ROW)
    if (sqlite3_column_int64(match_stmt, 0) == 2) found = 1;
  FUZZ_CHECK(rc == SQLITE_DONE, "FTS5 refuses %s: %s", expression, sqlite3_errmsg(db));
  sqlite3_reset(match_stmt);
  return found;
}

/* The rows an FTS5 expression matches, as a bit set of rowids 1 and 2. */
static int matching_rows(const char *expression) {
  int rows = 0, rc;
  sqlite3_bind_text(match_stmt, 1, expression, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(match_stmt)) == SQLITE_ROW) {
    sqlite3_int64 rowid = sqlite3_column_int64(match_stmt, 0);
    if (rowid == 1 || rowid == 2) rows |= 1 << (rowid - 1);
  }
  FUZZ_CHECK(rc == SQLITE_DONE, "FTS5 refuses %s: %s", expression, sqlite3_errmsg(db));
  sqlite3_reset(match_stmt);
  return rows;
}

/* The parser's expression expands, and its expansion matches the same rows. */
static void check_expansion(const char *expression) {
  lt_expansion x;
  int rc = lt_expansion_make(db, tokenizer, expression, &x);
  FUZZ_CHECK(rc == SQLITE_OK, "%s does not expand: %d", expression, rc);
  int strings = lt_query_count_strings(expression, NULL);
  FUZZ_CHECK(x.terms == strings && x.phrases >= x.terms, "%s: %d terms, %d phrases for %d strings", expression,
             x.terms, x.phrases, strings);
  int want = matching_rows(expression), got = matching_rows(x.match);
  FUZZ_CHECK(want == got, "%s matches rows %d, its expansion %s rows %d", expression, want, x.match, got);
  lt_expansion_free(&x);
}

/* Splits at top-level " AND " as search_filter.c does and runs each group. */
static void run_groups(const char *match, int must_find) {
  const char *start = match;
  int in_quote = 0;
  for (const char *p = match;; p++) {
    if (*p == '"') in_quote = !in_quote;
    if (*p != 0 && (in_quote || strncmp(p, " AND ", 5) != 0)) continue;
    char *group = strndup(start, (size_t)(p - start));
    if (!group) abort();
    int found = run_match(group);
    FUZZ_CHECK(found || !must_find, "group %s of %s does not find the query's own text", group,
               match);
    free(group);
    if (*p == 0) break;
    start = p + 5;
    p += 4;
  }
}

static void check_api(const char *text, int as_you_type) {
  lt_query q;
  FUZZ_CHECK(lt_query_parse(tokenizer, text, strlen(text), as_you_type, &q) == 0, "parse failed");
  char *answer = lanterne_parse_query(text, as_you_type);
  FUZZ_CHECK(answer != NULL, "no answer");
  cJSON *json = cJSON_Parse(answer);
  FUZZ_CHECK(json != NULL, "answer is not JSON: %s", answer);
  const cJSON *match = cJSON_GetObjectItemCaseSensitive(json, "match");
  const cJSON *exclude = cJSON_GetObjectItemCaseSensitive(json, "exclude");
  FUZZ_CHECK(q.match ? cJSON_IsString(match) && strcmp(match->valuestring, q.match) == 0
                     : cJSON_IsNull(match),
             "API match differs: %s", answer);
  FUZZ_CHECK(q.exclude ? cJSON_IsString(exclude) && strcmp(exclude->valuestring, q.exclude) == 0
                       : cJSON_IsNull(exclude),
             "API exclude differs: %s", answer);
  cJSON_Delete(json);
  lanterne_free(answer);
  lt_query_free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  int whole = size <= LT_QUERY_MAX_BYTES;

  /* The reader's text is row 2 for this input only: inserted in a
  ** transaction that is rolled back at the end. */
  sql_ok(sqlite3_step(begin_stmt), "begin");
  sqlite3_reset(begin_stmt);
  sqlite3_bind_text(insert_stmt, 1, text, (int)size, SQLITE_STATIC);
  sql_ok(sqlite3_step(insert_stmt), "insert");
  sqlite3_reset(insert_stmt);
  /* The stems of words new to the collection; a word seen in an earlier,
  ** rolled back input has none saved here, which only narrows the widened
  ** query: its own text is still found by its words. */
  sql_ok(lt_stem_words_save(stem_words, db), "save the stems");

  for (int as_you_type = 0; as_you_type <= 1; as_you_type++) {
    lt_query q;
    FUZZ_CHECK(lt_query_parse(tokenizer, text, size, as_you_type, &q) == 0, "parse failed");
    FUZZ_CHECK(fuzz_valid_string(q.match) && fuzz_valid_string(q.exclude),
               "expression is not valid UTF-8");
    if (q.match) {
      FUZZ_CHECK(q.match[0] != 0, "empty match expression");
      int found = run_match(q.match);
      FUZZ_CHECK(found || !whole, "%s does not find the query's own text", q.match);
      run_groups(q.match, whole);
      check_expansion(q.match);
    }
    if (q.exclude) {
      FUZZ_CHECK(q.exclude[0] != 0, "empty exclude expression");
      run_match(q.exclude);
      check_expansion(q.exclude);
    }
    lt_query_free(&q);
  }

  sql_ok(sqlite3_step(clear_stmt), "rollback");
  sqlite3_reset(clear_stmt);

  char *s = fuzz_cstring(data, size);
  check_api(s, 0);
  check_api(s, 1);
  free(s);
  return 0;
}
