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
#include "doc_table.h"
#include "selection.h"

/*
** Adds to `answer` the member
**   "timeline": {"written":   {"unit": "year"|"month"|"day"|null,
**                              "buckets": [{"key": "2014", "count": 2}, ...],
**                              "undated": N},
**                "mentioned": {"unit": ..., "buckets": [...]}}
** for the documents of `selection`; "undated" is those without a date.
** Returns an SQLite result code (SQLITE_NOMEM).
*/
int lt_timeline_add(const lt_doc_table *table, const lt_selection *selection, cJSON *answer);

#endif
