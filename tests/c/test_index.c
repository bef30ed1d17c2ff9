/*
** test_index.c — the index end to end through the public API: building the
** default corpus, reproducibility, failure safety, opening from a file and
** from bytes, searching, fetching documents, entities (search by any alias,
** filters, facets, detail), and refusing bad index files and bad knowledge
** bases.
*/
#include "lanterne.h"
#include "read_file.h"
#include "cJSON.h"
#include "answer.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch[256];

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f) { fputs(text, f); fclose(f); }
}

static double total_of(const cJSON *json) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(json, "total");
  return cJSON_IsNumber(t) ? t->valuedouble : -1;
}

/* Indexes the corpus folder `dir` into `db` with build `options` (or
** NULL); a failure is a CHECK failure.  Returns 1 if it was built. */
static int build_ok(const char *dir, const char *db, const char *options) {
  cJSON *report = answer_json(lanterne_build(dir, db, options));
  int ok = report && !error_of(report);
  CHECK(ok, "build %s with %s: %s", dir, options ? options : "the default options",
        report ? error_of(report) : "no answer");
  cJSON_Delete(report);
  return ok;
}

/* build_ok(), then the index opened; a failure is a CHECK failure and
** gives NULL. */
static lanterne_index *build_and_open(const char *dir, const char *db, const char *options) {
  if (!build_ok(dir, db, options)) return NULL;
  char *error = NULL;
  lanterne_index *index = lanterne_open_file(db, &error);
  CHECK(index, "open %s: %s", db, error ? error : "");
  lanterne_free(error);
  return index;
}

static cJSON *search(lanterne_index *index, const char *query) {
  cJSON *request = cJSON_CreateObject();
  cJSON_AddStringToObject(request, "query", query);
  cJSON_AddNumberToObject(request, "limit", 50);
  char *text = cJSON_PrintUnformatted(request);
  cJSON_Delete(request);
  cJSON *answer = answer_json(lanterne_search(index, text));
  cJSON_free(text);
  return answer;
}

/* Returns 1 if the hits of `answer` include the document `id`. */
static int has_hit(const cJSON *answer, const char *id) {
  const cJSON *hit;
  cJSON_ArrayForEach(hit, cJSON_GetObjectItemCaseSensitive(answer, "hits")) {
    const cJSON *hit_id = cJSON_GetObjectItemCaseSensitive(hit, "id");
    if (cJSON_IsString(hit_id) && strcmp(hit_id->valuestring, id) == 0) return 1;
  }
  return 0;
}

/* Returns info's string field `key`, or "" (not a string). */
static const char *info_string(const cJSON *info, const char *key) {
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(info, key);
  return cJSON_IsString(value) ? value->valuestring : "";
}

/* lanterne_info(): the span of the documents' own dates and their languages,
** gathered while building; on the default corpus, then on a small one with
** an undated document and documents without a language. */
static void test_info(lanterne_index *index) {
  cJSON *info = answer_json(lanterne_info(index));
  const cJSON *documents = cJSON_GetObjectItemCaseSensitive(info, "documents");
  CHECK(cJSON_IsNumber(documents) && documents->valuedouble == 5, "5 documents");
  CHECK_STR(info_string(info, "first_date"), "2012-04-19");
  CHECK_STR(info_string(info, "last_date"), "2022-06");
  char *languages = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(info, "languages"));
  CHECK_STR(languages ? languages : "", "{\"fr\":5}");
  cJSON_free(languages);
  cJSON_Delete(info);

  char dir[300], path[400], db[300];
  snprintf(dir, sizeof dir, "%s/mixed", scratch);
  mkdir(dir, 0755);
  snprintf(path, sizeof path, "%s/corpus.json", dir);
  write_file(path, "{\"documents\": {\"b\": {\"language\": \"en\", \"date\": \"2019-03\"},"
                   " \"c\": {\"date\": \"2001\"}}}");
  snprintf(path, sizeof path, "%s/a.txt", dir);
  write_file(path, "Une note sans date ni langue.\n");
  snprintf(path, sizeof path, "%s/b.txt", dir);
  write_file(path, "An English cable.\n");
  snprintf(path, sizeof path, "%s/c.txt", dir);
  write_file(path, "Un autre texte.\n");
  snprintf(db, sizeof db, "%s/mixed.db", scratch);
  lanterne_index *mixed = build_and_open(dir, db, NULL);
  info = answer_json(mixed ? lanterne_info(mixed) : NULL);
  CHECK_STR(info_string(info, "first_date"), "2001");
  CHECK_STR(info_string(info, "last_date"), "2019-03");
  languages = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(info, "languages"));
  CHECK_STR(languages ? languages : "", "{\"en\":1,\"unknown\":2}");
  cJSON_free(languages);
  cJSON_Delete(info);
  lanterne_close(mixed);
}

