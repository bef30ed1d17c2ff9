/*
** test_entities.c — the knowledge base and entity recognition: KB errors
** (file, line and column; entity and field), alias matching (OTAN / NATO /
** I’OTAN, longest match, case), acronym definitions, surnames, names in
** capitals, sentence-initial words, ambiguous aliases, the gazetteer; and
** the native annotation throughput (printed, informational).
*/
#include "lanterne.h"
#include "cJSON.h"
#include "check.h"
#include "entities.h"
#include "kb.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static char scratch[512];

/* Recognizes `text` with the KB `kb_json` (NULL: none) plus the gazetteer;
** returns "id=surface;..." in text order, "?=surface" for ambiguous ones
** (malloc'd), or NULL if the KB failed to load. */
static char *recognize(const char *kb_json, const char *text, int discover) {
  lt_kb kb = {0};
  char *error = NULL;
  if (kb_json && lt_kb_load_json(&kb, kb_json, "test.json", &error) != 0) {
    fprintf(stderr, "KB error: %s\n", error);
    free(error);
    lt_kb_free(&kb);
    return NULL;
  }
  CHECK(lt_kb_add_gazetteer(&kb) == 0, "gazetteer");
  lt_recognizer *r = lt_recognizer_new(&kb, discover);
  lt_mention *mentions = NULL;
  size_t count = 0;
  CHECK(r && lt_recognize(r, text, strlen(text), &mentions, &count) == 0, "recognize");
  size_t cap = 64;
  for (size_t i = 0; i < count; i++) cap += 80 + (size_t)(mentions[i].end - mentions[i].start);
  char *out = calloc(1, cap);
  for (size_t i = 0; out && i < count; i++) {
    const lt_mention *m = &mentions[i];
    size_t len = strlen(out);
    snprintf(out + len, cap - len, "%s%s=%.*s", i ? ";" : "", m->entity >= 0 ? kb.entities[m->entity].id : "?",
             m->end - m->start, text + m->start);
  }
  free(mentions);
  lt_recognizer_free(r);
  lt_kb_free(&kb);
  return out;
}

static void check_recognized(const char *kb_json, const char *text, int discover, const char *want) {
  char *got = recognize(kb_json, text, discover);
  CHECK(got && strcmp(got, want) == 0, "in \"%s\"\n  got  %s\n  want %s", text, got ? got : "(null)", want);
  free(got);
}

/* The type of the entity mentioned by `surface` in `text` (discovery on). */
static void check_discovered(const char *text, const char *surface, const char *want_type, const char *want_name) {
  lt_kb kb = {0};
  lt_recognizer *r = lt_recognizer_new(&kb, 1);
  lt_mention *mentions = NULL;
  size_t count = 0;
  CHECK(r && lt_recognize(r, text, strlen(text), &mentions, &count) == 0, "recognize");
  const lt_entity *found = NULL;
  for (size_t i = 0; i < count; i++)
    if (mentions[i].entity >= 0 && (size_t)(mentions[i].end - mentions[i].start) == strlen(surface) &&
        strncmp(text + mentions[i].start, surface, strlen(surface)) == 0)
      found = &kb.entities[mentions[i].entity];
  CHECK(found && strcmp(found->type, want_type) == 0, "\"%s\" in \"%s\": want a %s, got %s", surface, text,
        want_type, found ? found->type : "nothing");
  if (found && want_name) CHECK_STR(found->name_fr, want_name);
  free(mentions);
  lt_recognizer_free(r);
  lt_kb_free(&kb);
}

static const char *nato_kb =
  "{\"entities\": ["
  " {\"id\": \"nato\", \"type\": \"organization\", \"name\": {\"fr\": \"OTAN\", \"en\": \"NATO\"},"
  "  \"aliases\": [\"OTAN\", \"NATO\", \"Alliance atlantique\", \"Alliance\"]},"
  " {\"id\": \"un\", \"type\": \"organization\", \"name\": \"Nations unies\","
  "  \"aliases\": [\"ONU\", \"UN\", \"Nations unies\"]},"
  " {\"id\": \"unsc\", \"type\": \"organization\", \"name\": \"Conseil de sécurité\","
  "  \"aliases\": [\"Conseil de sécurité des Nations unies\"]},"
  " {\"id\": \"sahara\", \"type\": \"place\", \"name\": \"Sahara\", \"aliases\": [\"Sahara\"],"
  "  \"description\": {\"fr\": \"Désert d'Afrique du Nord, entre le Sahel et la Méditerranée.\"}},"
  " {\"id\": \"western_sahara\", \"type\": \"place\", \"name\": \"Sahara occidental\","
  "  \"aliases\": [\"Sahara\", \"Sahara occidental\"],"
  "  \"description\": {\"fr\": \"Territoire dont la souveraineté est disputée entre le Maroc et le Polisario.\"}}"
  "]}";

