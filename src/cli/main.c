/*
** main.c — the `lanterne` command-line tool.
**
** One command per job, each a thin layer over the public API (lanterne.h):
** it turns arguments into the same JSON requests the page sends, and the
** JSON answers into readable text (or prints them as they are with --json).
** Nothing here searches or indexes by itself, so the CLI and the page cannot
** disagree.
**
** Exit status: 0 success, 1 the job failed (message on stderr naming the
** file and the problem), 2 the command line is wrong.
*/
#include "lanterne.h"
#include "cJSON.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
  "Lanterne " LANTERNE_VERSION " — search a document leak offline.\n"
  "\n"
  "Usage:\n"
  "  lanterne build <corpus-dir> -o <index.db> [--kb FILE]\n"
  "      index a folder of .txt, .md, .html; entities.json in the folder (or FILE)\n"
  "      is the knowledge base of people, organisations and places\n"
  "  lanterne pack <index.db> -o <packed.db>\n"
  "      the index without its full-text part, for pages: a third smaller once\n"
  "      compressed; opening it rebuilds that part from the text\n"
  "  lanterne search <index.db> <query> [--limit N] [--offset N] [--sort relevance|date]\n"
  "                  [--from DATE] [--to DATE] [--dates written|mentioned]\n"
  "                  [--entity ID]... [--as-you-type] [--json]\n"
  "      DATE is YYYY, YYYY-MM or YYYY-MM-DD; a document dated 2018-11 is in any\n"
  "      period that overlaps November 2018.  --dates mentioned applies the period\n"
  "      to the dates documents speak of instead of the date they were written.\n"
  "      --entity keeps the documents that mention that entity (repeatable).\n"
  "  lanterne annotate <file|-> [--date DATE] [--kb FILE] [--no-discovery]\n"
  "      the dates and the entities (people, organisations, places) of a text, as\n"
  "      JSON; --kb adds a knowledge base (entities.json) to the built-in gazetteer\n"
  "  lanterne document <index.db> <id> [--query Q] [--json]\n"
  "  lanterne entities <index.db> [--type T] [--json]   the entities of an index\n"
  "  lanterne entity <index.db> <id> [--json]     one entity: aliases, documents, co-occurring\n"
  "  lanterne verify <index.db> <corpus-dir> [--json]\n"
  "      compare every document's SHA-256 with the folder: exit 1 if anything\n"
  "      changed, is missing or was added\n"
  "  lanterne info <index.db> [--json]             describe the corpus in an index\n"
  "  lanterne tokens <text>                        show how a text is indexed\n"
  "  lanterne query <text> [--as-you-type]         show what a query becomes\n"
  "  lanterne --help | --version\n"
  "\n"
  "Query language: words (all must match), \"exact phrase\", prefix*, -excluded,\n"
  "a OR b.  Accents and case do not matter: securite finds sécurité.\n";

static int usage_error(const char *format, const char *arg) {
  fprintf(stderr, "lanterne: ");
  fprintf(stderr, format, arg);
  fprintf(stderr, "\nRun `lanterne --help` for usage.\n");
  return 2;
}

/* Prints an API answer: returns 1 (after printing its message) if it is an
** error, else 0.  Takes ownership of `answer`. */
static cJSON *parse_answer(char *answer, int *failed) {
  cJSON *json = answer ? cJSON_Parse(answer) : NULL;
  lanterne_free(answer);
  const cJSON *error = cJSON_GetObjectItemCaseSensitive(json, "error");
  *failed = !json || cJSON_IsString(error);
  if (*failed) fprintf(stderr, "lanterne: error: %s\n", json && error ? error->valuestring : "out of memory");
  return json;
}

static void print_json(const cJSON *json) {
  char *text = cJSON_Print(json);
  if (text) { puts(text); cJSON_free(text); }
}

static const char *string_of(const cJSON *object, const char *name) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* The same for printing: "" when absent, never NULL into printf. */
static const char *text_of(const cJSON *object, const char *name) {
  const char *text = string_of(object, name);
  return text ? text : "";
}