/* Two files have the same bytes. */
static void compare_files(const char *a, const char *b, const char *how) {
  size_t na = 0, nb = 0;
  char *da = read_file(a, &na), *db = read_file(b, &nb);
  CHECK(da && db && na == nb && na > 0 && memcmp(da, db, na) == 0,
        "two builds of the same corpus differ (%zu vs %zu bytes), the second with %s", na, nb, how);
  lanterne_free(da);
  lanterne_free(db);
}

/* Builds of the same corpus give the same bytes: finding dates and
** entities on a second thread (the default) or on the writing thread,
** indexing in memory (the default) or in a scratch file. */
static void test_build_is_reproducible(const char *corpus, const char *a, const char *b) {
  cJSON *report = answer_json(lanterne_build(corpus, a, NULL));
  CHECK(report && !error_of(report), "build failed: %s", error_of(report));
  const cJSON *documents = cJSON_GetObjectItemCaseSensitive(report, "documents");
  CHECK(cJSON_IsNumber(documents) && documents->valuedouble == 5, "expected 5 documents");
  cJSON_Delete(report);
  if (build_ok(corpus, b, "{\"threads\": 1}")) compare_files(a, b, "one thread");
  if (build_ok(corpus, b, "{\"in_memory_mb\": 0}")) compare_files(a, b, "a scratch file");
  /* and the scratch file is gone */
  char listing[600];
  snprintf(listing, sizeof listing, "ls -aR '%s' | grep -q 'build-'", scratch);
  CHECK(system(listing) != 0, "a scratch file was left in %s", scratch);
}

static void test_failed_build_keeps_previous_index(const char *index_path) {
  size_t before_n = 0, after_n = 0;
  char *before = read_file(index_path, &before_n);
  char missing[300];
  snprintf(missing, sizeof missing, "%s/no-such-corpus", scratch);
  cJSON *report = answer_json(lanterne_build(missing, index_path, NULL));
  const char *error = error_of(report);
  CHECK(error && strstr(error, "no-such-corpus"), "error should name the folder: %s", error ? error : "(none)");
  cJSON_Delete(report);

  /* A corpus whose corpus.json is malformed fails too. */
  char bad_corpus[300], path[400];
  snprintf(bad_corpus, sizeof bad_corpus, "%s/bad-corpus", scratch);
  mkdir(bad_corpus, 0777);
  snprintf(path, sizeof path, "%s/a.txt", bad_corpus);
  write_file(path, "Un document.\n");
  snprintf(path, sizeof path, "%s/corpus.json", bad_corpus);
  write_file(path, "{\"title\": \"oops\",,}");
  report = answer_json(lanterne_build(bad_corpus, index_path, NULL));
  error = error_of(report);
  CHECK(error && strstr(error, "corpus.json"), "error should name corpus.json: %s", error ? error : "(none)");
  cJSON_Delete(report);

  char *after = read_file(index_path, &after_n);
  CHECK(before && after && before_n == after_n && memcmp(before, after, before_n) == 0,
        "a failed build changed the previous index");
  lanterne_free(before);
  lanterne_free(after);
  /* And no temporary file is left behind. */
  char listing[700];
  snprintf(listing, sizeof listing, "ls %s | grep -c tmp- > %s/tmpcount", scratch, scratch);
  CHECK(system(listing) != -1, "ls failed");
  snprintf(path, sizeof path, "%s/tmpcount", scratch);
  char *count = read_file(path, NULL);
  CHECK(count && atoi(count) == 0, "temporary files left: %s", count ? count : "?");
  lanterne_free(count);
}

