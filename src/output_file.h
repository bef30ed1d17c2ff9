/*
** output_file.h — writing a file so that a failure never leaves it half
** written nor destroys the one it replaces.
**
** The file is written under a temporary name beside the output (same folder,
** so the same file system), then renamed over it once complete.  Used by
** lanterne_build() (index_build.c) and lanterne_pack() (index_pack.c).
*/
#ifndef LT_OUTPUT_FILE_H
#define LT_OUTPUT_FILE_H

#include <stddef.h>
#include "sqlite3.h"

/* Creates the folders that will hold `path` (and their parents) if missing.
** Returns 0, or -1 with a message naming the folder in error. */
int lt_output_make_folders(const char *path, char *error, size_t error_size);

/* Creates an empty file named `<output_path>.<kind>-XXXXXX` (mkstemp) beside
** the output.  Returns its path (free() it), or NULL with a message in
** error. */
char *lt_output_temp_path(const char *output_path, const char *kind, char *error, size_t error_size);

/* Makes the finished temporary file readable by all (an index is meant to
** be published; mkstemp made it private) and renames it over output_path.
** On failure removes it and returns -1 with a message in error. */
int lt_output_commit(const char *temp_path, const char *output_path, char *error, size_t error_size);

/* Writes db, compacted (VACUUM INTO: each table's pages in order, full),
** into the empty file at path.  Returns SQLITE_OK or an SQLite code. */
int lt_output_vacuum_into(sqlite3 *db, const char *path);

#endif
