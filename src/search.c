/*
** search.c — answering searches and fetching documents (lanterne_search,
** lanterne_document).
**
** The reader's text goes through the query parser (query.c), which yields
** FTS5 expressions that cannot fail to parse; SQLite then ranks with BM25
** (title weighted, configured at build time as the table's `rank`) and
** FTS5's snippet()/highlight() mark the matched words.  Markers are the
** control characters \x01 and \x02, which never occur in stored text
** (utf8.c drops them), and are turned here into plain text plus byte
** offsets: the page renders highlights itself and never parses HTML from
** the core.
*/
#include "lanterne.h"
#include "index.h"
#include "json.h"
#include "query.h"
#include "search_filter.h"
#include "selection.h"
#include "doc_table.h"
#include "snippet.h"
#include "timeline.h"
#include "entity_index.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MARK_OPEN '\x01'
#define MARK_CLOSE '\x02'
#define SEARCH_DEFAULT_LIMIT 20
#define SEARCH_MAX_LIMIT 1000
/* Leading text shown for documents listed without a query. */
#define LEAD_MAX_BYTES 240

/* ------------------------------------------------------------------------ */
/* Marked text -> plain text + highlight offsets                            */
/* ------------------------------------------------------------------------ */

static int is_space_byte(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
** Removes the markers from `marked` and returns the plain text as a
** lanterne_malloc'd string; adds [start, end) byte offsets of each marked
** span to `highlights` (unless it is NULL).  collapse: 1 to fold every run of white space into
** one space and trim the ends (snippets), 0 to keep the text as it is
** (documents, whose offsets must match the stored text).
*/
static char *unmark(const char *marked, int collapse, cJSON *highlights) {
  size_t n = strlen(marked);
  char *plain = lanterne_malloc(n + 1);
  if (!plain) return NULL;
  size_t out = 0;
  long open_at = -1;
  int pending_space = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)marked[i];
    if (c == MARK_OPEN) { if (pending_space && out) plain[out++] = ' '; pending_space = 0; open_at = (long)out; continue; }
    if (c == MARK_CLOSE) {
      if (highlights && open_at >= 0 && (size_t)open_at < out) {
        cJSON *pair = cJSON_CreateArray();
        cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)open_at));
        cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)out));
        cJSON_AddItemToArray(highlights, pair);
      }
      open_at = -1;
      continue;
    }
    if (collapse && is_space_byte(c)) { pending_space = 1; continue; }
    if (pending_space && out) plain[out++] = ' ';
    pending_space = 0;
    plain[out++] = (char)c;
  }
  plain[out] = 0;
  return plain;
}

/* The first words of a document, for listings without a query: white space
** collapsed, cut at a word boundary, "…" added when cut. */
static char *lead_text(const char *body) {
  char window[LEAD_MAX_BYTES * 4 + 8];
  size_t n = strlen(body);
  /* Enough raw bytes to fill LEAD_MAX_BYTES after collapsing most runs. */
  size_t take = n < sizeof window - 1 ? n : sizeof window - 1;
  while (take > 0 && take < n && ((unsigned char)body[take] & 0xC0) == 0x80) take--;
  memcpy(window, body, take);
  window[take] = 0;
  char *plain = unmark(window, 1, NULL);
  if (!plain) return NULL;
  size_t len = strlen(plain);
  if (len <= LEAD_MAX_BYTES && take == n) return plain;
  size_t cut = len < LEAD_MAX_BYTES ? len : LEAD_MAX_BYTES;
  size_t word_cut = cut;
  while (word_cut > LEAD_MAX_BYTES / 2 && plain[word_cut] != ' ') word_cut--;
  if (plain[word_cut] == ' ') cut = word_cut;
  else while (cut > 0 && ((unsigned char)plain[cut] & 0xC0) == 0x80) cut--;
  char *lead = lanterne_malloc(cut + 4);
  if (lead) {
    memcpy(lead, plain, cut);
    memcpy(lead + cut, "\xE2\x80\xA6", 4); /* … */
  }
  lanterne_free(plain);
  return lead;
}

/* ------------------------------------------------------------------------ */
/* Search                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct search_request {
  char *query;          /* repaired UTF-8, malloc'd */
  long limit, offset;
  int as_you_type;
  int sort_by_date;
  int with_timeline;
  int with_facets;
  const char *period_error; /* a from/to that is not a date, or NULL */
  cJSON *entities;          /* "entities": ids that must be mentioned, or NULL */
} search_request;


/* Rounded so that the native and WebAssembly builds, whose log() may differ
** in the last bit, print the same score. */
static double rounded_score(double score) {
  return round(score * 1e6) / 1e6;
}