static void test_matching(void) {
  /* Every form of NATO, the article and OCR I’ left out of the span. */
  check_recognized(nato_kb, "L’OTAN, la NATO et I’OTAN ; l'Alliance atlantique.", 0,
                   "nato=OTAN;nato=NATO;nato=OTAN;nato=Alliance atlantique");
  /* Longest match: the Security Council, not the UN inside it. */
  check_recognized(nato_kb, "le Conseil de sécurité des Nations unies et les Nations Unies", 0,
                   "unsc=Conseil de sécurité des Nations unies;un=Nations Unies");
  /* Case: the acronym UN is not the article "un"; "alliance" in lower case
  ** is not "Alliance". */
  check_recognized(nato_kb, "un accord avec l'UN et une alliance", 0, "un=UN");
  /* Accents and case folded: ETATS-UNIS, États-Unis, Etats-Unis (gazetteer). */
  char *got = recognize(NULL, "ETATS-UNIS, États-Unis et Etats-Unis", 0);
  CHECK(got && strcmp(got, "country_us=ETATS-UNIS;country_us=États-Unis;country_us=Etats-Unis") == 0, "got %s", got);
  free(got);
  /* French and English names of a country are one entity. */
  check_recognized(NULL, "le Maroc (Morocco) et le Royaume du Maroc", 0,
                   "country_ma=Maroc;country_ma=Morocco;country_ma=Royaume du Maroc");
}

static void test_ambiguity(void) {
  /* No context: left ambiguous, not guessed. */
  check_recognized(nato_kb, "Le Sahara.", 0, "?=Sahara");
  /* The words around it choose. */
  check_recognized(nato_kb, "la pleine souveraineté du Maroc sur son Sahara", 0,
                   "country_ma=Maroc;western_sahara=Sahara");
  check_recognized(nato_kb, "la région du Sahel, du Sahara, de la Méditerranée", 0, "sahara=Sahara");
}

static void test_discovery(void) {
  /* Acronym defined in the text: both forms are one entity. */
  check_recognized(NULL, "La Direction générale de la sécurité du territoire (DGST) coopère. La DGST a dit.", 1,
                   "found_direction_generale_de_la_securite_du_territoire=Direction générale de la sécurité du territoire;"
                   "found_direction_generale_de_la_securite_du_territoire=DGST;"
                   "found_direction_generale_de_la_securite_du_territoire=DGST");
  /* A surname alone joins the full name of the same document. */
  check_recognized(NULL, "Il a reçu M. Yassir Oukara hier. Selon lui, Oukara est parti.", 1,
                   "found_yassir_oukara=Yassir Oukara;found_yassir_oukara=Oukara");
  /* Types from cues: titles, head nouns, prepositions. */
  check_discovered("Il a reçu M. Yassir Oukara hier.", "Yassir Oukara", "person", "Yassir Oukara");
  check_discovered("avec le colonel-major Mohamed Bahassi et d'autres.", "Mohamed Bahassi", "person", NULL);
  check_discovered("Le texte, signé par Menouar ALEM et remis hier.", "Menouar ALEM", "person", "Menouar Alem");
  check_discovered("le rapport du Comité Politique et des Partenariats sur", "Comité Politique et des Partenariats", "organization", NULL);
  check_discovered("une visite à Tombouctou la semaine passée", "Tombouctou", "place", NULL);
  check_discovered("les groupes comme AQMI agissent", "AQMI", "organization", NULL);
  /* Sentence-initial and common capitalised words are not names. */
  check_recognized(NULL, "Objet : Réunion du lundi.\nMonsieur, Selon nos informations, Ensuite il part. Le 3 Mai.", 1, "");
  /* An acronym defined by a common noun is not an entity. */
  check_recognized(NULL, "des armes de destruction massive (ADM) et des ADM.", 1, "");
}

