/*
** test_snippet.c — snippets cut from the hits the ranking pass kept
** (body_hits.h) are the same as those found by running the query again,
** whether the ranking kept every match, some, or none; and the memory cap
** of the kept hits holds.  Runs on the default corpus, built here.
*/
#include "lanterne.h"
#include "body_hits.h"
#include "check.h"
#include "default_index.h"
#include "doc_table.h"
#include "index.h"
#include "query.h"
#include "rank.h"
#include "snippet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGE = 20 };

typedef struct matches {
  int32_t rowids[4096];
  int count;
} matches;

static void record_match(void *context, int64_t rowid, double score, const double *phrase_frequencies,
                         int phrase_count) {
  (void)phrase_frequencies;
  (void)phrase_count;
  (void)score;
  matches *m = context;
  if (m->count < (int)(sizeof m->rowids / sizeof m->rowids[0])) m->rowids[m->count++] = (int32_t)rowid;
}

/* Snippets of up to PAGE matches with `known` hits; the caller frees them. */
static char **snippets_of(lanterne_index *index, const char *match, const lt_body_hits *known, const matches *m) {
  int count = m->count < PAGE ? m->count : PAGE;
  char **snippets = calloc(PAGE, sizeof *snippets);
  int rc = lt_snippets_make(index->db, index->tokenizer, match, known, m->rowids, count, snippets);
  CHECK(rc == SQLITE_OK, "[%s] snippets: %s", match, sqlite3_errmsg(index->db));
  return snippets;
}

static void free_snippets(char **snippets) {
  for (int i = 0; i < PAGE; i++) free(snippets[i]);
  free(snippets);
}

/* Compares two sets of snippets; returns how many hold a highlight. */
static int compare_snippets(const char *query, const char *how, char **want, char **got) {
  int marked = 0;
  for (int i = 0; i < PAGE; i++) {
    CHECK((!want[i] && !got[i]) || (want[i] && got[i] && strcmp(want[i], got[i]) == 0),
          "[%s] snippet %d %s: [%s], queried: [%s]", query, i, how, got[i] ? got[i] : "(none)",
          want[i] ? want[i] : "(none)");
    if (want[i] && strchr(want[i], '\x01')) marked++;
  }
  return marked;
}

static void test_same_snippets(lanterne_index *index, const lt_doc_table *table, const char *query, int as_you_type) {
  lt_query q;
  CHECK(lt_query_parse(index->tokenizer, query, strlen(query), as_you_type, &q) == 0 && q.match, "parse [%s]", query);
  if (!q.match) return;
  matches m = {0};
  lt_body_hits kept = {0};
  int rc = lt_rank_matches(index->db, index->tokenizer, q.match, table->tokens, table->max_rowid, 1, record_match, &m,
                           &kept);
  CHECK(rc == SQLITE_OK, "[%s] rank: %s", query, sqlite3_errmsg(index->db));
  CHECK(m.count > 0, "[%s] matches nothing", query);
  CHECK(kept.count == (size_t)m.count && !kept.full, "[%s] kept %zu of %d matches", query, kept.count, m.count);

  char **queried = snippets_of(index, q.match, NULL, &m);
  char **from_kept = snippets_of(index, q.match, &kept, &m);
  CHECK(compare_snippets(query, "from kept hits", queried, from_kept) > 0, "[%s] no highlighted snippet", query);

  /* as when the cap was reached after the first match: the rest are queried */
  lt_body_hits some = {0};
  const lt_body_hit *hits = NULL;
  size_t hit_count = 0;
  CHECK(lt_body_hits_start(&some, kept.phrases, kept.phrase_tokens) == 0, "start");
  CHECK(lt_body_hits_find(&kept, m.rowids[0], &hits, &hit_count), "[%s] first match not kept", query);
  CHECK(lt_body_hits_add(&some, m.rowids[0], hits, hit_count) == 0, "add");
  some.full = 1;
  char **from_some = snippets_of(index, q.match, &some, &m);
  compare_snippets(query, "from some kept hits", queried, from_some);

  free_snippets(queried);
  free_snippets(from_kept);
  free_snippets(from_some);
  lt_body_hits_free(&some);
  lt_body_hits_free(&kept);
  lt_query_free(&q);
}

static void test_cap(void) {
  lt_body_hits set = {0};
  lt_body_hit *many = calloc(LT_BODY_HITS_MAX, sizeof *many);
  lt_body_hit one = {7, 0};
  int sizes[1] = {1};
  const lt_body_hit *hits = NULL;
  size_t count = 0;
  CHECK(many && lt_body_hits_start(&set, 1, sizes) == 0, "start");
  CHECK(lt_body_hits_add(&set, 3, &one, 1) == 0 && lt_body_hits_add(&set, 5, NULL, 0) == 0, "add");
  CHECK(lt_body_hits_find(&set, 3, &hits, &count) && count == 1 && hits[0].position == 7, "find 3");
  CHECK(lt_body_hits_find(&set, 5, &hits, &count) && count == 0, "a match without body hits is kept");
  CHECK(!lt_body_hits_find(&set, 4, &hits, &count), "4 was never added");
  CHECK(lt_body_hits_add(&set, 9, many, LT_BODY_HITS_MAX) == 0 && set.full && set.count == 2,
        "past the cap, a match is dropped and the set marked full");
  CHECK(!lt_body_hits_find(&set, 9, &hits, &count), "a dropped match is not found");
  CHECK(lt_body_hits_add(&set, 11, &one, 1) == 0 && set.count == 2, "once full, nothing more is kept");
  lt_body_hits_free(&set);
  CHECK(set.count == 0 && !set.full, "free empties");
  free(many);
}

int main(void) {
  default_index d;
  default_index_open(&d, "test-snippet");
  lanterne_index *index = d.index;
  lt_doc_table *table = d.table;
  if (index && table) {
    test_same_snippets(index, table, "coopération", 0);
    test_same_snippets(index, table, "OTAN maroc", 0);
    test_same_snippets(index, table, "\"lutte contre le terrorisme\"", 0);
    test_same_snippets(index, table, "sécurité OR défense", 0);
    test_same_snippets(index, table, "coop", 1);
    test_same_snippets(index, table, "le", 0);
  }
  test_cap();
  default_index_close(&d);
  return check_done();
}