/* One hit: metadata of the document `rowid`, and its snippet (`marked`,
** from snippet.c, when the words matched it, else the document's first
** words). */
static cJSON *hit_for_document(sqlite3_stmt *meta_stmt, const char *marked, sqlite3_int64 rowid,
                               int matched, double rank, int *rc) {
  sqlite3_bind_int64(meta_stmt, 1, rowid);
  *rc = sqlite3_step(meta_stmt);
  if (*rc != SQLITE_ROW) { sqlite3_reset(meta_stmt); return NULL; }
  *rc = SQLITE_OK;
  cJSON *hit = cJSON_CreateObject();
  cJSON_AddStringToObject(hit, "id", (const char *)sqlite3_column_text(meta_stmt, 0));
  cJSON_AddStringToObject(hit, "title", (const char *)sqlite3_column_text(meta_stmt, 1));
  lt_json_add_string_or_null(hit, "date", (const char *)sqlite3_column_text(meta_stmt, 2));
  lt_json_add_string_or_null(hit, "date_precision", (const char *)sqlite3_column_text(meta_stmt, 3));
  lt_json_add_string_or_null(hit, "date_source", (const char *)sqlite3_column_text(meta_stmt, 4));
  lt_json_add_string_or_null(hit, "source", (const char *)sqlite3_column_text(meta_stmt, 5));
  lt_json_add_string_or_null(hit, "language", (const char *)sqlite3_column_text(meta_stmt, 6));
  cJSON_AddNumberToObject(hit, "score", matched ? rounded_score(-rank) : 0);
  cJSON *highlights = cJSON_CreateArray();
  char *snippet = matched && marked ? unmark(marked, 1, highlights) : NULL;
  if (!snippet) {
    const char *lead = (const char *)sqlite3_column_text(meta_stmt, 7);
    snippet = lead_text(lead ? lead : "");
  }
  sqlite3_reset(meta_stmt);
  cJSON_AddStringToObject(hit, "snippet", snippet ? snippet : "");
  lanterne_free(snippet);
  cJSON_AddItemToObject(hit, "highlights", highlights);
  return hit;
}

/* One row of the page: which document, how it ranks, and whether the
** words matched it (not only a mention of a named entity). */
typedef struct page_row {
  double rank;
  int32_t order;     /* place in id order (ties of rank) or in date order */
  int32_t rowid;
  int matched;
} page_row;

