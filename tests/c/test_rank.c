/*
** test_rank.c — the scores of rank.c are FTS5's bm25() to the bit, for
** every shape of expression the search writes: one word, words ANDed, ORs,
** phrases, prefixes, and the ranking expression of words that name
** entities (the words ORed with every alias).  rank.c counts the documents
** of a phrase that is an operand of the top-level OR in its own pass and
** asks FTS5 for the others, and reads each phrase's hits on its own list:
** both must leave the scores exactly as bm25() computes them.  Also checks
** that a search whose words name entities selects the same documents with
** hits asked for (the ranking pass tells which documents each group's
** words match) as without (one pass per group).  Runs on the default
** corpus, built here.
*/
#include "lanterne.h"
#include "check.h"
#include "default_index.h"
#include "doc_table.h"
#include "index.h"
#include "query.h"
#include "rank.h"
#include "search_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"

enum { MAX_MATCHES = 4096 };

typedef struct scored {
  int64_t rowids[MAX_MATCHES];
  double scores[MAX_MATCHES];
  int count;
  int phrase_count;
} scored;

static void record_score(void *context, int64_t rowid, double score, const double *phrase_frequencies,
                         int phrase_count) {
  (void)phrase_frequencies;
  scored *s = context;
  s->phrase_count = phrase_count;
  if (s->count < MAX_MATCHES) {
    s->rowids[s->count] = rowid;
    s->scores[s->count++] = score;
  }
}

/* Compares lt_rank_matches() with FTS5's rank (bm25() with the index's
** column weights) on the FTS5 expression `match`. */
static void check_same_scores(lanterne_index *index, const lt_doc_table *table, const char *match) {
  scored *ours = calloc(1, sizeof *ours), *theirs = calloc(1, sizeof *theirs), *unscored = calloc(1, sizeof *unscored);
  CHECK(ours && theirs && unscored, "memory");
  if (!ours || !theirs || !unscored) goto out;
  int rc = lt_rank_matches(index->db, index->tokenizer, match, table->tokens, table->max_rowid, 1, record_score, ours,
                           NULL);
  CHECK(rc == SQLITE_OK, "[%s] rank: %s", match, sqlite3_errmsg(index->db));
  rc = lt_rank_matches(index->db, index->tokenizer, match, table->tokens, table->max_rowid, 0, record_score, unscored,
                       NULL);
  CHECK(rc == SQLITE_OK, "[%s] rank without scores: %s", match, sqlite3_errmsg(index->db));
  sqlite3_stmt *stmt;
  rc = sqlite3_prepare_v2(index->db, "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY rowid",
                          -1, &stmt, NULL);
  CHECK(rc == SQLITE_OK, "prepare: %s", sqlite3_errmsg(index->db));
  sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step(stmt) == SQLITE_ROW && theirs->count < MAX_MATCHES) {
    theirs->rowids[theirs->count] = sqlite3_column_int64(stmt, 0);
    theirs->scores[theirs->count++] = sqlite3_column_double(stmt, 1);
  }
  sqlite3_finalize(stmt);
  CHECK(theirs->count > 0, "[%s] matches nothing: not a useful case", match);
  CHECK(ours->count == theirs->count, "[%s] %d matches, bm25: %d", match, ours->count, theirs->count);
  CHECK(unscored->count == ours->count, "[%s] %d matches without scores, %d with", match, unscored->count,
        ours->count);
  for (int i = 0; i < ours->count && i < theirs->count; i++) {
    CHECK(ours->rowids[i] == theirs->rowids[i], "[%s] match %d: rowid %lld, bm25: %lld", match, i,
          (long long)ours->rowids[i], (long long)theirs->rowids[i]);
    CHECK(ours->scores[i] == theirs->scores[i], "[%s] rowid %lld: score %.17g, bm25: %.17g", match,
          (long long)ours->rowids[i], ours->scores[i], theirs->scores[i]);
    CHECK(unscored->scores[i] == 0.0, "[%s] a score without scores asked for", match);
  }
