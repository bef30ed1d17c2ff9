/*
** string_map.c — the byte-string -> long hash map of string_map.h.
*/
#include "string_map.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short keys (words) dominate, where it is both fast and even. */
static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
  return h;
}

/* Slot of key (len bytes): where it is, or the empty slot where it would
** go.  The map always has an empty slot (load factor <= 1/2). */
static size_t map_slot(const lt_string_map *map, const char *key, size_t len, unsigned hash) {
  size_t mask = map->capacity - 1, i = hash & mask;
  for (;; i = (i + 1) & mask) {
    const lt_string_map_slot *slot = &map->slots[i];
    if (!slot->size) return i;
    if (slot->hash == hash && slot->size == len + 1 &&
        memcmp(lt_string_map_key(slot), key, len) == 0)
      return i;
  }
}

long lt_string_map_get(const lt_string_map *map, const char *key, size_t len, long fallback) {
  if (!map->capacity) return fallback;
  size_t i = map_slot(map, key, len, (unsigned)hash_bytes(key, len));
  return map->slots[i].size ? map->slots[i].value : fallback;
}

static int map_grow(lt_string_map *map) {
  size_t capacity = map->capacity ? map->capacity * 2 : 256;
  lt_string_map_slot *slots = calloc(capacity, sizeof *slots);
  if (!slots) return -1;
  for (size_t i = 0; i < map->capacity; i++) {
    if (!map->slots[i].size) continue;
    /* Keys are unique: the first empty slot from the hash is theirs. */
    size_t j = map->slots[i].hash & (capacity - 1);
    while (slots[j].size) j = (j + 1) & (capacity - 1);
    slots[j] = map->slots[i];
  }
  free(map->slots);
  map->slots = slots;
  map->capacity = capacity;
  return 0;
}

int lt_string_map_put(lt_string_map *map, const char *key, size_t len, long value) {
  if (len >= UINT_MAX) return -1;
  if ((map->count + 1) * 2 > map->capacity && map_grow(map) != 0) return -1;
  unsigned hash = (unsigned)hash_bytes(key, len);
  lt_string_map_slot *slot = &map->slots[map_slot(map, key, len, hash)];
  if (!slot->size) {
    char *bytes = slot->key.bytes;
    if (len > LT_STRING_MAP_INLINE_BYTES && !(bytes = slot->key.copy = malloc(len + 1))) return -1;
    memcpy(bytes, key, len);
    bytes[len] = 0;
    slot->hash = hash;
    slot->size = (unsigned)len + 1;
    map->count++;
  }
  slot->value = value;
  return 0;
}

void lt_string_map_free(lt_string_map *map) {
  for (size_t i = 0; i < map->capacity; i++)
    if (map->slots[i].size > LT_STRING_MAP_INLINE_BYTES + 1) free(map->slots[i].key.copy);
  free(map->slots);
  memset(map, 0, sizeof *map);
}
