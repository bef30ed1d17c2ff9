/*
** latency.c — native search latency over the benchmark's query mix, for
** working on the search path without the noise of a browser: opens an
** index, runs each request of a JSON array `rounds` times (interleaved)
** and prints the median per request and p50/p95 over all of them, for the
** page's request (timeline and facets on) and for its parts.
**
**   latency <index.db> <queries.json> [rounds]
**
** queries.json: [{"name": "...", "request": {...}}, ...] — the "queries"
** array of a generated corpus's .bench.json.  Not part of the test suite:
** a tool, built with the native CLI (target lanterne_latency).
*/
#include "lanterne.h"
#include "../c/read_file.h"
#include "cJSON.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double percentile(double *values, int n, double p) {
  qsort(values, (size_t)n, sizeof *values, compare_doubles);
  int i = (int)(p * (n - 1) + 0.5);
  return values[i];
}

/* The parts of a page request, as extra fields merged into it. */
static const char *variants[][2] = {
  {"page", "{}"},
  {"count", "{\"limit\":0,\"timeline\":false,\"facets\":false}"},
  {"hits", "{\"timeline\":false,\"facets\":false}"},
  {"timeline", "{\"limit\":0,\"facets\":false}"},
  {"facets", "{\"limit\":0,\"timeline\":false}"},
};
#define VARIANT_COUNT (int)(sizeof variants / sizeof variants[0])

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: latency <index.db> <queries.json> [rounds]\n"); return 2; }
  int rounds = argc > 3 ? atoi(argv[3]) : 15;
  char *error = NULL;
  double t0 = now_ms();
  /* Opened from memory as the page opens it: no file locks per statement,
  ** which would otherwise weigh on the native figures of short queries. */
  size_t index_size = 0;
  char *index_bytes = read_file(argv[1], &index_size);
  if (!index_bytes) { fprintf(stderr, "%s: cannot read\n", argv[1]); return 1; }
  lanterne_index *index = lanterne_open_bytes(index_bytes, index_size, argv[1], &error);
  if (!index) { fprintf(stderr, "%s\n", error ? error : "cannot open"); return 1; }
  printf("open (read + open from memory): %.2f ms\n", now_ms() - t0);
  char *text = read_file(argv[2], NULL);
  cJSON *queries = text ? cJSON_Parse(text) : NULL;
  if (cJSON_IsObject(queries)) queries = cJSON_GetObjectItem(queries, "queries");
  if (!cJSON_IsArray(queries)) { fprintf(stderr, "%s: not a JSON array of queries\n", argv[2]); return 1; }
  int n = cJSON_GetArraySize(queries);
  double *times = calloc((size_t)(n * VARIANT_COUNT * rounds), sizeof *times);
  char **requests = calloc((size_t)(n * VARIANT_COUNT), sizeof *requests);
  long *totals = calloc((size_t)n, sizeof *totals);
  for (int q = 0; q < n; q++)
    for (int v = 0; v < VARIANT_COUNT; v++) {
      cJSON *request = cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetArrayItem(queries, q), "request"), 1);
      cJSON *extra = cJSON_Parse(variants[v][1]);
      for (cJSON *field = extra->child; field; field = field->next)
        cJSON_AddItemToObject(request, field->string, cJSON_Duplicate(field, 1));
      cJSON_Delete(extra);
      requests[q * VARIANT_COUNT + v] = cJSON_PrintUnformatted(request);
      cJSON_Delete(request);
    }
  for (int round = 0; round < rounds; round++)
    for (int q = 0; q < n; q++)
      for (int v = 0; v < VARIANT_COUNT; v++) {
        double start = now_ms();
        char *answer = lanterne_search(index, requests[q * VARIANT_COUNT + v]);
        times[(q * VARIANT_COUNT + v) * rounds + round] = now_ms() - start;
        if (round == 0 && v == 0) {
          cJSON *parsed = cJSON_Parse(answer);
          cJSON *total = cJSON_GetObjectItem(parsed, "total");
          if (!total) fprintf(stderr, "error: %s\n", answer);
          totals[q] = total ? (long)total->valuedouble : -1;
          cJSON_Delete(parsed);
        }
        lanterne_free(answer);
      }
  printf("%-24s %8s", "query (median ms)", "matches");
  for (int v = 0; v < VARIANT_COUNT; v++) printf(" %9s", variants[v][0]);
  printf("\n");
  double *pooled = calloc((size_t)(n * rounds), sizeof *pooled);
  for (int q = 0; q < n; q++) {
    printf("%-24.24s %8ld", cJSON_GetObjectItem(cJSON_GetArrayItem(queries, q), "name")->valuestring, totals[q]);
    for (int v = 0; v < VARIANT_COUNT; v++) {
      double *t = &times[(q * VARIANT_COUNT + v) * rounds];
      if (v == 0) memcpy(&pooled[q * rounds], t, (size_t)rounds * sizeof *t);
      printf(" %9.2f", percentile(t, rounds, 0.5));
    }
    printf("\n");
  }
  printf("page requests: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n", percentile(pooled, n * rounds, 0.5),
         percentile(pooled, n * rounds, 0.95), percentile(pooled, n * rounds, 0.99));
  lanterne_close(index);
  return 0;
}
