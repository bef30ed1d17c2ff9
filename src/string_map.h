/*
** string_map.h — a hash map from byte strings to long integers.
**
** Entity linking interns tokens and names with it, and a build notes every
** word's spelling in one.  Keys are copied in and owned by the map; they
** must not contain a NUL byte.  Open addressing with linear probing, kept
** at most half full, so a lookup is one or two probes; each slot keeps its
** key's hash and length, so that a probe of another key costs no string
** comparison, and short keys themselves (indexing looks up every word of
** the corpus).
*/
#ifndef LT_STRING_MAP_H
#define LT_STRING_MAP_H

#include <stddef.h>

/* Keys up to this many bytes are kept inside their slot. */
#define LT_STRING_MAP_INLINE_BYTES 15

/* One slot: what a probe reads is together, and short keys (most words)
** are inside it, so that looking a word up costs one cache miss for the
** slot and none for the key's bytes.  Read a slot's key with
** lt_string_map_key(). */
typedef struct lt_string_map_slot {
  unsigned hash;     /* of the key */
  unsigned size;     /* the key's length in bytes + 1; 0: the slot is empty */
  long value;
  union {
    char bytes[LT_STRING_MAP_INLINE_BYTES + 1];  /* size <= 16: NUL-terminated */
    char *copy;                                   /* longer: NUL-terminated */
  } key;
} lt_string_map_slot;

/* The NUL-terminated key of an occupied slot (size - 1 bytes). */
static inline const char *lt_string_map_key(const lt_string_map_slot *slot) {
  return slot->size <= LT_STRING_MAP_INLINE_BYTES + 1 ? slot->key.bytes : slot->key.copy;
}

typedef struct lt_string_map {
  lt_string_map_slot *slots;  /* capacity of them; iterate to list the keys
                              ** (slots with size > 0) */
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
