/*
** fuzz_kb_json.c — libFuzzer target for the knowledge-base loader
** (entities.json, kb.h): lt_kb_load_json(), the gazetteer merge, and the
** recognizer built over whatever the file declares.
**
** Input: the bytes of an entities.json, repaired to valid UTF-8 first as
** lt_kb_load_file() does.  Checks:
**   - loading gives 0, or -1 with a message that starts with the file's
**     name and is valid UTF-8;
**   - on success every entity has a valid id (non-empty, no space, quote or
**     backslash) used once, a type, names (never NULL, falling back on each
**     other), and distinct non-empty aliases;
**   - when the file declares a place, merging the built-in gazetteer keeps
**     ids unique and loses no alias (the gazetteer is 519 places: merging
**     it costs too much to do for every input);
**   - otherwise a recognizer over that kb (discovery on) reads a text made of the
**     entities' own aliases, names and ids: mentions in order, not
**     overlapping, on UTF-8 boundaries, naming entities of the kb (or
**     ambiguous between 2 to LT_MAX_CANDIDATES of them); the kb stays as
**     valid after discovery added to it.
*/
#include "fuzz_common.h"
#include "entities.h"
#include "kb.h"

#define NAME "fuzz/entities.json"

static int compare_ids(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_kb(const lt_kb *kb) {
  const char **ids = malloc((kb->count + 1) * sizeof *ids);
  if (!ids) abort();
  for (size_t i = 0; i < kb->count; i++) ids[i] = kb->entities[i].id;
  qsort(ids, kb->count, sizeof *ids, compare_ids);
  for (size_t i = 1; i < kb->count; i++)
    FUZZ_CHECK(strcmp(ids[i - 1], ids[i]) != 0, "id %s used twice", ids[i]);
  free(ids);
  for (size_t i = 0; i < kb->count; i++) {
    const lt_entity *e = &kb->entities[i];
    FUZZ_CHECK(e->id && e->id[0] && !strpbrk(e->id, " \t\n\"\\"), "entity %zu: id", i);
    FUZZ_CHECK(e->type && e->type[0], "entity %s: type", e->id);
    FUZZ_CHECK(e->name_fr && e->name_en, "entity %s: names", e->id);
    FUZZ_CHECK(fuzz_valid_string(e->id) && fuzz_valid_string(e->name_fr) &&
               fuzz_valid_string(e->name_en) && fuzz_valid_string(e->type),
               "entity %s: invalid UTF-8", e->id);
    for (size_t a = 0; a < e->alias_count; a++) {
      FUZZ_CHECK(e->aliases[a][0] && fuzz_valid_string(e->aliases[a]), "entity %s: alias %zu",
                 e->id, a);
      for (size_t b = 0; b < a; b++)
        FUZZ_CHECK(strcmp(e->aliases[a], e->aliases[b]) != 0, "entity %s: alias %s twice", e->id,
                   e->aliases[a]);
    }
  }
}

static void append(char **text, size_t *n, size_t *cap, const char *s) {
  size_t len = strlen(s);
  if (*n + len + 8 > *cap) {
    *cap = 2 * (*n + len + 8);
    *text = realloc(*text, *cap);
    if (!*text) abort();
  }
  memcpy(*text + *n, s, len);
  *n += len;
  memcpy(*text + *n, " et ", 4);
  *n += 4;
  (*text)[*n] = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t n;
  char *json = fuzz_repaired(data, size, &n);
  lt_kb kb = {0};
  char *error = NULL;
  int rc = lt_kb_load_json(&kb, json, NAME, &error);
  free(json);
  if (rc != 0) {
    FUZZ_CHECK(rc == -1 && error, "rc %d without a message", rc);
    FUZZ_CHECK(strncmp(error, NAME, strlen(NAME)) == 0 && fuzz_valid_string(error),
               "message \"%s\"", error);
    free(error);
    lt_kb_free(&kb);
    return 0;
  }
  FUZZ_CHECK(error == NULL, "success with a message");
  check_kb(&kb);

  /* The text the recognizer reads: every alias, name and id, in order
  ** (bounded, so that a big input does not make a quadratic check slow). */
  char *text = NULL;
  size_t text_len = 0, text_cap = 0;
  append(&text, &text_len, &text_cap, "Le");
  for (size_t i = 0; i < kb.count && i < 64; i++) {
    const lt_entity *e = &kb.entities[i];
    for (size_t a = 0; a < e->alias_count && a < 16; a++) append(&text, &text_len, &text_cap, e->aliases[a]);
    append(&text, &text_len, &text_cap, e->name_fr);
    append(&text, &text_len, &text_cap, e->id);
  }

  /* The gazetteer (519 places) costs some 20 ms here: merged only when the
  ** file declares a place, the only case where merging can join entries. */
  int has_place = 0;
  for (size_t i = 0; i < kb.count; i++) has_place |= strcmp(kb.entities[i].type, "place") == 0;
  if (has_place) {
    size_t loaded = kb.count, aliases = 0;
    for (size_t i = 0; i < loaded; i++) aliases += kb.entities[i].alias_count;
    FUZZ_CHECK(lt_kb_add_gazetteer(&kb) == 0, "gazetteer failed");
    size_t after = 0;
    for (size_t i = 0; i < loaded; i++) after += kb.entities[i].alias_count;
    FUZZ_CHECK(after >= aliases, "the gazetteer merge lost aliases");
    check_kb(&kb);
    /* Then the recognizer below runs over a kb of ~600 entities: keep it to
    ** the merge, which is what this target is about. */
    lt_kb_free(&kb);
    free(text);
    return 0;
  }

  lt_recognizer *recognizer = lt_recognizer_new(&kb, 1);
  FUZZ_CHECK(recognizer != NULL, "no recognizer");
  lt_mention *mentions = NULL;
  size_t count = 0;
  FUZZ_CHECK(lt_recognize(recognizer, text, text_len, &mentions, &count) == 0, "recognize failed");
  long last_end = 0;
  for (size_t i = 0; i < count; i++) {
    const lt_mention *m = &mentions[i];
    FUZZ_CHECK(fuzz_valid_span(text, text_len, m->start, m->end) && m->start >= last_end,
               "mention %zu [%d, %d) after %ld, of %zu bytes", i, m->start, m->end, last_end,
               text_len);
    last_end = m->end;
    FUZZ_CHECK(m->entity < (long)kb.count, "entity %ld of %zu", m->entity, kb.count);
    if (m->entity < 0) {
      FUZZ_CHECK(m->candidate_count >= 2 && m->candidate_count <= LT_MAX_CANDIDATES,
                 "%d candidates", m->candidate_count);
      for (int c = 0; c < m->candidate_count; c++)
        FUZZ_CHECK(m->candidates[c] >= 0 && m->candidates[c] < (long)kb.count, "candidate %ld",
                   m->candidates[c]);
    }
  }
  check_kb(&kb);
  free(mentions);
  lt_recognizer_free(recognizer);
  free(text);
  lt_kb_free(&kb);
  return 0;
}
