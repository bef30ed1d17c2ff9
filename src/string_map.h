/*
** string_map.h — a hash map from byte strings to long integers.
**
** Entity linking interns tokens and names with it.  Keys are copied in and
** owned by the map; they must not contain a NUL byte.  Open addressing with linear
** probing, kept at most half full, so a lookup is one or two probes; each
** slot keeps its key's hash, so that a probe of another key costs no string
** comparison (indexing looks up every word of the corpus).
*/
#ifndef LT_STRING_MAP_H
#define LT_STRING_MAP_H

#include <stddef.h>

typedef struct lt_string_map {
  char **keys;    /* capacity slots, NULL when empty; NUL-terminated copies */
  long *values;
  unsigned *hashes;  /* of each slot's key */
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
