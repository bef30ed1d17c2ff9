/*
** grow.c — growing arrays by doubling (see grow.h).
*/
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>

int lt_grow(void **items, size_t *capacity, size_t needed, size_t item_size, size_t first_capacity) {
  if (needed <= *capacity) return 0;
  size_t new_capacity = *capacity ? *capacity : (first_capacity ? first_capacity : 1);
  while (new_capacity < needed) {
    if (new_capacity > SIZE_MAX / 2) return -1;
    new_capacity *= 2;
  }
  if (item_size && new_capacity > SIZE_MAX / item_size) return -1;
  void *grown = realloc(*items, new_capacity * item_size);
  if (!grown) return -1;
  *items = grown;
  *capacity = new_capacity;
  return 0;
}
