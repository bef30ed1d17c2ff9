/*
** corpus.c — reading a corpus folder into memory (see corpus.h).
**
** The steps, in order:
**   1. check the folder;
**   2. walk it (sorted, hidden names skipped, symbolic links followed once)
**      and list the candidate files with their ids;
**   3. refuse two files giving the same id;
**   4. read each file: skip binary, unreadable and empty ones with a
**      warning, repair the encoding, reduce HTML to text;
**   5. apply corpus.json, if any;
**   6. fill in titles, languages and fingerprints.
** Every message is written for the journalist who runs the tool: the file
** first, then the problem in plain words.  Warnings come out in a fixed
** order (sorted walk), so two runs on the same folder report the same way.
*/
#include "corpus.h"
#include "grow.h"
#include "json.h"
#include "dates.h"
#include "tokenizer.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cJSON.h"
#include "background.h"
#include "html_text.h"
#include "sha256.h"
#include "utf8.h"

/* A file is binary when a NUL byte shows up this early: text never has one,
** while PDFs, images and office files have them in their first bytes. */
#define BINARY_PROBE_BYTES 8192

/* Longest title made from a document's first line, in bytes, "…" included. */
#define TITLE_MAX_BYTES 120

#define ELLIPSIS "\xE2\x80\xA6"

/* ---------------------------------------------------------------------------
** Small helpers: formatted messages, string copies.
*/

/* printf into a new malloc'd string (NULL when memory runs out). */
static char *format_message(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  int needed = vsnprintf(NULL, 0, fmt, args);
  va_end(args);
  if (needed < 0) return NULL;
  char *s = malloc((size_t)needed + 1);
  if (!s) return NULL;
  va_start(args, fmt);
  vsnprintf(s, (size_t)needed + 1, fmt, args);
  va_end(args);
  return s;
}

static char *copy_bytes(const char *s, size_t n) {
  char *c = malloc(n + 1);
  if (!c) return NULL;
  memcpy(c, s, n);
  c[n] = '\0';
  return c;
}

static char *copy_string(const char *s) { return s ? copy_bytes(s, strlen(s)) : NULL; }

static int is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ---------------------------------------------------------------------------
** The loader: everything collected while reading one corpus.
*/
typedef struct {
  char *rel_path;   /* relative to the corpus folder, '/' separators, as on disk */
  char *shown_path; /* rel_path repaired to valid UTF-8, for the index */
  char *id;         /* shown_path without its extension */
  int is_html;
} candidate;

typedef struct {
  dev_t dev;
  ino_t ino;
} dir_identity;

typedef struct {
  const char *root;         /* the folder as the caller named it */
  size_t root_len;          /* without trailing slashes (but "/" stays) */

  candidate *files;
  size_t file_count, file_cap;

  dir_identity *visited;    /* folders already walked: loop detection */
  size_t visited_count, visited_cap;

  lt_document *docs;
  size_t doc_count, doc_cap;

  char **warnings;
  size_t warning_count, warning_cap;

  char *error;              /* first fatal problem; stops the load */
  int out_of_memory;
} loader;

/* Grows *array (of `size`-byte items) to hold at least count+1 items. */
static int grow(loader *ld, void **array, size_t *cap, size_t count, size_t size) {
  if (lt_grow(array, cap, count + 1, size, 16) == 0) return 1;
  ld->out_of_memory = 1;
  return 0;
}

/* A message with valid UTF-8 only: file names on disk may hold any bytes
** (Latin-1 names from old archives), messages end up in JSON.  Takes
** ownership of `message`; returns NULL when memory runs out. */
static char *repaired_message(char *message) {
  if (!message) return NULL;
  size_t len;
  char *repaired = lt_utf8_repair(message, strlen(message), &len, NULL);
  free(message);
  return repaired;
}

/* Takes ownership of a malloc'd message (NULL means memory ran out). */
static void add_warning(loader *ld, char *message) {
  message = repaired_message(message);
  if (!message) {
    ld->out_of_memory = 1;
    return;
  }
  if (!grow(ld, (void **)&ld->warnings, &ld->warning_cap, ld->warning_count, sizeof(char *))) {
    free(message);
    return;
  }
  ld->warnings[ld->warning_count++] = message;
}

/* Records the fatal error (the first one wins); takes ownership. */
static void set_error(loader *ld, char *message) {
  message = repaired_message(message);
  if (!message) {
    ld->out_of_memory = 1;
    return;
  }
  if (ld->error) {
    free(message);
    return;
  }
  ld->error = message;
}

static int failed(const loader *ld) { return ld->error != NULL || ld->out_of_memory; }

/* The path of a file as the reader will find it: folder + "/" + rel. */
static char *full_path(const loader *ld, const char *rel) {
  if (!rel || !rel[0]) return copy_bytes(ld->root, ld->root_len);
  if (ld->root_len == 1 && ld->root[0] == '/') return format_message("/%s", rel);
  return format_message("%.*s/%s", (int)ld->root_len, ld->root, rel);
}

/* ---------------------------------------------------------------------------
** Step 2: walking the folder.
*/

