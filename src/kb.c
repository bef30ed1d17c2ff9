/*
** kb.c — loading the knowledge base (entities.json), merging the built-in
** gazetteer into it, and the small container that entity discovery adds to
** (see kb.h).
*/
#include "kb.h"
#include "grow.h"
#include "gazetteer.h"
#include "json.h"
#include "normalize.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *format_message(const char *format, ...) {
  va_list args;
  va_start(args, format);
  int n = vsnprintf(NULL, 0, format, args);
  va_end(args);
  char *message = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (!message) return NULL;
  va_start(args, format);
  vsnprintf(message, (size_t)n + 1, format, args);
  va_end(args);
  return message;
}

static char *copy_or_null(const char *s) { return s ? strdup(s) : NULL; }

long lt_kb_find(const lt_kb *kb, const char *id) {
  for (size_t i = 0; i < kb->count; i++)
    if (strcmp(kb->entities[i].id, id) == 0) return (long)i;
  return -1;
}

long lt_kb_add_entity(lt_kb *kb, const char *id, const char *type, const char *name_fr,
                      const char *name_en, lt_entity_origin origin) {
  if (lt_grow((void **)&kb->entities, &kb->capacity, kb->count + 1, sizeof *kb->entities, 64) != 0)
    return -1;
  lt_entity *e = &kb->entities[kb->count];
  memset(e, 0, sizeof *e);
  e->id = strdup(id);
  e->type = strdup(type);
  e->name_fr = strdup(name_fr ? name_fr : name_en ? name_en : id);
  e->name_en = strdup(name_en ? name_en : e->name_fr ? e->name_fr : id);
  e->origin = origin;
  if (!e->id || !e->type || !e->name_fr || !e->name_en) {
    free(e->id); free(e->type); free(e->name_fr); free(e->name_en);
    return -1;
  }
  return (long)kb->count++;
}

int lt_kb_add_alias(lt_kb *kb, size_t index, const char *alias) {
  lt_entity *e = &kb->entities[index];
  for (size_t i = 0; i < e->alias_count; i++)
    if (strcmp(e->aliases[i], alias) == 0) return 0;
  if (lt_grow((void **)&e->aliases, &e->alias_capacity, e->alias_count + 1, sizeof *e->aliases, 8) != 0)
    return -1;
  char *copy = strdup(alias);
  if (!copy) return -1;
  e->aliases[e->alias_count++] = copy;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* entities.json                                                            */
/* ------------------------------------------------------------------------ */

/* Reads an optional string member; 0 if absent/null/string, -1 otherwise. */
static int optional_string(const cJSON *object, const char *field, const char **out) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, field);
  *out = NULL;
  if (!item || cJSON_IsNull(item)) return 0;
  if (!cJSON_IsString(item)) return -1;
  *out = item->valuestring;
  return 0;
}

/* Reads {"fr", "en"} (or a plain string, taken as both). */
static int language_pair(const cJSON *object, const char *field, const char **fr, const char **en) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, field);
  *fr = *en = NULL;
  if (!item || cJSON_IsNull(item)) return 0;
  if (cJSON_IsString(item)) { *fr = *en = item->valuestring; return 0; }
  if (!cJSON_IsObject(item)) return -1;
  if (optional_string(item, "fr", fr) != 0 || optional_string(item, "en", en) != 0) return -1;
  return 0;
}

