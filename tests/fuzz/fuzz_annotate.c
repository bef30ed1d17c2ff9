/*
** fuzz_annotate.c — libFuzzer target for the entity annotator:
** lt_recognize() (entities.h) over the default knowledge base, and the whole
** lanterne_annotate() answer.
**
** Two knowledge bases are loaded once: corpus/entities.json (90 entities)
** and none at all (discovery only).  The built-in gazetteer is left out of
** these: a recognizer over its ~2,000 aliases takes some 50 ms to build
** under the sanitizers, and one is built per input.  The recognizer adds
** what it discovers to its kb, so after every input the kb is cut back to
** what it held before: each input is read against the same kb, and a crash
** replays.  lanterne_annotate(), which merges the gazetteer every call, runs
** on one input in sixteen.
**
** Input: the first byte picks the kb (bit 0), discovery on or off (bit 1)
** and whether lanterne_annotate() runs too (bits 4-7 all set); the rest is
** the text, repaired to valid UTF-8 as the core does.  Checks:
**   - mentions come in text order, never overlap, and each [start, end) is
**     a non-empty span of the text on UTF-8 boundaries;
**   - a mention names an entity of the kb, or is ambiguous (-1) with 2 to
**     LT_MAX_CANDIDATES distinct candidates of the kb;
**   - without discovery, the kb gains no entity;
**   - a discovered entity has a unique id, a type, names and aliases that
**     are non-empty valid UTF-8;
**   - lanterne_annotate() answers a JSON object without "error" whose
**     dates and mentions have offsets inside the repaired text, and whose
**     mention "text" is exactly the bytes at those offsets.
*/
#include "fuzz_common.h"
#include "entities.h"
#include "kb.h"
#include "lanterne.h"
#include "cJSON.h"

typedef struct {
  lt_kb kb;
  size_t count;          /* entities before any input */
  size_t *alias_counts;  /* aliases of each, before any input */
} saved_kb;

static saved_kb kbs[2];

static void save(saved_kb *s) {
  s->count = s->kb.count;
  s->alias_counts = malloc((s->count + 1) * sizeof *s->alias_counts);
  if (!s->alias_counts) abort();
  for (size_t i = 0; i < s->count; i++) s->alias_counts[i] = s->kb.entities[i].alias_count;
}

/* Frees what the recognizer added: discovered entities, learnt aliases. */
static void restore(saved_kb *s) {
  lt_kb *kb = &s->kb;
  for (size_t i = s->count; i < kb->count; i++) {
    lt_entity *e = &kb->entities[i];
    for (size_t a = 0; a < e->alias_count; a++) free(e->aliases[a]);
    free(e->aliases);
    free(e->id); free(e->type); free(e->name_fr); free(e->name_en);
    free(e->description_fr); free(e->description_en); free(e->role); free(e->wikidata);
  }
  kb->count = s->count;
  for (size_t i = 0; i < s->count; i++) {
    lt_entity *e = &kb->entities[i];
    for (size_t a = s->alias_counts[i]; a < e->alias_count; a++) free(e->aliases[a]);
    e->alias_count = s->alias_counts[i];
  }
}

static int nonempty_utf8(const char *s) { return s && s[0] && fuzz_valid_string(s); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  char *error = NULL;
  if (lt_kb_load_file(&kbs[0].kb, LANTERNE_SOURCE_DIR "/corpus/entities.json", &error) != 0) {
    fprintf(stderr, "fuzz_annotate: %s\n", error ? error : "out of memory");
    abort();
  }
  save(&kbs[0]);
  save(&kbs[1]);
  return 0;
}

static void check_mentions(const char *text, size_t n, const lt_kb *kb, const lt_mention *m,
                           size_t count) {
  long last_end = 0;
  for (size_t i = 0; i < count; i++) {
    FUZZ_CHECK(fuzz_valid_span(text, n, m[i].start, m[i].end), "mention %zu [%d, %d) of %zu bytes",
               i, m[i].start, m[i].end, n);
    FUZZ_CHECK(m[i].start >= last_end, "mention %zu [%d, %d) overlaps the one ending at %ld", i,
               m[i].start, m[i].end, last_end);
    last_end = m[i].end;
    if (m[i].entity >= 0) {
      FUZZ_CHECK((size_t)m[i].entity < kb->count, "mention %zu: entity %ld of %zu", i,
                 m[i].entity, kb->count);
      continue;
    }
    FUZZ_CHECK(m[i].entity == -1 && m[i].candidate_count >= 2 &&
               m[i].candidate_count <= LT_MAX_CANDIDATES,
               "mention %zu: entity %ld with %d candidates", i, m[i].entity, m[i].candidate_count);
    for (int c = 0; c < m[i].candidate_count; c++) {
      FUZZ_CHECK(m[i].candidates[c] >= 0 && (size_t)m[i].candidates[c] < kb->count,
                 "mention %zu: candidate %ld", i, m[i].candidates[c]);
      for (int d = 0; d < c; d++)
        FUZZ_CHECK(m[i].candidates[c] != m[i].candidates[d], "mention %zu: candidate %ld twice", i,
                   m[i].candidates[c]);
    }
  }
}

