/*
** string_map.h — a hash map from byte strings to long integers.
**
** Entity linking interns tokens and names with it, and a build notes every
** word's spelling in one.  Keys are copied in and owned by the map; they
** must not contain a NUL byte.  Open addressing with linear probing, kept
** at most half full, so a lookup is one or two probes; each slot keeps its
** key's hash and length, so that a probe of another key costs no string
** comparison (indexing looks up every word of the corpus).
*/
#ifndef LT_STRING_MAP_H
#define LT_STRING_MAP_H

#include <stddef.h>

/* One slot: what a probe reads is together, so that looking a key up
** costs one cache miss for the slot and one for the key's bytes, and a
** slot holding another key usually none for the bytes. */
typedef struct lt_string_map_slot {
  char *key;         /* NUL-terminated copy, NULL when the slot is empty */
  long value;
  unsigned hash;     /* of the key */
  unsigned len;      /* of the key, in bytes */
} lt_string_map_slot;

typedef struct lt_string_map {
  lt_string_map_slot *slots;  /* capacity of them; iterate to list the keys */
  size_t capacity, count;
} lt_string_map;

/* An empty map needs no allocation: `lt_string_map map = {0};`. */

/* The value of key (len bytes), or fallback when it is absent. */
long lt_string_map_get(const lt_string_map *map, const char *key, size_t len, long fallback);

/* Sets key -> value, inserting or replacing.  Returns 0, or -1 when memory
** ran out (the map is then unchanged). */
int lt_string_map_put(lt_string_map *map, const char *key, size_t len, long value);

/* Frees the keys and the slots and leaves an empty map. */
void lt_string_map_free(lt_string_map *map);

#endif