static int is_valid_id(const char *id) {
  if (!*id) return 0;
  for (const char *p = id; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\') return 0;
  return 1;
}

/* Loads one entity; returns NULL or a malloc'd message. */
static char *load_entity(lt_kb *kb, const cJSON *item, size_t position, const char *name) {
#define ENTITY_ERROR(...) do {                                                       \
    char *detail_ = format_message(__VA_ARGS__);                                      \
    char *message_ = format_message("%s: entity %zu%s%s%s: %s", name, position,        \
                                    id ? " (\"" : "", id ? id : "", id ? "\")" : "",   \
                                    detail_ ? detail_ : "invalid");                    \
    free(detail_);                                                                    \
    return message_;                                                                  \
  } while (0)
  const char *id = NULL;
  if (!cJSON_IsObject(item)) ENTITY_ERROR("must be an object");
  if (optional_string(item, "id", &id) != 0 || !id || !is_valid_id(id)) {
    id = NULL;
    ENTITY_ERROR("\"id\" must be a non-empty string without spaces or quotes");
  }
  if (lt_kb_find(kb, id) >= 0) ENTITY_ERROR("the id is used twice");
  const char *type = NULL, *name_fr, *name_en, *description_fr, *description_en, *role, *wikidata;
  if (optional_string(item, "type", &type) != 0 || !type || !*type)
    ENTITY_ERROR("\"type\" must be a string such as \"person\", \"organization\" or \"place\"");
  if (language_pair(item, "name", &name_fr, &name_en) != 0)
    ENTITY_ERROR("\"name\" must be a string or {\"fr\": ..., \"en\": ...}");
  if (language_pair(item, "description", &description_fr, &description_en) != 0)
    ENTITY_ERROR("\"description\" must be a string or {\"fr\": ..., \"en\": ...}");
  if (optional_string(item, "role", &role) != 0) ENTITY_ERROR("\"role\" must be a string or null");
  if (optional_string(item, "wikidata", &wikidata) != 0) ENTITY_ERROR("\"wikidata\" must be a string or null");
  const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(item, "aliases");
  if (aliases && !cJSON_IsNull(aliases) && !cJSON_IsArray(aliases))
    ENTITY_ERROR("\"aliases\" must be an array of strings");
  const cJSON *alias;
  cJSON_ArrayForEach(alias, aliases)
    if (!cJSON_IsString(alias)) ENTITY_ERROR("\"aliases\" must be an array of strings");
  if (!name_fr && !name_en) ENTITY_ERROR("\"name\" is missing");

  long index = lt_kb_add_entity(kb, id, type, name_fr, name_en, LT_ORIGIN_KB);
  if (index < 0) return format_message("out of memory");
  lt_entity *e = &kb->entities[index];
  e->description_fr = copy_or_null(description_fr ? description_fr : description_en);
  e->description_en = copy_or_null(description_en ? description_en : description_fr);
  e->role = copy_or_null(role);
  e->wikidata = copy_or_null(wikidata);
  /* Only the aliases are matched in text: a canonical name may be written
  ** for the reader ("Rue Amir Abdelkader (Casablanca)") and never occur. */
  int rc = 0;
  cJSON_ArrayForEach(alias, aliases)
    if (*alias->valuestring) rc |= lt_kb_add_alias(kb, (size_t)index, alias->valuestring);
  return rc ? format_message("out of memory") : NULL;
#undef ENTITY_ERROR
}

int lt_kb_load_json(lt_kb *kb, const char *json, const char *name, char **error) {
  *error = NULL;
  size_t n = strlen(json);
  size_t skip = (n >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
  cJSON *root = cJSON_ParseWithLengthOpts(json + skip, n - skip + 1, NULL, 1);
  if (!root) {
    const char *at = cJSON_GetErrorPtr();
    size_t offset = (at && at >= json + skip && at <= json + n) ? (size_t)(at - json) : n;
    size_t line, column;
    lt_text_line_column(json, offset, &line, &column);
    *error = format_message("%s:%zu:%zu: malformed JSON", name, line, column);
    return -1;
  }
  const cJSON *entities = cJSON_GetObjectItemCaseSensitive(root, "entities");
  if (!cJSON_IsObject(root) || !cJSON_IsArray(entities)) {
    cJSON_Delete(root);
    *error = format_message("%s: expected {\"entities\": [...]}", name);
    return -1;
  }
  size_t position = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, entities) {
    *error = load_entity(kb, item, position++, name);
    if (*error) break;
  }
  cJSON_Delete(root);
  return *error ? -1 : 0;
}

