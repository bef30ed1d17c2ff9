/*
** api.c — the small entry points of lanterne.h that explain what the core
** does: its version, how it tokenizes a text, what a query becomes.  They
** let the CLI, the tests and a curious reader see the same decisions the
** index and the search make, from the same functions.
*/
#include "lanterne.h"
#include "json.h"
#include "query.h"
#include "tokenizer.h"

#include <string.h>

const char *lanterne_version(void) { return LANTERNE_VERSION; }

static int add_token(void *ctx, int flags, const char *token, int len, int start, int end) {
  cJSON *entry = cJSON_CreateObject();
  char buffer[LT_MAX_TOKEN_BYTES * 4 + 1];
  if (len < 0 || (size_t)len >= sizeof buffer) len = (int)sizeof buffer - 1;
  memcpy(buffer, token, (size_t)len);
  buffer[len] = 0;
  cJSON_AddStringToObject(entry, "token", buffer);
  cJSON_AddNumberToObject(entry, "start", start);
  cJSON_AddNumberToObject(entry, "end", end);
  cJSON_AddBoolToObject(entry, "colocated", (flags & LT_TOKEN_COLOCATED) != 0);
  cJSON_AddItemToArray((cJSON *)ctx, entry);
  return 0;
}

char *lanterne_tokens(const char *text) {
  lt_tokenizer *tokenizer = lt_tokenizer_new();
  if (!tokenizer) return lt_json_error("out of memory");
  cJSON *answer = cJSON_CreateObject();
  cJSON *tokens = cJSON_AddArrayToObject(answer, "tokens");
  int rc = lt_tokenize(tokenizer, text ? text : "", text ? strlen(text) : 0, 1, add_token, tokens);
  lt_tokenizer_free(tokenizer);
  if (rc != 0) { cJSON_Delete(answer); return lt_json_error("out of memory"); }
  return lt_json_finish(answer);
}

char *lanterne_parse_query(const char *query, int as_you_type) {
  lt_tokenizer *tokenizer = lt_tokenizer_new();
  if (!tokenizer) return lt_json_error("out of memory");
  lt_query q;
  int rc = lt_query_parse(tokenizer, query ? query : "", query ? strlen(query) : 0, as_you_type, &q);
  lt_tokenizer_free(tokenizer);
  if (rc != 0) return lt_json_error("out of memory");
  cJSON *answer = cJSON_CreateObject();
  lt_json_add_string_or_null(answer, "match", q.match);
  lt_json_add_string_or_null(answer, "exclude", q.exclude);
  lt_query_free(&q);
  return lt_json_finish(answer);
}
