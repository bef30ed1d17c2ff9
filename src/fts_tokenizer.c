/*
** fts_tokenizer.c — plugs lt_tokenize() into SQLite FTS5.
**
** FTS5 tokenizes documents when they are inserted, queries when they are
** parsed, and documents again for the snippets' positions; routing all
** three through lt_tokenize() is what keeps them in agreement.
**
** Documents are indexed as their words only (the build notes their
** spellings for the stem -> words map, stem_words.h).  A query word is
** read as itself followed, as colocated alternatives, by its stems and by
** every corpus word that has one of them, or the word itself, as a stem:
** FTS5 ORs colocated query tokens, within phrases too.  A prefix (`secu*`) stays the literal letters typed.
*/
#include "fts_tokenizer.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "tokenizer.h"

/* Our flag and FTS5's must be the same bit, since tokens pass through. */
_Static_assert(LT_TOKEN_COLOCATED == FTS5_TOKEN_COLOCATED, "colocated flags differ");

/* One FTS5 tokenizer instance, and its connection (to read stem_words
** when widening a query). */
typedef struct fts_tokenizer {
  lt_tokenizer *tokenizer;
  sqlite3 *db;
} fts_tokenizer;

typedef int (*fts5_token_fn)(void *, int, const char *, int, int, int);

/* Carries FTS5's callback through lt_tokenize()'s context pointer, with
** what the query callback needs. */
typedef struct token_bridge {
  void *fts5_context;
  fts5_token_fn fts5_token;
  sqlite3_stmt *lookup;        /* query: stem_words lookup */
  char *terms;                 /* query: the current word's tokens, each */
  size_t terms_len, terms_capacity; /* NUL-terminated, one after another */
  int word_start, word_end;    /* query: offsets of the current word */
} token_bridge;

/* 1 if the current word already has token (len bytes) among its tokens. */
static int has_term(const token_bridge *bridge, const char *token, int len) {
  for (size_t at = 0; at < bridge->terms_len;) {
    size_t term_len = strlen(bridge->terms + at);
    if (term_len == (size_t)len && memcmp(bridge->terms + at, token, term_len) == 0) return 1;
    at += term_len + 1;
  }
  return 0;
}

/* Gives FTS5 one token of the current word (the word itself when not
** colocated), unless the word has it already. */
static int add_query_term(void *context, const char *token, int len) {
  token_bridge *bridge = context;
  int colocated = bridge->terms_len > 0;
  if (has_term(bridge, token, len)) return SQLITE_OK;
  if (lt_grow((void **)&bridge->terms, &bridge->terms_capacity, bridge->terms_len + (size_t)len + 1,
              1, 256) != 0)
    return SQLITE_NOMEM;
  memcpy(bridge->terms + bridge->terms_len, token, (size_t)len);
  bridge->terms[bridge->terms_len + (size_t)len] = 0;
  bridge->terms_len += (size_t)len + 1;
  return bridge->fts5_token(bridge->fts5_context, colocated ? FTS5_TOKEN_COLOCATED : 0, token, len,
                            bridge->word_start, bridge->word_end);
}

/* Adds, for each term the current word has so far (itself and its stems),
** the corpus words having that term as a stem; then forgets the word. */
static int widen_query_word(token_bridge *bridge) {
  size_t own_terms_len = bridge->terms_len;
  int rc = SQLITE_OK;
  for (size_t at = 0; rc == SQLITE_OK && at < own_terms_len;) {
    /* Copied: add_query_term may move bridge->terms.  A word and its stems
    ** are at most LT_MAX_TOKEN_BYTES (tokenizer.h). */
    char term[LT_MAX_TOKEN_BYTES + 1];
    size_t term_len = strlen(bridge->terms + at);
    if (term_len < sizeof term) {
      memcpy(term, bridge->terms + at, term_len + 1);
      rc = lt_stem_words_find(bridge->lookup, term, (int)term_len, add_query_term, bridge);
    }
    at += term_len + 1;
  }
  bridge->terms_len = 0;
  return rc;
}

