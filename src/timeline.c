/*
** timeline.c — histograms of a search's documents over time (see
** timeline.h), counted in one pass over the selection with the date keys
** of doc_table.h.
*/
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

/* Length of the key prefix that names a bucket of each unit. */
#define YEAR_KEY 4
#define MONTH_KEY 7
#define DAY_KEY 10

/* Picks the bucket size for dates spanning [first, last] (date keys as
** integers, doc_table.h). */
static int bucket_key_length(int32_t first, int32_t last) {
  int months = (last / 10000 - first / 10000) * 12 + (last / 100 % 100 - first / 100 % 100);
  if (months > 36) return YEAR_KEY;
  if (months > 3) return MONTH_KEY;
  return DAY_KEY;
}

static const char *unit_name(int key_length) {
  return key_length == YEAR_KEY ? "year" : key_length == MONTH_KEY ? "month" : "day";
}

/* One dated document, or one date a document mentions. */
typedef struct dated {
  int32_t doc;
  int32_t key;   /* date key integer, start of the date */
} dated;

/*
** The slot of a date's bucket in a dense array covering the years from
** `first_year`: with yearly buckets one slot a year; with monthly, 13 a
** year (0 for a date known only to the year, whose key keeps that
** precision, then the months); with daily, 13 * 32.  The spans that pick
** monthly and daily buckets are short, so these arrays stay small.
*/
static size_t bucket_slot(int32_t key, int key_length, int first_year) {
  size_t year = (size_t)(key / 10000 - first_year);
  int month = key / 100 % 100, day = key % 100;
  if (key_length == YEAR_KEY) return year;
  if (key_length == MONTH_KEY) return year * 13 + (size_t)month;
  return (year * 13 + (size_t)month) * 32 + (size_t)(month ? day : 0);
}

/* The bucket key of a slot, as text: "2014", "2014-08" or "2014-08-14". */
static void slot_key(size_t slot, int key_length, int first_year, char out[11]) {
  int year, month = 0, day = 0;
  if (key_length == YEAR_KEY) year = first_year + (int)slot;
  else if (key_length == MONTH_KEY) { year = first_year + (int)(slot / 13); month = (int)(slot % 13); }
  else { year = first_year + (int)(slot / (13 * 32)); month = (int)(slot / 32 % 13); day = (int)(slot % 32); }
  lt_doc_table_key_text(year * 10000 + month * 100 + day, out);
  out[month == 0 ? 4 : day == 0 ? 7 : 10] = 0;
}

/*
** Adds the histogram of `dates` (doc ascending) to parent[name]: each
** bucket counts the documents with a date in it, once each.  With total
** >= 0 (the number of selected documents), also says how many have no
** date (one date per document: the written dates).
*/
static int add_histogram(const dated *dates, size_t n, long total, cJSON *parent, const char *name) {
  cJSON *histogram = cJSON_AddObjectToObject(parent, name);
  int32_t first = 0, last = 0;
  for (size_t i = 0; i < n; i++) {
    if (!first || dates[i].key < first) first = dates[i].key;
    if (dates[i].key > last) last = dates[i].key;
  }
  int key_length = n ? bucket_key_length(first, last) : 0;
  if (key_length) cJSON_AddStringToObject(histogram, "unit", unit_name(key_length));
  else cJSON_AddNullToObject(histogram, "unit");
  cJSON *buckets = cJSON_AddArrayToObject(histogram, "buckets");
  int rc = SQLITE_OK;
  if (key_length) {
    int first_year = first / 10000;
    size_t slots = bucket_slot(last, key_length, first_year) + 1;
    long *counts = calloc(slots, sizeof *counts);
    int32_t *counted_doc = calloc(slots, sizeof *counted_doc);
    if (!counts || !counted_doc) rc = SQLITE_NOMEM;
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
      size_t slot = bucket_slot(dates[i].key, key_length, first_year);
      if (slot < slots && counted_doc[slot] != dates[i].doc) {
        counted_doc[slot] = dates[i].doc;
        counts[slot]++;
      }
    }
    for (size_t slot = 0; rc == SQLITE_OK && slot < slots; slot++) {
      if (!counts[slot]) continue;
      char key[11];
      slot_key(slot, key_length, first_year, key);
      cJSON *bucket = cJSON_CreateObject();
      cJSON_AddStringToObject(bucket, "key", key);
      cJSON_AddNumberToObject(bucket, "count", (double)counts[slot]);
      cJSON_AddItemToArray(buckets, bucket);
    }
    free(counts);
    free(counted_doc);
  }
  if (total >= 0) cJSON_AddNumberToObject(histogram, "undated", (double)(total - (long)n));
  return rc;
}

int lt_timeline_add(const lt_doc_table *t, const lt_selection *s, cJSON *answer) {
  cJSON *timeline = cJSON_AddObjectToObject(answer, "timeline");
  size_t mentioned = 0;
  for (int i = 0; i < s->count; i++)
    mentioned += (size_t)(t->mentioned_first[s->rowids[i] + 1] - t->mentioned_first[s->rowids[i]]);
  dated *dates = malloc(((size_t)s->count > mentioned ? (size_t)s->count : mentioned) * sizeof *dates + 1);
  if (!dates) return SQLITE_NOMEM;
  size_t n = 0;
  for (int i = 0; i < s->count; i++) {
    int32_t r = s->rowids[i];
    if (t->date_start[r]) dates[n++] = (dated){r, t->date_start[r]};
  }
  int rc = add_histogram(dates, n, s->count, timeline, "written");
  n = 0;
  for (int i = 0; i < s->count; i++) {
    int32_t r = s->rowids[i];
    for (int32_t k = t->mentioned_first[r]; k < t->mentioned_first[r + 1]; k++)
      if (t->mentioned_start[k]) dates[n++] = (dated){r, t->mentioned_start[k]};
  }
  if (rc == SQLITE_OK) rc = add_histogram(dates, n, -1, timeline, "mentioned");
  free(dates);
  return rc;
}
