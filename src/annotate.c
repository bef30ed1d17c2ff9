/*
** annotate.c — what the core finds in one text (lanterne_annotate): its
** own date and every date it mentions.  The index stores exactly this for
** each document (index_build.c calls the same functions), so annotating a
** file shows a journalist what the explorer will know about it.
*/
#include "lanterne.h"
#include "dates.h"
#include "json.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *date_json(const char *text, const lt_date *date) {
  cJSON *item = cJSON_CreateObject();
  char *span = malloc((size_t)(date->end - date->start) + 1);
  if (span) {
    memcpy(span, text + date->start, (size_t)(date->end - date->start));
    span[date->end - date->start] = 0;
  }
  cJSON_AddStringToObject(item, "text", span ? span : "");
  free(span);
  cJSON_AddNumberToObject(item, "start", date->start);
  cJSON_AddNumberToObject(item, "end", date->end);
  cJSON_AddStringToObject(item, "value", date->value);
  cJSON_AddStringToObject(item, "precision", lt_date_precision_name(date->precision));
  lt_json_add_string_or_null(item, "end_value", date->end_value[0] ? date->end_value : NULL);
  if (date->year_inferred) cJSON_AddTrueToObject(item, "year_inferred");
  return item;
}

char *lanterne_annotate(const char *text, const char *options_json) {
  cJSON *options = lt_json_parse_request(options_json);
  if (!options) return lt_json_error("the annotate options are not a JSON object");
  const char *given_date = lt_json_get_string(options, "date", NULL);
  if (given_date && !lt_date_valid(given_date)) {
    cJSON_Delete(options);
    return lt_json_error("\"date\" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
  }
  size_t n = 0;
  char *clean = lt_utf8_repair(text ? text : "", text ? strlen(text) : 0, &n, NULL);
  if (!clean) { cJSON_Delete(options); return lt_json_error("out of memory"); }

  cJSON *answer = cJSON_CreateObject();
  lt_date found;
  const char *rule = NULL;
  char reference[LT_DATE_KEY_SIZE] = "";
  cJSON *document_date = NULL;
  if (lt_date_of_document(clean, n, given_date, &found, &rule) == 0) {
    snprintf(reference, sizeof reference, "%s", found.value);
    document_date = cJSON_CreateObject();
    cJSON_AddStringToObject(document_date, "value", found.value);
    cJSON_AddStringToObject(document_date, "precision", lt_date_precision_name(found.precision));
    cJSON_AddStringToObject(document_date, "source", rule);
    if (found.start >= 0) {
      cJSON_AddNumberToObject(document_date, "start", found.start);
      cJSON_AddNumberToObject(document_date, "end", found.end);
    }
  }
  cJSON_AddItemToObject(answer, "document_date", document_date ? document_date : cJSON_CreateNull());

  lt_date *dates = NULL;
  size_t count = 0;
  int rc = lt_dates_extract(clean, n, reference[0] ? reference : NULL, &dates, &count);
  cJSON *list = cJSON_AddArrayToObject(answer, "dates");
  for (size_t i = 0; i < count; i++) cJSON_AddItemToArray(list, date_json(clean, &dates[i]));
  free(dates);
  free(clean);
  cJSON_Delete(options);
  if (rc != 0) { cJSON_Delete(answer); return lt_json_error("out of memory"); }
  return lt_json_finish(answer);
}
