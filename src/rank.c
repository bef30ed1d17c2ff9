/*
** rank.c — BM25 without FTS5's per-match lookups (see rank.h).
**
** The auxiliary function lt_rank(documents_fts, collector) records, for
** each match, its rowid and the weighted frequency of every phrase; the
** scores are computed once the statement has run, when the number of
** documents holding each phrase is known: counted in the pass for a phrase
** every holder of which matches (an operand of the top-level OR), else
** counted beforehand with the phrase's words as ORs of their spellings
** (expand.h), which FTS5 counts without merging their positions.  When asked,
** it also keeps where the phrases hit each match's body (body_hits.h), so
** that the snippets need not run the query again.
*/
#include "rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "body_hits.h"
#include "expand.h"
#include "fts_tokenizer.h"
#include "grow.h"
#include "index.h"
#include "query.h"

#define POINTER_TYPE "lt_rank_collector"

/* bm25()'s constants, and the weights of the title and body columns as
** the index's rank configuration gives them (index.h). */
static const double K1 = 1.2;
static const double B = 0.75;

typedef struct collector {
  int started;            /* the first row has set what follows */
  int with_scores;        /* 0: no idf, no score */
  int failed;             /* SQLite code of a failure, or 0 */
  int phrases;
  int strings;            /* the strings of the expression as the caller
                          ** counted them: FTS5's phrases, in order */
  int phrases_differ;     /* FTS5 read another number of phrases: it counts
                          ** their documents itself, at the first row */
  double *idf;            /* per phrase, known at the first row when the
                          ** phrases differ; else at the end */
  unsigned char *counted; /* per phrase: 1 if its documents are counted in
                          ** the pass (an operand of the top-level OR) */
  sqlite3_int64 *documents; /* per phrase: the documents holding it */
  double avgdl;
  sqlite3_int64 table_rows;
  /* per match: rowid, then `phrases` frequencies */
  sqlite3_int64 *rowids;
  double *frequencies;
  size_t count, capacity, frequency_capacity;
  lt_body_hits *body;     /* or NULL: body hits are not kept */
  lt_body_hit *scratch;   /* one match's body hits */
  size_t scratch_capacity;
} collector;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)context)++;
  return SQLITE_OK;
}

static double idf_of(sqlite3_int64 rows, sqlite3_int64 hits) {
  double idf = log((rows - hits + 0.5) / (hits + 0.5));
  return idf <= 0.0 ? 1e-6 : idf;
}

/*
** Marks in `counted` the phrases of `match` that are, alone, an operand of
** its top-level OR (or the whole expression): every document holding such
** a phrase matches, so the pass itself counts its documents, which bm25()
** would ask of FTS5 by running the phrase once more.  `match` is in the
** parser's format (query.h): strings in double quotes, a quote inside
** doubled, a prefix star after a string; FTS5 numbers the phrases in the
** order the strings are written (`phrases` of them: counted[] has room
** for that many).
*/
static void mark_or_operands(const char *match, unsigned char *counted, int phrases) {
  int strings = 0, depth = 0;
  int operand_strings = 0, operand_first = 0, operand_plain = 1;
  for (const char *p = match;; p++) {
    int end_of_operand = *p == 0 || (depth == 0 && strncmp(p, " OR ", 4) == 0);
    if (end_of_operand) {
      if (operand_strings == 1 && operand_plain && operand_first < phrases) counted[operand_first] = 1;
      if (*p == 0) break;
      operand_strings = 0;
      operand_plain = 1;
      p += 3;
      continue;
    }
    if (*p == '"') {
      if (operand_strings++ == 0) operand_first = strings;
      strings++;
      p = lt_query_string_end(p);
      if (!*p) p--; /* never closed: the loop reaches the end next */
    } else if (*p != ' ' && *p != '*') {
      operand_plain = 0;
      if (*p == '(') depth++;
      else if (*p == ')') depth--;
    }
  }
}

