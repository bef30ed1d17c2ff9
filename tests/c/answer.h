/*
** answer.h — reading the JSON answers of the public API in the C tests:
** parsed (and the API's string freed), and their "error" member.
** Include after lanterne.h and cJSON.h.
*/
#ifndef LT_TEST_ANSWER_H
#define LT_TEST_ANSWER_H

/* Parses an API answer and frees it; NULL when there is none.  The caller
** deletes the result with cJSON_Delete(). */
static cJSON *answer_json(char *answer) {
  cJSON *json = answer ? cJSON_Parse(answer) : NULL;
  lanterne_free(answer);
  return json;
}

/* The answer's error message, or NULL when it is not an error. */
static const char *error_of(const cJSON *json) {
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(json, "error");
  return cJSON_IsString(e) ? e->valuestring : NULL;
}

#endif