static int compare_by_rank(const void *a, const void *b) {
  const page_row *x = a, *y = b;
  /* documents found only through an entity mention come last */
  if (x->matched != y->matched) return x->matched ? -1 : 1;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

static int compare_by_order(const void *a, const void *b) {
  const page_row *x = a, *y = b;
  return (x->order > y->order) - (x->order < y->order);
}

/* Sifts rows[i] down the max-heap rows[0..n) ordered by `compare`. */
static void sift_down(page_row *rows, size_t n, size_t i, int (*compare)(const void *, const void *)) {
  for (;;) {
    size_t largest = i, left = 2 * i + 1, right = left + 1;
    if (left < n && compare(&rows[left], &rows[largest]) > 0) largest = left;
    if (right < n && compare(&rows[right], &rows[largest]) > 0) largest = right;
    if (largest == i) return;
    page_row swap = rows[i];
    rows[i] = rows[largest];
    rows[largest] = swap;
    i = largest;
  }
}

/*
** Puts the `k` first rows of rows[0..n) (in `compare` order) at the front,
** sorted; the rest are left in any order.  A page is 20 rows of thousands
** of matches: a heap of k rows costs n log k, not n log n.
*/
static void select_first(page_row *rows, size_t n, size_t k, int (*compare)(const void *, const void *)) {
  if (k >= n / 2) { qsort(rows, n, sizeof *rows, compare); return; }
  if (k == 0) return;
  for (size_t i = k / 2; i-- > 0;) sift_down(rows, k, i, compare);
  for (size_t i = k; i < n; i++) {
    if (compare(&rows[i], &rows[0]) >= 0) continue;
    page_row swap = rows[0];
    rows[0] = rows[i];
    rows[i] = swap;
    sift_down(rows, k, 0, compare);
  }
  qsort(rows, k, sizeof *rows, compare);
}

/*
** The selection in page order: by rank (then id) when there are words and
** the reader did not ask for dates, else by date (then id).  Returns a
** malloc'd array of s->count rows whose `wanted` first are in order, or
** NULL when memory runs out.
*/
static page_row *sort_selection(const lt_doc_table *t, const lt_selection *s, int sort_by_date, long wanted) {
  page_row *rows = malloc(((size_t)s->count + 1) * sizeof *rows);
  if (!rows) return NULL;
  int by_rank = s->ranks && !sort_by_date;
  for (int i = 0; i < s->count; i++) {
    int32_t rowid = s->rowids[i];
    rows[i].rowid = rowid;
    rows[i].rank = s->ranks ? s->ranks[i] : 0;
    rows[i].matched = s->matched ? s->matched[i] : 0;
    rows[i].order = by_rank ? t->id_order[rowid] : t->date_order[rowid];
  }
  select_first(rows, (size_t)s->count, (size_t)wanted, by_rank ? compare_by_rank : compare_by_order);
  return rows;
}

/* Metadata, snippet and entities of each document of the page. */
static int fetch_hits(lanterne_index *index, const lt_filter *filter, const lt_selection *s,
                      const search_request *r, cJSON *hits) {
  sqlite3 *db = index->db;
  if (r->offset >= s->count) return SQLITE_OK;
  page_row *rows = sort_selection(index->docs, s, r->sort_by_date, r->offset + r->limit);
  if (!rows) return SQLITE_NOMEM;
  int first = (int)r->offset;
  int count = (int)(r->offset + r->limit < s->count ? r->limit : s->count - r->offset);
  int32_t *page_rowids = malloc(sizeof *page_rowids * (size_t)count);
  char **snippets = calloc((size_t)count, sizeof *snippets);
  int rc = page_rowids && snippets ? SQLITE_OK : SQLITE_NOMEM;
  /* Snippets for the documents the words matched, in one query. */
  int matched = 0;
  for (int i = 0; rc == SQLITE_OK && i < count; i++)
    if (rows[first + i].matched) page_rowids[matched++] = rows[first + i].rowid;
  const char *match = filter->rank_match ? filter->rank_match : filter->query.match;
  if (rc == SQLITE_OK && match && matched)
    rc = lt_snippets_make(db, index->tokenizer, match, &s->body_hits, page_rowids, matched, snippets);
  sqlite3_stmt *meta_stmt = NULL, *entities_stmt = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
        "SELECT id, title, date, date_precision, date_source, source, language,"
        " substr(body, 1, 1000) FROM documents WHERE rowid = ?1", -1, &meta_stmt, NULL);
  if (rc == SQLITE_OK) rc = lt_hit_entities_prepare(db, &entities_stmt);
  for (int i = 0, m = 0; rc == SQLITE_OK && i < count; i++) {
    const page_row *row = &rows[first + i];
    const char *marked = row->matched ? snippets[m++] : NULL;
    cJSON *hit = hit_for_document(meta_stmt, marked, row->rowid, row->matched, row->rank, &rc);
    if (!hit) break;
    cJSON_AddItemToArray(hits, hit);
    if (rc == SQLITE_OK) rc = lt_hit_entities_add(entities_stmt, row->rowid, hit);
  }
  sqlite3_finalize(meta_stmt);
  sqlite3_finalize(entities_stmt);
  for (int i = 0; snippets && i < count; i++) free(snippets[i]);
  free(snippets);
  free(page_rowids);
  free(rows);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Reads "from"/"to" into period keys; a partial date covers its whole
** period ("2014" as `to` means up to the end of 2014). */
static const char *read_period(const cJSON *request, lt_filter *filter) {
  const char *from = lt_json_get_string(request, "from", NULL);
  const char *to = lt_json_get_string(request, "to", NULL);
  if (from && *from && lt_date_key(from, 0, filter->from_key) != 0)
    return "\"from\" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD";
  if (to && *to && lt_date_key(to, 1, filter->to_key) != 0)
    return "\"to\" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD";
  const char *dates = lt_json_get_string(request, "dates", "written");
  filter->period_on_mentioned_dates = strcmp(dates, "mentioned") == 0;
  return NULL;
}

static int read_search_request(const char *request_json, search_request *r, lt_filter *filter) {
  cJSON *request = lt_json_parse_request(request_json);
  if (!request) return -1;
  const char *query = lt_json_get_string(request, "query", "");
  r->query = lt_utf8_repair(query, strlen(query), NULL, NULL);
  r->limit = lt_json_get_long(request, "limit", SEARCH_DEFAULT_LIMIT, 0, SEARCH_MAX_LIMIT);
  r->offset = lt_json_get_long(request, "offset", 0, 0, 1000000000L);
  r->as_you_type = lt_json_get_bool(request, "as_you_type", 0);
  r->with_timeline = lt_json_get_bool(request, "timeline", 1);
  r->with_facets = lt_json_get_bool(request, "facets", 1);
  const char *sort = lt_json_get_string(request, "sort", "relevance");
  r->sort_by_date = strcmp(sort, "date") == 0;
  r->period_error = read_period(request, filter);
  const cJSON *entities = cJSON_GetObjectItemCaseSensitive(request, "entities");
  if (cJSON_IsArray(entities)) r->entities = cJSON_Duplicate(entities, 1);
  cJSON_Delete(request);
  return r->query ? 0 : -1;
}

char *lanterne_search(lanterne_index *index, const char *request_json) {
  if (!index) return lt_json_error("no index is open");
  search_request r = {0};
  lt_filter filter;
  memset(&filter, 0, sizeof filter);
  if (read_search_request(request_json, &r, &filter) != 0) {
    free(r.query);
    cJSON_Delete(r.entities);
    return lt_json_error("the search request is not a JSON object");
  }
  if (r.period_error) {
    free(r.query);
    cJSON_Delete(r.entities);
    return lt_json_error("%s", r.period_error);
  }
  if (lt_query_parse(index->tokenizer, r.query, strlen(r.query), r.as_you_type, &filter.query) != 0) {
    free(r.query);
    cJSON_Delete(r.entities);
    return lt_json_error("out of memory");
  }
  const char *unknown_entity = NULL;
  int resolve_rc = lt_filter_resolve_entities(index->db, &filter, r.entities, &unknown_entity);
  if (resolve_rc != SQLITE_OK) {
    char *error = resolve_rc == SQLITE_NOTFOUND ? lt_json_error_no_such("entity", unknown_entity)
                                                : lt_json_error_index(index->name, resolve_rc);
    lt_filter_clear(&filter);
    lt_query_free(&filter.query);
    free(r.query);
    cJSON_Delete(r.entities);
    return error;
  }
  cJSON *answer = cJSON_CreateObject();
  cJSON_AddStringToObject(answer, "query", r.query);
  cJSON *hits = cJSON_CreateArray();
  lt_selection selection = {0};
  int rc = index->docs ? SQLITE_OK : lt_doc_table_load(index->db, &index->docs);
  /* Words need the full-text index: a packed index finishes rebuilding it
  ** now if it has not yet (index_pack.h). */
  if (rc == SQLITE_OK && (filter.query.match || filter.query.exclude))
    rc = lt_full_text_ensure(index->db, &index->full_text);
  /* Ranks only for the hits shown: BM25 costs a score per match. */
  if (rc == SQLITE_OK)
    rc = lt_selection_compute(index->db, index->tokenizer, index->docs, &filter, r.limit > 0, &selection);
  if (rc == SQLITE_OK && r.limit > 0) rc = fetch_hits(index, &filter, &selection, &r, hits);
  cJSON_AddNumberToObject(answer, "total", (double)selection.count);
  cJSON_AddNumberToObject(answer, "offset", (double)r.offset);
  cJSON_AddNumberToObject(answer, "limit", (double)r.limit);
  cJSON_AddItemToObject(answer, "hits", hits);
  if (rc == SQLITE_OK && r.with_timeline) rc = lt_timeline_add(index->docs, &selection, answer);
  if (rc == SQLITE_OK && r.with_facets) rc = lt_facets_add(index, index->docs, &selection, answer);
  lt_selection_free(&selection);
  lt_filter_clear(&filter);
  lt_query_free(&filter.query);
  free(r.query);
  cJSON_Delete(r.entities);
  if (rc != SQLITE_OK) {
    /* The parser only writes valid FTS5, so this is a damaged index or a
    ** lack of memory: say so plainly. */
    cJSON_Delete(answer);
    return lt_json_error_index(index->name, rc);
  }
  return lt_json_finish(answer);
}

/* ------------------------------------------------------------------------ */
/* One document                                                              */
/* ------------------------------------------------------------------------ */

static const char *document_columns[] = {
  "id", "title", "date", "date_precision", "date_source", "source", "url",
  "language", "type", "classification", "path", "sha256", "text"
};
#define DOCUMENT_COLUMN_COUNT (sizeof document_columns / sizeof document_columns[0])

/* Adds `highlights` for the words of `query` in the document with this rowid. */
static int add_document_highlights(lanterne_index *index, sqlite3_int64 rowid,
                                   const char *query, cJSON *highlights) {
  lt_query q;
  if (lt_query_parse(index->tokenizer, query, strlen(query), 0, &q) != 0) return SQLITE_NOMEM;
  int rc = SQLITE_OK;
  if (q.match) {
    sqlite3_stmt *stmt;
    rc = sqlite3_prepare_v2(index->db,
        "SELECT highlight(documents_fts, 1, char(1), char(2)) FROM documents_fts"
        " WHERE documents_fts MATCH ?1 AND rowid = ?2", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
      sqlite3_bind_text(stmt, 1, q.match, -1, SQLITE_STATIC);
      sqlite3_bind_int64(stmt, 2, rowid);
      rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        char *plain = unmark((const char *)sqlite3_column_text(stmt, 0), 0, highlights);
        lanterne_free(plain);
        rc = SQLITE_DONE;
      }
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      sqlite3_finalize(stmt);
    }
  }
  lt_query_free(&q);
  return rc;
}