static void test_search(lanterne_index *index) {
  static const struct { const char *query; const char *must_find; } cases[] = {
    { "securite", "002_41e792016c4892aa" },
    { "l'OTAN", "000_7c59c344a3186c0e" },
    { "I’OTAN", "001_470fb5816bf4cc43" },
    { "Etats-Unis", "004_5b4bad2fd53bf112" },
    { "Stamatopoulos", "001_470fb5816bf4cc43" },
    { "cyberdefense", "001_470fb5816bf4cc43" },
    { "Hammouchi", "002_41e792016c4892aa" },
    { "143/4", "000_7c59c344a3186c0e" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cJSON *answer = search(index, cases[i].query);
    CHECK(answer && !error_of(answer) && has_hit(answer, cases[i].must_find),
          "%s should find %s", cases[i].query, cases[i].must_find);
    cJSON_Delete(answer);
  }
  /* Empty query: every document, by date. */
  cJSON *all = search(index, "");
  CHECK(total_of(all) == 5, "empty query should list 5 documents, got %g", total_of(all));
  cJSON_Delete(all);
  /* Exclusion narrows, exclusion alone lists the rest. */
  cJSON *with = search(index, "maroc"), *without = search(index, "maroc -Stamatopoulos");
  CHECK(total_of(without) == total_of(with) - 1, "exclusion: %g vs %g", total_of(without), total_of(with));
  cJSON_Delete(with);
  cJSON_Delete(without);
  cJSON *only_excluded = search(index, "-Stamatopoulos");
  CHECK(total_of(only_excluded) == 4, "-Stamatopoulos alone should leave 4, got %g", total_of(only_excluded));
  cJSON_Delete(only_excluded);
  /* Hostile text is never an error. */
  static const char *hostile[] = { "\"", "NEAR(", "*", "-", "OR", "title:", "((", "\xff\xfe", "😀", "\xE2\x80\x8F" "otan" };
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
    cJSON *answer = search(index, hostile[i]);
    CHECK(answer && !error_of(answer) && total_of(answer) >= 0, "hostile query %zu gave an error", i);
    cJSON_Delete(answer);
  }
  /* Snippet highlights point at the matched word. */
  cJSON *answer = search(index, "Stamatopoulos");
  const cJSON *hit = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(answer, "hits"), 0);
  const char *snippet = cJSON_GetObjectItemCaseSensitive(hit, "snippet")->valuestring;
  const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(hit, "highlights"), 0);
  int start = first ? (int)cJSON_GetArrayItem(first, 0)->valuedouble : -1;
  int end = first ? (int)cJSON_GetArrayItem(first, 1)->valuedouble : -1;
  CHECK(start >= 0 && end - start == 13 && strncmp(snippet + start, "Stamatopoulos", 13) == 0,
        "highlight [%d, %d) in \"%s\"", start, end, snippet);
  cJSON_Delete(answer);
}

/* Runs a request and returns the parsed answer. */
static cJSON *request(lanterne_index *index, const char *json) {
  return answer_json(lanterne_search(index, json));
}

