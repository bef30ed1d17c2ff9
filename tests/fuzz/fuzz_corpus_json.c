/*
** fuzz_corpus_json.c — libFuzzer target for the corpus.json reader of the
** corpus loader, lt_corpus_load() (corpus.h).
**
** The loader reads corpus.json from the corpus folder only, so the target
** makes one folder per process under $TMPDIR (removed at exit) holding four
** small documents, with ids `a`, `b/c`, `d` (HTML, with a <title>) and
** `e e`, and writes each input there as corpus.json before loading it.
** The seeds name those ids.  Checks:
**   - the load gives 0, or -1 with a message that names corpus.json (it
**     starts with its path) and is valid UTF-8;
**   - on success: the four documents, sorted by id, their text untouched
**     by the metadata; every string (corpus title, document titles, dates,
**     sources, urls, languages, types, classifications, warnings) valid
**     UTF-8; titles never NULL nor empty; a date is NULL or a valid date
**     (lt_date_valid) whose date_source is "metadata"; every warning names
**     corpus.json.
*/
#include "fuzz_common.h"
#include "corpus.h"
#include "dates.h"

#include <sys/stat.h>
#include <unistd.h>

static char folder[256];
static char json_path[300];

typedef struct { const char *rel; const char *text; const char *id; const char *plain; } doc_file;

static const doc_file DOCS[] = {
  { "a.txt", "Compte rendu\nLe 19 avril 2012, à Bruxelles.\n", "a",
    "Compte rendu\nLe 19 avril 2012, à Bruxelles.\n" },
  { "b/c.md", "# Note\n\nSécurité au Maroc.\n", "b/c", "# Note\n\nSécurité au Maroc.\n" },
  { "d.html", "<html><head><title>Dépêche</title></head><body><p>OTAN</p></body></html>", "d",
    NULL },
  { "e e.txt", "e\n", "e e", "e\n" },
};
enum { DOC_COUNT = sizeof DOCS / sizeof DOCS[0] };

static void write_file(const char *path, const void *bytes, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(bytes, 1, n, f) != n) || fclose(f) != 0) {
    perror(path);
    abort();
  }
}

static void remove_folder(void) {
  char path[400];
  for (int i = 0; i < DOC_COUNT; i++) {
    snprintf(path, sizeof path, "%s/%s", folder, DOCS[i].rel);
    unlink(path);
  }
  unlink(json_path);
  snprintf(path, sizeof path, "%s/b", folder);
  rmdir(path);
  rmdir(folder);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *tmp = getenv("TMPDIR");
  snprintf(folder, sizeof folder, "%s/lanterne-fuzz-corpus-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(folder)) {
    perror(folder);
    abort();
  }
  char path[400];
  snprintf(path, sizeof path, "%s/b", folder);
  if (mkdir(path, 0700) != 0) abort();
  for (int i = 0; i < DOC_COUNT; i++) {
    snprintf(path, sizeof path, "%s/%s", folder, DOCS[i].rel);
    write_file(path, DOCS[i].text, strlen(DOCS[i].text));
  }
  snprintf(json_path, sizeof json_path, "%s/corpus.json", folder);
  atexit(remove_folder);
  return 0;
}

static int names_corpus_json(const char *message) {
  return message && strncmp(message, json_path, strlen(json_path)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  write_file(json_path, data, size);
  lt_corpus corpus;
  char *error = NULL;
  int rc = lt_corpus_load(folder, 2, &corpus, &error);
  if (rc != 0) {
    FUZZ_CHECK(rc == -1 && error, "rc %d without a message", rc);
    FUZZ_CHECK(names_corpus_json(error) && fuzz_valid_string(error), "error \"%s\"", error);
    FUZZ_CHECK(corpus.count == 0 && corpus.docs == NULL && corpus.title == NULL,
               "a failed load left a corpus");
    free(error);
    return 0;
  }
  FUZZ_CHECK(error == NULL, "success with a message");
  FUZZ_CHECK(corpus.title && corpus.title[0] && fuzz_valid_string(corpus.title), "corpus title");
  FUZZ_CHECK(corpus.count == DOC_COUNT, "%zu documents", corpus.count);
  for (size_t i = 0; i < corpus.count; i++) {
    const lt_document *d = &corpus.docs[i];
    FUZZ_CHECK(strcmp(d->id, DOCS[i].id) == 0, "document %zu is %s", i, d->id);
    if (DOCS[i].plain)
      FUZZ_CHECK(d->text_len == strlen(DOCS[i].plain) && memcmp(d->text, DOCS[i].plain, d->text_len) == 0,
                 "document %s: text changed", d->id);
    FUZZ_CHECK(d->title && d->title[0], "document %s: no title", d->id);
    const char *fields[] = { d->title, d->date, d->date_source, d->source, d->url, d->language,
                             d->type, d->classification };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
      FUZZ_CHECK(fuzz_valid_string(fields[f]), "document %s: field %zu is not valid UTF-8", d->id, f);
    if (d->date) {
      FUZZ_CHECK(lt_date_valid(d->date), "document %s: date \"%s\"", d->id, d->date);
      FUZZ_CHECK(d->date_source && strcmp(d->date_source, "metadata") == 0,
                 "document %s: date source", d->id);
    }
    FUZZ_CHECK(strlen(d->sha256) == 64, "document %s: sha256", d->id);
  }
  for (size_t i = 0; i < corpus.warning_count; i++)
    FUZZ_CHECK(names_corpus_json(corpus.warnings[i]) && fuzz_valid_string(corpus.warnings[i]),
               "warning \"%s\"", corpus.warnings[i]);
  lt_corpus_free(&corpus);
  return 0;
}
