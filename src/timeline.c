/*
** timeline.c — histograms of a search's documents over time (see
** timeline.h).  Both histograms are plain GROUP BY queries over the date
** keys stored at build time (index.h), restricted to the filter's documents.
*/
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

/* Length of the key prefix that names a bucket of each unit. */
#define YEAR_KEY 4
#define MONTH_KEY 7
#define DAY_KEY 10

/* Picks the bucket size for dates spanning [first, last] (date keys). */
static int bucket_key_length(const char *first, const char *last) {
  int first_year = atoi(first), last_year = atoi(last);
  int first_month = atoi(first + 5), last_month = atoi(last + 5);
  int months = (last_year - first_year) * 12 + (last_month - first_month);
  if (months > 36) return YEAR_KEY;
  if (months > 3) return MONTH_KEY;
  return DAY_KEY;
}

static const char *unit_name(int key_length) {
  return key_length == YEAR_KEY ? "year" : key_length == MONTH_KEY ? "month" : "day";
}


/*
** The SQL of one histogram: `source` yields (doc, date_start) pairs of the
** filtered documents; ?1 is the bucket key length.  A key ending in "-00"
** is a date coarser than the bucket: it is cut back to its own precision.
*/
static sqlite3_str *histogram_sql(sqlite3 *db, const lt_filter *filter, int mentioned, int span_only) {
  sqlite3_str *sql = sqlite3_str_new(db);
  const char *key = "x.date_start";
  if (span_only) sqlite3_str_appendall(sql, "SELECT min(x.date_start), max(x.date_start), count(*)");
  else sqlite3_str_appendf(sql,
      "SELECT CASE WHEN substr(%s, 6, 2) = '00' AND ?1 > 4 THEN substr(%s, 1, 4)"
      " WHEN substr(%s, 9, 2) = '00' AND ?1 > 7 THEN substr(%s, 1, 7)"
      " ELSE substr(%s, 1, ?1) END AS bucket, count(DISTINCT x.doc)", key, key, key, key, key);
  if (mentioned) {
    sqlite3_str_appendall(sql, " FROM dates x WHERE x.doc IN (SELECT d.rowid");
    lt_filter_append_sql(sql, filter);
    sqlite3_str_appendall(sql, ")");
  } else {
    sqlite3_str_appendall(sql, " FROM (SELECT d.rowid AS doc, d.date_start AS date_start");
    lt_filter_append_sql(sql, filter);
    sqlite3_str_appendall(sql, ") x WHERE x.date_start IS NOT NULL");
  }
  if (!span_only) sqlite3_str_appendall(sql, " GROUP BY bucket ORDER BY bucket");
  return sql;
}

/* Builds one histogram object; with total >= 0 (the number of filtered
** documents), also says how many have no date. */
static int add_histogram(sqlite3 *db, const lt_filter *filter, int mentioned, long total,
                         cJSON *parent, const char *name) {
  cJSON *histogram = cJSON_AddObjectToObject(parent, name);
  int rc;
  sqlite3_stmt *stmt = lt_filter_prepare(db, histogram_sql(db, filter, mentioned, 1), filter, &rc);
  if (rc != SQLITE_OK) return rc;
  int key_length = 0;
  long dated = 0;
  if ((rc = sqlite3_step(stmt)) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
    key_length = bucket_key_length((const char *)sqlite3_column_text(stmt, 0),
                                   (const char *)sqlite3_column_text(stmt, 1));
    dated = (long)sqlite3_column_int64(stmt, 2);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;

  if (key_length) cJSON_AddStringToObject(histogram, "unit", unit_name(key_length));
  else cJSON_AddNullToObject(histogram, "unit");
  cJSON *buckets = cJSON_AddArrayToObject(histogram, "buckets");
  if (key_length) {
    stmt = lt_filter_prepare(db, histogram_sql(db, filter, mentioned, 0), filter, &rc);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_int(stmt, 1, key_length);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      cJSON *bucket = cJSON_CreateObject();
      cJSON_AddStringToObject(bucket, "key", (const char *)sqlite3_column_text(stmt, 0));
      cJSON_AddNumberToObject(bucket, "count", sqlite3_column_double(stmt, 1));
      cJSON_AddItemToArray(buckets, bucket);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return rc;
  }
  if (total >= 0) cJSON_AddNumberToObject(histogram, "undated", (double)(total - dated));
  return SQLITE_OK;
}

int lt_timeline_add(sqlite3 *db, const lt_filter *filter, long total, cJSON *answer) {
  cJSON *timeline = cJSON_AddObjectToObject(answer, "timeline");
  int rc = add_histogram(db, filter, 0, total, timeline, "written");
  if (rc == SQLITE_OK) rc = add_histogram(db, filter, 1, -1, timeline, "mentioned");
  return rc;
}