static double number_of(const cJSON *object, const char *name) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsNumber(item) ? item->valuedouble : 0;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Opens an index file or prints why not, and what to do when the message
** does not say it already. */
static lanterne_index *open_or_complain(const char *path) {
  char *error = NULL;
  lanterne_index *index = lanterne_open_file(path, &error);
  if (!index) {
    const char *advice = error && !strstr(error, "rebuild") && !strstr(error, "out of memory")
        ? "; check the file name, or make the index again with `lanterne build <corpus-dir> -o <index.db>`"
        : "";
    fprintf(stderr, "lanterne: error: %s%s\n", error ? error : "out of memory", advice);
  }
  lanterne_free(error);
  return index;
}

/* A request to an index: one of the lanterne_* functions that take an open
** index and a JSON request. */
typedef char *(*index_request_fn)(lanterne_index *, const char *);

/*
** Opens the index at `path`, sends it `request` (deleted here) through `fn`,
** closes it, and returns the parsed answer.  *failed is set when the index
** did not open or the answer is an error (both already reported on stderr).
*/
static cJSON *ask_index(const char *path, index_request_fn fn, cJSON *request, int *failed) {
  char *request_text = cJSON_PrintUnformatted(request);
  cJSON_Delete(request);
  lanterne_index *index = open_or_complain(path);
  if (!index) { cJSON_free(request_text); *failed = 1; return NULL; }
  cJSON *answer = parse_answer(fn(index, request_text), failed);
  cJSON_free(request_text);
  lanterne_close(index);
  return answer;
}

/* Prints text with the [start, end) byte ranges of `highlights` marked: bold
** on a terminal, [brackets] otherwise. */
static void print_highlighted(const char *text, const cJSON *highlights) {
  int tty = isatty(STDOUT_FILENO);
  const char *open = tty ? "\033[1m" : "[", *close = tty ? "\033[0m" : "]";
  size_t at = 0, n = strlen(text);
  const cJSON *pair;
  cJSON_ArrayForEach(pair, highlights) {
    size_t start = (size_t)cJSON_GetArrayItem(pair, 0)->valuedouble;
    size_t end = (size_t)cJSON_GetArrayItem(pair, 1)->valuedouble;
    if (start < at || end > n || start > end) continue;
    printf("%.*s%s%.*s%s", (int)(start - at), text + at, open, (int)(end - start), text + start, close);
    at = end;
  }
  printf("%s", text + at);
}

/* ------------------------------------------------------------------------ */

/*
** The build replaces the file at -o.  That must never destroy anything but an
** older index: a typo such as `-o corpus/report.txt` would otherwise replace
** a document by the index.  So an existing file is replaced only when it is
** empty or an SQLite database (an index, perhaps damaged or from another
** version); a folder is refused before the long build rather than after.
** Returns 1 when the build may go on, else 0 after saying why.
*/
static int output_is_replaceable(const char *output) {
  struct stat st;
  if (stat(output, &st) != 0) return 1;  /* a new file (missing folders are created) */
  if (S_ISDIR(st.st_mode)) {
    fprintf(stderr, "lanterne: error: %s: is a folder; give the index a file name, such as "
                    "%s%sindex.db\n", output, output, output[strlen(output) - 1] == '/' ? "" : "/");
    return 0;
  }
  if (!S_ISREG(st.st_mode)) {
    fprintf(stderr, "lanterne: error: %s: not a regular file; give the index another file name\n", output);
    return 0;
  }
  if (st.st_size == 0) return 1;
  static const char sqlite_header[16] = "SQLite format 3";  /* with its NUL */
  char header[16] = {0};
  FILE *f = fopen(output, "rb");
  size_t got = f ? fread(header, 1, sizeof header, f) : 0;
  if (f) fclose(f);
  if (got == sizeof header && memcmp(header, sqlite_header, sizeof header) == 0) return 1;
  fprintf(stderr, "lanterne: error: %s: this file exists and is not an index; Lanterne will "
                  "not replace it (it could be one of your documents): give the index another "
                  "file name, or delete this file first\n", output);
  return 0;
}

