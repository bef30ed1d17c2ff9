/*
** timeline.h — how a search's documents spread over time.
**
** Two histograms of the documents a filter selects: by the date each was
** written ("written") and by the dates each mentions ("mentioned"; a
** document counts once per bucket however often it names dates in it).
** The bucket size adapts to the span: years when the dates cover more than
** three years, months when they cover more than three months, else days.
** A date coarser than the bucket size keeps its own precision: with monthly
** buckets, a document dated only "2014" is counted under the key "2014",
** not spread or guessed into a month.  Keys sort as strings.
*/
#ifndef LT_TIMELINE_H
#define LT_TIMELINE_H

#include "cJSON.h"
#include "search_filter.h"

/*
** Adds to `answer` the member
**   "timeline": {"written":   {"unit": "year"|"month"|"day"|null,
**                              "buckets": [{"key": "2014", "count": 2}, ...],
**                              "undated": N},
**                "mentioned": {"unit": ..., "buckets": [...]}}
** `total` is the number of documents the filter selects (the search has
** counted them already); "undated" is those without a date.
** Returns an SQLite result code.
*/
int lt_timeline_add(sqlite3 *db, const lt_filter *filter, long total, cJSON *answer);

#endif
