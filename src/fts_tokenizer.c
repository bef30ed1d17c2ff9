/*
** fts_tokenizer.c — plugs lt_tokenize() into SQLite FTS5.
**
** FTS5 tokenizes documents when they are inserted, queries when they are
** parsed, and documents again for highlight() and snippet(); routing all
** three through lt_tokenize() is what keeps them in agreement.  Stems are
** added as colocated tokens everywhere except for prefix queries: in a
** query, colocated tokens are alternatives (`menaces` OR its stem `menac`),
** while a prefix (`secu*`) must stay the literal letters typed.
*/
#include "fts_tokenizer.h"

#include <stddef.h>

#include "tokenizer.h"

/* Our flag and FTS5's must be the same bit, since tokens pass through. */
_Static_assert(LT_TOKEN_COLOCATED == FTS5_TOKEN_COLOCATED, "colocated flags differ");

/* Carries FTS5's callback through lt_tokenize()'s context pointer. */
typedef struct {
  void *fts5_context;
  int (*fts5_token)(void *, int, const char *, int, int, int);
} token_bridge;

static int forward_token(void *context, int flags, const char *token, int len, int start,
                         int end) {
  token_bridge *bridge = context;
  return bridge->fts5_token(bridge->fts5_context, flags, token, len, start, end);
}

/* xCreate: one lt_tokenizer (with its stemmer and buffers) per FTS5 table
** connection.  The tokenizer takes no arguments. */
static int create_tokenizer(void *user_data, const char **arguments, int argument_count,
                            Fts5Tokenizer **out) {
  lt_tokenizer *tokenizer = lt_tokenizer_new();
  (void)user_data;
  (void)arguments;
  (void)argument_count;
  if (!tokenizer) return SQLITE_NOMEM;
  *out = (Fts5Tokenizer *)tokenizer;
  return SQLITE_OK;
}

static void delete_tokenizer(Fts5Tokenizer *tokenizer) {
  lt_tokenizer_free((lt_tokenizer *)tokenizer);
}

static int tokenize(Fts5Tokenizer *tokenizer, void *fts5_context, int flags, const char *text,
                    int text_len,
                    int (*fts5_token)(void *, int, const char *, int, int, int)) {
  token_bridge bridge;
  /* Stems are alternatives of a word: needed when indexing and when reading
  ** a query word, useless for a prefix, and useless for snippet() and
  ** highlight() (FTS5_TOKENIZE_AUX), which skip colocated tokens anyway and
  ** only need each word's offsets.  Skipping them there makes snippets
  ** several times cheaper, since stemming dominates tokenizing. */
  int with_stems = (flags & (FTS5_TOKENIZE_PREFIX | FTS5_TOKENIZE_AUX)) ? 0 : 1;
  int rc;
  bridge.fts5_context = fts5_context;
  bridge.fts5_token = fts5_token;
  if (text_len <= 0) return SQLITE_OK;
  rc = lt_tokenize((lt_tokenizer *)tokenizer, text, (size_t)text_len, with_stems,
                   forward_token, &bridge);
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
  return api->xCreateTokenizer(api, LT_FTS_TOKENIZER_NAME, NULL, &methods, NULL);
}