/* Which extension makes a document; returns 0 (not a document), 1 (text)
** or 2 (HTML), and the length of the name without the extension. */
static int document_kind(const char *name, size_t *stem_len) {
  const char *dot = strrchr(name, '.');
  if (!dot || dot == name) return 0;
  *stem_len = (size_t)(dot - name);
  if (strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".md") == 0) return 1;
  if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0) return 2;
  return 0;
}

/* Hidden files (".git", ".DS_Store") and installed JavaScript packages are
** never part of a corpus. */
static int is_skipped_name(const char *name) {
  return name[0] == '.' || strcmp(name, "node_modules") == 0;
}

/* Remembers a folder; returns 0 if it was already walked (a link loop, or
** a second link to the same folder). */
static int mark_visited(loader *ld, const struct stat *st) {
  for (size_t i = 0; i < ld->visited_count; i++)
    if (ld->visited[i].dev == st->st_dev && ld->visited[i].ino == st->st_ino) return 0;
  if (!grow(ld, (void **)&ld->visited, &ld->visited_cap, ld->visited_count, sizeof(dir_identity)))
    return 0;
  ld->visited[ld->visited_count].dev = st->st_dev;
  ld->visited[ld->visited_count].ino = st->st_ino;
  ld->visited_count++;
  return 1;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the names in a folder, sorted, without "." and "..".  Returns 0 and
** warns when the folder cannot be read. */
static int list_folder(loader *ld, const char *rel, char ***names_out, size_t *count_out) {
  char *path = full_path(ld, rel);
  if (!path) {
    ld->out_of_memory = 1;
    return 0;
  }
  DIR *d = opendir(path);
  if (!d) {
    add_warning(ld, format_message("%s: folder could not be read (%s), skipped with everything "
                                   "in it",
                                   path, strerror(errno)));
    free(path);
    return 0;
  }
  char **names = NULL;
  size_t count = 0, cap = 0;
  struct dirent *entry;
  while ((entry = readdir(d)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    if (!grow(ld, (void **)&names, &cap, count, sizeof(char *))) break;
    names[count] = copy_string(entry->d_name);
    if (!names[count]) {
      ld->out_of_memory = 1;
      break;
    }
    count++;
  }
  closedir(d);
  free(path);
  /* readdir's order depends on the file system; sorting makes the walk,
  ** and so the warnings, the same everywhere. */
  if (count) qsort(names, count, sizeof(char *), compare_strings);
  *names_out = names;
  *count_out = count;
  return 1;
}

/* Lists a document file; `extension_len` counts the dot. */
static void add_candidate(loader *ld, const char *rel, size_t extension_len, int kind) {
  if (!grow(ld, (void **)&ld->files, &ld->file_cap, ld->file_count, sizeof(candidate))) return;
  candidate *c = &ld->files[ld->file_count];
  size_t replaced = 0, shown_len = 0;
  c->rel_path = copy_string(rel);
  c->shown_path = lt_utf8_repair(rel, strlen(rel), &shown_len, &replaced);
  /* The extension is ASCII, so it survives the repair unchanged. */
  c->id = c->shown_path ? copy_bytes(c->shown_path, shown_len - extension_len) : NULL;
  c->is_html = (kind == 2);
  if (!c->rel_path || !c->shown_path || !c->id) {
    free(c->rel_path);
    free(c->shown_path);
    free(c->id);
    ld->out_of_memory = 1;
    return;
  }
  ld->file_count++;
  if (replaced) {
    char *path = full_path(ld, rel);
    add_warning(ld, path ? format_message("%s: the file name is not valid UTF-8; the index "
                                          "shows it as \"%s\"",
                                          path, c->shown_path)
                         : NULL);
    free(path);
  }
}

static void walk_folder(loader *ld, const char *rel);

/* Looks at one entry of a folder: a document to list, a folder to walk,
** or something to pass over. */
static void visit_entry(loader *ld, const char *rel, const char *name) {
  size_t stem_len = 0;
  int kind = document_kind(name, &stem_len);
  char *child = rel[0] ? format_message("%s/%s", rel, name) : copy_string(name);
  char *path = child ? full_path(ld, child) : NULL;
  struct stat st;
  if (!child || !path) {
    ld->out_of_memory = 1;
  } else if (stat(path, &st) != 0) {  /* stat() follows symbolic links */
    /* Only worth a word when it looked like a document (a broken link). */
    if (kind)
      add_warning(ld, format_message("%s: cannot be read (%s), skipped", path, strerror(errno)));
  } else if (S_ISDIR(st.st_mode)) {
    if (mark_visited(ld, &st)) walk_folder(ld, child);
    else if (!ld->out_of_memory)
      add_warning(ld, format_message("%s: links to a folder already read, skipped", path));
  } else if (S_ISREG(st.st_mode) && kind) {
    add_candidate(ld, child, strlen(name) - stem_len, kind);
  } else if (kind) {
    /* Only regular files: reading a named pipe or a device would hang. */
    add_warning(ld, format_message("%s: not a regular file (%s), skipped", path,
                                   S_ISFIFO(st.st_mode)   ? "a named pipe"
                                   : S_ISSOCK(st.st_mode) ? "a socket"
                                                          : "a device"));
  }
  free(child);
  free(path);
}

static void walk_folder(loader *ld, const char *rel) {
  char **names = NULL;
  size_t count = 0;
  if (!list_folder(ld, rel, &names, &count)) return;
  for (size_t i = 0; i < count; i++) {
    if (!failed(ld) && !is_skipped_name(names[i])) visit_entry(ld, rel, names[i]);
    free(names[i]);
  }
  free(names);
}

/* ---------------------------------------------------------------------------
** Step 3: one id, one file.
*/
static int compare_candidates(const void *a, const void *b) {
  const candidate *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  return c ? c : strcmp(x->rel_path, y->rel_path);
}

static void check_unique_ids(loader *ld) {
  if (ld->file_count > 1) qsort(ld->files, ld->file_count, sizeof(candidate), compare_candidates);
  for (size_t i = 1; i < ld->file_count && !failed(ld); i++) {
    if (strcmp(ld->files[i - 1].id, ld->files[i].id) != 0) continue;
    char *first = full_path(ld, ld->files[i - 1].rel_path);
    char *second = full_path(ld, ld->files[i].rel_path);
    if (first && second)
      set_error(ld, format_message("%s and %s: both give the document id \"%s\"; rename or "
                                   "remove one of them",
                                   first, second, ld->files[i].id));
    else
      ld->out_of_memory = 1;
    free(first);
    free(second);
  }
}

/* ---------------------------------------------------------------------------
** Step 4: reading documents.
*/

/* Reads a whole file.  Returns 0 and sets *reason (a static strerror text)
** when it cannot. */
static int read_file(const char *path, char **data, size_t *len, const char **reason) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *reason = strerror(errno);
    return 0;
  }
  size_t cap = 65536, used = 0;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && st.st_size > 0) cap = (size_t)st.st_size + 1;
  char *buf = malloc(cap);
  while (buf) {
    if (used == cap) {
      char *grown = realloc(buf, cap * 2);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
    size_t got = fread(buf + used, 1, cap - used, f);
    used += got;
    if (got == 0) break;
  }
  int read_error = ferror(f);
  int saved_errno = errno;
  fclose(f);
  if (!buf) {
    *reason = strerror(ENOMEM);
    return 0;
  }
  if (read_error) {
    free(buf);
    *reason = strerror(saved_errno ? saved_errno : EIO);
    return 0;
  }
  *data = buf;
  *len = used;
  return 1;
}