/* First row: what bm25() computes once per query. */
static int start(collector *c, const Fts5ExtensionApi *api, Fts5Context *fts) {
  c->started = 1;
  c->phrases = api->xPhraseCount(fts);
  sqlite3_int64 tokens = 0;
  int rc = api->xRowCount(fts, &c->table_rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc == SQLITE_OK) c->avgdl = (double)tokens / (double)c->table_rows;
  c->idf = calloc((size_t)c->phrases + 1, sizeof *c->idf);
  if (rc == SQLITE_OK && !c->idf) rc = SQLITE_NOMEM;
  /* Never seen: the strings are FTS5's phrases.  Should FTS5 read the
  ** expression otherwise, it counts every phrase's documents itself, as
  ** bm25() does, and nothing counted before is used. */
  if (rc == SQLITE_OK && c->phrases != c->strings) {
    c->phrases_differ = 1;
    for (int i = 0; rc == SQLITE_OK && c->with_scores && i < c->phrases; i++) {
      sqlite3_int64 hits = 0;
      rc = api->xQueryPhrase(fts, i, &hits, count_row);
      if (rc == SQLITE_OK) c->idf[i] = idf_of(c->table_rows, hits);
    }
  }
  if (rc == SQLITE_OK && c->body) {
    int *sizes = malloc(((size_t)c->phrases + 1) * sizeof *sizes);
    for (int i = 0; sizes && i < c->phrases; i++) sizes[i] = api->xPhraseSize(fts, i);
    if (!sizes || lt_body_hits_start(c->body, c->phrases, sizes) != 0) rc = SQLITE_NOMEM;
    free(sizes);
  }
  return rc;
}

static void collect(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                    int argument_count, sqlite3_value **arguments) {
  collector *c = argument_count == 1 ? sqlite3_value_pointer(arguments[0], POINTER_TYPE) : NULL;
  if (!c) {
    sqlite3_result_error(context, "lt_rank() takes the collector it fills", -1);
    return;
  }
  sqlite3_result_null(context);
  if (c->failed) return;
  int rc = c->started ? SQLITE_OK : start(c, api, fts);
  if (rc == SQLITE_OK && lt_grow((void **)&c->rowids, &c->capacity, c->count + 1, sizeof *c->rowids, 256) != 0)
    rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK && c->frequency_capacity < c->capacity) {
    double *bigger = realloc(c->frequencies, c->capacity * (size_t)c->phrases * sizeof *bigger + 1);
    if (bigger) { c->frequencies = bigger; c->frequency_capacity = c->capacity; }
    else rc = SQLITE_NOMEM;
  }
  if (rc != SQLITE_OK) { c->failed = rc; return; }
  double *frequency = &c->frequencies[c->count * (size_t)c->phrases];
  memset(frequency, 0, (size_t)c->phrases * sizeof *frequency);
  /* Each phrase's hits read from its own position list (xPhraseFirst),
  ** not through xInst, which first merges every phrase's list into one
  ** ordered by position: a cost per hit that grows with the number of
  ** phrases (an entity's aliases are many), for an order not needed here. */
  size_t body_hits = 0;
  for (int phrase = 0; rc == SQLITE_OK && phrase < c->phrases; phrase++) {
    Fts5PhraseIter hits;
    int column, offset;
    rc = api->xPhraseFirst(fts, phrase, &hits, &column, &offset);
    for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &hits, &column, &offset)) {
      frequency[phrase] += column == LT_FTS_TITLE_COLUMN ? LT_TITLE_WEIGHT_VALUE : 1.0;
      if (!c->body || column != LT_FTS_BODY_COLUMN) continue;
      if (body_hits == c->scratch_capacity &&
          lt_grow((void **)&c->scratch, &c->scratch_capacity, body_hits + 1, sizeof *c->scratch, 64) != 0)
        rc = SQLITE_NOMEM;
      else
        c->scratch[body_hits++] = (lt_body_hit){offset, phrase};
    }
  }
  sqlite3_int64 rowid = api->xRowid(fts);
  if (rc == SQLITE_OK && c->body && lt_body_hits_add(c->body, rowid, c->scratch, body_hits) != 0) rc = SQLITE_NOMEM;
  if (rc != SQLITE_OK) { c->failed = rc; return; }
  c->rowids[c->count++] = rowid;
}

int lt_rank_register(sqlite3 *db) {
  fts5_api *api = lt_fts_api(db);
  if (!api) return SQLITE_ERROR;
  return api->xCreateFunction(api, "lt_rank", NULL, collect, NULL);
}

