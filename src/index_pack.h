/*
** index_pack.h — the packed form of an index, the one pages ship, and the
** rebuilding of its full-text index once it is open.
**
** A packed index is a built index without its full-text index (FTS5's
** postings), which is rebuilt in memory from the documents' text after
** every opening.  lanterne_pack() (lanterne.h) writes it.  Opening it only
** sets the rebuild up (lt_full_text_open): what needs no word search (the
** documents listed without a query, by date or entity, one document,
** entities) answers at once, while the rebuild goes on in steps
** (lanterne_prepare(), which the page calls while the reader looks at its
** first answer), and the first request that needs the words finishes it
** (lt_full_text_ensure()).  Answers are byte for byte those of the built
** index.
*/
#ifndef LT_INDEX_PACK_H
#define LT_INDEX_PACK_H

#include "sqlite3.h"

/* The meta key, and its value, that mark a packed index. */
#define LT_PACKED_META_KEY "full_text"
#define LT_PACKED_META_VALUE "rebuilt when opened"

/* Where the full-text index of an open index stands. */
typedef enum {
  LT_FULL_TEXT_READY = 0,  /* built (in the file, or rebuilt) */
  LT_FULL_TEXT_PENDING,    /* packed: being rebuilt, documents after next_rowid to go */
  LT_FULL_TEXT_FAILED      /* the rebuild failed (failure_code): word searches report it */
} lt_full_text_state;

typedef struct lt_full_text {
  lt_full_text_state state;
  int failure_code;           /* SQLite code of the failure */
  sqlite3_int64 next_rowid;   /* the rebuild goes on after this document */
  sqlite3_int64 documents_done, documents; /* progress */
} lt_full_text;

/*
** Called by the opening functions on db (format checked, the Lanterne
** tokenizer registered).  For a built index sets *full_text READY.  For a
** packed one creates, in the temp schema and in memory (the file itself is
** only read), an empty full-text index under the name documents_fts that
** every query uses, over a temp view of the documents, opens the
** transaction that its rebuild runs in, and sets *full_text PENDING.
** Returns SQLITE_OK or an SQLite code (SQLITE_NOMEM when memory ran out;
** another code when the documents cannot be read).
*/
int lt_full_text_open(sqlite3 *db, lt_full_text *full_text);

/*
** Rebuilds the full-text index of a PENDING index further: documents in
** rowid order until about `byte_budget` bytes of text (<= 0: all of them);
** once all are in, merges and commits it, and the index is READY.  Returns
** SQLITE_OK (also when already READY), or the code of a failure, after
** which the index is FAILED and stays so.
*/
int lt_full_text_step(sqlite3 *db, lt_full_text *full_text, sqlite3_int64 byte_budget);

/* lt_full_text_step() to the end: what every request that reads the
** full-text index calls first.  Returns SQLITE_OK when it is READY, else
** the failure's code. */
int lt_full_text_ensure(sqlite3 *db, lt_full_text *full_text);

#endif