static void test_periods_and_timeline(lanterne_index *index) {
  /* The acceptance case: OTAN in 2014 is the 2014 cable only. */
  cJSON *answer = request(index, "{\"query\":\"OTAN\",\"from\":\"2014\",\"to\":\"2014\"}");
  CHECK(total_of(answer) == 1 && has_hit(answer, "001_470fb5816bf4cc43"), "OTAN in 2014: %g", total_of(answer));
  const cJSON *written = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(answer, "timeline"), "written");
  const cJSON *bucket = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(written, "buckets"), 0);
  CHECK(bucket && strcmp(cJSON_GetObjectItemCaseSensitive(bucket, "key")->valuestring, "2014-08-14") == 0,
        "one day bucket for one document");
  cJSON_Delete(answer);
  /* A month-precision document is inside a period that overlaps its month. */
  answer = request(index, "{\"query\":\"\",\"from\":\"2018-11-15\",\"to\":\"2018-11-20\"}");
  CHECK(total_of(answer) == 1 && has_hit(answer, "004_5b4bad2fd53bf112"), "2018-11 overlaps mid-November");
  cJSON_Delete(answer);
  answer = request(index, "{\"query\":\"\",\"from\":\"2018-12\"}");
  CHECK(total_of(answer) == 2, "from 2018-12: the 2020 and 2022 documents, got %g", total_of(answer));
  CHECK(!has_hit(answer, "004_5b4bad2fd53bf112"), "2018-11 is before 2018-12");
  cJSON_Delete(answer);
  /* Whole corpus: years, ordered keys. */
  answer = request(index, "{\"query\":\"\"}");
  written = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(answer, "timeline"), "written");
  CHECK(strcmp(cJSON_GetObjectItemCaseSensitive(written, "unit")->valuestring, "year") == 0, "unit year");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(written, "buckets")) == 5, "five years");
  cJSON_Delete(answer);
  /* Speaks of: the 18th century is mentioned by the press article only. */
  answer = request(index, "{\"query\":\"\",\"dates\":\"mentioned\",\"from\":\"1750\",\"to\":\"1760\"}");
  CHECK(total_of(answer) == 1 && has_hit(answer, "003_4625da25efb4d1b6"), "18th century: %g", total_of(answer));
  cJSON_Delete(answer);
  /* Sorted by date, oldest first. */
  answer = request(index, "{\"query\":\"maroc\",\"sort\":\"date\"}");
  const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(answer, "hits"), 0);
  CHECK(first && strcmp(cJSON_GetObjectItemCaseSensitive(first, "id")->valuestring, "000_7c59c344a3186c0e") == 0,
        "oldest first");
  cJSON_Delete(answer);
  /* A period that is not a date is refused with a message. */
  answer = request(index, "{\"query\":\"maroc\",\"from\":\"avril\"}");
  CHECK(error_of(answer) && strstr(error_of(answer), "from"), "bad from");
  cJSON_Delete(answer);
}

static void test_document(lanterne_index *index) {
  cJSON *document = answer_json(lanterne_document(index, "{\"id\":\"001_470fb5816bf4cc43\",\"query\":\"Stamatopoulos\"}"));
  CHECK(document && !error_of(document), "document fetch failed");
  const char *text = cJSON_GetObjectItemCaseSensitive(document, "text")->valuestring;
  const cJSON *pair;
  int count = 0;
  cJSON_ArrayForEach(pair, cJSON_GetObjectItemCaseSensitive(document, "highlights")) {
    int start = (int)cJSON_GetArrayItem(pair, 0)->valuedouble;
    CHECK(strncmp(text + start, "Stamatopoulos", 13) == 0, "document highlight at %d", start);
    count++;
  }
  CHECK(count >= 1, "no highlight in document");
  /* Entity mentions and dates, for the reader to mark, point at their text. */
  const cJSON *mark;
  int stamatopoulos = 0, dated = 0;
  cJSON_ArrayForEach(mark, cJSON_GetObjectItemCaseSensitive(document, "mentions")) {
    int start = (int)cJSON_GetObjectItemCaseSensitive(mark, "start")->valuedouble;
    int end = (int)cJSON_GetObjectItemCaseSensitive(mark, "end")->valuedouble;
    const char *type = cJSON_GetObjectItemCaseSensitive(mark, "type")->valuestring;
    CHECK(start >= 0 && end > start && end <= (int)strlen(text) && type, "mention [%d, %d)", start, end);
    if (end - start == 13 && strncmp(text + start, "Stamatopoulos", 13) == 0 && strcmp(type, "person") == 0)
      stamatopoulos++;
  }
  CHECK(stamatopoulos >= 1, "Stamatopoulos is marked as a person");
  cJSON_ArrayForEach(mark, cJSON_GetObjectItemCaseSensitive(document, "dates")) {
    int start = (int)cJSON_GetObjectItemCaseSensitive(mark, "start")->valuedouble;
    const char *value = cJSON_GetObjectItemCaseSensitive(mark, "value")->valuestring;
    if (strcmp(value, "2014-08-14") == 0 && strncmp(text + start, "14 AOUT 2014", 12) == 0) dated++;
  }
  CHECK(dated == 1, "the dateline 14 AOUT 2014 is marked once, got %d", dated);
  const cJSON *sha = cJSON_GetObjectItemCaseSensitive(document, "sha256");
  CHECK(cJSON_IsString(sha) && strlen(sha->valuestring) == 64, "sha256 missing");
  cJSON_Delete(document);
  document = answer_json(lanterne_document(index, "{\"id\":\"nope\"}"));
  CHECK(error_of(document) && strstr(error_of(document), "nope"), "missing id should be named");
  cJSON_Delete(document);
}

