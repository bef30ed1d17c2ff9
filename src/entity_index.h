/*
** entity_index.h — reading the entities of an index: the entities of each
** hit, the entity facets of a search, and (in lanterne.h) the entity detail
** and listing calls.  The tables are described in index.h.
*/
#ifndef LT_ENTITY_INDEX_H
#define LT_ENTITY_INDEX_H

#include "cJSON.h"
#include "lanterne.h"
#include "index.h"
#include "doc_table.h"
#include "selection.h"

/* How many entities a hit lists, and a facet type. */
#define LT_HIT_ENTITIES 5
#define LT_FACET_SIZE 10

/* Prepares the statement lt_hit_entities_add() runs, once for a page of
** hits; the caller finalizes it.  Returns an SQLite code. */
int lt_hit_entities_prepare(sqlite3 *db, sqlite3_stmt **stmt);

/* Adds to `hit` "entities": [{"id", "name", "type"}], the entities the
** document (rowid) mentions most, at most LT_HIT_ENTITIES, with the
** statement of lt_hit_entities_prepare().  Returns an SQLite code. */
int lt_hit_entities_add(sqlite3_stmt *stmt, sqlite3_int64 doc, cJSON *hit);

/* Adds to `answer` "facets": {"<type>": [{"id", "name", "count"}]}: per
** type, the LT_FACET_SIZE entities mentioned by the most documents among
** the documents of `selection` (count = documents), counted over the
** columns of `table`.  Returns an SQLite code. */
int lt_facets_add(lanterne_index *index, const lt_doc_table *table, const lt_selection *selection, cJSON *answer);

#endif