static void test_kb_errors(void) {
  static const struct { const char *json; const char *want; } cases[] = {
    { "{\"entities\": [\n  {\"id\": \"a\",,}\n]}", "test.json:2:15: malformed JSON" },
    { "[1, 2]", "test.json: expected {\"entities\": [...]}" },
    { "{\"entities\": [{\"type\": \"place\", \"name\": \"X\"}]}", "test.json: entity 0: \"id\" must be" },
    { "{\"entities\": [{\"id\": \"x\", \"type\": \"place\", \"name\": \"X\", \"aliases\": \"X\"}]}",
      "test.json: entity 0 (\"x\"): \"aliases\" must be an array of strings" },
    { "{\"entities\": [{\"id\": \"x\", \"type\": \"place\", \"name\": \"X\", \"aliases\": [1]}]}",
      "test.json: entity 0 (\"x\"): \"aliases\" must be an array of strings" },
    { "{\"entities\": [{\"id\": \"x\", \"name\": \"X\"}]}", "test.json: entity 0 (\"x\"): \"type\" must be" },
    { "{\"entities\": [{\"id\": \"x\", \"type\": \"place\", \"name\": \"X\"},"
      " {\"id\": \"x\", \"type\": \"place\", \"name\": \"Y\"}]}", "test.json: entity 1 (\"x\"): the id is used twice" },
    { "{\"entities\": [{\"id\": \"x\", \"type\": \"place\", \"name\": 3}]}", "test.json: entity 0 (\"x\"): \"name\" must be" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    lt_kb kb = {0};
    char *error = NULL;
    int rc = lt_kb_load_json(&kb, cases[i].json, "test.json", &error);
    CHECK(rc != 0 && error && strncmp(error, cases[i].want, strlen(cases[i].want)) == 0,
          "case %zu: got \"%s\", want \"%s...\"", i, error ? error : "(none)", cases[i].want);
    free(error);
    lt_kb_free(&kb);
  }
  /* A missing file is named; through the API too. */
  lt_kb kb = {0};
  char *error = NULL;
  CHECK(lt_kb_load_file(&kb, "/no/such/entities.json", &error) != 0 && error &&
        strstr(error, "/no/such/entities.json"), "missing file: %s", error ? error : "(none)");
  free(error);
  lt_kb_free(&kb);
  snprintf(scratch, sizeof scratch, "%s/bad-entities.json", LANTERNE_BINARY_DIR);
  FILE *f = fopen(scratch, "wb");
  if (f) { fputs("{\"entities\": [\n{\"id\": }]}", f); fclose(f); }
  char options[700];
  snprintf(options, sizeof options, "{\"kb\": \"%s\"}", scratch);
  char *answer = lanterne_annotate("Le Maroc.", options);
  char want[600];
  snprintf(want, sizeof want, "%s:2:8: malformed JSON", scratch);
  CHECK(answer && strstr(answer, want), "annotate with a bad KB: %s", answer ? answer : "(null)");
  lanterne_free(answer);
}

/* annotate's JSON: entities grouped, in order of first mention. */
static void test_annotate_json(void) {
  char path[600], options[700];
  snprintf(path, sizeof path, "%s/corpus/entities.json", LANTERNE_SOURCE_DIR);
  snprintf(options, sizeof options, "{\"kb\": \"%s\"}", path);
  char *text = lanterne_annotate("L’OTAN et la NATO ont reçu le Maroc.", options);
  cJSON *answer = cJSON_Parse(text ? text : "");
  lanterne_free(text);
  const cJSON *entities = cJSON_GetObjectItemCaseSensitive(answer, "entities");
  const cJSON *first = cJSON_GetArrayItem(entities, 0);
  CHECK(cJSON_GetArraySize(entities) == 2, "two entities");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "id")), "nato");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(first, "mentions")) == 2, "two NATO mentions");
  const cJSON *mention = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(first, "mentions"), 0);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(mention, "start")) == 4 &&
        cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(mention, "end")) == 8, "OTAN at [4, 8)");
  cJSON_Delete(answer);
}