static int only_white_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_ascii_space((unsigned char)s[i])) return 0;
  return 1;
}

/* Byte order marks: how Windows editors say which Unicode encoding a file
** uses.  They are not text. */
#define BOM_UTF8 "\xEF\xBB\xBF"
#define BOM_UTF16LE "\xFF\xFE"
#define BOM_UTF16BE "\xFE\xFF"

static int starts_with(const char *bytes, size_t n, const char *prefix, size_t len) {
  return n >= len && memcmp(bytes, prefix, len) == 0;
}

/* Is this a UTF-16 file (with its byte order mark)?  Sets *big_endian. */
static int is_utf16(const char *bytes, size_t n, int *big_endian) {
  *big_endian = starts_with(bytes, n, BOM_UTF16BE, 2);
  return *big_endian || starts_with(bytes, n, BOM_UTF16LE, 2);
}

/*
** Decodes the raw bytes of a file (document or corpus.json) into valid UTF-8,
** whatever they hold: UTF-8 (its BOM dropped), UTF-16 with a BOM, Windows-1252
** (utf8.h gives the rule) or damaged UTF-8, with a warning naming `path`
** for anything but clean UTF-8.  Returns NULL only when memory runs out.
*/
static char *decoded_text(loader *ld, const char *path, const char *bytes, size_t n,
                          size_t *text_len) {
  size_t replaced = 0;
  int big_endian;
  if (is_utf16(bytes, n, &big_endian)) {
    char *text = lt_utf16_to_utf8(bytes + 2, n - 2, big_endian, text_len, &replaced);
    if (text)
      add_warning(ld, format_message("%s: UTF-16 text (%s), converted to UTF-8%s", path,
                                     big_endian ? "big-endian" : "little-endian",
                                     replaced ? "; some damaged characters replaced by \xEF\xBF\xBD"
                                              : ""));
    return text;
  }
  if (starts_with(bytes, n, BOM_UTF8, 3)) {
    bytes += 3;
    n -= 3;
  }
  if (lt_guess_encoding(bytes, n) == LT_TEXT_CP1252) {
    char *text = lt_cp1252_to_utf8(bytes, n, text_len);
    if (text)
      add_warning(ld, format_message("%s: not UTF-8; read as Windows-1252 (Latin-1) and "
                                     "converted",
                                     path));
    return text;
  }
  char *text = lt_utf8_repair(bytes, n, text_len, &replaced);
  if (text && replaced > 0)
    add_warning(ld, format_message("%s: invalid UTF-8 repaired (%zu sequence%s replaced by "
                                   "\xEF\xBF\xBD), document kept",
                                   path, replaced, replaced == 1 ? "" : "s"));
  return text;
}

