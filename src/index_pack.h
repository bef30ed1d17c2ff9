/*
** index_pack.h — the packed form of an index, the one pages ship.
**
** A packed index is a built index without its full-text index (FTS5's
** postings), which is rebuilt in memory from the documents' text every time
** the index is opened.  lanterne_pack() (lanterne.h) writes it; the opening
** functions of index_open.c call lt_index_unpack_full_text().
*/
#ifndef LT_INDEX_PACK_H
#define LT_INDEX_PACK_H

#include "sqlite3.h"

/* The meta key, and its value, that mark a packed index. */
#define LT_PACKED_META_KEY "full_text"
#define LT_PACKED_META_VALUE "rebuilt when opened"

/*
** When db (an index whose format was checked, with the Lanterne tokenizer
** registered) is packed, rebuilds its full-text index in memory, in the
** temp schema, under the name documents_fts that every query uses; the
** file itself is only read.  A built index is left as it is.  Returns
** SQLITE_OK or an SQLite code (SQLITE_NOMEM when memory ran out).
*/
int lt_index_unpack_full_text(sqlite3 *db);

#endif