static void check_discovered(const saved_kb *s) {
  const lt_kb *kb = &s->kb;
  for (size_t i = s->count; i < kb->count; i++) {
    const lt_entity *e = &kb->entities[i];
    FUZZ_CHECK(nonempty_utf8(e->id) && nonempty_utf8(e->type) && nonempty_utf8(e->name_fr) &&
               nonempty_utf8(e->name_en),
               "discovered entity %zu has an empty or invalid field", i);
    for (size_t a = 0; a < e->alias_count; a++)
      FUZZ_CHECK(nonempty_utf8(e->aliases[a]), "entity %s: alias %zu empty or invalid", e->id, a);
    for (size_t j = 0; j < i; j++)
      FUZZ_CHECK(strcmp(kb->entities[j].id, e->id) != 0, "id %s given twice", e->id);
  }
}

/* Offsets of an answer's spans ("start", "end"; "text" when given). */
static void check_span_json(const cJSON *item, const char *text, size_t n, int has_text) {
  const cJSON *start = cJSON_GetObjectItemCaseSensitive(item, "start");
  const cJSON *end = cJSON_GetObjectItemCaseSensitive(item, "end");
  FUZZ_CHECK(cJSON_IsNumber(start) && cJSON_IsNumber(end), "span without offsets");
  FUZZ_CHECK(fuzz_valid_span(text, n, (long)start->valuedouble, (long)end->valuedouble),
             "span [%g, %g) of %zu bytes", start->valuedouble, end->valuedouble, n);
  if (!has_text) return;
  const cJSON *surface = cJSON_GetObjectItemCaseSensitive(item, "text");
  size_t len = (size_t)(end->valuedouble - start->valuedouble);
  FUZZ_CHECK(cJSON_IsString(surface) && strlen(surface->valuestring) == len &&
             memcmp(surface->valuestring, text + (size_t)start->valuedouble, len) == 0,
             "span text is not the text at its offsets");
}

static void check_api(const char *text, size_t n, int discover) {
  /* lanterne_annotate() reads a C string: stop at the first NUL, as the
  ** repaired text has none. */
  char *answer = lanterne_annotate(text, discover ? "{}" : "{\"discover\": false}");
  FUZZ_CHECK(answer != NULL, "no answer");
  cJSON *json = cJSON_Parse(answer);
  FUZZ_CHECK(cJSON_IsObject(json) && !cJSON_GetObjectItemCaseSensitive(json, "error"),
             "answer: %.200s", answer);
  const cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(json, "dates"))
    check_span_json(item, text, n, 1);
  const cJSON *entity;
  cJSON_ArrayForEach(entity, cJSON_GetObjectItemCaseSensitive(json, "entities")) {
    FUZZ_CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(entity, "type")), "no type");
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(entity, "mentions"))
      check_span_json(item, text, n, 1);
  }
  const cJSON *date = cJSON_GetObjectItemCaseSensitive(json, "document_date");
  if (cJSON_IsObject(date)) check_span_json(date, text, n, 0);
  cJSON_Delete(json);
  lanterne_free(answer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  saved_kb *s = &kbs[data[0] & 1];
  int discover = (data[0] >> 1) & 1;
  int api = (data[0] & 0xF0) == 0xF0;
  size_t n;
  char *text = fuzz_repaired(data + 1, size - 1, &n);

  lt_recognizer *recognizer = lt_recognizer_new(&s->kb, discover);
  FUZZ_CHECK(recognizer != NULL, "no recognizer");
  lt_mention *mentions = NULL;
  size_t count = 0;
  FUZZ_CHECK(lt_recognize(recognizer, text, n, &mentions, &count) == 0, "recognize failed");
  FUZZ_CHECK((count == 0) == (mentions == NULL), "%zu mentions at %p", count, (void *)mentions);
  check_mentions(text, n, &s->kb, mentions, count);
  if (!discover) FUZZ_CHECK(s->kb.count == s->count, "entities added without discovery");
  check_discovered(s);
  free(mentions);
  lt_recognizer_free(recognizer);
  restore(s);

  if (api) check_api(text, n, discover);
  free(text);
  return 0;
}