/*
** Turns the raw bytes of a file into its text: encoding decoded (with a
** warning when it was not clean UTF-8), HTML reduced.  Returns NULL (with
** *html_title NULL) only when memory runs out.
*/
static char *file_text(loader *ld, const char *path, const candidate *c, const char *bytes,
                       size_t n, size_t *text_len, char **html_title) {
  size_t decoded_len = 0;
  *html_title = NULL;
  char *text = decoded_text(ld, path, bytes, n, &decoded_len);
  if (!text) return NULL;
  *text_len = decoded_len;
  if (!c->is_html) return text;

  char *plain = lt_html_to_text(text, decoded_len, text_len, html_title);
  free(text);
  return plain;
}

/* Binary: a NUL byte early on (text never has one, while PDFs, images and
** office files do in their first bytes).  UTF-16 text is full of NUL bytes,
** so it is recognised by its byte order mark first. */
static int looks_binary(const char *bytes, size_t n) {
  int big_endian;
  if (is_utf16(bytes, n, &big_endian)) return 0;
  return memchr(bytes, '\0', n < BINARY_PROBE_BYTES ? n : BINARY_PROBE_BYTES) != NULL;
}

static char *first_line_title_or_null(const char *text, size_t n, int *oom);

/* An HTML <title> (or <h1>) shaped like a first-line title: one line, at
** most TITLE_MAX_BYTES; NULL when it holds no words.  Metadata may still
** replace it. */
static char *html_title_shaped(const char *html_title, int *oom) {
  if (!html_title) return NULL;
  return first_line_title_or_null(html_title, strlen(html_title), oom);
}

static void load_document(loader *ld, const candidate *c) {
  char *path = full_path(ld, c->rel_path);
  char *bytes = NULL, *text = NULL, *html_title = NULL;
  size_t n = 0, text_len = 0;
  const char *reason = NULL;
  if (!path) {
    ld->out_of_memory = 1;
    return;
  }

  if (!read_file(path, &bytes, &n, &reason)) {
    add_warning(ld, format_message("%s: cannot be read (%s), skipped", path, reason));
  } else if (looks_binary(bytes, n)) {
    add_warning(ld, format_message("%s: binary file skipped (it holds NUL bytes, as PDFs, images "
                                   "and office files do: it is not text)",
                                   path));
  } else if (!(text = file_text(ld, path, c, bytes, n, &text_len, &html_title))) {
    ld->out_of_memory = 1;
  } else if (only_white_space(text, text_len)) {
    add_warning(ld, format_message("%s: empty document skipped", path));
  } else if (grow(ld, (void **)&ld->docs, &ld->doc_cap, ld->doc_count, sizeof(lt_document))) {
    lt_document *d = &ld->docs[ld->doc_count];
    memset(d, 0, sizeof *d);
    d->id = copy_string(c->id);
    d->path = copy_string(c->shown_path);
    d->text = text;
    d->text_len = text_len;
    d->title = html_title_shaped(html_title, &ld->out_of_memory);
    lt_sha256_hex(d->text, d->text_len, d->sha256);
    text = NULL;
    ld->doc_count++;
    if (!d->id || !d->path) ld->out_of_memory = 1;
  }
  free(bytes);
  free(text);
  free(html_title);
  free(path);
}

/* ---------------------------------------------------------------------------
** Step 5: corpus.json.
*/

typedef struct {
  loader *ld;
  char *path;               /* of corpus.json, for messages */
  const char *json;         /* its text, to say on which line a value is */
  const cJSON *root;        /* its parsed tree */
  char *corpus_title;
  char *default_language;
  unsigned char *meta_seen; /* per document: an entry already applied */
} metadata;

/*
** Where a parsed value sits in the JSON text, for messages: cJSON keeps no
** positions, so the text is walked again alongside the tree (same order of
** members and items, duplicates included) until the node is reached.  The
** text parsed without error, so the walk can trust its shape.
*/
static const char *skip_json_space(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  return p;
}

static const char *skip_json_string(const char *p) {
  p++;  /* the opening quote */
  while (*p && *p != '"') p += (*p == '\\' && p[1]) ? 2 : 1;
  return *p ? p + 1 : p;
}

/* Returns the position after the value at p (parsed as `node`), or NULL
** once `target` is reached (its position in *found). */
static const char *walk_json(const char *p, const cJSON *node, const cJSON *target,
                             const char **found) {
  p = skip_json_space(p);
  if (node == target) {
    *found = p;
    return NULL;
  }
  if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
    int object = cJSON_IsObject(node);
    if (*p) p++;  /* { or [ */
    for (const cJSON *child = node->child; child; child = child->next) {
      p = skip_json_space(p);
      if (object) {
        p = skip_json_space(skip_json_string(p));
        if (*p == ':') p++;
      }
      p = walk_json(p, child, target, found);
      if (!p) return NULL;
      p = skip_json_space(p);
      if (*p == ',') p++;
    }
    p = skip_json_space(p);
    return *p ? p + 1 : p;  /* } or ] */
  }
  if (*p == '"') return skip_json_string(p);
  while (*p && !strchr(",}] \t\r\n", *p)) p++;  /* number, true, false, null */
  return p;
}

