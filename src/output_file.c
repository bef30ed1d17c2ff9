/*
** output_file.c — temporary files renamed into place (output_file.h).
*/
#include "output_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lt_output_make_folders(const char *path, char *error, size_t error_size) {
  char *copy = strdup(path);
  if (!copy) {
    snprintf(error, error_size, "out of memory");
    return -1;
  }
  for (char *p = copy + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
      snprintf(error, error_size, "%s: cannot create folder %s (%s)", path, copy, strerror(errno));
      free(copy);
      return -1;
    }
    *p = '/';
  }
  free(copy);
  return 0;
}

char *lt_output_temp_path(const char *output_path, const char *kind, char *error, size_t error_size) {
  size_t size = strlen(output_path) + strlen(kind) + 16;
  char *path = malloc(size);
  if (!path) {
    snprintf(error, error_size, "out of memory");
    return NULL;
  }
  snprintf(path, size, "%s.%s-XXXXXX", output_path, kind);
  int fd = mkstemp(path);
  if (fd < 0) {
    snprintf(error, error_size, "%s: cannot write here (%s)", output_path, strerror(errno));
    free(path);
    return NULL;
  }
  close(fd);
  return path;
}

int lt_output_commit(const char *temp_path, const char *output_path, char *error, size_t error_size) {
  chmod(temp_path, 0644);
  if (rename(temp_path, output_path) != 0) {
    snprintf(error, error_size, "%s: cannot replace the file (%s)", output_path, strerror(errno));
    unlink(temp_path);
    return -1;
  }
  return 0;
}

int lt_output_vacuum_into(sqlite3 *db, const char *path) {
  sqlite3_stmt *vacuum = NULL;
  int rc = sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &vacuum, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(vacuum, 1, path, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(vacuum);
  sqlite3_finalize(vacuum);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
