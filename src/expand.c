/*
** expand.c — writing each word of a query expression as an OR of its
** spellings (see expand.h).
*/
#include "expand.h"

#include <stdlib.h>
#include <string.h>

#include "fts_tokenizer.h"
#include "grow.h"
#include "query.h"

/* One word of a string: its spellings, NUL-separated. */
typedef struct word {
  char *spellings;
  size_t length, capacity;
  int count;
} word;

/* The words of the string being expanded, as lt_fts_query_tokens() gives
** them: a token not flagged colocated starts a word. */
typedef struct words {
  word *items;
  size_t count, capacity;
  int failed;
} words;

static int add_spelling(void *context, int flags, const char *token, int len, int start, int end) {
  words *w = context;
  (void)start;
  (void)end;
  if (!(flags & FTS5_TOKEN_COLOCATED) || w->count == 0) {
    if (lt_grow((void **)&w->items, &w->capacity, w->count + 1, sizeof *w->items, 4) != 0) return SQLITE_NOMEM;
    memset(&w->items[w->count++], 0, sizeof *w->items);
  }
  word *last = &w->items[w->count - 1];
  if (lt_grow((void **)&last->spellings, &last->capacity, last->length + (size_t)len + 1, 1, 64) != 0)
    return SQLITE_NOMEM;
  memcpy(last->spellings + last->length, token, (size_t)len);
  last->length += (size_t)len;
  last->spellings[last->length++] = 0;
  last->count++;
  return SQLITE_OK;
}

static void words_free(words *w) {
  for (size_t i = 0; i < w->count; i++) free(w->items[i].spellings);
  free(w->items);
  memset(w, 0, sizeof *w);
}

/* What is being written. */
typedef struct writer {
  sqlite3_str *text;
  lt_expansion *out;
  size_t phrase_capacity;
  int rc;
} writer;

static void add_phrase(writer *w, int term) {
  lt_expansion *x = w->out;
  if (w->rc != SQLITE_OK) return;
  if (lt_grow((void **)&x->phrase_term, &w->phrase_capacity, (size_t)x->phrases + 1, sizeof *x->phrase_term, 16) != 0) {
    w->rc = SQLITE_NOMEM;
    return;
  }
  x->phrase_term[x->phrases++] = term;
}

/* Appends s[0..n) as an FTS5 string, its quotes doubled: verbatim (the
** marker first, fts_tokenizer.h) or as it was written, a prefix with its
** star. */
static void append_string(sqlite3_str *text, const char *s, size_t n, int verbatim, int prefix) {
  sqlite3_str_appendchar(text, 1, '"');
  if (verbatim) sqlite3_str_appendchar(text, 1, LT_FTS_VERBATIM);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') sqlite3_str_appendchar(text, 1, '"');
    sqlite3_str_appendchar(text, 1, s[i]);
  }
  sqlite3_str_appendall(text, prefix ? "\" *" : "\"");
}

/* Appends a word as its spellings ORed (parenthesised when more than one),
** each a phrase of `term`. */
static void append_word(writer *w, const word *wd, int term) {
  if (wd->count > 1) sqlite3_str_appendchar(w->text, 1, '(');
  const char *s = wd->spellings;
  for (int i = 0; i < wd->count; i++) {
    size_t n = strlen(s);
    if (i) sqlite3_str_appendall(w->text, " OR ");
    append_string(w->text, s, n, 1, 0);
    add_phrase(w, term);
    s += n + 1;
  }
  if (wd->count > 1) sqlite3_str_appendchar(w->text, 1, ')');
}

/* Writes string number `term` (its content unescaped, `prefix` if a star
** followed it) expanded. */
static void write_string(writer *w, sqlite3 *db, lt_tokenizer *tokenizer, const char *content, size_t n,
                         int prefix, int term) {
  w->out->terms = term + 1;
  words ws = {0};
  /* a prefix is matched as typed, a verbatim string as it is: neither is
  ** widened */
  int as_is = prefix || (n > 0 && content[0] == LT_FTS_VERBATIM);
  int rc = as_is ? SQLITE_OK : lt_fts_query_tokens(db, tokenizer, content, (int)n, &ws, add_spelling);
  if (rc == SQLITE_OK && !as_is && ws.count == 0) rc = SQLITE_ERROR;  /* FTS5 would read an empty phrase */
  if (rc != SQLITE_OK) { w->rc = rc; words_free(&ws); return; }
  if (as_is || ws.count > 1) {
    /* As written: FTS5 matches a prefix, a verbatim string or a phrase
    ** itself.  A phrase
    ** stays one string that FTS5 widens: its words' OR groups ANDed would
    ** find more documents, whose order of words would then have to be
    ** checked through FTS5's API, which measured slower than FTS5 merging
    ** the spellings itself. */
    append_string(w->text, content, n, 0, prefix);
    add_phrase(w, term);
  } else {
    append_word(w, &ws.items[0], term);
  }
  words_free(&ws);
}

int lt_expansion_make(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, lt_expansion *out) {
  memset(out, 0, sizeof *out);
  writer w = {sqlite3_str_new(db), out, 0, SQLITE_OK};
  int expect_operand = 1, depth = 0;
  char *content = malloc(strlen(match) + 1);
  if (!content) w.rc = SQLITE_NOMEM;
  for (const char *p = match; w.rc == SQLITE_OK && *p;) {
    if (*p == ' ') {
      p++;
      continue;
    }
    int is_operand = *p == '"' || *p == '(';
    /* two operands side by side are ANDed, as FTS5 reads them */
    if (is_operand && !expect_operand) sqlite3_str_appendall(w.text, " AND ");
    if (*p == '"') {
      const char *end = lt_query_string_end(p);
      if (!*end) { w.rc = SQLITE_ERROR; break; }
      size_t n = 0;
      for (p++; p < end; p++) {
        if (*p == '"') p++;  /* a doubled quote is one */
        content[n++] = *p;
      }
      p = end + 1;
      int prefix = strncmp(p, " *", 2) == 0;
      if (prefix) p += 2;
      write_string(&w, db, tokenizer, content, n, prefix, out->terms);
      expect_operand = 0;
    } else if (*p == '(') {
      depth++;
      sqlite3_str_appendchar(w.text, 1, '(');
      expect_operand = 1;
      p++;
    } else if ((strncmp(p, "AND ", 4) == 0 || strncmp(p, "OR ", 3) == 0) && !expect_operand) {
      int and = *p == 'A';
      sqlite3_str_appendall(w.text, and ? " AND " : " OR ");
      expect_operand = 1;
      p += and ? 4 : 3;
    } else if (*p == ')' && depth > 0 && !expect_operand) {
      depth--;
      sqlite3_str_appendchar(w.text, 1, ')');
      p++;
    } else {
      w.rc = SQLITE_ERROR;
    }
  }
  if (w.rc == SQLITE_OK && (expect_operand || depth != 0)) w.rc = SQLITE_ERROR;
  free(content);
  char *text = sqlite3_str_finish(w.text);
  if (w.rc == SQLITE_OK && !text) w.rc = SQLITE_NOMEM;
  if (w.rc == SQLITE_OK) {
    out->match = strdup(text);
    if (!out->match) w.rc = SQLITE_NOMEM;
  }
  sqlite3_free(text);
  if (w.rc != SQLITE_OK) lt_expansion_free(out);
  return w.rc;
}

void lt_expansion_free(lt_expansion *x) {
  free(x->match);
  free(x->phrase_term);
  memset(x, 0, sizeof *x);
}