out:
  free(ours);
  free(theirs);
  free(unscored);
}

/* The FTS5 expression the search ranks a query by: its words, or, when
** they name entities, the words ORed with the aliases.  Checks its scores. */
static void check_query(lanterne_index *index, const lt_doc_table *table, const char *query) {
  lt_query q;
  CHECK(lt_query_parse(index->tokenizer, query, strlen(query), 0, &q) == 0 && q.match, "parse [%s]", query);
  if (!q.match) return;
  lt_filter filter;
  memset(&filter, 0, sizeof filter);
  filter.query = q;
  const char *unknown = NULL;
  CHECK(lt_filter_resolve_entities(index->db, &filter, NULL, &unknown) == SQLITE_OK, "[%s] entities", query);
  check_same_scores(index, table, filter.rank_match ? filter.rank_match : q.match);
  lt_filter_clear(&filter);
  lt_query_free(&filter.query);
}

/* A field of a search's answer, printed, to compare two answers. */
static char *answer_field(lanterne_index *index, const char *request, const char *field) {
  char *answer = lanterne_search(index, request);
  cJSON *json = answer ? cJSON_Parse(answer) : NULL;
  lanterne_free(answer);
  char *printed = json ? cJSON_PrintUnformatted(cJSON_GetObjectItem(json, field)) : NULL;
  cJSON_Delete(json);
  return printed;
}

/* With hits (one ranking pass) and without (one pass per group), a search
** selects the same documents. */
static void check_same_selection(lanterne_index *index, const char *query) {
  char with_hits[512], without[512];
  snprintf(with_hits, sizeof with_hits, "{\"query\": \"%s\", \"limit\": 20}", query);
  snprintf(without, sizeof without, "{\"query\": \"%s\", \"limit\": 0}", query);
  const char *fields[] = {"total", "facets", "timeline"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    char *a = answer_field(index, with_hits, fields[i]), *b = answer_field(index, without, fields[i]);
    CHECK(a && b && strcmp(a, b) == 0, "[%s] %s with hits %s, without %s", query, fields[i], a ? a : "(none)",
          b ? b : "(none)");
    if (i == 0) CHECK(a && strcmp(a, "0") != 0, "[%s] matches nothing: not a useful case", query);
    free(a);
    free(b);
  }
}

int main(void) {
  default_index d;
  default_index_open(&d, "test-rank");
  lanterne_index *index = d.index;
  lt_doc_table *table = d.table;
  if (index && table) {
    /* the reader's words, parsed */
    const char *queries[] = {
      "coopération", "sécurité défense", "\"lutte contre le terrorisme\"", "sécurité OR défense",
      "coop*", "menaces terroristes maroc", "le",
      /* words naming entities: ranked by the words ORed with the aliases */
      "OTAN", "OTAN maroc", "NATO terrorisme", "Hammouchi coopération", "Etats-Unis OTAN",
      "North Atlantic Treaty Organization", "otan OR daech sécurité",
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) check_query(index, table, queries[i]);
    /* expressions written by hand: an AND inside the OR (its phrases are
    ** counted by FTS5), an OR inside an AND, a prefix operand */
    check_same_scores(index, table, "\"otan\" OR (\"maroc\" AND \"securite\") OR \"defense\"");
    check_same_scores(index, table, "(\"otan\" OR \"alliance\") AND \"maroc\"");
    check_same_scores(index, table, "\"coop\" * OR \"otan\"");
    check_same_scores(index, table, "\"etats unis\" OR \"otan\" OR \"etats unis\"");

    const char *named[] = {"OTAN", "OTAN maroc", "NATO terrorisme", "Hammouchi coopération", "otan OR daech sécurité",
                           "North Atlantic Treaty Organization"};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) check_same_selection(index, named[i]);
  }
  default_index_close(&d);
  return check_done();
}