static int query_token(void *context, int flags, const char *token, int len, int start, int end) {
  token_bridge *bridge = context;
  if (!(flags & LT_TOKEN_COLOCATED)) {
    int rc = widen_query_word(bridge);
    if (rc != SQLITE_OK) return rc;
    bridge->word_start = start;
    bridge->word_end = end;
  }
  return add_query_term(bridge, token, len);
}

/* Words only, as they are: documents, prefixes and the snippets'
** positions. */
static int forward_token(void *context, int flags, const char *token, int len, int start, int end) {
  token_bridge *bridge = context;
  return bridge->fts5_token(bridge->fts5_context, flags, token, len, start, end);
}

/* xCreate: one lt_tokenizer (with its stemmer and buffers) per FTS5 table
** connection.  The tokenizer takes no arguments. */
static int create_tokenizer(void *user_data, const char **arguments, int argument_count,
                            Fts5Tokenizer **out) {
  fts_tokenizer *instance = calloc(1, sizeof *instance);
  (void)arguments;
  (void)argument_count;
  if (instance) instance->tokenizer = lt_tokenizer_new();
  if (!instance || !instance->tokenizer) {
    free(instance);
    return SQLITE_NOMEM;
  }
  instance->db = user_data;
  *out = (Fts5Tokenizer *)instance;
  return SQLITE_OK;
}

static void delete_tokenizer(Fts5Tokenizer *tokenizer) {
  fts_tokenizer *instance = (fts_tokenizer *)tokenizer;
  if (!instance) return;
  lt_tokenizer_free(instance->tokenizer);
  free(instance);
}

int lt_fts_query_tokens(sqlite3 *db, lt_tokenizer *tokenizer, const char *text, int text_len, void *context,
                        int (*token)(void *context, int flags, const char *token, int len, int start, int end)) {
  token_bridge bridge;
  memset(&bridge, 0, sizeof bridge);
  bridge.fts5_context = context;
  bridge.fts5_token = token;
  if (text_len <= 0) return SQLITE_OK;
  int rc = lt_stem_words_prepare(db, &bridge.lookup);
  if (rc == SQLITE_OK) rc = lt_tokenize(tokenizer, text, (size_t)text_len, 1, query_token, &bridge);
  if (rc == -1) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = widen_query_word(&bridge);
  sqlite3_finalize(bridge.lookup);
  free(bridge.terms);
  return rc;
}

static int tokenize(Fts5Tokenizer *tokenizer, void *fts5_context, int flags, const char *text,
                    int text_len, fts5_token_fn fts5_token) {
  fts_tokenizer *instance = (fts_tokenizer *)tokenizer;
  if (text_len <= 0) return SQLITE_OK;
  /* Stems are only needed to widen a query word: documents are indexed as
  ** their words, a prefix is matched as typed, a verbatim string is taken
  ** as it is, and the snippets (FTS5_TOKENIZE_AUX) only need each word's
  ** offsets.  Stemming dominates tokenizing. */
  if ((flags & FTS5_TOKENIZE_QUERY) && text[0] == LT_FTS_VERBATIM) {
    text++;
    text_len--;
  } else if ((flags & FTS5_TOKENIZE_QUERY) && !(flags & FTS5_TOKENIZE_PREFIX)) {
    return lt_fts_query_tokens(instance->db, instance->tokenizer, text, text_len, fts5_context, fts5_token);
  }
  token_bridge bridge;
  memset(&bridge, 0, sizeof bridge);
  bridge.fts5_context = fts5_context;
  bridge.fts5_token = fts5_token;
  int rc = lt_tokenize(instance->tokenizer, text, (size_t)text_len, 0, forward_token, &bridge);
  return rc == -1 ? SQLITE_NOMEM : rc;
}

/* Asks SQLite for its fts5_api: the documented way is binding a pointer
** of type "fts5_api_ptr" to `SELECT fts5(?1)`. */
fts5_api *lt_fts_api(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *statement = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(statement);
  sqlite3_finalize(statement);
  return api;
}

int lt_fts_register_tokenizer(sqlite3 *db) {
  static fts5_tokenizer methods = {create_tokenizer, delete_tokenizer, tokenize};
  fts5_api *api = lt_fts_api(db);
  if (!api) return SQLITE_ERROR;
  return api->xCreateTokenizer(api, LT_FTS_TOKENIZER_NAME, db, &methods, NULL);
}