/* Runs `sql` (one parameter: the document's rowid) and adds its rows as an
** array of objects named after the selected columns; integer columns stay
** numbers, the rest strings or null. */
static int add_rows_array(sqlite3 *db, const char *sql, sqlite3_int64 rowid, cJSON *parent, const char *name) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(stmt, 1, rowid);
  cJSON *array = cJSON_AddArrayToObject(parent, name);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    cJSON *row = cJSON_CreateObject();
    for (int i = 0; i < sqlite3_column_count(stmt); i++) {
      const char *column = sqlite3_column_name(stmt, i);
      if (sqlite3_column_type(stmt, i) == SQLITE_INTEGER)
        cJSON_AddNumberToObject(row, column, (double)sqlite3_column_int64(stmt, i));
      else
        lt_json_add_string_or_null(row, column, (const char *)sqlite3_column_text(stmt, i));
    }
    cJSON_AddItemToArray(array, row);
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* What the reader marks in the text: entity mentions and dates, with byte
** offsets into `text`, in text order. */
static int add_document_marks(sqlite3 *db, sqlite3_int64 rowid, cJSON *document) {
  int rc = add_rows_array(db,
      "SELECT m.start AS start, m.end AS end, e.id AS entity, e.type AS type, e.name AS name"
      " FROM mentions m JOIN entities e ON e.rowid = m.entity WHERE m.doc = ?1 ORDER BY m.start, m.end",
      rowid, document, "mentions");
  if (rc == SQLITE_OK)
    rc = add_rows_array(db,
        "SELECT start, end, value, end_value, precision FROM dates WHERE doc = ?1 ORDER BY start, end",
        rowid, document, "dates");
  return rc;
}

