/*
** test_expand.c — an expanded expression (each word as an OR of its
** spellings, expand.h) matches the same documents as the parser's
** expression it comes from; words are expanded, prefixes and phrases kept;
** each FTS5 phrase is mapped to the string it spells; and what is not in
** the parser's format is refused, not misread.  Runs on the default
** corpus, built here.
*/
#include "lanterne.h"
#include "check.h"
#include "default_index.h"
#include "expand.h"
#include "index.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rowids matching an FTS5 expression, as a comma-separated list. */
static char *matching_rowids(sqlite3 *db, const char *match) {
  sqlite3_stmt *stmt;
  char *list = NULL;
  if (sqlite3_prepare_v2(db, "SELECT group_concat(rowid) FROM (SELECT rowid FROM documents_fts"
                             " WHERE documents_fts MATCH ?1 ORDER BY rowid)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(stmt, 0);
    list = strdup(text ? text : "");
  }
  sqlite3_finalize(stmt);
  return list;
}

/* Expands the parsed query and checks it against the expression as parsed;
** returns how many of its words were widened (strings that became ORs). */
static int check_query(lanterne_index *index, const char *query) {
  lt_query q;
  CHECK(lt_query_parse(index->tokenizer, query, strlen(query), 0, &q) == 0 && q.match, "parse [%s]", query);
  if (!q.match) return 0;
  lt_expansion x;
  int rc = lt_expansion_make(index->db, index->tokenizer, q.match, &x);
  CHECK(rc == SQLITE_OK, "[%s] expand: %d", q.match, rc);
  int widened = 0;
  if (rc == SQLITE_OK) {
    char *want = matching_rowids(index->db, q.match), *got = matching_rowids(index->db, x.match);
    CHECK(want && got && strcmp(want, got) == 0, "[%s] matches %s, expanded [%s] %s", q.match, want ? want : "?",
          x.match, got ? got : "?");
    CHECK(*want, "[%s] matches nothing: not a useful case", q.match);
    free(want);
    free(got);
    CHECK(x.terms == lt_query_count_strings(q.match, NULL), "[%s] %d terms for %d strings", q.match, x.terms, lt_query_count_strings(q.match, NULL));
    for (int p = 1; p < x.phrases; p++)
      CHECK(x.phrase_term[p] >= x.phrase_term[p - 1] && x.phrase_term[p] < x.terms, "[%s] phrase %d", q.match, p);
    for (int t = 0; t < x.terms; t++) {
      int spellings = 0;
      for (int p = 0; p < x.phrases; p++) spellings += x.phrase_term[p] == t;
      CHECK(spellings >= 1, "[%s] term %d has no phrase", q.match, t);
      widened += spellings > 1;
    }
  }
  lt_expansion_free(&x);
  lt_query_free(&q);
  return widened;
}

int main(void) {
  default_index d;
  default_index_open(&d, "test-expand");
  lanterne_index *index = d.index;
  if (index) {
    /* words with several spellings in the corpus are widened... */
    CHECK(check_query(index, "menace") == 1, "menace (menaces) not widened");
    CHECK(check_query(index, "menaces terroristes") == 2, "menaces terroristes not widened");
    CHECK(check_query(index, "coopération OR défense") >= 1, "coopération OR défense");
    /* ...prefixes and phrases are kept as written */
    CHECK(check_query(index, "coop*") == 0, "a prefix was widened");
    CHECK(check_query(index, "\"menace terroriste\"") == 0, "a phrase was widened");
    check_query(index, "sécurité \"États-Unis\" maroc");
    check_query(index, "otan -daech");
    check_query(index, "(otan OR daech) sécurité");

    /* not the parser's format: refused */
    const char *bad[] = {"\"a\" AND", "((\"a\")", "\"a\")", "NEAR(\"a\" \"b\")", "\"unterminated", "", "AND \"a\"",
                         "\"a\" OR OR \"b\"", "()", "title:\"a\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
      lt_expansion x;
      CHECK(lt_expansion_make(index->db, index->tokenizer, bad[i], &x) == SQLITE_ERROR && !x.match,
            "[%s] accepted", bad[i]);
      lt_expansion_free(&x);
    }
  }
  default_index_close(&d);
  return check_done();
}
