/*
** fts_tokenizer.h — the Lanterne tokenizer as an SQLite FTS5 tokenizer.
**
** FTS5 calls it to read documents, queries and snippets, so everything goes
** through lt_tokenize().  It must be registered on every connection that
** reads or writes an index (lanterne_open_* and lanterne_build do).
** Documents are indexed as their words; query words are widened to every
** corpus word sharing a stem with them (stem_words.h).
*/
#ifndef LT_FTS_TOKENIZER_H
#define LT_FTS_TOKENIZER_H

#include "sqlite3.h"
#include "stem_words.h"
#include "tokenizer.h"

/* Name under which the tokenizer is registered: tokenize='lanterne'. */
#define LT_FTS_TOKENIZER_NAME "lanterne"

/* FTS5's API object of db (to register tokenizers and functions), or NULL. */
fts5_api *lt_fts_api(sqlite3 *db);

/* Registers the tokenizer on db.  Returns SQLITE_OK or an SQLite error
** code. */
int lt_fts_register_tokenizer(sqlite3 *db);

/*
** A query string that starts with this byte is read verbatim: its words
** are not widened.  expand.h writes each spelling it has already found
** that way, so that FTS5 does not widen it again.
*/
#define LT_FTS_VERBATIM '\x01'

/*
** The tokens FTS5 gets for the query string text[0..text_len) (not a
** prefix): each word, then, flagged FTS5_TOKEN_COLOCATED, its stems and
** every corpus word sharing one (read from db's stem_words).  token() is
** called for each, as FTS5's xToken would be; a non-zero return stops and
** is returned.  Returns SQLITE_OK or an SQLite code.
*/
int lt_fts_query_tokens(sqlite3 *db, lt_tokenizer *tokenizer, const char *text, int text_len, void *context,
                        int (*token)(void *context, int flags, const char *token, int len, int start, int end));

#endif
