/*
** search_filter.h — what a search asks for, read from its request: the
** reader's words, a period, and the entities involved.  selection.h turns
** a filter into the list of documents it selects.
**
** A query word or phrase that is an alias of an entity (index.h,
** entity_aliases) also selects the documents that mention that entity
** under any other alias: `NATO` finds the French documents that say
** `OTAN`.  Each AND-group of the parsed query then becomes "matches the
** words OR mentions the entity", documents are ranked by a looser FTS5
** expression (the words and the entity's aliases, ORed) so that snippets
** highlight `OTAN`, and documents found only through a mention are ranked
** last.  "entities": [ids] in the request keeps the documents that mention
** every one of them.
*/
#ifndef LT_SEARCH_FILTER_H
#define LT_SEARCH_FILTER_H

#include "dates.h"
#include "index.h"
#include "query.h"
#include "cJSON.h"

/* One AND-group of the query whose words name entities: the documents
** matching `match` or mentioning any of `entities` (rowids). */
typedef struct lt_filter_group {
  char *match;                         /* FTS5 expression */
  sqlite3_int64 *entities;
  size_t entity_count;
  /* Where `match`'s strings sit among rank_match's phrases (FTS5 numbers
  ** them in the order they are written), when `match` only ANDs its
  ** strings: a document then matches it when it holds every one of them.
  ** words_phrase_count is 0 for a group with an OR. */
  int words_first_phrase;
  int words_phrase_count;
} lt_filter_group;

typedef struct lt_filter {
  lt_query query;                      /* the reader's words, parsed */
  char from_key[LT_DATE_KEY_SIZE];     /* period start key, "" if open */
  char to_key[LT_DATE_KEY_SIZE];       /* period end key, "" if open */
  int period_on_mentioned_dates;       /* 1: the period applies to the dates
                                       ** a document mentions, 0: to its own */
  /* Set by lt_filter_resolve_entities(); freed by lt_filter_clear(). */
  sqlite3_int64 *required_entities;    /* rowids every document must mention */
  size_t required_count;
  lt_filter_group *groups;             /* non-NULL only when some words name
                                       ** entities: then they replace query.match */
  size_t group_count;
  char *rank_match;                    /* with groups: the FTS5 expression that
                                       ** ranks (words and aliases, ORed) */
} lt_filter;

/*
** Reads entities into the filter: the query's words and phrases that are
** aliases, and `required_ids` (a cJSON array of entity ids, or NULL).
** Returns SQLITE_OK, SQLITE_NOTFOUND with *unknown_id pointing at a required
** id that is in no entity, or another SQLite code.
*/
int lt_filter_resolve_entities(sqlite3 *db, lt_filter *filter, const cJSON *required_ids,
                               const char **unknown_id);

/* Frees what lt_filter_resolve_entities() added (not the query). */
void lt_filter_clear(lt_filter *filter);

#endif
