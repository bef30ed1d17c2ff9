/*
** corpus.h — reading a corpus folder into memory.
**
** A corpus is a folder.  Every .txt, .md, .html and .htm file below it
** (recursively; hidden files and folders skipped; symbolic links followed
** once, loops detected) is a document whose id is its path relative to the
** folder, with '/' separators and without the extension.  HTML is reduced to
** text (html_text.h); all text becomes valid UTF-8: a UTF-8 byte order mark
** is dropped, UTF-16 (with its byte order mark) and Windows-1252 / Latin-1
** are converted, damaged UTF-8 is repaired (utf8.h gives the rule), each
** with a warning naming the file.  Binary files (NUL bytes), empty ones,
** unreadable ones and special files (named pipes, devices) are skipped with
** a warning.
**
** An optional corpus.json at the top of the folder gives metadata:
**   {"title": "Corpus title",
**    "language": "fr",                       (default for every document)
**    "documents": {"<id>": {"title", "date", "source", "url", "language",
**                           "type", "classification"}, ...}}
** every field optional, all strings; dates are YYYY, YYYY-MM or YYYY-MM-DD.
** Without a title, a document's title is its first meaningful line.
**
** Documents come out sorted by id (bytewise), which makes the index
** reproducible.
*/
#ifndef LT_CORPUS_H
#define LT_CORPUS_H

#include <stddef.h>

typedef struct lt_document {
  char *id;             /* path without extension, '/' separators */
  char *path;           /* path relative to the corpus folder */
  char *text;           /* valid UTF-8, NUL-ended */
  size_t text_len;
  char *title;          /* never NULL: metadata, <title>, or first line */
  char *date;           /* YYYY[-MM[-DD]] or NULL */
  char *date_source;    /* "metadata" or NULL */
  char *source;         /* the following are NULL when not given */
  char *url;
  char *language;
  char *type;
  char *classification;
  char sha256[65];      /* of text */
} lt_document;

typedef struct lt_corpus {
  char *title;          /* corpus.json title, or the folder's name */
  lt_document *docs;
  size_t count;
  char **warnings;      /* "<file>: <problem>" messages for the reader */
  size_t warning_count;
} lt_corpus;

/*
** Reads the corpus in folder `dir` into *out.  Returns 0 on success
** (possibly with warnings: unreadable or skipped files, corpus.json entries
** naming no document, repaired encodings).  On failure returns -1 and sets
** *error to a malloc'd message naming the file and the problem (missing
** folder, nothing readable to index, malformed corpus.json or a field of the
** wrong type with its line and column, two files giving the same id); *out
** then holds nothing to free.  threads: 2 to read half of the files on a
** second thread when one can be started, 1 never to; the result is the
** same either way.
*/
int lt_corpus_load(const char *dir, int threads, lt_corpus *out, char **error);

/* Frees everything lt_corpus_load() put in *corpus. */
void lt_corpus_free(lt_corpus *corpus);

/*
** Returns a malloc'd title for a document without one: its first line that
** holds at least two letters, trimmed and cut to at most 120 bytes at a word
** boundary (with "…" when cut), or "(untitled)".
*/
char *lt_first_line_title(const char *text, size_t n);


#endif
