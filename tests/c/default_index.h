/*
** default_index.h — the default corpus (corpus/) indexed into a fresh
** temporary folder and opened, with its per-document columns loaded, for
** the C tests that search it; and removed again.  Include after check.h.
*/
#ifndef LT_DEFAULT_INDEX_H
#define LT_DEFAULT_INDEX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc_table.h"
#include "index.h"
#include "lanterne.h"

typedef struct default_index {
  char folder[256];
  char path[300];
  lanterne_index *index;  /* NULL when building or opening failed */
  lt_doc_table *table;    /* its per-document columns, or NULL likewise */
} default_index;

/* Builds and opens the default corpus's index in a new folder named after
** `test`; a failure is a CHECK failure and leaves d->index NULL. */
static void default_index_open(default_index *d, const char *test) {
  memset(d, 0, sizeof *d);
  snprintf(d->folder, sizeof d->folder, "%s/%s-XXXXXX", P_tmpdir, test);
  if (!mkdtemp(d->folder)) {
    CHECK(0, "mkdtemp %s", d->folder);
    return;
  }
  snprintf(d->path, sizeof d->path, "%s/index.db", d->folder);
  char *report = lanterne_build(LANTERNE_SOURCE_DIR "/corpus", d->path, NULL);
  CHECK(report && !strstr(report, "\"error\""), "build: %s", report ? report : "(null)");
  lanterne_free(report);
  char *error = NULL;
  d->index = lanterne_open_file(d->path, &error);
  CHECK(d->index, "open: %s", error ? error : "");
  lanterne_free(error);
  if (d->index) CHECK(lt_doc_table_load(d->index->db, &d->table) == SQLITE_OK, "doc table");
}

/* Closes the index and removes its file and folder. */
static void default_index_close(default_index *d) {
  lt_doc_table_free(d->table);
  d->table = NULL;
  lanterne_close(d->index);
  d->index = NULL;
  unlink(d->path);
  rmdir(d->folder);
}

#endif
