/*
** snippet.c — snippets for a page of hits (see snippet.h for why).
**
** Step 1: for the page's documents, the token positions and lengths of
** every phrase hit in the body column: kept by the ranking pass
** (body_hits.h), or else recorded by running the query once more with the
** auxiliary function collect_hits.
** Step 2 (choose_hits): the window of LT_SNIPPET_TOKENS tokens holding
** the most distinct phrases, then the most hits.
** Step 3 (cut_snippet): tokenize the body up to the window's end to turn
** token positions into byte offsets, start the window at the beginning of
** the hits' sentence when it fits (else centre it), and copy it with its
** marks.
*/
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

#include "fts_tokenizer.h"
#include "grow.h"
#include "index.h"
#define MARK_OPEN "\x01"
#define MARK_CLOSE "\x02"
#define ELLIPSIS "\xE2\x80\xA6"
#define POINTER_TYPE "lt_page_hits"

typedef struct phrase_hit {
  int position;  /* first token */
  int length;    /* tokens */
  int phrase;    /* which phrase of the expression */
} phrase_hit;

typedef struct page_doc {
  int32_t rowid;
  int index;            /* in the caller's arrays */
  int found;            /* the expression matched it */
  phrase_hit *hits;
  size_t hit_count, hit_capacity;
} page_doc;

typedef struct page_hits {
  page_doc *docs;       /* sorted by rowid */
  int count;
  int failed;           /* memory ran out in collect_hits */
} page_hits;

static int compare_docs(const void *a, const void *b) {
  const page_doc *x = a, *y = b;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static int compare_hits(const void *a, const void *b) {
  const phrase_hit *x = a, *y = b;
  if (x->position != y->position) return x->position < y->position ? -1 : 1;
  return (x->length < y->length) - (x->length > y->length);  /* longer first */
}

/* lt_page_hits(documents_fts, page): records the hits of page documents;
** returns NULL, always. */
static void collect_hits(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                         int argument_count, sqlite3_value **arguments) {
  page_hits *page = argument_count == 1 ? sqlite3_value_pointer(arguments[0], POINTER_TYPE) : NULL;
  if (!page) {
    sqlite3_result_error(context, "lt_page_hits() takes the page it fills", -1);
    return;
  }
  page_doc key = {0};
  key.rowid = (int32_t)api->xRowid(fts);
  page_doc *doc = bsearch(&key, page->docs, (size_t)page->count, sizeof *page->docs, compare_docs);
  sqlite3_result_null(context);
  if (!doc || doc->found) return;
  doc->found = 1;
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) instances = 0;
  for (int i = 0; i < instances; i++) {
    int phrase, column, offset;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK || column != LT_FTS_BODY_COLUMN) continue;
    if (lt_grow((void **)&doc->hits, &doc->hit_capacity, doc->hit_count + 1, sizeof *doc->hits, 8) != 0) {
      page->failed = 1;
      return;
    }
    doc->hits[doc->hit_count++] = (phrase_hit){offset, api->xPhraseSize(fts, phrase), phrase};
  }
  qsort(doc->hits, doc->hit_count, sizeof *doc->hits, compare_hits);
}

int lt_snippet_register(sqlite3 *db) {
  fts5_api *api = lt_fts_api(db);
  if (!api) return SQLITE_ERROR;
  return api->xCreateFunction(api, "lt_page_hits", NULL, collect_hits, NULL);
}

/* The group of hits the snippet shows: [*first, *last] in tokens, the
** best window of LT_SNIPPET_TOKENS starting at a hit.  Returns 0 when the
** body has no hit (a match in the title only). */
static int choose_hits(const page_doc *doc, int *first, int *last) {
  const int size = LT_SNIPPET_TOKENS;
  if (!doc->hit_count) return 0;
  size_t best = 0;
  long best_score = -1;
  for (size_t i = 0; i < doc->hit_count; i++) {
    /* distinct phrases weigh more than repeats of one */
    long score = 0;
    unsigned long long seen = 0;
    for (size_t j = i; j < doc->hit_count && doc->hits[j].position < doc->hits[i].position + size; j++) {
      if (doc->hits[j].position + doc->hits[j].length > doc->hits[i].position + size) continue;
      unsigned long long bit = 1ULL << (doc->hits[j].phrase & 63);
      score += (seen & bit) ? 1 : 1000;
      seen |= bit;
    }
    if (score > best_score) { best_score = score; best = i; }
  }
  *first = doc->hits[best].position;
  *last = *first + (doc->hits[best].length < size ? doc->hits[best].length : size) - 1;
  for (size_t j = best; j < doc->hit_count && doc->hits[j].position < *first + size; j++) {
    int end = doc->hits[j].position + doc->hits[j].length - 1;
    if (end < *first + size && end > *last) *last = end;
  }
  return 1;
}

