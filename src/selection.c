/*
** selection.c — running a filter into a list of documents (selection.h).
**
** Everything is marked in one byte per document: a full-text query marks
** its matches, each further condition keeps or clears marks.  Conditions
** that several lists must all satisfy (AND-groups, required entities) count
** in `votes`: a document stays when every list voted for it once.
*/
#include "selection.h"
#include "expand.h"
#include "rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void lt_selection_free(lt_selection *s) {
  free(s->rowids);
  free(s->ranks);
  free(s->matched);
  lt_body_hits_free(&s->body_hits);
  memset(s, 0, sizeof *s);
}

/* Per-search working arrays, one slot per rowid. */
typedef struct marks {
  int size;                 /* max_rowid + 1 */
  unsigned char *selected;
  int32_t *votes;           /* lists that voted for the document */
  int32_t *voted_in;        /* the last list that voted (1-based), so that a
                            ** list votes once however often it names a doc */
  double *rank;             /* with ranks: FTS5 rank, NAN if none */
  lt_body_hits *body_hits;  /* with ranks: filled by the ranking pass */
} marks;

/* Gives a vote of list number `list` to `rowid`. */
static void vote(marks *m, sqlite3_int64 rowid, int32_t list) {
  if (rowid < 1 || rowid >= m->size || m->voted_in[rowid] == list) return;
  m->voted_in[rowid] = list;
  m->votes[rowid]++;
}

/* What rank.c reports each ranked match to. */
typedef struct ranked_vote {
  marks *m;
  int32_t list;
} ranked_vote;

static void record_ranked(void *context, int64_t rowid, double score, const double *phrase_frequencies,
                          int phrase_count) {
  ranked_vote *v = context;
  (void)phrase_frequencies;
  (void)phrase_count;
  if (rowid < 1 || rowid >= v->m->size) return;
  if (v->list) vote(v->m, rowid, v->list);
  v->m->rank[rowid] = score;
}

/* Votes for the documents matching an FTS5 expression; with `ranks`, also
** records each match's BM25 rank (rank.h). */
static int vote_matches(sqlite3 *db, lt_tokenizer *tokenizer, const lt_doc_table *t, const char *match, marks *m,
                        int32_t list, int ranks) {
  if (ranks) {
    ranked_vote v = {m, list};
    return lt_rank_matches(db, tokenizer, match, t->tokens, t->max_rowid, 1, record_ranked, &v, m->body_hits);
  }
  /* The same documents, found faster with each word's spellings ORed
  ** (expand.h); as written if it cannot be expanded. */
  lt_expansion expanded = {0};
  int rc = lt_expansion_make(db, tokenizer, match, &expanded);
  if (rc != SQLITE_OK && rc != SQLITE_ERROR) return rc;
  sqlite3_stmt *stmt;
  rc = sqlite3_prepare_v2(db, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, expanded.match ? expanded.match : match, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      sqlite3_int64 rowid = sqlite3_column_int64(stmt, 0);
      if (list) vote(m, rowid, list);
    }
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_finalize(stmt);
  lt_expansion_free(&expanded);
  return rc;
}

/* The ranking pass of a query whose words name entities: its expression
** ORs every group's words with their entities' aliases, so it meets every
** document that a group's words match, and which of its phrases hit a
** document tells which groups' words match it.  `words_matched[rowid]`
** gets bit g for each such group g of up to 64 (words_phrase_count > 0). */
typedef struct grouped_ranks {
  marks *m;
  const lt_filter *filter;
  uint64_t *words_matched;
  int phrases_differ;       /* FTS5 read the expression as other phrases than
                            ** its strings (no frequencies): the bits cannot
                            ** be trusted */
} grouped_ranks;

static void record_grouped(void *context, int64_t rowid, double score, const double *phrase_frequencies,
                           int phrase_count) {
  grouped_ranks *v = context;
  if (rowid < 1 || rowid >= v->m->size) return;
  v->m->rank[rowid] = score;
  (void)phrase_count;
  if (!phrase_frequencies) v->phrases_differ = 1;
  if (v->phrases_differ) return;
  for (size_t g = 0; g < v->filter->group_count && g < 64; g++) {
    const lt_filter_group *group = &v->filter->groups[g];
    int all = group->words_phrase_count > 0;
    for (int i = 0; all && i < group->words_phrase_count; i++)
      all = phrase_frequencies[group->words_first_phrase + i] > 0.0;
    if (all) v->words_matched[rowid] |= (uint64_t)1 << g;
  }
}

/* Votes for the documents that mention any of `entities`. */
static int vote_mentions(sqlite3 *db, const sqlite3_int64 *entities, size_t count, marks *m, int32_t list) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT doc FROM mentions WHERE entity = ?1", -1, &stmt, NULL);
  for (size_t i = 0; rc == SQLITE_OK && i < count; i++) {
    sqlite3_bind_int64(stmt, 1, entities[i]);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) vote(m, sqlite3_column_int64(stmt, 0), list);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  return rc;
}

/* Counts the round of votes just cast, then clears them for the next one:
** with keep, a document stays selected only if all `lists` lists voted for
** it; without, any vote unselects it (excluded words). */
static void settle_votes(marks *m, int32_t lists, int keep) {
  for (int r = 1; r < m->size; r++) {
    if (keep ? m->votes[r] != lists : m->votes[r] != 0) m->selected[r] = 0;
    m->votes[r] = 0;
    m->voted_in[r] = 0;
  }
}