/* "<corpus.json>:<line>:<column>" of `node`, or the path alone when the
** node cannot be found.  Returns NULL when memory runs out. */
static char *located(const metadata *m, const cJSON *node) {
  const char *found = NULL;
  if (node && m->json && m->root) walk_json(m->json, m->root, node, &found);
  if (!found) return copy_string(m->path);
  size_t line, column;
  lt_text_line_column(m->json, (size_t)(found - m->json), &line, &column);
  return format_message("%s:%zu:%zu", m->path, line, column);
}

/* What a JSON value is, in words, for "must be a string, not ...". */
static const char *json_kind(const cJSON *item) {
  if (cJSON_IsNumber(item)) return "a number";
  if (cJSON_IsBool(item)) return "true or false";
  if (cJSON_IsArray(item)) return "a list [...]";
  if (cJSON_IsObject(item)) return "an object {...}";
  if (cJSON_IsString(item)) return "a string";
  return "null";
}

/* The fatal error "<file>:<line>:<column>: <problem>" about `node`. */
static void metadata_error(metadata *m, const cJSON *node, char *problem) {
  char *where = located(m, node);
  if (where && problem) set_error(m->ld, format_message("%s: %s", where, problem));
  else m->ld->out_of_memory = 1;
  free(where);
  free(problem);
}

/* Reads a string field: returns 1 with *value malloc'd (repaired, trimmed,
** NULL when absent, null or blank), or 0 after setting the error. */
static int string_field(metadata *m, const cJSON *object, const char *field, const char *where,
                        char **value) {
  *value = NULL;
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, field);
  if (!item || cJSON_IsNull(item)) return 1;
  if (!cJSON_IsString(item) || !item->valuestring) {
    int is_date = strcmp(field, "date") == 0;
    metadata_error(m, item, format_message("%s%s must be a string in double quotes%s, not %s; "
                                           "fix it and build again",
                                           where, field,
                                           is_date ? " such as \"2014\" or \"2014-05-01\"" : "",
                                           json_kind(item)));
    return 0;
  }
  const char *s = item->valuestring;
  size_t n = strlen(s);
  while (n > 0 && is_ascii_space((unsigned char)s[n - 1])) n--;
  while (n > 0 && is_ascii_space((unsigned char)*s)) {
    s++;
    n--;
  }
  if (n == 0) return 1;
  size_t len;
  *value = lt_utf8_repair(s, n, &len, NULL);
  if (!*value) {
    m->ld->out_of_memory = 1;
    return 0;
  }
  return 1;
}

