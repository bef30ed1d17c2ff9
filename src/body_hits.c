/*
** body_hits.c — the hits kept from the ranking pass (see body_hits.h).
*/
#include "body_hits.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

int lt_body_hits_start(lt_body_hits *set, int phrases, const int *phrase_tokens) {
  lt_body_hits_free(set);
  set->phrase_tokens = malloc(((size_t)phrases + 1) * sizeof *set->phrase_tokens);
  if (!set->phrase_tokens) return -1;
  if (phrases > 0) memcpy(set->phrase_tokens, phrase_tokens, (size_t)phrases * sizeof *phrase_tokens);
  set->phrases = phrases;
  return 0;
}

int lt_body_hits_add(lt_body_hits *set, int64_t rowid, const lt_body_hit *hits, size_t count) {
  size_t kept = set->count ? set->first[set->count] : 0;
  if (set->full || kept + count > LT_BODY_HITS_MAX || (set->count && rowid <= set->rowids[set->count - 1])) {
    set->full = 1;
    return 0;
  }
  if (lt_grow((void **)&set->rowids, &set->rowid_capacity, set->count + 1, sizeof *set->rowids, 256) != 0 ||
      lt_grow((void **)&set->first, &set->first_capacity, set->count + 2, sizeof *set->first, 256) != 0 ||
      lt_grow((void **)&set->hits, &set->hit_capacity, kept + count + 1, sizeof *set->hits, 1024) != 0)
    return -1;
  if (count) memcpy(set->hits + kept, hits, count * sizeof *hits);
  set->first[set->count] = kept;
  set->rowids[set->count++] = rowid;
  set->first[set->count] = kept + count;
  return 0;
}

int lt_body_hits_find(const lt_body_hits *set, int64_t rowid, const lt_body_hit **hits, size_t *count) {
  size_t low = 0, high = set->count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (set->rowids[middle] < rowid) low = middle + 1;
    else high = middle;
  }
  if (low == set->count || set->rowids[low] != rowid) return 0;
  *count = set->first[low + 1] - set->first[low];
  *hits = set->hits + set->first[low];
  return 1;
}

void lt_body_hits_free(lt_body_hits *set) {
  free(set->phrase_tokens);
  free(set->rowids);
  free(set->first);
  free(set->hits);
  memset(set, 0, sizeof *set);
}