char *lanterne_document(lanterne_index *index, const char *request_json) {
  if (!index) return lt_json_error("no index is open");
  cJSON *request = lt_json_parse_request(request_json);
  if (!request) return lt_json_error("the document request is not a JSON object");
  const char *id = lt_json_get_string(request, "id", NULL);
  if (!id) { cJSON_Delete(request); return lt_json_error("the document request has no id"); }

  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(index->db,
      "SELECT id, title, date, date_precision, date_source, source, url, language,"
      " type, classification, path, sha256, body, rowid FROM documents WHERE id = ?1",
      -1, &stmt, NULL);
  if (rc != SQLITE_OK) { cJSON_Delete(request); return lt_json_error_index(index->name, rc); }
  sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    char *error = rc == SQLITE_DONE ? lt_json_error_no_such("document", id) : lt_json_error_index(index->name, rc);
    sqlite3_finalize(stmt);
    cJSON_Delete(request);
    return error;
  }
  cJSON *document = cJSON_CreateObject();
  for (size_t i = 0; i < DOCUMENT_COLUMN_COUNT; i++)
    lt_json_add_string_or_null(document, document_columns[i], (const char *)sqlite3_column_text(stmt, (int)i));
  sqlite3_int64 rowid = sqlite3_column_int64(stmt, (int)DOCUMENT_COLUMN_COUNT);
  sqlite3_finalize(stmt);

  cJSON *highlights = cJSON_AddArrayToObject(document, "highlights");
  const char *query = lt_json_get_string(request, "query", "");
  char *repaired = lt_utf8_repair(query, strlen(query), NULL, NULL);
  rc = repaired ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK && *repaired) rc = lt_full_text_ensure(index->db, &index->full_text);
  if (rc == SQLITE_OK) rc = add_document_highlights(index, rowid, repaired, highlights);
  if (rc == SQLITE_OK) rc = add_document_marks(index->db, rowid, document);
  free(repaired);
  cJSON_Delete(request);
  if (rc != SQLITE_OK) {
    cJSON_Delete(document);
    return lt_json_error_index(index->name, rc);
  }
  return lt_json_finish(document);
}