/* Byte offsets of the tokens [first, first + count) of a text, found by
** tokenizing it up to there. */
typedef struct token_offsets {
  int first, count;
  int seen;             /* tokens met so far */
  int *starts, *ends;   /* count of each */
  int more;             /* a token exists after the recorded ones */
} token_offsets;

static int record_token(void *context, int flags, const char *token, int len, int start, int end) {
  token_offsets *t = context;
  (void)token;
  (void)len;
  if (flags & LT_TOKEN_COLOCATED) return 0;
  int i = t->seen++ - t->first;
  if (i >= t->count) { t->more = 1; return 1; }  /* stop: past the range */
  if (i >= 0) { t->starts[i] = start; t->ends[i] = end; }
  return 0;
}

/* Whether the text between two tokens ends a sentence. */
static int ends_sentence(const char *gap, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (gap[i] == '.' || gap[i] == '!' || gap[i] == '?' || (gap[i] == '\n' && i + 1 < n && gap[i + 1] == '\n'))
      return 1;
  return 0;
}

/*
** The marked snippet of `body`.  The window holds the chosen hits; it
** starts at the beginning of their sentence when that fits, else it is
** centred on them.
*/
static char *cut_snippet(lt_tokenizer *tokenizer, const char *body, int body_len, const page_doc *doc, int *rc) {
  enum { SIZE = LT_SNIPPET_TOKENS, RANGE = 2 * LT_SNIPPET_TOKENS + 1 };
  int first = 0, last = SIZE - 1;
  int has_hits = choose_hits(doc, &first, &last);
  /* the window may start anywhere in [lowest, first] */
  int lowest = has_hits && last - SIZE + 1 > 0 ? last - SIZE + 1 : 0;
  if (!has_hits) first = 0;
  int starts[RANGE], ends[RANGE];
  /* from the token before `lowest`, to see whether a sentence ends there */
  int from_token = lowest > 0 ? lowest - 1 : 0;
  token_offsets t = {from_token, RANGE, 0, starts, ends, 0};
  if (lt_tokenize(tokenizer, body, (size_t)body_len, 0, record_token, &t) == -1) { *rc = SQLITE_NOMEM; return NULL; }
  int recorded = t.more ? RANGE : t.seen - from_token;
  if (recorded <= 0 || first - from_token >= recorded) return NULL;
#define AT(k) ((k) - from_token)
  int start = -1;
  for (int k = first; k >= lowest && start < 0; k--)
    if (k == 0 || ends_sentence(body + ends[AT(k - 1)], (size_t)(starts[AT(k)] - ends[AT(k - 1)]))) start = k;
  if (start < 0) {
    /* the body's length when it was tokenized to its end; when it was not,
    ** the window cannot reach past what was (lowest + RANGE > first + SIZE) */
    int total = t.seen;
    start = first - (SIZE - (last - first + 1)) / 2;
    if (start + SIZE > total) start = total - SIZE;
    if (start < lowest) start = lowest;
  }
  int window_end = start + SIZE;  /* exclusive */
  if (window_end > from_token + recorded) window_end = from_token + recorded;
  int more = window_end < from_token + recorded || t.more;
  size_t from = start > 0 ? (size_t)starts[AT(start)] : 0;
  size_t to = more ? (size_t)ends[AT(window_end - 1)] : (size_t)body_len;
  char *out = malloc(to - from + 2 * SIZE + 2 * sizeof ELLIPSIS + 1);
  if (!out) { *rc = SQLITE_NOMEM; return NULL; }
  size_t n = 0;
  if (start > 0) { memcpy(out, ELLIPSIS, 3); n = 3; }
  size_t at = from;
  for (size_t h = 0; h < doc->hit_count;) {
    int hit_first = doc->hits[h].position, hit_last = hit_first + doc->hits[h].length - 1;
    /* overlapping hits are one highlight */
    for (h++; h < doc->hit_count && doc->hits[h].position <= hit_last; h++)
      if (doc->hits[h].position + doc->hits[h].length - 1 > hit_last) hit_last = doc->hits[h].position + doc->hits[h].length - 1;
    if (hit_last < start || hit_first >= window_end) continue;
    if (hit_first < start) hit_first = start;
    if (hit_last >= window_end) hit_last = window_end - 1;
    size_t open = (size_t)starts[AT(hit_first)], close = (size_t)ends[AT(hit_last)];
    if (open < at) continue;
    memcpy(out + n, body + at, open - at);
    n += open - at;
    out[n++] = MARK_OPEN[0];
    memcpy(out + n, body + open, close - open);
    n += close - open;
    out[n++] = MARK_CLOSE[0];
    at = close;
  }
#undef AT
  memcpy(out + n, body + at, to - at);
  n += to - at;
  if (more) { memcpy(out + n, ELLIPSIS, 3); n += 3; }
  out[n] = 0;
  return out;
}

