/*
** build_annotations.c — annotating a build's documents ahead of the
** writer, on a second thread (build_annotations.h).
**
** The thread runs through the documents once, in order, and publishes how
** many it has done; the writer waits on that count.  Nothing else is
** shared: each document's result is written by the thread before it is
** published and read by the writer after, and the recognizer is the
** thread's alone until it is joined.  The results of every document are
** kept until read (a few hundred bytes each), so the thread never waits.
*/
#include "build_annotations.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lt_build_annotator {
  const lt_corpus *corpus;
  lt_recognizer *recognizer;
  lt_stem_words *spellings;
  lt_tokenizer *tokenizer;           /* to note the spellings with */
  lt_document_annotations *results;  /* one per document */
  size_t released;                   /* results before this one are freed */
  size_t done;                       /* annotated so far (the thread's count) */
  int failed;                        /* memory ran out at document `done` */
  int stop;                          /* the writer gave up: the thread ends */
  int threaded;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t progress;
};

static void date_document(const lt_document *d, lt_build_date *out) {
  lt_date found;
  memset(out, 0, sizeof *out);
  if (lt_date_of_document(d->text, d->text_len, d->date, &found, &out->source) != 0) return;
  snprintf(out->value, sizeof out->value, "%s", found.value);
  out->precision = lt_date_precision_name(found.precision);
  lt_date_key(out->value, 0, out->start_key);
  lt_date_key(out->value, 1, out->end_key);
}

/* Annotates document i into its result.  Returns 0, or -1 when out of
** memory.  The dates of a text that gives no year take the document's. */
static int annotate(lt_build_annotator *annotator, size_t i) {
  const lt_document *d = &annotator->corpus->docs[i];
  lt_document_annotations *out = &annotator->results[i];
  date_document(d, &out->date);
  /* The text's spellings are noted as the recognizer reads its words
  ** (note_spelling); the title's here. */
  if (lt_stem_words_note_text(annotator->spellings, annotator->tokenizer, d->title,
                              strlen(d->title)) != 0)
    return -1;
  if (lt_dates_extract(d->text, d->text_len, out->date.precision ? out->date.value : NULL,
                       &out->dates, &out->date_count) != 0)
    return -1;
  return lt_recognize(annotator->recognizer, d->text, d->text_len, &out->mentions,
                      &out->mention_count);
}

static int note_spelling(void *context, const char *word, int len) {
  return lt_stem_words_note(context, word, len);
}

static void *annotate_all(void *context) {
  lt_build_annotator *annotator = context;
  for (size_t i = 0; i < annotator->corpus->count; i++) {
    pthread_mutex_lock(&annotator->lock);
    int stop = annotator->stop;
    pthread_mutex_unlock(&annotator->lock);
    if (stop) break;
    int failed = annotate(annotator, i) != 0;
    pthread_mutex_lock(&annotator->lock);
    if (failed) annotator->failed = 1;
    else annotator->done = i + 1;
    pthread_cond_signal(&annotator->progress);
    pthread_mutex_unlock(&annotator->lock);
    if (failed) break;
  }
  return NULL;
}

lt_build_annotator *lt_build_annotator_start(const lt_corpus *corpus, lt_recognizer *recognizer,
                                             lt_stem_words *spellings, int threads) {
  lt_build_annotator *annotator = calloc(1, sizeof *annotator);
  if (!annotator) return NULL;
  annotator->corpus = corpus;
  annotator->recognizer = recognizer;
  annotator->spellings = spellings;
  annotator->tokenizer = lt_tokenizer_new();
  annotator->results = calloc(corpus->count ? corpus->count : 1, sizeof *annotator->results);
  if (!annotator->results || !annotator->tokenizer) {
    lt_tokenizer_free(annotator->tokenizer);
    free(annotator->results);
    free(annotator);
    return NULL;
  }
  lt_recognizer_observe_words(recognizer, note_spelling, spellings);
  /* pthread_create fails where there are no threads (WebAssembly built
  ** without them): the documents are then annotated one by one on demand. */
  if (threads > 1 && corpus->count > 1 && pthread_mutex_init(&annotator->lock, NULL) == 0) {
    if (pthread_cond_init(&annotator->progress, NULL) == 0) {
      annotator->threaded = pthread_create(&annotator->thread, NULL, annotate_all, annotator) == 0;
      if (!annotator->threaded) pthread_cond_destroy(&annotator->progress);
    }
    if (!annotator->threaded) pthread_mutex_destroy(&annotator->lock);
  }
  return annotator;
}

static void release(lt_document_annotations *result) {
  free(result->dates);
  free(result->mentions);
  memset(result, 0, sizeof *result);
}

const lt_document_annotations *lt_build_annotator_get(lt_build_annotator *annotator, size_t i) {
  if (i >= annotator->corpus->count || i < annotator->released) return NULL;
  while (annotator->released < i) release(&annotator->results[annotator->released++]);
  if (annotator->threaded) {
    int failed;
    pthread_mutex_lock(&annotator->lock);
    while (annotator->done <= i && !annotator->failed)
      pthread_cond_wait(&annotator->progress, &annotator->lock);
    failed = annotator->done <= i;
    pthread_mutex_unlock(&annotator->lock);
    if (failed) return NULL;
  } else {
    if (annotator->failed) return NULL;
    if (annotator->done == i) {
      if (annotate(annotator, i) != 0) { annotator->failed = 1; return NULL; }
      annotator->done = i + 1;
    }
  }
  return &annotator->results[i];
}

void lt_build_annotator_finish(lt_build_annotator *annotator) {
  if (!annotator) return;
  if (annotator->threaded) {
    pthread_mutex_lock(&annotator->lock);
    annotator->stop = 1;
    pthread_mutex_unlock(&annotator->lock);
    pthread_join(annotator->thread, NULL);
    pthread_cond_destroy(&annotator->progress);
    pthread_mutex_destroy(&annotator->lock);
  }
  /* Results the thread wrote but nobody read (the writer stopped early). */
  for (size_t i = annotator->released; i < annotator->corpus->count; i++)
    release(&annotator->results[i]);
  free(annotator->results);
  lt_tokenizer_free(annotator->tokenizer);
  lt_recognizer_observe_words(annotator->recognizer, NULL, NULL);
  free(annotator);
}