/* Runs a search request given as JSON text. */
static cJSON *search_request(lanterne_index *index, const char *request) {
  return answer_json(lanterne_search(index, request));
}

/* Returns the entry with this id in a facet list or an entity list. */
static const cJSON *entry_with_id(const cJSON *list, const char *id) {
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    const cJSON *item_id = cJSON_GetObjectItemCaseSensitive(item, "id");
    if (cJSON_IsString(item_id) && strcmp(item_id->valuestring, id) == 0) return item;
  }
  return NULL;
}

static void test_entities(lanterne_index *index) {
  /* An alias finds the documents that name the entity otherwise: no
  ** document says "North Atlantic Treaty Organization", three name NATO
  ** (as OTAN, Otan, l'Alliance...); 003 says only "Otan". */
  cJSON *answer = search(index, "North Atlantic Treaty Organization");
  CHECK(total_of(answer) == 3 && has_hit(answer, "000_7c59c344a3186c0e") && has_hit(answer, "001_470fb5816bf4cc43") &&
        has_hit(answer, "003_4625da25efb4d1b6"), "the English name should find the 3 NATO documents, got %g", total_of(answer));
  cJSON_Delete(answer);
  answer = search(index, "NATO");
  CHECK(has_hit(answer, "003_4625da25efb4d1b6"), "NATO should find 003, which says Otan");
  cJSON_Delete(answer);
  answer = search(index, "\"État islamique\"");
  CHECK(has_hit(answer, "002_41e792016c4892aa"), "État islamique should find 002, which says Daech");
  cJSON_Delete(answer);
  /* OR groups, prefixes and exclusions next to names stay valid. */
  static const char *mixed[] = { "Maroc OR \"North Atlantic\" OTAN -Sahel", "nat* OTAN", "(NATO)", "NATO OR",
                                 "\"Royaume du Maroc\" -NATO", "NATO NATO NATO NATO NATO NATO NATO NATO NATO" };
  for (size_t i = 0; i < sizeof mixed / sizeof mixed[0]; i++) {
    answer = search(index, mixed[i]);
    CHECK(answer && !error_of(answer) && total_of(answer) >= 1, "%s: %s", mixed[i],
          error_of(answer) ? error_of(answer) : "no document");
    cJSON_Delete(answer);
  }
  /* Words that name no entity behave as before. */
  answer = search(index, "cyberdefense");
  CHECK(total_of(answer) == 1, "cyberdefense: %g documents", total_of(answer));
  cJSON_Delete(answer);

  /* Entity filters: every listed entity must be mentioned. */
  answer = search_request(index, "{\"entities\": [\"nato\"]}");
  CHECK(total_of(answer) == 3, "nato filter: %g documents", total_of(answer));
  cJSON_Delete(answer);
  answer = search_request(index, "{\"entities\": [\"nato\", \"abdellatif_hammouchi\"]}");
  CHECK(total_of(answer) == 1 && has_hit(answer, "003_4625da25efb4d1b6"), "nato + hammouchi: %g", total_of(answer));
  cJSON_Delete(answer);
  answer = search_request(index, "{\"query\": \"maroc\", \"entities\": [\"no_such_entity\"]}");
  CHECK(error_of(answer) && strstr(error_of(answer), "no_such_entity"), "unknown entity: %s",
        error_of(answer) ? error_of(answer) : "(no error)");
  cJSON_Delete(answer);

  /* Facets count documents over the whole result set; hits list entities. */
  answer = search_request(index, "{\"query\": \"\", \"limit\": 1}");
  const cJSON *facets = cJSON_GetObjectItemCaseSensitive(answer, "facets");
  const cJSON *morocco = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(facets, "place"), 0);
  CHECK(morocco && strcmp(cJSON_GetObjectItemCaseSensitive(morocco, "id")->valuestring, "morocco") == 0 &&
        cJSON_GetObjectItemCaseSensitive(morocco, "count")->valuedouble == 5, "Morocco first, in 5 documents");
  CHECK(entry_with_id(cJSON_GetObjectItemCaseSensitive(facets, "organization"), "nato"), "NATO among organisations");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(facets, "person")) <= 10, "at most 10 per type");
  const cJSON *hit = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(answer, "hits"), 0);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(hit, "entities")) > 0, "hits list their entities");
  cJSON_Delete(answer);

  /* One entity in detail. */
  answer = answer_json(lanterne_entity(index, "{\"id\": \"nato\"}"));
  const cJSON *docs = cJSON_GetObjectItemCaseSensitive(answer, "docs");
  CHECK(cJSON_IsNumber(docs) && docs->valuedouble == 3, "nato: 3 documents");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "documents")) == 3, "nato: documents listed");
  CHECK(entry_with_id(cJSON_GetObjectItemCaseSensitive(answer, "cooccurring"), "morocco"), "nato: co-occurs with Morocco");
  CHECK(entry_with_id(cJSON_GetObjectItemCaseSensitive(answer, "aliases"), "x") == NULL &&
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "aliases")) > 5, "nato: aliases");
  const cJSON *first = cJSON_GetObjectItemCaseSensitive(answer, "first_date");
  CHECK(cJSON_IsString(first) && strcmp(first->valuestring, "2012-04-19") == 0, "nato first date");
  cJSON_Delete(answer);
  answer = answer_json(lanterne_entity(index, "{\"id\": \"nope\"}"));
  CHECK(error_of(answer) && strstr(error_of(answer), "nope"), "unknown entity is an error");
  cJSON_Delete(answer);
  answer = answer_json(lanterne_entities(index, "{\"type\": \"person\"}"));
  CHECK(entry_with_id(cJSON_GetObjectItemCaseSensitive(answer, "entities"), "abdellatif_hammouchi"), "persons listed");
  cJSON_Delete(answer);
}

