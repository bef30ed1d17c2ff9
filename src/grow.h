/*
** grow.h — making room in a growing array, the one way the core does it.
**
** Lists of tokens, dates, mentions and entities all grow by doubling; one
** function does it so that the overflow check and the failure path are
** written once.
*/
#ifndef LT_GROW_H
#define LT_GROW_H

#include <stddef.h>

/*
** Makes *items (an array of *capacity elements of item_size bytes, or NULL)
** hold at least `needed` elements, doubling its capacity (starting from
** first_capacity).  New elements are left uninitialised.  Returns 0, or -1
** when memory runs out or the size would overflow; *items is then unchanged
** and still owned by the caller.
*/
int lt_grow(void **items, size_t *capacity, size_t needed, size_t item_size, size_t first_capacity);

#endif
