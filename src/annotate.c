/*
** annotate.c — what the core finds in one text (lanterne_annotate): its
** own date, every date it mentions, and the entities it names.  The index
** stores exactly this for each document (index_build.c calls the same
** functions), so annotating a file shows a journalist what the explorer will
** know about it.
*/
#include "lanterne.h"
#include "dates.h"
#include "entities.h"
#include "kb.h"
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

static char *copy_span(const char *text, int start, int end) {
  char *span = malloc((size_t)(end - start) + 1);
  if (span) {
    memcpy(span, text + start, (size_t)(end - start));
    span[end - start] = 0;
  }
  return span;
}

/* Adds "entities": [{"id", "name", "type", "mentions": [{"text", "start",
** "end"}]}] in order of first mention; a mention left ambiguous is listed
** under "id": null with its "candidates". */
static int add_entities(cJSON *answer, const char *text, size_t n, lt_kb *kb, int discover) {
  lt_recognizer *recognizer = lt_recognizer_new(kb, discover);
  if (!recognizer) return -1;
  lt_mention *mentions = NULL;
  size_t count = 0;
  int rc = lt_recognize(recognizer, text, n, &mentions, &count);
  lt_recognizer_free(recognizer);
  if (rc != 0) return -1;
  cJSON *list = cJSON_AddArrayToObject(answer, "entities");
  unsigned char *done = calloc(count + 1, 1);
  for (size_t i = 0; done && i < count; i++) {
    if (done[i]) continue;
    const lt_mention *m = &mentions[i];
    cJSON *item = cJSON_CreateObject();
    const lt_entity *e = m->entity >= 0 ? &kb->entities[m->entity] : &kb->entities[m->candidates[0]];
    char *surface = copy_span(text, m->start, m->end);
    if (m->entity >= 0) {
      cJSON_AddStringToObject(item, "id", e->id);
      cJSON_AddStringToObject(item, "name", e->name_fr);
    } else {
      cJSON_AddNullToObject(item, "id");
      cJSON_AddStringToObject(item, "name", surface ? surface : "");
      cJSON *candidates = cJSON_AddArrayToObject(item, "candidates");
      for (int c = 0; c < m->candidate_count; c++)
        cJSON_AddItemToArray(candidates, cJSON_CreateString(kb->entities[m->candidates[c]].id));
    }
    free(surface);
    cJSON_AddStringToObject(item, "type", e->type);
    if (e->origin == LT_ORIGIN_DISCOVERED) cJSON_AddTrueToObject(item, "discovered");
    cJSON *spans = cJSON_AddArrayToObject(item, "mentions");
    for (size_t j = i; j < count; j++) {
      const lt_mention *other = &mentions[j];
      int same = m->entity >= 0 ? other->entity == m->entity
                                : other->entity < 0 && other->candidates[0] == m->candidates[0] &&
                                  other->end - other->start == m->end - m->start &&
                                  memcmp(text + other->start, text + m->start, (size_t)(m->end - m->start)) == 0;
      if (!same) continue;
      done[j] = 1;
      cJSON *span = cJSON_CreateObject();
      char *mention_text = copy_span(text, other->start, other->end);
      cJSON_AddStringToObject(span, "text", mention_text ? mention_text : "");
      free(mention_text);
      cJSON_AddNumberToObject(span, "start", other->start);
      cJSON_AddNumberToObject(span, "end", other->end);
      cJSON_AddItemToArray(spans, span);
    }
    cJSON_AddItemToArray(list, item);
  }
  rc = done ? 0 : -1;
  free(done);
  free(mentions);
  return rc;
}

char *lanterne_annotate(const char *text, const char *options_json) {
  cJSON *options = lt_json_parse_request(options_json);
  if (!options) return lt_json_error("the annotate options are not a JSON object");
  const char *given_date = lt_json_get_string(options, "date", NULL);
  if (given_date && !lt_date_valid(given_date)) {
    cJSON_Delete(options);
    return lt_json_error("\"date\" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
  }
  const char *kb_path = lt_json_get_string(options, "kb", NULL);
  int discover = lt_json_get_bool(options, "discover", 1);
  lt_kb kb = {0};
  char *kb_error = NULL;
  if ((kb_path && lt_kb_load_file(&kb, kb_path, &kb_error) != 0) || lt_kb_add_gazetteer(&kb) != 0) {
    char *error = lt_json_error("%s", kb_error ? kb_error : "out of memory");
    free(kb_error);
    lt_kb_free(&kb);
    cJSON_Delete(options);
    return error;
  }
  size_t n = 0;
  char *clean = lt_utf8_repair(text ? text : "", text ? strlen(text) : 0, &n, NULL);
  if (!clean) { lt_kb_free(&kb); cJSON_Delete(options); return lt_json_error("out of memory"); }

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
  if (rc == 0) rc = add_entities(answer, clean, n, &kb, discover);
  lt_kb_free(&kb);
  free(clean);
  cJSON_Delete(options);
  if (rc != 0) { cJSON_Delete(answer); return lt_json_error("out of memory"); }
  return lt_json_finish(answer);
}
