/*
** rank.c — BM25 without FTS5's per-match lookups (see rank.h).
**
** The auxiliary function lt_rank(documents_fts, collector) records, for
** each match, its rowid and the weighted frequency of every phrase; the
** scores are computed once the statement has run, when the number of
** matches (the document count of a single phrase) is known.  When asked,
** it also keeps where the phrases hit each match's body (body_hits.h), so
** that the snippets need not run the query again.
*/
#include "rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "body_hits.h"
#include "fts_tokenizer.h"
#include "grow.h"
#include "index.h"

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
  const char *match;      /* the expression, to find its OR operands */
  double *idf;            /* per phrase: known at the first row, or, for a
                          ** phrase counted in the pass, once it has run */
  unsigned char *counted; /* per phrase: 1 if its documents are counted in
                          ** the pass (an operand of the top-level OR) */
  sqlite3_int64 *documents; /* per counted phrase: the documents holding it */
  int require_all;        /* only documents holding every phrase are
                          ** matches (the pass runs an AND as an OR) */
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
** order the strings are written.  Returns the number of strings, for the
** caller to check that FTS5 read as many phrases.
*/
static int mark_or_operands(const char *match, unsigned char *counted, int phrases) {
  int strings = 0, depth = 0, in_quote = 0;
  int operand_strings = 0, operand_first = 0, operand_plain = 1;
  for (const char *p = match;; p++) {
    int end_of_operand = *p == 0 || (!in_quote && depth == 0 && strncmp(p, " OR ", 4) == 0);
    if (end_of_operand) {
      if (operand_strings == 1 && operand_plain && operand_first < phrases) counted[operand_first] = 1;
      if (*p == 0) break;
      operand_strings = 0;
      operand_plain = 1;
      p += 3;
      continue;
    }
    if (*p == '"') {
      if (in_quote && p[1] == '"') p++;
      else if ((in_quote = !in_quote)) {
        if (operand_strings++ == 0) operand_first = strings;
        strings++;
      }
    } else if (!in_quote && *p != ' ' && *p != '*') {
      operand_plain = 0;
      if (*p == '(') depth++;
      else if (*p == ')') depth--;
    }
  }
  return strings;
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
  c->counted = calloc((size_t)c->phrases + 1, 1);
  c->documents = calloc((size_t)c->phrases + 1, sizeof *c->documents);
  if (rc == SQLITE_OK && (!c->idf || !c->counted || !c->documents)) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK && c->with_scores && mark_or_operands(c->match, c->counted, c->phrases) != c->phrases)
    memset(c->counted, 0, (size_t)c->phrases);
  /* the other phrases: their documents counted by FTS5, as bm25() does */
  for (int i = 0; rc == SQLITE_OK && c->with_scores && i < c->phrases; i++) {
    if (c->counted[i]) continue;
    sqlite3_int64 hits = 0;
    rc = api->xQueryPhrase(fts, i, &hits, count_row);
    if (rc == SQLITE_OK) c->idf[i] = idf_of(c->table_rows, hits);
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
  /* When the query ANDs its phrases, a document without one of them is no
  ** match: only which phrases it holds is read (for their counts), not
  ** its hits. */
  if (c->require_all) {
    int holds_all = 1;
    for (int phrase = 0; rc == SQLITE_OK && phrase < c->phrases; phrase++) {
      Fts5PhraseIter hits;
      int column = -1, offset;
      rc = api->xPhraseFirst(fts, phrase, &hits, &column, &offset);
      holds_all = holds_all && column >= 0;
      if (!holds_all) break;
    }
    if (rc == SQLITE_OK && !holds_all) {
      for (int phrase = 0; rc == SQLITE_OK && phrase < c->phrases; phrase++) {
        Fts5PhraseIter hits;
        int column = -1, offset;
        rc = api->xPhraseFirst(fts, phrase, &hits, &column, &offset);
        c->documents[phrase] += column >= 0;
      }
      if (rc != SQLITE_OK) c->failed = rc;
      return;
    }
  }
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
  for (int phrase = 0; phrase < c->phrases; phrase++) c->documents[phrase] += frequency[phrase] > 0.0;
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

/*
** For an expression that only ANDs two or more strings (the parser's
** format, query.h), the same strings ORed, malloc'd; else NULL.  Running
** `"a" AND "b"` as `"a" OR "b"` and keeping the documents holding both
** selects the same matches with the same hits, and counts each phrase's
** documents in the same pass: bm25() runs the query once, then each
** phrase once more for those counts.
*/
static char *or_form_of_and(const char *match) {
  int strings = 0, in_quote = 0;
  for (const char *p = match; *p; p++) {
    if (*p == '"') {
      if (in_quote && p[1] == '"') p++;
      else if ((in_quote = !in_quote)) strings++;
    } else if (!in_quote) {
      if (strncmp(p, " AND ", 5) == 0) p += 4;
      else if (strncmp(p, " *", 2) == 0) p += 1;
      else return NULL;
    }
  }
  if (strings < 2 || in_quote) return NULL;
  size_t n = strlen(match);
  char *out = malloc(n + 1);
  if (!out) return NULL;
  size_t o = 0;
  in_quote = 0;
  for (const char *p = match; *p;) {
    if (*p == '"') in_quote = !in_quote;  /* a doubled quote toggles twice */
    if (!in_quote && strncmp(p, " AND ", 5) == 0) {
      memcpy(out + o, " OR ", 4);
      o += 4;
      p += 5;
    } else {
      out[o++] = *p++;
    }
  }
  out[o] = 0;
  return out;
}

int lt_rank_matches(sqlite3 *db, const char *match, const int32_t *tokens, int max_rowid, int with_scores,
                    lt_rank_found_fn *found, void *context, lt_body_hits *body) {
  collector c = {0};
  char *or_match = or_form_of_and(match);
  c.with_scores = with_scores;
  c.require_all = or_match != NULL;
  c.match = or_match ? or_match : match;
  c.body = body;
  if (body) lt_body_hits_free(body);
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT lt_rank(documents_fts, ?2) FROM documents_fts WHERE documents_fts MATCH ?1",
                              -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, c.match, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(stmt, 2, &c, POINTER_TYPE, NULL);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {}
    rc = rc == SQLITE_DONE ? (c.failed ? c.failed : SQLITE_OK) : rc;
    sqlite3_finalize(stmt);
  }
  /* the phrases counted in the pass */
  for (int i = 0; rc == SQLITE_OK && with_scores && c.count && i < c.phrases; i++)
    if (c.counted[i]) c.idf[i] = idf_of(c.table_rows, c.documents[i]);
  for (size_t r = 0; rc == SQLITE_OK && r < c.count; r++) {
    sqlite3_int64 rowid = c.rowids[r];
    double D = rowid >= 1 && rowid <= max_rowid ? (double)tokens[rowid] : 0.0;
    const double *frequency = &c.frequencies[r * (size_t)c.phrases];
    double score = 0.0;
    /* bm25()'s expression, term for term */
    for (int i = 0; with_scores && i < c.phrases; i++)
      score += c.idf[i] * ((frequency[i] * (K1 + 1.0)) / (frequency[i] + K1 * (1 - B + B * D / c.avgdl)));
    found(context, rowid, with_scores ? -1.0 * score : 0.0, frequency, c.phrases);
  }
  free(c.idf);
  free(c.counted);
  free(c.documents);
  free(or_match);
  free(c.rowids);
  free(c.frequencies);
  free(c.scratch);
  if (rc != SQLITE_OK && body) lt_body_hits_free(body);
  return rc;
}