/* Whether a document falls in the period [from, to] (date key integers)
** by its own date or, with on_mentioned, by a date it mentions. */
static int in_period(const lt_doc_table *t, int r, int32_t from, int32_t to, int on_mentioned) {
  if (!on_mentioned) return t->date_start[r] && t->date_start[r] <= to && t->date_end[r] >= from;
  for (int32_t i = t->mentioned_first[r]; i < t->mentioned_first[r + 1]; i++)
    if (t->mentioned_start[i] && t->mentioned_start[i] <= to && t->mentioned_end[i] >= from) return 1;
  return 0;
}

static int select_marked(sqlite3 *db, lt_tokenizer *tokenizer, const lt_doc_table *t, const lt_filter *f,
                         int with_ranks, marks *m) {
  int has_words = f->query.match != NULL;
  int rc = SQLITE_OK;
  int32_t lists = 0;
  memcpy(m->selected, t->exists, (size_t)m->size);
  if (has_words && !f->groups) {
    rc = vote_matches(db, tokenizer, t, f->query.match, m, ++lists, with_ranks);
  } else if (has_words) {
    /* Ranked by the looser expression; a document it misses has no rank.
    ** That pass also tells which documents each group's words match, so
    ** that a group of ANDed words needs no pass of its own. */
    grouped_ranks ranked = {m, f, NULL, 0};
    if (with_ranks) {
      ranked.words_matched = calloc((size_t)m->size, sizeof *ranked.words_matched);
      rc = ranked.words_matched ? lt_rank_matches(db, tokenizer, f->rank_match, t->tokens, t->max_rowid, 1,
                                                  record_grouped, &ranked, m->body_hits)
                                : SQLITE_NOMEM;
    }
    /* Each group: its words, or a mention of the entities they name. */
    for (size_t g = 0; rc == SQLITE_OK && g < f->group_count; g++) {
      ++lists;
      if (ranked.words_matched && !ranked.phrases_differ && g < 64 && f->groups[g].words_phrase_count > 0) {
        for (int r = 1; r < m->size; r++)
          if (ranked.words_matched[r] >> g & 1) vote(m, r, lists);
      } else {
        rc = vote_matches(db, tokenizer, t, f->groups[g].match, m, lists, 0);
      }
      if (rc == SQLITE_OK) rc = vote_mentions(db, f->groups[g].entities, f->groups[g].entity_count, m, lists);
    }
    free(ranked.words_matched);
  }
  if (rc == SQLITE_OK && lists) settle_votes(m, lists, 1);
  if (rc == SQLITE_OK && f->query.exclude) {
    rc = vote_matches(db, tokenizer, t, f->query.exclude, m, 1, 0);
    if (rc == SQLITE_OK) settle_votes(m, 1, 0);
  }
  if (rc == SQLITE_OK && f->required_count) {
    lists = 0;
    for (size_t i = 0; rc == SQLITE_OK && i < f->required_count; i++)
      rc = vote_mentions(db, &f->required_entities[i], 1, m, ++lists);
    if (rc == SQLITE_OK) settle_votes(m, lists, 1);
  }
  if (rc == SQLITE_OK && (f->from_key[0] || f->to_key[0])) {
    int32_t from = f->from_key[0] ? lt_doc_table_key_value(f->from_key) : 0;
    int32_t to = f->to_key[0] ? lt_doc_table_key_value(f->to_key) : 99999999;
    for (int r = 1; r < m->size; r++)
      if (m->selected[r] && !in_period(t, r, from, to, f->period_on_mentioned_dates)) m->selected[r] = 0;
  }
  return rc;
}

int lt_selection_compute(sqlite3 *db, lt_tokenizer *tokenizer, const lt_doc_table *t, const lt_filter *f,
                         int with_ranks, lt_selection *out) {
  memset(out, 0, sizeof *out);
  with_ranks = with_ranks && f->query.match != NULL;
  marks m = {0};
  m.size = t->max_rowid + 1;
  m.selected = malloc((size_t)m.size);
  m.votes = calloc((size_t)m.size, sizeof *m.votes);
  m.voted_in = calloc((size_t)m.size, sizeof *m.voted_in);
  m.rank = with_ranks ? malloc((size_t)m.size * sizeof *m.rank) : NULL;
  m.body_hits = with_ranks ? &out->body_hits : NULL;
  int rc = m.selected && m.votes && m.voted_in && (!with_ranks || m.rank) ? SQLITE_OK : SQLITE_NOMEM;
  for (int r = 0; rc == SQLITE_OK && with_ranks && r < m.size; r++) m.rank[r] = NAN;
  if (rc == SQLITE_OK) rc = select_marked(db, tokenizer, t, f, with_ranks, &m);
  int count = 0;
  for (int r = 1; rc == SQLITE_OK && r < m.size; r++) count += m.selected[r];
  if (rc == SQLITE_OK) {
    out->rowids = malloc(((size_t)count + 1) * sizeof *out->rowids);
    if (with_ranks) {
      out->ranks = malloc(((size_t)count + 1) * sizeof *out->ranks);
      out->matched = malloc((size_t)count + 1);
    }
    if (!out->rowids || (with_ranks && (!out->ranks || !out->matched))) rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK) {
    for (int r = 1; r < m.size; r++) {
      if (!m.selected[r]) continue;
      if (with_ranks) {
        out->matched[out->count] = !isnan(m.rank[r]);
        out->ranks[out->count] = out->matched[out->count] ? m.rank[r] : 0;
      }
      out->rowids[out->count++] = r;
    }
  } else {
    lt_selection_free(out);
  }
  free(m.selected);
  free(m.votes);
  free(m.voted_in);
  free(m.rank);
  return rc;
}
