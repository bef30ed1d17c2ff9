/*
** json.c — helpers for the JSON requests and answers of the public API.
*/
#include "json.h"
#include "lanterne.h"
#include "sqlite3.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *lanterne_malloc(size_t n) { return sqlite3_malloc64(n ? n : 1); }

void lanterne_free(void *p) { sqlite3_free(p); }

char *lt_json_finish(cJSON *json) {
  if (!json) return NULL;
  char *text = cJSON_PrintUnformatted(json);
  cJSON_Delete(json);
  /* Copied so that the caller frees every answer with lanterne_free(),
  ** while cJSON keeps the C library's allocator (its hooks are global and
  ** would surprise any other cJSON user in the same program). */
  char *answer = lt_strdup_api(text);
  cJSON_free(text);
  return answer;
}

char *lt_json_error(const char *format, ...) {
  char message[2048];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  cJSON *json = cJSON_CreateObject();
  if (!json) return NULL;
  cJSON_AddStringToObject(json, "error", message);
  return lt_json_finish(json);
}

char *lt_json_error_no_such(const char *kind, const char *id) {
  /* the id comes from the request: repaired so that the answer is valid UTF-8 */
  char *safe_id = lt_utf8_repair(id ? id : "", id ? strlen(id) : 0, NULL, NULL);
  char *error = lt_json_error("no %s with id \"%.200s\"", kind, safe_id ? safe_id : "");
  free(safe_id);
  return error;
}

char *lt_json_error_index(const char *index_name, int rc) {
  return rc == SQLITE_NOMEM ? lt_json_error("out of memory")
                            : lt_json_error("%s: the index is damaged: rebuild it with `lanterne build`", index_name);
}

char *lt_strdup_api(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *copy = lanterne_malloc(n + 1);
  if (copy) memcpy(copy, s, n + 1);
  return copy;
}

void lt_json_add_string_or_null(cJSON *object, const char *name, const char *value) {
  if (value) cJSON_AddStringToObject(object, name, value);
  else cJSON_AddNullToObject(object, name);
}

cJSON *lt_json_parse_request(const char *request_json) {
  if (!request_json || !*request_json) return cJSON_CreateObject();
  cJSON *json = cJSON_Parse(request_json);
  if (json && !cJSON_IsObject(json)) { cJSON_Delete(json); return NULL; }
  return json;
}

const char *lt_json_get_string(const cJSON *object, const char *name, const char *fallback) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsString(item) && item->valuestring ? item->valuestring : fallback;
}

long lt_json_get_long(const cJSON *object, const char *name, long fallback, long min, long max) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  if (!cJSON_IsNumber(item)) return fallback;
  double v = item->valuedouble;
  if (v != v) return fallback; /* NaN */
  if (v < (double)min) return min;
  if (v > (double)max) return max;
  return (long)v;
}

int lt_json_get_bool(const cJSON *object, const char *name, int fallback) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  if (cJSON_IsBool(item)) return cJSON_IsTrue(item);
  return fallback;
}

void lt_text_line_column(const char *text, size_t at, size_t *line, size_t *column) {
  *line = 1;
  *column = 1;
  for (size_t i = 0; i < at; i++) {
    if (text[i] == '\n') {
      (*line)++;
      *column = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      (*column)++;  /* continuation bytes belong to the previous character */
    }
  }
}