/* A bad knowledge base fails the build, naming the file and the place. */
static void test_bad_knowledge_base(const char *index_path) {
  char kb[400], options[600];
  snprintf(kb, sizeof kb, "%s/bad-kb.json", scratch);
  write_file(kb, "{\"entities\": [\n  {\"id\": \"x\", \"type\": \"place\", \"name\": \"X\", \"aliases\": 3}\n]}");
  snprintf(options, sizeof options, "{\"kb\": \"%s\"}", kb);
  cJSON *report = answer_json(lanterne_build(LANTERNE_SOURCE_DIR "/corpus", index_path, options));
  const char *error = error_of(report);
  CHECK(error && strstr(error, "bad-kb.json") && strstr(error, "\"x\"") && strstr(error, "aliases"),
        "error should name the file, the entity and the field: %s", error ? error : "(none)");
  cJSON_Delete(report);
  write_file(kb, "{\"entities\": [\n  {\"id\": }\n]}");
  report = answer_json(lanterne_build(LANTERNE_SOURCE_DIR "/corpus", index_path, options));
  error = error_of(report);
  CHECK(error && strstr(error, "bad-kb.json:2:10: malformed JSON"), "line and column: %s", error ? error : "(none)");
  cJSON_Delete(report);
}

/* An index checked against its corpus: identical, then after a change, a
** removal and an addition in a copy of the folder. */
static void test_verify(lanterne_index *index) {
  char copy[400], command[1000], path[500];
  snprintf(copy, sizeof copy, "%s/verify-corpus", scratch);
  snprintf(command, sizeof command, "cp -r '%s' '%s'", LANTERNE_SOURCE_DIR "/corpus", copy);
  CHECK(system(command) == 0, "copy the corpus");
  cJSON *answer = answer_json(lanterne_verify(index, copy));
  const cJSON *unchanged = cJSON_GetObjectItemCaseSensitive(answer, "unchanged");
  CHECK(cJSON_IsNumber(unchanged) && unchanged->valuedouble == 5, "5 unchanged");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "changed")) == 0, "nothing changed");
  cJSON_Delete(answer);

  snprintf(path, sizeof path, "%s/002_41e792016c4892aa.txt", copy);
  FILE *f = fopen(path, "ab");
  if (f) { fputs("Une ligne ajoutée.\n", f); fclose(f); }
  snprintf(path, sizeof path, "%s/003_4625da25efb4d1b6.txt", copy);
  CHECK(remove(path) == 0, "remove a document");
  snprintf(path, sizeof path, "%s/nouveau.md", copy);
  write_file(path, "Un nouveau document.\n");
  answer = answer_json(lanterne_verify(index, copy));
  const cJSON *changed = cJSON_GetObjectItemCaseSensitive(answer, "changed");
  const cJSON *missing = cJSON_GetObjectItemCaseSensitive(answer, "missing");
  const cJSON *added = cJSON_GetObjectItemCaseSensitive(answer, "added");
  CHECK(cJSON_GetArraySize(changed) == 1 && strcmp(cJSON_GetArrayItem(changed, 0)->valuestring, "002_41e792016c4892aa") == 0, "changed: 002");
  CHECK(cJSON_GetArraySize(missing) == 1 && strcmp(cJSON_GetArrayItem(missing, 0)->valuestring, "003_4625da25efb4d1b6") == 0, "missing: 003");
  CHECK(cJSON_GetArraySize(added) == 1 && strcmp(cJSON_GetArrayItem(added, 0)->valuestring, "nouveau") == 0, "added: nouveau");
  cJSON_Delete(answer);

  snprintf(path, sizeof path, "%s/no-such-folder", scratch);
  answer = answer_json(lanterne_verify(index, path));
  CHECK(error_of(answer) && strstr(error_of(answer), "no-such-folder"), "a missing folder is named");
  cJSON_Delete(answer);
}