int lt_kb_load_file(lt_kb *kb, const char *path, char **error) {
  *error = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) { *error = format_message("%s: cannot read the knowledge base (%s)", path, strerror(errno)); return -1; }
  size_t capacity = 1 << 16, n = 0, got;
  char *text = malloc(capacity);
  while (text && (got = fread(text + n, 1, capacity - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == capacity) {
      char *bigger = realloc(text, capacity *= 2);
      if (!bigger) { free(text); text = NULL; }
      text = bigger;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (!text || failed) {
    free(text);
    *error = format_message("%s: cannot read the knowledge base", path);
    return -1;
  }
  text[n] = 0;
  /* Invalid UTF-8 is repaired, as for documents, rather than refused. */
  char *clean = lt_utf8_repair(text, n, NULL, NULL);
  free(text);
  if (!clean) { *error = format_message("out of memory"); return -1; }
  int rc = lt_kb_load_json(kb, clean, path, error);
  free(clean);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* Gazetteer                                                                 */
/* ------------------------------------------------------------------------ */

/* The folded form of a name (case, accents, apostrophes), malloc'd. */
static char *folded_name(const char *s) {
  size_t n = strlen(s), cap = 3 * n + 16;
  char *out = malloc(cap);
  if (out && lt_fold(s, n, out, cap) < 0) { free(out); return NULL; }
  if (out) for (char *p = out; *p; p++) if (*p == '\'') *p = ' ';
  return out;
}

/* The folded aliases of the entities loaded before the gazetteer, computed
** once: the gazetteer's ~2,000 names are each compared with all of them. */
typedef struct folded_alias { char *key; size_t entity; } folded_alias;

static long entity_with_alias(const folded_alias *known, size_t known_count, const lt_kb *kb,
                              const char *type, const char *alias) {
  if (known_count == 0) return -1;
  char *key = folded_name(alias);
  long found = -1;
  for (size_t i = 0; key && i < known_count && found < 0; i++)
    if (strcmp(known[i].key, key) == 0 && strcmp(kb->entities[known[i].entity].type, type) == 0)
      found = (long)known[i].entity;
  free(key);
  return found;
}

static int compare_id_pointers(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lt_kb_add_gazetteer(lt_kb *kb) {
  size_t loaded = kb->count;  /* gazetteer entries never merge into each other */
  /* The ids loaded so far, sorted: an entry whose id is taken is skipped
  ** (gazetteer ids are distinct among themselves).  A linear lt_kb_find()
  ** per entry made this quadratic, the bulk of every lanterne_annotate(). */
  const char **ids = malloc((loaded + 1) * sizeof *ids);
  if (!ids) return -1;
  for (size_t i = 0; i < loaded; i++) ids[i] = kb->entities[i].id;
  qsort(ids, loaded, sizeof *ids, compare_id_pointers);
  size_t known_count = 0, total = 0;
  for (size_t i = 0; i < loaded; i++) total += kb->entities[i].alias_count;
  folded_alias *known = malloc((total + 1) * sizeof *known);
  if (!known) { free(ids); return -1; }
  int rc = 0;
  for (size_t i = 0; i < loaded; i++)
    for (size_t a = 0; a < kb->entities[i].alias_count; a++) {
      char *key = folded_name(kb->entities[i].aliases[a]);
      if (key) known[known_count++] = (folded_alias){ key, i };
      else rc = -1;
    }
  for (unsigned g = 0; g < lt_gazetteer_count && rc == 0; g++) {
    const lt_gazetteer_entry *entry = &lt_gazetteer[g];
    char *aliases = strdup(entry->aliases);
    if (!aliases) { rc = -1; break; }
    long target = -1;
    for (char *a = aliases, *next; a && target < 0; a = next) {
      next = strchr(a, '|');
      if (next) *next++ = 0;
      target = entity_with_alias(known, known_count, kb, entry->type, a);
    }
    strcpy(aliases, entry->aliases);
    if (target < 0) {
      const char *id = entry->id;
      if (bsearch(&id, ids, loaded, sizeof *ids, compare_id_pointers)) { free(aliases); continue; }
      target = lt_kb_add_entity(kb, entry->id, entry->type, entry->name_fr, entry->name_en, LT_ORIGIN_GAZETTEER);
      if (target < 0) { free(aliases); rc = -1; break; }
    }
    for (char *a = aliases, *next; a; a = next) {
      next = strchr(a, '|');
      if (next) *next++ = 0;
      if (*a) rc |= lt_kb_add_alias(kb, (size_t)target, a);
    }
    free(aliases);
  }
  for (size_t i = 0; i < known_count; i++) free(known[i].key);
  free(known);
  free(ids);
  return rc ? -1 : 0;
}

void lt_kb_free(lt_kb *kb) {
  if (!kb) return;
  for (size_t i = 0; i < kb->count; i++) {
    lt_entity *e = &kb->entities[i];
    for (size_t a = 0; a < e->alias_count; a++) free(e->aliases[a]);
    free(e->aliases);
    free(e->id); free(e->type); free(e->name_fr); free(e->name_en);
    free(e->description_fr); free(e->description_en); free(e->role); free(e->wikidata);
  }
  free(kb->entities);
  memset(kb, 0, sizeof *kb);
}