/* Hostile texts: never a crash, mentions always inside the text and in order. */
static void test_hostile_texts(void) {
  static const char *texts[] = {
    "", "(", "()", "(ABC)", "A (", "ABCDEF (", ") (OTAN", "M.", "M. ", "l'", "I’", "#", "-", "- -",
    "Direction générale de la de la de la de la de la de la de la de la de la (DDDDDDDDDD)",
    "AAAA BBBB CCCC DDDD EEEE FFFF GGGG HHHH IIII JJJJ KKKK", "Sommet de", "sommet du ",
    "Ã( â OTAN ð Maroc", "Menouar ALEM ALEM ALEM ALEM ALEM ALEM",
  };
  for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
    char *answer = lanterne_annotate(texts[t], NULL);
    CHECK(answer && !strstr(answer, "\"error\""), "text %zu: %s", t, answer ? answer : "(null)");
    lanterne_free(answer);
  }
  /* Pseudo-random texts from name-like pieces. */
  static const char *pieces[] = { "OTAN", "Maroc", " ", "(", ")", "de", "la", "l'", "M.", "Direction", "DGST",
                                  "\n", ".", "ALEM", "Yassir", "é", "-", "#", "2012", "/", "Sahara", "’" };
  unsigned seed = 12345;
  char text[4096];
  for (int round = 0; round < 300; round++) {
    size_t n = 0;
    int count = (int)(seed % 200);
    for (int k = 0; k < count; k++) {
      seed = seed * 1103515245u + 12345u;
      const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
      size_t len = strlen(piece);
      if (n + len + 1 >= sizeof text) break;
      memcpy(text + n, piece, len);
      n += len;
      if ((seed >> 8) % 3 == 0) text[n++] = ' ';
    }
    text[n] = 0;
    lt_kb kb = {0};
    lt_kb_add_gazetteer(&kb);
    lt_recognizer *r = lt_recognizer_new(&kb, 1);
    lt_mention *mentions = NULL;
    size_t found = 0;
    int rc = r ? lt_recognize(r, text, n, &mentions, &found) : -1;
    int ordered = 1;
    for (size_t i = 0; i < found; i++)
      ordered &= mentions[i].start < mentions[i].end && (size_t)mentions[i].end <= n &&
                 (i == 0 || mentions[i - 1].end <= mentions[i].start);
    CHECK(rc == 0 && ordered, "round %d: mentions out of order or outside \"%s\"", round, text);
    free(mentions);
    lt_recognizer_free(r);
    lt_kb_free(&kb);
  }
}

/* Informational: native throughput of recognition with the corpus KB. */
static void report_throughput(void) {
  char path[600];
  static const char *docs[] = { "000_7c59c344a3186c0e", "001_470fb5816bf4cc43", "002_41e792016c4892aa",
                                "003_4625da25efb4d1b6", "004_5b4bad2fd53bf112" };
  size_t cap = 1 << 20, n = 0;
  char *text = malloc(cap);
  for (size_t d = 0; text && d < 5; d++) {
    snprintf(path, sizeof path, "%s/corpus/%s.txt", LANTERNE_SOURCE_DIR, docs[d]);
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    n += fread(text + n, 1, cap - n - 1, f);
    fclose(f);
  }
  lt_kb kb = {0};
  char *error = NULL;
  snprintf(path, sizeof path, "%s/corpus/entities.json", LANTERNE_SOURCE_DIR);
  if (!text || lt_kb_load_file(&kb, path, &error) != 0 || lt_kb_add_gazetteer(&kb) != 0) {
    free(error); free(text); lt_kb_free(&kb); return;
  }
  lt_recognizer *r = lt_recognizer_new(&kb, 1);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  size_t total = 0;
  for (int round = 0; r && round < 40; round++) {
    lt_mention *mentions = NULL;
    size_t count = 0;
    if (lt_recognize(r, text, n, &mentions, &count) != 0) break;
    free(mentions);
    total += n;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("entity recognition (KB + gazetteer + discovery): %.1f MB/s over %zu bytes\n",
         seconds > 0 ? (double)total / 1e6 / seconds : 0, total);
  lt_recognizer_free(r);
  lt_kb_free(&kb);
  free(text);
}

int main(void) {
  test_kb_errors();
  test_matching();
  test_ambiguity();
  test_discovery();
  test_annotate_json();
  test_hostile_texts();
  report_throughput();
  return check_done();
}
