/*
** doc_table.h — the few columns of every document that a search counts,
** sorts and draws, kept in memory as plain arrays indexed by rowid.
**
** A search selects a set of documents, then asks for its size, its page
** sorted by rank or date, two histograms over time and the entities most
** mentioned.  Asking SQLite each of those per search meant joins and
** GROUP BYs over every match (tens of milliseconds on 10,000 documents);
** with the columns in arrays the same answers are one loop over the
** matches.  The arrays are computed when the index is built and stored in
** it as one blob (table doc_columns), read once on the first search: a
** few bytes per document, date and entity.
**
** Dates are date keys (index.h) as integers: "2018-11-00" is 20181100, so
** integer order is key order.  0 means no date.
*/
#ifndef LT_DOC_TABLE_H
#define LT_DOC_TABLE_H

#include <stdint.h>

#include "sqlite3.h"

typedef struct lt_doc_table {
  int max_rowid;              /* documents have rowids 1..max_rowid (gaps allowed) */
  unsigned char *exists;      /* [rowid]: 1 for a document */
  int32_t *date_start;        /* [rowid]: written date key, start (0: undated) */
  int32_t *date_end;          /* [rowid]: written date key, end */
  int32_t *id_order;          /* [rowid]: place in id order (ties of rank) */
  int32_t *date_order;        /* [rowid]: place in date order (sort=date) */
  int32_t *tokens;            /* [rowid]: length in tokens, title and body
                              ** (FTS5's docsize, for BM25: rank.h) */
  /* The dates each document mentions: those of rowid r are
  ** mentioned_start/end[mentioned_first[r] .. mentioned_first[r+1]). */
  int32_t *mentioned_first;   /* [max_rowid + 2] */
  int32_t *mentioned_start, *mentioned_end;
  /* The entities each document mentions, each once, same layout. */
  int32_t *entities_first;    /* [max_rowid + 2] */
  int32_t *entities;          /* entity rowids */
  /* Per entity rowid (1..max_entity): type (index into type_names) and
  ** place in id order, for facets. */
  int max_entity;
  unsigned char *entity_type;
  int32_t *entity_id_order;
  char **type_names;          /* sorted; type_count of them */
  int type_count;
} lt_doc_table;

/* Converts a date key ("2018-11-00") to its integer (20181100); 0 for NULL
** or anything that is not a key. */
int32_t lt_doc_table_key_value(const char *key);

/* Writes the key of an integer date back ("2018-11-00"); out holds 11 bytes. */
void lt_doc_table_key_text(int32_t value, char out[11]);

/*
** Computes the arrays from the index's tables (documents, dates, mentions,
** entities): what the build stores.  Returns SQLITE_OK and a table to free
** with lt_doc_table_free(), or an SQLite code (SQLITE_NOMEM, SQLITE_CORRUPT
** for values out of range) and *out NULL.
*/
int lt_doc_table_read_tables(sqlite3 *db, lt_doc_table **out);

/* Stores the arrays in the index being built (doc_columns).  Returns an
** SQLite code. */
int lt_doc_table_save(sqlite3 *db, const lt_doc_table *table);

/*
** Reads the stored arrays of an open index, checking every size and range
** the search relies on.  Same results as lt_doc_table_read_tables().
*/
int lt_doc_table_load(sqlite3 *db, lt_doc_table **out);

void lt_doc_table_free(lt_doc_table *table);

#endif