/*
** Reads the arguments of a command that makes one file from another:
** `<input> -o <output>`, and `file_option FILE` when file_option is not
** NULL (into *file).  Returns 0, or usage_error()'s status; `usage` says
** what the command needs when something is missing.
*/
static int input_and_output(int argc, char **argv, const char *command, const char *usage, const char *file_option,
                            const char **input, const char **output, const char **file) {
  for (int i = 0; i < argc; i++) {
    int is_output = strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0;
    if (is_output || (file_option && strcmp(argv[i], file_option) == 0)) {
      if (++i >= argc) return usage_error("%s needs a file name", argv[i - 1]);
      *(is_output ? output : file) = argv[i];
    } else if (argv[i][0] == '-' && argv[i][1]) {
      char format[64];
      snprintf(format, sizeof format, "%s: unknown option %%s", command);
      return usage_error(format, argv[i]);
    } else if (!*input) {
      *input = argv[i];
    } else {
      char format[64];
      snprintf(format, sizeof format, "%s: unexpected argument %%s", command);
      return usage_error(format, argv[i]);
    }
  }
  if (!*input || !*output) return usage_error("%s", usage);
  return 0;
}

static int command_build(int argc, char **argv) {
  const char *corpus_dir = NULL, *output = NULL, *kb = NULL;
  int usage = input_and_output(argc, argv, "build", "build needs <corpus-dir> -o <index.db>", "--kb", &corpus_dir,
                               &output, &kb);
  if (usage) return usage;
  if (!output_is_replaceable(output)) return 1;
  double started = now_ms();
  int failed;
  cJSON *options = cJSON_CreateObject();
  if (kb) cJSON_AddStringToObject(options, "kb", kb);
  char *options_text = cJSON_PrintUnformatted(options);
  cJSON_Delete(options);
  cJSON *report = parse_answer(lanterne_build(corpus_dir, output, options_text), &failed);
  cJSON_free(options_text);
  double elapsed = now_ms() - started;
  const cJSON *warning;
  cJSON_ArrayForEach(warning, cJSON_GetObjectItemCaseSensitive(report, "warnings"))
    fprintf(stderr, "lanterne: warning: %s\n", warning->valuestring);
  if (!failed) {
    printf("Indexed %.0f documents (%.1f KB of text, %.0f entities) into %s (%.1f KB) in %.0f ms.\n",
           number_of(report, "documents"), number_of(report, "text_bytes") / 1024,
           number_of(report, "entities"), output,
           number_of(report, "index_bytes") / 1024, elapsed);
  }
  cJSON_Delete(report);
  return failed;
}

static int command_pack(int argc, char **argv) {
  const char *index_path = NULL, *output = NULL;
  int usage = input_and_output(argc, argv, "pack", "pack needs <index.db> -o <packed.db>", NULL, &index_path, &output,
                               NULL);
  if (usage) return usage;
  struct stat in, out;
  if (stat(index_path, &in) == 0 && stat(output, &out) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
    fprintf(stderr, "lanterne: error: %s: the packed index must be another file than the index it packs\n", output);
    return 1;
  }
  if (!output_is_replaceable(output)) return 1;
  /* Opened here first for open_or_complain's advice when it is no index. */
  lanterne_index *index = open_or_complain(index_path);
  if (!index) return 1;
  lanterne_close(index);
  double started = now_ms();
  int failed;
  cJSON *report = parse_answer(lanterne_pack(index_path, output), &failed);
  if (!failed)
    printf("Packed %s (%.1f KB) into %s (%.1f KB) in %.0f ms.\n", index_path, number_of(report, "index_bytes") / 1024,
           output, number_of(report, "packed_bytes") / 1024, now_ms() - started);
  cJSON_Delete(report);
  return failed;
}

/* One line per bucket with a bar, for the written-on histogram. */
static void print_timeline(const cJSON *answer) {
  const cJSON *written = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(answer, "timeline"), "written");
  const cJSON *buckets = cJSON_GetObjectItemCaseSensitive(written, "buckets");
  if (cJSON_GetArraySize(buckets) == 0) return;
  printf("\nWritten, by %s:\n", text_of(written, "unit"));
  const cJSON *bucket;
  cJSON_ArrayForEach(bucket, buckets) {
    int count = (int)number_of(bucket, "count");
    printf("  %-10s %4d ", text_of(bucket, "key"), count);
    for (int i = 0; i < count && i < 60; i++) printf("#");
    printf("\n");
  }
  double undated = number_of(written, "undated");
  if (undated > 0) printf("  %-10s %4.0f\n", "undated", undated);
}

