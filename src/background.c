/*
** background.c — one function on a second thread (background.h).
*/
#include "background.h"

#include <pthread.h>
#include <stdlib.h>

struct lt_background {
  lt_background_fn fn;
  void *argument;
  int result;
  int threaded;
  pthread_t thread;
};

static void *run(void *context) {
  lt_background *task = context;
  task->result = task->fn(task->argument);
  return NULL;
}

lt_background *lt_background_start(lt_background_fn fn, void *argument, int threads) {
  lt_background *task = calloc(1, sizeof *task);
  if (!task) return NULL;
  task->fn = fn;
  task->argument = argument;
  task->threaded = threads > 1 && pthread_create(&task->thread, NULL, run, task) == 0;
  if (!task->threaded) run(task);
  return task;
}

int lt_background_join(lt_background *task) {
  if (!task) return -1;
  if (task->threaded) pthread_join(task->thread, NULL);
  int result = task->result;
  free(task);
  return result;
}
