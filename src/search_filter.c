/*
** search_filter.c — reading the entities of a search into its filter (see
** search_filter.h): required ids, and query words that are aliases.
*/
#include "search_filter.h"
#include "fts_tokenizer.h"
#include "grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Entities                                                                  */
/* ------------------------------------------------------------------------ */

/* Splits the parser's match expression (format in query.h) at its top-level
** " AND "s.  Returns a malloc'd array of malloc'd groups. */
static char **split_groups(const char *match, size_t *count) {
  size_t capacity = 4, n = 0;
  char **groups = malloc(capacity * sizeof *groups);
  if (!groups) return NULL;
  const char *start = match;
  int in_quote = 0;
  for (const char *p = match;; p++) {
    if (*p == '"') in_quote = !in_quote;
    int end = *p == 0 || (!in_quote && strncmp(p, " AND ", 5) == 0);
    if (!end) continue;
    if (n == capacity) {
      char **bigger = realloc(groups, (capacity *= 2) * sizeof *groups);
      if (!bigger) break;
      groups = bigger;
    }
    groups[n] = strndup(start, (size_t)(p - start));
    if (!groups[n]) break;
    n++;
    if (*p == 0) { *count = n; return groups; }
    start = p + 5;
    p += 4;
  }
  for (size_t i = 0; i < n; i++) free(groups[i]);
  free(groups);
  return NULL;
}

/* Appends to `ids` (SQL list "1,2") and to group->entities the entities
** whose alias key is the text of one of the group's whole-word items
** (prefix items are skipped: `nat*` is not a name yet).  Returns an SQLite
** code. */
static int entities_of_group(sqlite3_stmt *lookup, const char *group, sqlite3_str *ids, lt_filter_group *out) {
  size_t capacity = 0;
  for (const char *p = group; (p = strchr(p, '"')) != NULL;) {
    const char *close = strchr(p + 1, '"');
    if (!close) break;
    int prefix = strncmp(close + 1, " *", 2) == 0;
    if (!prefix) {
      sqlite3_bind_text(lookup, 1, p + 1, (int)(close - p - 1), SQLITE_STATIC);
      int rc;
      while ((rc = sqlite3_step(lookup)) == SQLITE_ROW) {
        sqlite3_int64 entity = sqlite3_column_int64(lookup, 0);
        if (lt_grow((void **)&out->entities, &capacity, out->entity_count + 1, sizeof *out->entities, 4) != 0) {
          sqlite3_reset(lookup);
          return SQLITE_NOMEM;
        }
        out->entities[out->entity_count++] = entity;
        sqlite3_str_appendf(ids, "%s%lld", sqlite3_str_length(ids) ? "," : "", entity);
      }
      sqlite3_reset(lookup);
      if (rc != SQLITE_DONE) return rc;
    }
    p = close + 1;
  }
  return SQLITE_OK;
}

/* Whether the alias key holds, as whole words, one of the group's items:
** then the reader's words already match it, and adding it would highlight
** more than they typed (`Thrasyvoulos Terry` for `Stamatopoulos`). */
static int key_contains_group_item(const char *key, const char *group) {
  for (const char *p = group; (p = strchr(p, '"')) != NULL;) {
    const char *close = strchr(p + 1, '"');
    if (!close) break;
    size_t n = (size_t)(close - p - 1);
    char *item = strndup(p + 1, n);
    int found = 0;
    for (const char *at = item && n ? strstr(key, item) : NULL; at && !found; at = strstr(at + 1, item))
      found = (at == key || at[-1] == ' ') && (at[n] == 0 || at[n] == ' ');
    free(item);
    if (found) return 1;
    p = close + 1;
  }
  return 0;
}

