/*
** json.h — the conventions of the JSON boundary (see lanterne.h).
**
** Every string the API hands out is allocated with lanterne_malloc()
** (SQLite's allocator), so that one lanterne_free() releases anything,
** including the index bytes that sqlite3_deserialize() takes over.  cJSON
** itself keeps malloc(); lt_json_finish() copies its output across.
*/
#ifndef LT_JSON_H
#define LT_JSON_H

#include "cJSON.h"

#include <stddef.h>

/* Prints `json` compactly into a lanterne_malloc'd string, deletes `json`,
** and returns the string.  Returns NULL only when memory runs out. */
char *lt_json_finish(cJSON *json);

/* Returns {"error": message} as a lanterne_malloc'd string.  The message is
** printf-formatted. */
char *lt_json_error(const char *format, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 1, 2)))
#endif
  ;

/* {"error": "no <kind> with id \"<id>\""}, the id (from a request) cut to
** 200 bytes and repaired to valid UTF-8.  lanterne_malloc'd. */
char *lt_json_error_no_such(const char *kind, const char *id);

/* The error of a call whose SQLite work failed with `rc`: "out of memory"
** for SQLITE_NOMEM, else "<index_name>: the index is damaged: rebuild it
** with `lanterne build`" (every statement an index runs is Lanterne's own,
** so any other failure means a damaged file).  lanterne_malloc'd. */
char *lt_json_error_index(const char *index_name, int rc);

/* Returns a lanterne_malloc'd copy of s (NULL if s is NULL). */
char *lt_strdup_api(const char *s);

/* Adds a string member, or null when value is NULL. */
void lt_json_add_string_or_null(cJSON *object, const char *name, const char *value);

/* Parses a request: NULL or "" gives an empty object; returns NULL when the
** text is not a JSON object. */
cJSON *lt_json_parse_request(const char *request_json);

/* Reads a string member; returns fallback if absent or not a string. */
const char *lt_json_get_string(const cJSON *object, const char *name, const char *fallback);

/* Reads a number member clamped to [min, max]; fallback if absent. */
long lt_json_get_long(const cJSON *object, const char *name, long fallback, long min, long max);

/* Reads a boolean member; fallback if absent. */
int lt_json_get_bool(const cJSON *object, const char *name, int fallback);

/* Line and column (1-based, columns in characters) of byte offset `at` in
** `text`, for messages such as "corpus.json:3:14: malformed JSON". */
void lt_text_line_column(const char *text, size_t at, size_t *line, size_t *column);

#endif