static void test_bad_index_files(const char *good_index) {
  char path[400];
  char *error = NULL;
  snprintf(path, sizeof path, "%s/missing.db", scratch);
  CHECK(!lanterne_open_file(path, &error) && error && strstr(error, "missing.db"), "missing file");
  lanterne_free(error);

  snprintf(path, sizeof path, "%s/text.db", scratch);
  write_file(path, "this is not an index at all, just some text that is long enough to look like something");
  error = NULL;
  CHECK(!lanterne_open_file(path, &error) && error && strstr(error, "not a Lanterne index"), "text file: %s", error);
  lanterne_free(error);

  /* Truncated index bytes. */
  size_t n = 0;
  char *bytes = read_file(good_index, &n);
  error = NULL;
  CHECK(bytes && !lanterne_open_bytes(bytes, n / 3, "truncated.db", &error) && error, "truncated index opened");
  CHECK(error && strstr(error, "truncated.db"), "truncated error names the index: %s", error ? error : "");
  lanterne_free(error);

  /* Damaged bytes in the middle. */
  bytes = read_file(good_index, &n);
  for (size_t i = n / 2; i < n / 2 + 8192 && i < n; i++) bytes[i] = (char)0xA5;
  error = NULL;
  lanterne_index *index = lanterne_open_bytes(bytes, n, "damaged.db", &error);
  if (index) {
    /* Opening may succeed if the damage is elsewhere; searching must then
    ** give a clean answer or a message, never crash. */
    cJSON *answer = search(index, "maroc");
    CHECK(answer != NULL, "search on damaged index returned nothing");
    cJSON_Delete(answer);
    lanterne_close(index);
  }
  lanterne_free(error);
}