/* The entity facets: per type, the most named entities and their counts. */
static void print_facets(const cJSON *answer) {
  const cJSON *list;
  cJSON_ArrayForEach(list, cJSON_GetObjectItemCaseSensitive(answer, "facets")) {
    if (cJSON_GetArraySize(list) == 0) continue;
    printf("\n%s:", list->string);
    const cJSON *item;
    cJSON_ArrayForEach(item, list) printf(" %s (%.0f)%s", text_of(item, "name"), number_of(item, "count"),
                                          item->next ? "," : "");
    printf("\n");
  }
}

static void print_hits(const cJSON *answer) {
  double total = number_of(answer, "total");
  const cJSON *hits = cJSON_GetObjectItemCaseSensitive(answer, "hits");
  int shown = cJSON_GetArraySize(hits);
  double offset = number_of(answer, "offset");
  printf("%.0f document%s", total, total == 1 ? "" : "s");
  if (shown && shown < total) printf(" (showing %.0f-%.0f)", offset + 1, offset + shown);
  printf("\n");
  int rank = (int)offset;
  const cJSON *hit;
  cJSON_ArrayForEach(hit, hits) {
    const char *date = string_of(hit, "date");
    printf("\n%2d. %s\n    %s%s%s\n    ", ++rank, text_of(hit, "title"), text_of(hit, "id"),
           date ? " · " : "", date ? date : "");
    print_highlighted(string_of(hit, "snippet"), cJSON_GetObjectItemCaseSensitive(hit, "highlights"));
    printf("\n");
  }
  print_timeline(answer);
  print_facets(answer);
}

/* Appends " word" (or "word" first) to the malloc'd query; returns the
** grown string, or NULL (the query freed) when memory runs out. */
static char *append_word(char *query, size_t *len, const char *word) {
  size_t n = strlen(word), sep = *len ? 1 : 0;
  char *grown = realloc(query, *len + sep + n + 1);
  if (!grown) { free(query); return NULL; }
  if (sep) grown[(*len)++] = ' ';
  memcpy(grown + *len, word, n + 1);
  *len += n;
  return grown;
}

static int command_search(int argc, char **argv) {
  const char *path = NULL;
  int json = 0;
  cJSON *request = cJSON_CreateObject();
  /* The query words, joined by spaces.  No length limit here: the engine
  ** reads at most its own LT_QUERY_MAX_BYTES (query.h) of any query, so
  ** the CLI and the page cut long text at the same place, and a query
  ** echoed in the answer is the query as given. */
  char *query = calloc(1, 1);
  size_t query_len = 0;
  for (int i = 0; i < argc && query; i++) {
    const char *a = argv[i];
    if ((strcmp(a, "--limit") == 0 || strcmp(a, "--offset") == 0) && i + 1 < argc) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || v < 0) { cJSON_Delete(request); free(query); return usage_error("not a number: %s", argv[i]); }
      cJSON_AddNumberToObject(request, a + 2, (double)v);
    } else if (strcmp(a, "--sort") == 0 && i + 1 < argc) {
      const char *sort = argv[++i];
      if (strcmp(sort, "date") && strcmp(sort, "relevance")) { cJSON_Delete(request); free(query); return usage_error("--sort takes relevance or date, not %s", sort); }
      cJSON_AddStringToObject(request, "sort", sort);
    } else if ((strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) && i + 1 < argc) {
      cJSON_AddStringToObject(request, a + 2, argv[++i]);
    } else if (strcmp(a, "--dates") == 0 && i + 1 < argc) {
      const char *dates = argv[++i];
      if (strcmp(dates, "written") && strcmp(dates, "mentioned")) { cJSON_Delete(request); free(query); return usage_error("--dates takes written or mentioned, not %s", dates); }
      cJSON_AddStringToObject(request, "dates", dates);
    } else if (strcmp(a, "--entity") == 0 && i + 1 < argc) {
      cJSON *entities = cJSON_GetObjectItemCaseSensitive(request, "entities");
      if (!entities) entities = cJSON_AddArrayToObject(request, "entities");
      cJSON_AddItemToArray(entities, cJSON_CreateString(argv[++i]));
    } else if (strcmp(a, "--json") == 0) {
      json = 1;
    } else if (strcmp(a, "--as-you-type") == 0) {
      cJSON_AddTrueToObject(request, "as_you_type");
    } else if (strcmp(a, "--") == 0) {
      /* everything after is query text, even if it starts with '-' */
      for (i++; i < argc && query; i++) query = append_word(query, &query_len, argv[i]);
    } else if (!path) {
      path = a;
    } else {
      /* Query words; "-word" is an exclusion, not an option. */
      query = append_word(query, &query_len, a);
    }
  }
  if (!query) { cJSON_Delete(request); fprintf(stderr, "lanterne: error: out of memory\n"); return 1; }
  if (!path) { cJSON_Delete(request); free(query); return usage_error("%s", "search needs <index.db> <query>"); }
  cJSON_AddStringToObject(request, "query", query);
  free(query);
  int failed;
  cJSON *answer = ask_index(path, lanterne_search, request, &failed);
  if (!failed) { if (json) print_json(answer); else print_hits(answer); }
  cJSON_Delete(answer);
  return failed;
}