/* Appends to `phrases` the alias keys of entities `ids`, quoted and ORed,
** leaving out short ones (`un`, `us`: an acronym's folded form is often a
** common word) that would only blur the ranking and the highlights.  Each
** is verbatim (fts_tokenizer.h): a name is found as it is written, as the
** build found its mentions (entities.h reads no stems), not widened to
** other forms of its words; widening a name of six words also cost FTS5 a
** merge of every word's spellings in every document holding them all. */
static int append_alias_phrases(sqlite3 *db, const char *ids, const char *group, sqlite3_str *phrases) {
  char *sql = sqlite3_mprintf("SELECT key FROM entity_aliases WHERE entity IN (%s)"
                              " AND length(key) > 3 ORDER BY key LIMIT 64", ids);
  if (!sql) return SQLITE_NOMEM;
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *key = (const char *)sqlite3_column_text(stmt, 0);
    if (!key_contains_group_item(key, group)) sqlite3_str_appendf(phrases, " OR \"%c%s\"", LT_FTS_VERBATIM, key);
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The key of a group that is one plain quoted item ("word" or "two
** words", not a prefix, not an OR), as a malloc'd string; else NULL. */
static char *plain_item_key(const char *group) {
  size_t n = strlen(group);
  if (n < 3 || group[0] != '"' || group[n - 1] != '"' || memchr(group + 1, '"', n - 2)) return NULL;
  return strndup(group + 1, n - 2);
}

/*
** Unquoted names typed as several words (`North Atlantic Treaty
** Organization`, `État islamique`) are several AND-groups; where a run of
** plain groups spells an alias, the run becomes one group, its words ANDed
** in parentheses, and *keys gets the quoted alias for that group (NULL for
** the others).  Longest runs first.  Returns an SQLite code.
*/
#define LONGEST_NAME_WORDS 8
static int merge_name_groups(sqlite3_stmt *lookup, char **groups, size_t *count, char **keys) {
  /* The merged groups are made first, so that a failure leaves `groups`
  ** as it was (the caller frees it). */
  char **merged_groups = calloc(*count + 1, sizeof *merged_groups);
  int rc = merged_groups ? SQLITE_OK : SQLITE_NOMEM;
  size_t out = 0;
  for (size_t g = 0; rc == SQLITE_OK && g < *count; out++) {
    size_t merged = 1;
    for (size_t length = *count - g < LONGEST_NAME_WORDS ? *count - g : LONGEST_NAME_WORDS;
         rc == SQLITE_OK && length >= 2 && merged == 1; length--) {
      sqlite3_str *joined = sqlite3_str_new(NULL);
      int plain = 1;
      for (size_t k = g; k < g + length && plain; k++) {
        char *item = plain_item_key(groups[k]);
        if (item) sqlite3_str_appendf(joined, "%s%s", k > g ? " " : "", item);
        else plain = 0;
        free(item);
      }
      /* an empty string finishes as NULL: only an error code means memory ran out */
      int failed = sqlite3_str_errcode(joined) != SQLITE_OK;
      char *text = sqlite3_str_finish(joined);
      if (failed) { sqlite3_free(text); rc = SQLITE_NOMEM; break; }
      if (plain && text) {
        sqlite3_bind_text(lookup, 1, text, -1, SQLITE_STATIC);
        int step = sqlite3_step(lookup);
        sqlite3_reset(lookup);
        if (step == SQLITE_ROW) {
          keys[out] = malloc(strlen(text) + 3);
          if (keys[out]) { sprintf(keys[out], "\"%s\"", text); merged = length; }
          else rc = SQLITE_NOMEM;
        } else if (step != SQLITE_DONE) rc = step;
      }
      sqlite3_free(text);
    }
    sqlite3_str *group = sqlite3_str_new(NULL);
    if (merged > 1) sqlite3_str_appendall(group, "(");
    for (size_t k = g; k < g + merged; k++) sqlite3_str_appendf(group, "%s%s", k > g ? " AND " : "", groups[k]);
    if (merged > 1) sqlite3_str_appendall(group, ")");
    char *text = sqlite3_str_finish(group);
    merged_groups[out] = text ? strdup(text) : NULL;
    sqlite3_free(text);
    if (!merged_groups[out]) rc = SQLITE_NOMEM;
    g += merged;
  }
  if (rc == SQLITE_OK) {
    for (size_t g = 0; g < *count; g++) free(groups[g]);
    for (size_t g = 0; g < out; g++) groups[g] = merged_groups[g];
    *count = out;
  } else {
    for (size_t g = 0; merged_groups && g <= out && g < *count; g++) free(merged_groups[g]);
  }
  free(merged_groups);
  return rc;
}

/* Reads the required ids into filter->required_entities. */
static int resolve_required(sqlite3 *db, lt_filter *filter, const cJSON *required_ids, const char **unknown_id) {
  if (!cJSON_IsArray(required_ids)) return SQLITE_OK;
  sqlite3_stmt *lookup;
  int rc = sqlite3_prepare_v2(db, "SELECT rowid FROM entities WHERE id = ?1", -1, &lookup, NULL);
  size_t capacity = 0;
  const cJSON *id;
  cJSON_ArrayForEach(id, required_ids) {
    if (rc != SQLITE_OK) break;
    if (!cJSON_IsString(id)) continue;
    sqlite3_bind_text(lookup, 1, id->valuestring, -1, SQLITE_STATIC);
    int step = sqlite3_step(lookup);
    if (step == SQLITE_ROW) {
      if (lt_grow((void **)&filter->required_entities, &capacity, filter->required_count + 1,
                  sizeof *filter->required_entities, 4) != 0)
        rc = SQLITE_NOMEM;
      else
        filter->required_entities[filter->required_count++] = sqlite3_column_int64(lookup, 0);
    } else if (step == SQLITE_DONE) {
      *unknown_id = id->valuestring;
      rc = SQLITE_NOTFOUND;
    } else {
      rc = step;
    }
    sqlite3_reset(lookup);
  }
  sqlite3_finalize(lookup);
  return rc;
}

int lt_filter_resolve_entities(sqlite3 *db, lt_filter *filter, const cJSON *required_ids,
                               const char **unknown_id) {
  *unknown_id = NULL;
  int rc = resolve_required(db, filter, required_ids, unknown_id);
  /* Query words that name entities. */
  size_t group_count = 0;
  char **groups = NULL;
  if (rc == SQLITE_OK && filter->query.match) {
    groups = split_groups(filter->query.match, &group_count);
    if (!groups) rc = SQLITE_NOMEM;
  }
  char **keys = groups ? calloc(group_count + 1, sizeof *keys) : NULL;
  if (groups && !keys) rc = SQLITE_NOMEM;
  sqlite3_stmt *lookup = NULL;
  if (rc == SQLITE_OK && groups)
    rc = sqlite3_prepare_v2(db, "SELECT entity FROM entity_aliases WHERE key = ?1 ORDER BY entity", -1, &lookup, NULL);
  if (rc == SQLITE_OK && groups) rc = merge_name_groups(lookup, groups, &group_count, keys);
  lt_filter_group *resolved = groups ? calloc(group_count + 1, sizeof *resolved) : NULL;
  if (groups && !resolved) rc = SQLITE_NOMEM;
  sqlite3_str *rank = sqlite3_str_new(db);
  int any_entity = 0;
  for (size_t g = 0; rc == SQLITE_OK && g < group_count; g++) {
    sqlite3_str *ids = sqlite3_str_new(db);
    rc = entities_of_group(lookup, keys[g] ? keys[g] : groups[g], ids, &resolved[g]);
    int only_and;
    resolved[g].words_first_phrase = lt_query_count_strings(sqlite3_str_value(rank), NULL);
    int words = lt_query_count_strings(groups[g], &only_and);
    resolved[g].words_phrase_count = only_and ? words : 0;
    sqlite3_str_appendf(rank, "%s%s", g ? " OR " : "", groups[g]);
    if (rc == SQLITE_OK && resolved[g].entity_count) {
      any_entity = 1;
      rc = append_alias_phrases(db, sqlite3_str_value(ids), groups[g], rank);
    }
    sqlite3_free(sqlite3_str_finish(ids));
    resolved[g].match = groups[g];  /* moved */
    groups[g] = NULL;
  }
  sqlite3_finalize(lookup);
  for (size_t g = 0; keys && g < group_count; g++) free(keys[g]);
  free(keys);
  char *rank_match = sqlite3_str_finish(rank);
  if (rc == SQLITE_OK && any_entity) {
    filter->rank_match = rank_match ? strdup(rank_match) : NULL;
    if (!filter->rank_match) rc = SQLITE_NOMEM;
    filter->groups = resolved;
    filter->group_count = group_count;
    resolved = NULL;
  }
  sqlite3_free(rank_match);
  for (size_t g = 0; resolved && g < group_count; g++) {
    free(resolved[g].match);
    free(resolved[g].entities);
  }
  free(resolved);
  if (groups) { for (size_t g = 0; g < group_count; g++) free(groups[g]); free(groups); }
  return rc;
}

void lt_filter_clear(lt_filter *filter) {
  free(filter->required_entities);
  for (size_t g = 0; g < filter->group_count; g++) {
    free(filter->groups[g].match);
    free(filter->groups[g].entities);
  }
  free(filter->groups);
  free(filter->rank_match);
  filter->required_entities = NULL;
  filter->required_count = 0;
  filter->groups = NULL;
  filter->group_count = 0;
  filter->rank_match = NULL;
}
