/*
** string_map.c — the byte-string -> long hash map of string_map.h.
*/
#include "string_map.h"

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
  while (map->keys[i] && !(map->hashes[i] == hash && strncmp(map->keys[i], key, len) == 0 &&
                           map->keys[i][len] == 0))
    i = (i + 1) & mask;
  return i;
}

long lt_string_map_get(const lt_string_map *map, const char *key, size_t len, long fallback) {
  if (!map->capacity) return fallback;
  size_t i = map_slot(map, key, len, (unsigned)hash_bytes(key, len));
  return map->keys[i] ? map->values[i] : fallback;
}

static int map_grow(lt_string_map *map) {
  size_t capacity = map->capacity ? map->capacity * 2 : 256;
  lt_string_map bigger = { calloc(capacity, sizeof(char *)), calloc(capacity, sizeof(long)),
                           calloc(capacity, sizeof(unsigned)), capacity, 0 };
  if (!bigger.keys || !bigger.values || !bigger.hashes) {
    free(bigger.keys);
    free(bigger.values);
    free(bigger.hashes);
    return -1;
  }
  for (size_t i = 0; i < map->capacity; i++) {
    if (!map->keys[i]) continue;
    /* Keys are unique: the first empty slot from the hash is theirs. */
    size_t j = map->hashes[i] & (capacity - 1);
    while (bigger.keys[j]) j = (j + 1) & (capacity - 1);
    bigger.keys[j] = map->keys[i];
    bigger.values[j] = map->values[i];
    bigger.hashes[j] = map->hashes[i];
    bigger.count++;
  }
  free(map->keys);
  free(map->values);
  free(map->hashes);
  *map = bigger;
  return 0;
}

int lt_string_map_put(lt_string_map *map, const char *key, size_t len, long value) {
  if ((map->count + 1) * 2 > map->capacity && map_grow(map) != 0) return -1;
  unsigned hash = (unsigned)hash_bytes(key, len);
  size_t i = map_slot(map, key, len, hash);
  if (!map->keys[i]) {
    char *copy = malloc(len + 1);
    if (!copy) return -1;
    memcpy(copy, key, len);
    copy[len] = 0;
    map->keys[i] = copy;
    map->hashes[i] = hash;
    map->count++;
  }
  map->values[i] = value;
  return 0;
}

void lt_string_map_free(lt_string_map *map) {
  for (size_t i = 0; i < map->capacity; i++) free(map->keys[i]);
  free(map->keys);
  free(map->values);
  free(map->hashes);
  memset(map, 0, sizeof *map);
}