static int command_document(int argc, char **argv) {
  const char *path = NULL, *id = NULL, *query = "";
  int json = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--query") == 0 && i + 1 < argc) query = argv[++i];
    else if (!path) path = argv[i];
    else if (!id) id = argv[i];
    else return usage_error("document: unexpected argument %s", argv[i]);
  }
  if (!path || !id) return usage_error("%s", "document needs <index.db> <id>");
  cJSON *request = cJSON_CreateObject();
  cJSON_AddStringToObject(request, "id", id);
  cJSON_AddStringToObject(request, "query", query);
  int failed;
  cJSON *document = ask_index(path, lanterne_document, request, &failed);
  if (!failed && json) print_json(document);
  else if (!failed) {
    static const char *fields[] = { "title", "id", "date", "source", "url", "language",
                                    "type", "classification", "path", "sha256" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
      if (string_of(document, fields[i])) printf("%-15s %s\n", fields[i], text_of(document, fields[i]));
    printf("\n");
    print_highlighted(string_of(document, "text"), cJSON_GetObjectItemCaseSensitive(document, "highlights"));
    printf("\n");
  }
  cJSON_Delete(document);
  return failed;
}

static int command_info(int argc, char **argv) {
  const char *path = NULL;
  int json = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!path) path = argv[i];
    else return usage_error("info: unexpected argument %s", argv[i]);
  }
  if (!path) return usage_error("%s", "info needs <index.db>");
  lanterne_index *index = open_or_complain(path);
  if (!index) return 1;
  int failed;
  cJSON *info = parse_answer(lanterne_info(index), &failed);
  lanterne_close(index);
  if (!failed && json) print_json(info);
  else if (!failed) {
    const char *first = string_of(info, "first_date"), *last = string_of(info, "last_date");
    printf("%s\n%.0f documents, %.1f KB of text", text_of(info, "title"),
           number_of(info, "documents"), number_of(info, "text_bytes") / 1024);
    if (first && last) printf(", dated %s to %s", first, last);
    printf("\nLanguages:");
    const cJSON *language;
    cJSON_ArrayForEach(language, cJSON_GetObjectItemCaseSensitive(info, "languages"))
      printf(" %s (%.0f)", language->string, language->valuedouble);
    printf("\nIndex format %.0f, written by Lanterne %s\n", number_of(info, "format"),
           text_of(info, "lanterne_version"));
  }
  cJSON_Delete(info);
  return failed;
}

static void print_aliases(const cJSON *aliases) {
  const cJSON *alias;
  cJSON_ArrayForEach(alias, aliases) printf("%s%s", alias->valuestring, alias->next ? ", " : "");
}

