/*
** kb.h — the knowledge base of entities: people, organisations, places
** (and events) with their names, aliases and descriptions.
**
** Three sources fill one lt_kb, in this order:
**   1. a knowledge-base file (entities.json, see tests/gold/README.md):
**        {"entities": [{"id", "type", "name": {"fr", "en"}, "aliases": [...],
**                       "description": {"fr", "en"}, "role", "wikidata"}]}
**   2. the built-in gazetteer (gazetteer.h): a gazetteer entry that shares an
**      alias with an entity of the same type already loaded is merged into it
**      (its names become extra aliases) rather than duplicated;
**   3. entities discovered in the text (entities.h), added while annotating.
** Entities are addressed by their index in kb->entities; ids are unique.
*/
#ifndef LT_KB_H
#define LT_KB_H

#include <stddef.h>

typedef enum {
  LT_ORIGIN_KB = 0,          /* from a knowledge-base file */
  LT_ORIGIN_GAZETTEER = 1,   /* from the built-in gazetteer */
  LT_ORIGIN_DISCOVERED = 2   /* found in the text, in no knowledge base */
} lt_entity_origin;

typedef struct lt_entity {
  char *id;
  char *type;                /* "person", "organization", "place", "event"... */
  char *name_fr, *name_en;   /* never NULL: each falls back on the other */
  char **aliases;            /* as written, every one distinct */
  size_t alias_count, alias_capacity;
  char *description_fr, *description_en, *role, *wikidata;  /* may be NULL */
  lt_entity_origin origin;
} lt_entity;

typedef struct lt_kb {
  lt_entity *entities;
  size_t count, capacity;
} lt_kb;

/* Every string in an lt_kb is malloc'd and owned by it; lt_kb_free()
** releases them.  A zeroed lt_kb is an empty knowledge base. */

/*
** Loads the knowledge-base file at `path` into kb (appending).  Returns 0, or
** -1 with *error set to a malloc'd message naming the file and the place:
** "<path>:<line>:<column>: malformed JSON", or "<path>: entity 3 (\"nato\"):
** \"aliases\" must be an array of strings", or a duplicate id.
*/
int lt_kb_load_file(lt_kb *kb, const char *path, char **error);

/* Same, from `json` (NUL-ended); `name` is used in messages. */
int lt_kb_load_json(lt_kb *kb, const char *json, const char *name, char **error);

/* Adds the built-in gazetteer (see above).  Returns 0, or -1 when memory
** runs out. */
int lt_kb_add_gazetteer(lt_kb *kb);

/*
** Adds an entity with copies of the given strings (name_en may be NULL) and
** no aliases.  Returns its index, or -1 when memory runs out or the id is
** already taken.
*/
long lt_kb_add_entity(lt_kb *kb, const char *id, const char *type, const char *name_fr,
                      const char *name_en, lt_entity_origin origin);

/* Adds a copy of `alias` to entity `index` unless it has it already.
** Returns 0, or -1 when memory runs out. */
int lt_kb_add_alias(lt_kb *kb, size_t index, const char *alias);

/* Returns the index of the entity with this id, or -1. */
long lt_kb_find(const lt_kb *kb, const char *id);

/* Frees everything kb holds and zeroes it.  NULL is allowed. */
void lt_kb_free(lt_kb *kb);

#endif