static lt_document *find_document(loader *ld, const char *id) {
  size_t lo = 0, hi = ld->doc_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(ld->docs[mid].id, id);
    if (c == 0) return &ld->docs[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* Replaces *slot by value (taking ownership) when value is not NULL. */
static void put(char **slot, char *value) {
  if (!value) return;
  free(*slot);
  *slot = value;
}

/* Applies one documents entry; `where` is its place in the file, such as
** documents."003_x". for the error messages. */
static void apply_entry(metadata *m, const char *id, const cJSON *entry, const char *where) {
  static const char *const FIELDS[] = {"title", "date", "source", "url",
                                       "language", "type", "classification"};
  enum { N_FIELDS = sizeof FIELDS / sizeof FIELDS[0] };
  char *values[N_FIELDS] = {0};
  size_t f;

  for (f = 0; f < N_FIELDS; f++)
    if (!string_field(m, entry, FIELDS[f], where, &values[f])) break;
  if (f == N_FIELDS && values[1] && !lt_date_valid(values[1]))
    metadata_error(m, cJSON_GetObjectItemCaseSensitive(entry, "date"),
                   format_message("%sdate \"%s\" is not a date (use YYYY, YYYY-MM or "
                                  "YYYY-MM-DD)",
                                  where, values[1]));

  lt_document *d = failed(m->ld) ? NULL : find_document(m->ld, id);
  if (!failed(m->ld) && !d) {
    char *at = located(m, entry);
    /* `where` ends with the '.' that leads to a field name: not shown here */
    add_warning(m->ld, at ? format_message("%s: %.*s: no document has this id (no file \"%s\" "
                                           "with .txt, .md or .html), entry ignored",
                                           at, (int)strlen(where) - 1, where, id)
                          : NULL);
    free(at);
  } else if (d) {
    size_t index = (size_t)(d - m->ld->docs);
    if (m->meta_seen[index])
      add_warning(m->ld, format_message("%s: document \"%s\" has two entries; the last one is "
                                        "used",
                                        m->path, id));
    m->meta_seen[index] = 1;
    put(&d->title, values[0]);
    put(&d->date, values[1]);
    put(&d->source, values[2]);
    put(&d->url, values[3]);
    put(&d->language, values[4]);
    put(&d->type, values[5]);
    put(&d->classification, values[6]);
    if (values[1]) put(&d->date_source, copy_string("metadata"));
    if (values[1] && !d->date_source) m->ld->out_of_memory = 1;
    return;
  }
  for (f = 0; f < N_FIELDS; f++) free(values[f]);
}

/* "documents": {"id": {...}, ...} */
static void apply_documents_object(metadata *m, const cJSON *documents) {
  const cJSON *entry;
  cJSON_ArrayForEach(entry, documents) {
    if (failed(m->ld)) return;
    const char *id = entry->string ? entry->string : "";
    char *where = format_message("documents.\"%s\".", id);
    if (!where) {
      m->ld->out_of_memory = 1;
      return;
    }
    if (!cJSON_IsObject(entry))
      metadata_error(m, entry, format_message("documents.\"%s\" must be an object {...}, not %s",
                                              id, json_kind(entry)));
    else
      apply_entry(m, id, entry, where);
    free(where);
  }
}

/* "documents": [{"id": "...", ...}, ...] */
static void apply_documents_array(metadata *m, const cJSON *documents) {
  const cJSON *entry;
  size_t index = 0;
  cJSON_ArrayForEach(entry, documents) {
    if (failed(m->ld)) return;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(entry, "id");
    if (!cJSON_IsObject(entry))
      metadata_error(m, entry, format_message("documents[%zu] must be an object {...}, not %s",
                                              index, json_kind(entry)));
    else if (!cJSON_IsString(id) || !id->valuestring)
      metadata_error(m, id ? id : entry,
                     format_message("documents[%zu].id must be a string (the document's file "
                                    "name without its extension)%s",
                                    index, id ? "" : ", and it is missing"));
    else {
      char *where = format_message("documents[%zu].", index);
      if (!where) m->ld->out_of_memory = 1;
      else apply_entry(m, id->valuestring, entry, where);
      free(where);
    }
    index++;
  }
}

static void apply_metadata(metadata *m, const cJSON *root) {
  if (!cJSON_IsObject(root)) {
    metadata_error(m, root, format_message("must hold a JSON object {\"title\": ..., "
                                           "\"documents\": {...}}, not %s",
                                           json_kind(root)));
    return;
  }
  if (!string_field(m, root, "title", "", &m->corpus_title)) return;
  if (!string_field(m, root, "language", "", &m->default_language)) return;
  const cJSON *documents = cJSON_GetObjectItemCaseSensitive(root, "documents");
  if (!documents || cJSON_IsNull(documents)) return;
  if (cJSON_IsObject(documents)) apply_documents_object(m, documents);
  else if (cJSON_IsArray(documents)) apply_documents_array(m, documents);
  else
    metadata_error(m, documents, format_message("documents must be an object {\"id\": {...}} or "
                                                "a list [...], not %s",
                                                json_kind(documents)));
}

/* Reads and applies corpus.json when the folder has one. */
static void load_metadata(metadata *m) {
  loader *ld = m->ld;
  struct stat st;
  m->path = full_path(ld, "corpus.json");
  if (!m->path) {
    ld->out_of_memory = 1;
    return;
  }
  if (stat(m->path, &st) != 0 && errno == ENOENT) return;  /* optional */

  char *bytes = NULL;
  size_t n = 0;
  const char *reason = NULL;
  if (!read_file(m->path, &bytes, &n, &reason)) {
    set_error(ld, format_message("%s: cannot be read (%s); make it readable, or move it out "
                                 "of the folder to build without metadata",
                                 m->path, reason));
    return;
  }
  /* Decoded as documents are: BOM dropped, UTF-16 and Windows-1252
  ** converted (cJSON reads UTF-8 only). */
  char *json = decoded_text(ld, m->path, bytes, n, &n);  /* NUL-ended */
  free(bytes);
  if (!json) {
    ld->out_of_memory = 1;
    return;
  }
  if (only_white_space(json, n)) {
    set_error(ld, format_message("%s: the file is empty; write {} in it, or delete it", m->path));
    free(json);
    return;
  }
  cJSON *root = cJSON_ParseWithLengthOpts(json, n + 1, NULL, 1);
  if (!root) {
    const char *at = cJSON_GetErrorPtr();
    size_t offset = (at && at >= json && at <= json + n) ? (size_t)(at - json) : n;
    size_t line, column;
    lt_text_line_column(json, offset, &line, &column);
    set_error(ld, format_message("%s:%zu:%zu: malformed JSON (look for a missing or extra "
                                 "comma, quote or bracket here or just before); fix it and "
                                 "build again",
                                 m->path, line, column));
  } else {
    m->json = json;
    m->root = root;
    apply_metadata(m, root);
    m->json = NULL;
    m->root = NULL;
    cJSON_Delete(root);
  }
  free(json);
}

/* ---------------------------------------------------------------------------
** Step 6: titles, languages, fingerprints.
*/

static int count_letters(const char *s, size_t n, int enough) {
  int letters = 0;
  size_t i = 0;
  while (i < n && letters < enough) {
    int cp;
    i += (size_t)lt_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp >= 0 && lt_is_letter(cp)) letters++;
  }
  return letters;
}

/* Copies a line with its runs of white space collapsed and its ends
** trimmed; Markdown heading marks ("# ") go too. */
static char *clean_line(const char *s, size_t n) {
  while (n > 0 && (is_ascii_space((unsigned char)*s) || *s == '#')) {
    s++;
    n--;
  }
  char *out = malloc(n + 1);
  size_t len = 0;
  if (!out) return NULL;
  for (size_t i = 0; i < n; i++) {
    if (is_ascii_space((unsigned char)s[i])) {
      if (len > 0 && out[len - 1] != ' ') out[len++] = ' ';
    } else {
      out[len++] = s[i];
    }
  }
  while (len > 0 && out[len - 1] == ' ') len--;
  out[len] = '\0';
  return out;
}

/* Cuts a cleaned line to TITLE_MAX_BYTES at a word boundary, adding "…". */
static char *shorten_title(char *line) {
  size_t len = strlen(line);
  if (len <= TITLE_MAX_BYTES) return line;
  size_t room = TITLE_MAX_BYTES - (sizeof ELLIPSIS - 1);
  size_t cut = room;
  while (cut > 0 && line[cut] != ' ') cut--;  /* line[room] exists: len > room */
  if (cut == 0) {
    cut = room;  /* one very long word: cut between two characters */
    while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80) cut--;
  }
  while (cut > 0 && strchr(" ,;:-", line[cut - 1])) cut--;
  memcpy(line + cut, ELLIPSIS, sizeof ELLIPSIS);  /* with the NUL */
  return line;
}

