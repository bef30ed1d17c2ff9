/*
** read_file.h — a whole file read into memory, for the C tests and the
** latency tool (tests/bench/latency.c): the bytes of an index to open
** from memory, a query mix, two files to compare.
*/
#ifndef LT_TEST_READ_FILE_H
#define LT_TEST_READ_FILE_H

#include <stdio.h>

#include "lanterne.h"

/*
** The file's bytes, NUL-terminated, in a buffer from lanterne_malloc() (the
** caller frees it with lanterne_free()), their count in *size when size is
** not NULL; NULL if the file cannot be read.
*/
static inline char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = n < 0 ? NULL : lanterne_malloc((size_t)n + 1);
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    lanterne_free(data);
    data = NULL;
  }
  fclose(f);
  if (data) data[n] = 0;
  if (data && size) *size = (size_t)n;
  return data;
}

#endif