/* An entity's other names are found as they are written, as the build
** finds its mentions: a query naming NATO highlights `OTAN` in a document
** that mentions it, not `alliances atlantiques` (the alias `alliance
** atlantique` in other forms). */
static void test_names_found_as_written(void) {
  char dir[300], path[400], db[300], options[700];
  snprintf(dir, sizeof dir, "%s/names", scratch);
  mkdir(dir, 0755);
  snprintf(path, sizeof path, "%s/a.txt", dir);
  write_file(path, "L'OTAN a répondu. Les alliances atlantiques anciennes ne comptent plus.\n");
  snprintf(db, sizeof db, "%s/names.db", scratch);
  snprintf(options, sizeof options, "{\"kb\": \"%s/corpus/entities.json\"}", LANTERNE_SOURCE_DIR);
  lanterne_index *index = build_and_open(dir, db, options);
  cJSON *answer = index ? search(index, "NATO") : NULL;
  const cJSON *hit = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(answer, "hits"), 0);
  const cJSON *snippet = cJSON_GetObjectItemCaseSensitive(hit, "snippet");
  const cJSON *highlights = cJSON_GetObjectItemCaseSensitive(hit, "highlights");
  CHECK(cJSON_IsString(snippet) && cJSON_IsArray(highlights), "NATO finds the document that says OTAN");
  int otan = 0, alliances = 0;
  const cJSON *span;
  cJSON_ArrayForEach(span, highlights) {
    int start = (int)cJSON_GetArrayItem(span, 0)->valuedouble, end = (int)cJSON_GetArrayItem(span, 1)->valuedouble;
    if (!cJSON_IsString(snippet) || start < 0 || end > (int)strlen(snippet->valuestring)) continue;
    const char *at = snippet->valuestring + start;
    otan += end - start == 4 && strncmp(at, "OTAN", 4) == 0;
    alliances += strncmp(at, "alliances", 9) == 0;
  }
  CHECK(otan == 1 && alliances == 0, "highlights: OTAN %d (want 1), alliances %d (want 0) in %s", otan, alliances,
        cJSON_IsString(snippet) ? snippet->valuestring : "(none)");
  cJSON_Delete(answer);
  lanterne_close(index);
}

int main(void) {
  snprintf(scratch, sizeof scratch, "%s/test-index-XXXXXX", P_tmpdir);
  if (!mkdtemp(scratch)) { perror("mkdtemp"); return 1; }
  char a[300], b[300];
  snprintf(a, sizeof a, "%s/a.db", scratch);
  snprintf(b, sizeof b, "%s/sub/b.db", scratch);

  test_build_is_reproducible(LANTERNE_SOURCE_DIR "/corpus", a, b);
  test_failed_build_keeps_previous_index(a);

  char *error = NULL;
  lanterne_index *from_file = lanterne_open_file(a, &error);
  CHECK(from_file, "open_file: %s", error ? error : "");
  lanterne_free(error);
  if (from_file) {
    test_search(from_file); test_document(from_file); test_periods_and_timeline(from_file);
    test_entities(from_file);
    test_verify(from_file);
    test_info(from_file);
  }

  size_t n = 0;
  char *bytes = read_file(a, &n);
  lanterne_index *from_bytes = lanterne_open_bytes(bytes, n, "a.db", &error);
  CHECK(from_bytes, "open_bytes failed");
  if (from_bytes) test_search(from_bytes);
  if (from_file && from_bytes) {
    char *x = lanterne_search(from_file, "{\"query\":\"OTAN maroc\",\"limit\":10}");
    char *y = lanterne_search(from_bytes, "{\"query\":\"OTAN maroc\",\"limit\":10}");
    CHECK(x && y && strcmp(x, y) == 0, "file and bytes answers differ");
    lanterne_free(x);
    lanterne_free(y);
  }
  lanterne_close(from_file);
  lanterne_close(from_bytes);
  test_bad_index_files(a);
  test_bad_knowledge_base(a);
  test_names_found_as_written();

  char cleanup[400];
  snprintf(cleanup, sizeof cleanup, "rm -rf %s", scratch);
  if (system(cleanup) != 0) fprintf(stderr, "could not remove %s\n", scratch);
  return check_done();
}