/* The first-line title, or NULL when no line has two letters.  *oom is set
** when memory runs out. */
static char *first_line_title_or_null(const char *text, size_t n, int *oom) {
  size_t start = 0;
  while (start < n) {
    const char *nl = memchr(text + start, '\n', n - start);
    size_t end = nl ? (size_t)(nl - text) : n;
    if (count_letters(text + start, end - start, 2) >= 2) {
      char *line = clean_line(text + start, end - start);
      if (!line) *oom = 1;
      return line ? shorten_title(line) : NULL;
    }
    start = end + 1;
  }
  return NULL;
}

char *lt_first_line_title(const char *text, size_t n) {
  int oom = 0;
  char *title = first_line_title_or_null(text ? text : "", text ? n : 0, &oom);
  if (!title && !oom) title = copy_string("(untitled)");
  return title;
}

static void finish_document(loader *ld, lt_document *d, const char *default_language) {
  int oom = 0;
  if (!d->title) {
    d->title = first_line_title_or_null(d->text, d->text_len, &oom);
    if (!d->title && !oom) d->title = copy_string("(untitled)");
    if (!d->title) ld->out_of_memory = 1;
  }
  if (!d->language && default_language) {
    d->language = copy_string(default_language);
    if (!d->language) ld->out_of_memory = 1;
  }
}

/* ---------------------------------------------------------------------------
** The whole load.
*/

static void free_document(lt_document *d) {
  free(d->id);
  free(d->path);
  free(d->text);
  free(d->title);
  free(d->date);
  free(d->date_source);
  free(d->source);
  free(d->url);
  free(d->language);
  free(d->type);
  free(d->classification);
}

void lt_corpus_free(lt_corpus *corpus) {
  if (!corpus) return;
  for (size_t i = 0; i < corpus->count; i++) free_document(&corpus->docs[i]);
  free(corpus->docs);
  for (size_t i = 0; i < corpus->warning_count; i++) free(corpus->warnings[i]);
  free(corpus->warnings);
  free(corpus->title);
  memset(corpus, 0, sizeof *corpus);
}

/* The folder's own name, the corpus title when corpus.json gives none. */
static char *folder_name(const char *dir) {
  char resolved[PATH_MAX];
  const char *path = realpath(dir, resolved) ? resolved : dir;
  size_t end = strlen(path);
  while (end > 1 && path[end - 1] == '/') end--;
  size_t start = end;
  while (start > 0 && path[start - 1] != '/') start--;
  if (start == end) return copy_string(path);  /* "/" */
  return copy_bytes(path + start, end - start);
}