/* The `index`th string of `match` (the parser's format), with its prefix
** star, as an expression of its own; malloc'd, or NULL. */
static char *nth_string(const char *match, int index) {
  int strings = 0;
  for (const char *p = match; *p; p++) {
    if (*p != '"') continue;
    const char *end = lt_query_string_end(p);
    if (!*end) return NULL;
    if (strings++ == index) {
      size_t n = (size_t)(end - p + 1) + (strncmp(end + 1, " *", 2) == 0 ? 2 : 0);
      return strndup(p, n);
    }
    p = end;
  }
  return NULL;
}

/* Counts the documents holding each string of `match` that the pass will
** not count (those inside an AND), into documents[]. */
static int count_other_strings(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, const unsigned char *counted,
                               int strings, sqlite3_int64 *documents) {
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_OK;
  for (int i = 0; rc == SQLITE_OK && i < strings; i++) {
    if (counted[i]) continue;
    char *string = nth_string(match, i);
    lt_expansion expanded = {0};
    if (!string) rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK && tokenizer) {
      rc = lt_expansion_make(db, tokenizer, string, &expanded);
      if (rc == SQLITE_ERROR) rc = SQLITE_OK;  /* counted as written */
    }
    if (rc == SQLITE_OK && !stmt)
      rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
      sqlite3_bind_text(stmt, 1, expanded.match ? expanded.match : string, -1, SQLITE_STATIC);
      if (sqlite3_step(stmt) == SQLITE_ROW) documents[i] = sqlite3_column_int64(stmt, 0);
      else rc = sqlite3_errcode(db);
      sqlite3_reset(stmt);
    }
    lt_expansion_free(&expanded);
    free(string);
  }
  sqlite3_finalize(stmt);
  return rc;
}

int lt_rank_matches(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, const int32_t *tokens, int max_rowid,
                    int with_scores, lt_rank_found_fn *found, void *context, lt_body_hits *body) {
  collector c = {0};
  c.with_scores = with_scores;
  c.body = body;
  if (body) lt_body_hits_free(body);
  c.strings = lt_query_count_strings(match, NULL);
  c.counted = calloc((size_t)c.strings + 1, 1);
  c.documents = calloc((size_t)c.strings + 1, sizeof *c.documents);
  int rc = c.counted && c.documents ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK) mark_or_operands(match, c.counted, c.strings);
  if (rc == SQLITE_OK && with_scores) rc = count_other_strings(db, tokenizer, match, c.counted, c.strings, c.documents);
  sqlite3_stmt *stmt = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT lt_rank(documents_fts, ?2) FROM documents_fts WHERE documents_fts MATCH ?1",
                            -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(stmt, 2, &c, POINTER_TYPE, NULL);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {}
    rc = rc == SQLITE_DONE ? (c.failed ? c.failed : SQLITE_OK) : rc;
  }
  sqlite3_finalize(stmt);
  /* each phrase's documents: counted in the pass (the matches holding it),
  ** or before it */
  for (int i = 0; rc == SQLITE_OK && with_scores && c.count && !c.phrases_differ && i < c.phrases; i++) {
    sqlite3_int64 hits = c.documents[i];
    if (c.counted[i]) {
      hits = 0;
      for (size_t r = 0; r < c.count; r++) hits += c.frequencies[r * (size_t)c.phrases + (size_t)i] > 0.0;
    }
    c.idf[i] = idf_of(c.table_rows, hits);
  }
  for (size_t r = 0; rc == SQLITE_OK && r < c.count; r++) {
    sqlite3_int64 rowid = c.rowids[r];
    double D = rowid >= 1 && rowid <= max_rowid ? (double)tokens[rowid] : 0.0;
    const double *frequency = &c.frequencies[r * (size_t)c.phrases];
    double score = 0.0;
    /* bm25()'s expression, term for term */
    for (int i = 0; with_scores && i < c.phrases; i++)
      score += c.idf[i] * ((frequency[i] * (K1 + 1.0)) / (frequency[i] + K1 * (1 - B + B * D / c.avgdl)));
    found(context, rowid, with_scores ? -1.0 * score : 0.0, c.phrases_differ ? NULL : frequency, c.phrases);
  }
  free(c.idf);
  free(c.counted);
  free(c.documents);
  free(c.rowids);
  free(c.frequencies);
  free(c.scratch);
  if (rc != SQLITE_OK && body) lt_body_hits_free(body);
  return rc;
}
