/*
** check.h — the smallest test harness that does the job: CHECK() records a
** failure with its file and line and carries on, so one run lists every
** broken case; check_done() prints "N passed, N failed" and gives the exit
** status ctest reads.
*/
#ifndef LT_CHECK_H
#define LT_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...) do {                                           \
    if (cond) { check_passed++; }                                       \
    else {                                                              \
      check_failed++;                                                   \
      fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond);\
      fprintf(stderr, __VA_ARGS__);                                     \
      fputc('\n', stderr);                                              \
    }                                                                   \
  } while (0)

#define CHECK_STR(got, want) do {                                       \
    const char *check_got_ = (got), *check_want_ = (want);              \
    CHECK(check_got_ && strcmp(check_got_, check_want_) == 0,           \
          "got \"%s\", want \"%s\"", check_got_ ? check_got_ : "(null)",\
          check_want_);                                                 \
  } while (0)

static int check_done(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  return check_failed ? 1 : 0;
}

#endif