static int command_entities(int argc, char **argv) {
  const char *path = NULL, *type = NULL;
  int json = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--type") == 0 && i + 1 < argc) type = argv[++i];
    else if (!path) path = argv[i];
    else return usage_error("entities: unexpected argument %s", argv[i]);
  }
  if (!path) return usage_error("%s", "entities needs <index.db>");
  cJSON *request = cJSON_CreateObject();
  if (type) cJSON_AddStringToObject(request, "type", type);
  int failed;
  cJSON *answer = ask_index(path, lanterne_entities, request, &failed);
  if (!failed && json) print_json(answer);
  else if (!failed) {
    const cJSON *entity;
    cJSON_ArrayForEach(entity, cJSON_GetObjectItemCaseSensitive(answer, "entities")) {
      printf("%-32s %-12s %3.0f  %s  (", text_of(entity, "id"), text_of(entity, "type"),
             number_of(entity, "docs"), text_of(entity, "name"));
      print_aliases(cJSON_GetObjectItemCaseSensitive(entity, "aliases"));
      printf(")\n");
    }
  }
  cJSON_Delete(answer);
  return failed;
}

static int command_entity(int argc, char **argv) {
  const char *path = NULL, *id = NULL;
  int json = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!path) path = argv[i];
    else if (!id) id = argv[i];
    else return usage_error("entity: unexpected argument %s", argv[i]);
  }
  if (!path || !id) return usage_error("%s", "entity needs <index.db> <id>");
  cJSON *request = cJSON_CreateObject();
  cJSON_AddStringToObject(request, "id", id);
  int failed;
  cJSON *entity = ask_index(path, lanterne_entity, request, &failed);
  if (!failed && json) print_json(entity);
  else if (!failed) {
    printf("%s (%s, %s)\n", text_of(entity, "name"), text_of(entity, "type"), text_of(entity, "id"));
    static const char *fields[] = { "name_en", "role", "description", "wikidata", "first_date", "last_date", "origin" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
      if (string_of(entity, fields[i])) printf("%-12s %s\n", fields[i], text_of(entity, fields[i]));
    printf("%-12s ", "aliases");
    print_aliases(cJSON_GetObjectItemCaseSensitive(entity, "aliases"));
    printf("\n\nMentioned in %.0f document%s:\n", number_of(entity, "docs"), number_of(entity, "docs") == 1 ? "" : "s");
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(entity, "documents")) {
      const char *date = string_of(item, "date");
      printf("  %s%s%s  %s (%.0f)\n", text_of(item, "id"), date ? " · " : "", date ? date : "",
             text_of(item, "title"), number_of(item, "mentions"));
    }
    printf("\nNamed with:");
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(entity, "cooccurring"))
      printf(" %s (%.0f)%s", text_of(item, "name"), number_of(item, "count"), item->next ? "," : "");
    printf("\n");
  }
  cJSON_Delete(entity);
  return failed;
}

/* Reads a whole file, or standard input for "-", NUL-ended. */
static char *read_all(const char *path, size_t *n) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *data = malloc(cap);
  size_t got;
  while (data && (got = fread(data + len, 1, cap - len - 1, f)) > 0) {
    len += got;
    if (cap - len - 1 == 0) {
      char *bigger = realloc(data, cap * 2);
      if (!bigger) { free(data); data = NULL; break; }
      data = bigger;
      cap *= 2;
    }
  }
  int failed = ferror(f);
  if (f != stdin) fclose(f);
  if (failed) { free(data); return NULL; }
  if (data) data[len] = 0;
  *n = len;
  return data;
}

static int command_annotate(int argc, char **argv) {
  const char *path = NULL, *date = NULL, *kb = NULL;
  int discover = 1;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) date = argv[++i];
    else if (strcmp(argv[i], "--kb") == 0 && i + 1 < argc) kb = argv[++i];
    else if (strcmp(argv[i], "--no-discovery") == 0) discover = 0;
    else if (!path) path = argv[i];
    else return usage_error("annotate: unexpected argument %s", argv[i]);
  }
  if (!path) return usage_error("%s", "annotate needs a <file> (or - for standard input)");
  size_t n = 0;
  char *text = read_all(path, &n);
  if (!text) {
    fprintf(stderr, "lanterne: error: %s: cannot read (%s)\n", path, strerror(errno));
    return 1;
  }
  /* The API takes NUL-ended text; a NUL inside a document ends it there. */
  if (strlen(text) < n) fprintf(stderr, "lanterne: warning: %s: NUL byte found, text after it ignored\n", path);
  cJSON *options = cJSON_CreateObject();
  if (date) cJSON_AddStringToObject(options, "date", date);
  if (kb) cJSON_AddStringToObject(options, "kb", kb);
  if (!discover) cJSON_AddFalseToObject(options, "discover");
  char *options_text = cJSON_PrintUnformatted(options);
  cJSON_Delete(options);
  int failed;
  cJSON *answer = parse_answer(lanterne_annotate(text, options_text), &failed);
  cJSON_free(options_text);
  free(text);
  if (!failed) print_json(answer);
  cJSON_Delete(answer);
  return failed;
}

