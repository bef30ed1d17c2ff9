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

/* Name under which the tokenizer is registered: tokenize='lanterne'. */
#define LT_FTS_TOKENIZER_NAME "lanterne"

/* FTS5's API object of db (to register tokenizers and functions), or NULL. */
fts5_api *lt_fts_api(sqlite3 *db);

/* Registers the tokenizer on db.  Returns SQLITE_OK or an SQLite error
** code. */
int lt_fts_register_tokenizer(sqlite3 *db);

#endif