/* Step 1: the folder must exist and be a folder. */
static int check_folder(loader *ld) {
  struct stat st;
  if (stat(ld->root, &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      set_error(ld, format_message("%s: no such folder; check the name and the path", ld->root));
    else
      set_error(ld, format_message("%s: cannot be opened (%s)", ld->root, strerror(errno)));
    return 0;
  }
  if (!S_ISDIR(st.st_mode)) {
    set_error(ld, format_message("%s: not a folder; give the folder that holds the documents",
                                 ld->root));
    return 0;
  }
  return mark_visited(ld, &st);
}

static int compare_documents(const void *a, const void *b) {
  return strcmp(((const lt_document *)a)->id, ((const lt_document *)b)->id);
}

/* Files [first, end) of ld->files, read into ld (load_document). */
typedef struct file_range {
  loader *ld;
  size_t first, end;
} file_range;

static int load_range(void *context) {
  file_range *range = context;
  for (size_t i = range->first; i < range->end && !failed(range->ld); i++)
    load_document(range->ld, &range->ld->files[i]);
  return 0;
}

/* Moves the documents and warnings of `from` (which read the files after
** ld's) to the end of ld's, so that they come in the order of the files. */
static void append_loaded(loader *ld, loader *from) {
  if (from->out_of_memory) ld->out_of_memory = 1;
  if (from->doc_count &&
      lt_grow((void **)&ld->docs, &ld->doc_cap, ld->doc_count + from->doc_count,
              sizeof(lt_document), 16) == 0) {
    memcpy(ld->docs + ld->doc_count, from->docs, from->doc_count * sizeof(lt_document));
    ld->doc_count += from->doc_count;
    from->doc_count = 0;
  }
  if (from->warning_count &&
      lt_grow((void **)&ld->warnings, &ld->warning_cap, ld->warning_count + from->warning_count,
              sizeof(char *), 16) == 0) {
    memcpy(ld->warnings + ld->warning_count, from->warnings, from->warning_count * sizeof(char *));
    ld->warning_count += from->warning_count;
    from->warning_count = 0;
  }
  /* What could not be moved (memory ran out) goes. */
  if (from->doc_count || from->warning_count) ld->out_of_memory = 1;
  for (size_t i = 0; i < from->doc_count; i++) free_document(&from->docs[i]);
  for (size_t i = 0; i < from->warning_count; i++) free(from->warnings[i]);
  free(from->docs);
  free(from->warnings);
}

/* Reads every file: with two threads, the second half of the list on a
** second thread (reading, decoding and hashing are most of a load). */
static void load_documents(loader *ld, int threads) {
  size_t half = threads > 1 ? ld->file_count / 2 : ld->file_count;
  loader second = *ld;
  second.docs = NULL;
  second.doc_count = second.doc_cap = 0;
  second.warnings = NULL;
  second.warning_count = second.warning_cap = 0;
  second.error = NULL;
  file_range later = { &second, half, ld->file_count }, first = { ld, 0, half };
  lt_background *reading = half < ld->file_count ? lt_background_start(load_range, &later, threads)
                                                 : NULL;
  if (half < ld->file_count && !reading) ld->out_of_memory = 1;
  load_range(&first);
  if (reading) {
    lt_background_join(reading);
    append_loaded(ld, &second);
  }
}

static void read_corpus(loader *ld, metadata *m, int threads) {
  if (!check_folder(ld)) return;
  walk_folder(ld, "");
  if (failed(ld)) return;
  check_unique_ids(ld);
  load_documents(ld, threads);
  if (failed(ld)) return;
  if (ld->doc_count == 0) {
    if (ld->file_count == 0)
      set_error(ld, format_message("%s: no .txt, .md or .html documents found; nothing to index",
                                   ld->root));
    else
      set_error(ld, format_message("%s: nothing to index: all %zu .txt, .md or .html files "
                                   "were skipped%s%s%s",
                                   ld->root, ld->file_count,
                                   ld->warning_count ? " (" : "",
                                   ld->warning_count ? ld->warnings[0] : "",
                                   ld->warning_count ? ")" : ""));
    return;
  }
  /* Candidates were sorted by id already; sort again in case that order
  ** ever changes, since find_document() and the index rely on it. */
  qsort(ld->docs, ld->doc_count, sizeof(lt_document), compare_documents);

  m->meta_seen = calloc(ld->doc_count, 1);
  if (!m->meta_seen) {
    ld->out_of_memory = 1;
    return;
  }
  load_metadata(m);
  for (size_t i = 0; i < ld->doc_count && !failed(ld); i++)
    finish_document(ld, &ld->docs[i], m->default_language);
}

int lt_corpus_load(const char *dir, int threads, lt_corpus *out, char **error) {
  loader ld;
  metadata m;
  memset(&ld, 0, sizeof ld);
  memset(&m, 0, sizeof m);
  memset(out, 0, sizeof *out);
  if (error) *error = NULL;
  m.ld = &ld;

  ld.root = dir ? dir : "";
  ld.root_len = strlen(ld.root);
  while (ld.root_len > 1 && ld.root[ld.root_len - 1] == '/') ld.root_len--;

  if (!ld.root[0]) set_error(&ld, format_message("no folder given"));
  else read_corpus(&ld, &m, threads);

  int ok = !failed(&ld);
  if (ok) {
    out->title = m.corpus_title ? m.corpus_title : folder_name(ld.root);
    m.corpus_title = NULL;
    if (!out->title) {
      ok = 0;
      ld.out_of_memory = 1;
    }
  }
  if (ok) {
    out->docs = ld.docs;
    out->count = ld.doc_count;
    out->warnings = ld.warnings;
    out->warning_count = ld.warning_count;
    ld.docs = NULL;
    ld.doc_count = 0;
    ld.warnings = NULL;
    ld.warning_count = 0;
  } else {
    free(out->title);
    out->title = NULL;
    if (error) *error = ld.error ? ld.error : copy_string("out of memory");
    else free(ld.error);
    ld.error = NULL;
  }

  /* Whatever the outcome, the loader's own storage goes. */
  for (size_t i = 0; i < ld.file_count; i++) {
    free(ld.files[i].rel_path);
    free(ld.files[i].shown_path);
    free(ld.files[i].id);
  }
  free(ld.files);
  free(ld.visited);
  for (size_t i = 0; i < ld.doc_count; i++) free_document(&ld.docs[i]);
  free(ld.docs);
  for (size_t i = 0; i < ld.warning_count; i++) free(ld.warnings[i]);
  free(ld.warnings);
  free(ld.error);
  free(m.path);
  free(m.corpus_title);
  free(m.default_language);
  free(m.meta_seen);
  return ok ? 0 : -1;
}