/* Copies the kept hits of `doc`, if the ranking pass kept them.  Returns
** -1 when memory runs out. */
static int take_known_hits(const lt_body_hits *known, page_doc *doc) {
  size_t count = 0;
  const lt_body_hit *hits = NULL;
  if (!known || !lt_body_hits_find(known, doc->rowid, &hits, &count)) return 0;
  if (count && lt_grow((void **)&doc->hits, &doc->hit_capacity, count, sizeof *doc->hits, 8) != 0) return -1;
  for (size_t i = 0; i < count; i++)
    doc->hits[i] = (phrase_hit){hits[i].position, known->phrase_tokens[hits[i].phrase], hits[i].phrase};
  doc->hit_count = count;
  doc->found = 1;
  qsort(doc->hits, doc->hit_count, sizeof *doc->hits, compare_hits);
  return 0;
}

int lt_snippets_make(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, const lt_body_hits *known,
                     const int32_t *rowids, int count, char **snippets) {
  page_hits page = {0};
  for (int i = 0; i < count; i++) snippets[i] = NULL;
  if (count <= 0) return SQLITE_OK;
  page.docs = calloc((size_t)count, sizeof *page.docs);
  if (!page.docs) return SQLITE_NOMEM;
  page.count = count;
  for (int i = 0; i < count; i++) { page.docs[i].rowid = rowids[i]; page.docs[i].index = i; }
  qsort(page.docs, (size_t)count, sizeof *page.docs, compare_docs);
  int rc = SQLITE_OK;
  int unknown_first = -1, unknown_last = -1;  /* the documents left to query */
  for (int i = 0; rc == SQLITE_OK && i < count; i++) {
    if (take_known_hits(known, &page.docs[i]) != 0) rc = SQLITE_NOMEM;
    else if (!page.docs[i].found) { if (unknown_first < 0) unknown_first = i; unknown_last = i; }
  }

  /* Only the documents the ranking pass did not keep.  Without a prefix,
  ** each is looked up alone (`rowid = ?`: FTS5 steps through the word
  ** lists up to it without checking the matches on the way); with a
  ** prefix, whose word lists are merged afresh by every run, the query
  ** runs once over their rowid range. */
  int one_run = strchr(match, '*') != NULL;
  sqlite3_stmt *stmt = NULL;
  if (rc == SQLITE_OK && unknown_first >= 0) rc = sqlite3_prepare_v2(db,
      one_run ? "SELECT lt_page_hits(documents_fts, ?2) FROM documents_fts"
                " WHERE documents_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4"
              : "SELECT lt_page_hits(documents_fts, ?2) FROM documents_fts"
                " WHERE documents_fts MATCH ?1 AND rowid = ?3", -1, &stmt, NULL);
  if (rc == SQLITE_OK && stmt) {
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(stmt, 2, &page, POINTER_TYPE, NULL);
    for (int i = unknown_first; rc == SQLITE_OK && i <= (one_run ? unknown_first : unknown_last); i++) {
      if (page.docs[i].found) continue;
      sqlite3_bind_int64(stmt, 3, page.docs[i].rowid);
      if (one_run) sqlite3_bind_int64(stmt, 4, page.docs[unknown_last].rowid);
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {}
      rc = rc == SQLITE_DONE ? (page.failed ? SQLITE_NOMEM : SQLITE_OK) : rc;
      sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    stmt = NULL;
  }
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, "SELECT body FROM documents WHERE rowid = ?1", -1, &stmt, NULL);
  for (int i = 0; rc == SQLITE_OK && i < count; i++) {
    page_doc *doc = &page.docs[i];
    if (!doc->found) continue;
    sqlite3_bind_int64(stmt, 1, doc->rowid);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const char *body = (const char *)sqlite3_column_text(stmt, 0);
      int body_len = sqlite3_column_bytes(stmt, 0);
      rc = SQLITE_OK;
      if (body) snippets[doc->index] = cut_snippet(tokenizer, body, body_len, doc, &rc);
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_OK;
    }
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  for (int i = 0; i < count; i++) free(page.docs[i].hits);
  free(page.docs);
  if (rc != SQLITE_OK)
    for (int i = 0; i < count; i++) { free(snippets[i]); snippets[i] = NULL; }
  return rc;
}