/* Prints one list of ids of a verify answer, if not empty. */
static void print_id_list(const cJSON *answer, const char *name, const char *label) {
  const cJSON *list = cJSON_GetObjectItemCaseSensitive(answer, name);
  if (cJSON_GetArraySize(list) == 0) return;
  printf("%s (%d):\n", label, cJSON_GetArraySize(list));
  const cJSON *id;
  cJSON_ArrayForEach(id, list) printf("  %s\n", id->valuestring);
}

static int command_verify(int argc, char **argv) {
  const char *path = NULL, *corpus_dir = NULL;
  int json = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!path) path = argv[i];
    else if (!corpus_dir) corpus_dir = argv[i];
    else return usage_error("verify: unexpected argument %s", argv[i]);
  }
  if (!path || !corpus_dir) return usage_error("%s", "verify needs <index.db> <corpus-dir>");
  lanterne_index *index = open_or_complain(path);
  if (!index) return 1;
  int failed;
  cJSON *answer = parse_answer(lanterne_verify(index, corpus_dir), &failed);
  lanterne_close(index);
  if (failed) { cJSON_Delete(answer); return 1; }
  const cJSON *warning;
  cJSON_ArrayForEach(warning, cJSON_GetObjectItemCaseSensitive(answer, "warnings"))
    fprintf(stderr, "lanterne: warning: %s\n", warning->valuestring);
  int differences = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "changed")) +
                    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "missing")) +
                    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "added"));
  if (json) print_json(answer);
  else {
    printf("%.0f documents unchanged\n", number_of(answer, "unchanged"));
    print_id_list(answer, "changed", "Changed since the index was built");
    print_id_list(answer, "missing", "In the index, no longer in the folder");
    print_id_list(answer, "added", "In the folder, not in the index");
    if (!differences) printf("The index matches %s.\n", corpus_dir);
  }
  cJSON_Delete(answer);
  return differences ? 1 : 0;
}

static int command_tokens(int argc, char **argv) {
  if (argc != 1) return usage_error("%s", "tokens needs one <text> argument (quote it)");
  int failed;
  cJSON *answer = parse_answer(lanterne_tokens(argv[0]), &failed);
  const cJSON *token;
  cJSON_ArrayForEach(token, cJSON_GetObjectItemCaseSensitive(answer, "tokens")) {
    int colocated = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(token, "colocated"));
    printf("%s%s\t%.0f-%.0f\n", colocated ? "  + " : "", text_of(token, "token"),
           number_of(token, "start"), number_of(token, "end"));
  }
  cJSON_Delete(answer);
  return failed;
}

static int command_query(int argc, char **argv) {
  const char *text = NULL;
  int as_you_type = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--as-you-type") == 0) as_you_type = 1;
    else if (!text) text = argv[i];
    else return usage_error("query: unexpected argument %s", argv[i]);
  }
  if (!text) return usage_error("%s", "query needs one <text> argument (quote it)");
  int failed;
  cJSON *answer = parse_answer(lanterne_parse_query(text, as_you_type), &failed);
  if (!failed) print_json(answer);
  cJSON_Delete(answer);
  return failed;
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    fputs(usage_text, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "--version") == 0) { printf("lanterne %s\n", lanterne_version()); return 0; }
  static const struct { const char *name; int (*run)(int, char **); } commands[] = {
    { "build", command_build }, { "pack", command_pack }, { "search", command_search }, { "document", command_document },
    { "info", command_info }, { "tokens", command_tokens }, { "query", command_query },
    { "annotate", command_annotate }, { "verify", command_verify }, { "entities", command_entities }, { "entity", command_entity },
  };
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 2, argv + 2);
  return usage_error("unknown command %s", argv[1]);
}
