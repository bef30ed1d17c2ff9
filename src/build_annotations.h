/*
** build_annotations.h — what a build finds in each document besides its
** words: its own date, the dates it mentions and the entities it names;
** and, for the stem -> words map, how its words are spelled.
**
** Finding them (dates.h, entities.h, stem_words.h) costs about as much as
** FTS5's indexing of the same text, and the two do not depend on each
** other: so
** while the build's main thread writes document i into SQLite, a second
** thread annotates the documents after it.  The annotations come out in
** document order, computed by the same code in the same order as without
** the thread (entity discovery learns from the documents before), so the
** index is byte-identical either way.  Where no thread can be started (the
** WebAssembly build has none), each document is annotated when asked for.
*/
#ifndef LT_BUILD_ANNOTATIONS_H
#define LT_BUILD_ANNOTATIONS_H

#include <stddef.h>

#include "corpus.h"
#include "dates.h"
#include "entities.h"
#include "stem_words.h"

/* The date of one document: from its metadata, else found in its text. */
typedef struct lt_build_date {
  char value[LT_DATE_KEY_SIZE];
  const char *precision;   /* "day", "month", "year" or NULL when undated */
  const char *source;      /* "metadata" or the lt_document_date() rule */
  char start_key[LT_DATE_KEY_SIZE], end_key[LT_DATE_KEY_SIZE];
} lt_build_date;

/* One document's annotations.  Arrays are owned by the annotator. */
typedef struct lt_document_annotations {
  lt_build_date date;
  lt_date *dates;          /* every date the text mentions, in text order */
  size_t date_count;
  lt_mention *mentions;    /* lt_recognize()'s mentions, in text order */
  size_t mention_count;
} lt_document_annotations;

typedef struct lt_build_annotator lt_build_annotator;

/*
** Starts annotating the documents of `corpus` in order with `recognizer`,
** noting the spellings of their titles' and texts' words in `spellings`
** (lt_stem_words_note_text).  All three are borrowed; the recognizer (and
** the knowledge base it adds discovered entities to) and the spellings
** must not be used by anyone else until lt_build_annotator_finish().
** threads: 2 to annotate on a second thread when one can be started, 1
** never to.  Returns NULL when out of memory.
*/
lt_build_annotator *lt_build_annotator_start(const lt_corpus *corpus, lt_recognizer *recognizer,
                                             lt_stem_words *spellings, int threads);

/*
** The annotations of document i, waiting for them if needed.  Documents
** must be asked for in order, 0 first; asking for i releases those of i-1.
** The result stays valid until the next call.  Returns NULL when memory ran
** out while annotating.
*/
const lt_document_annotations *lt_build_annotator_get(lt_build_annotator *annotator, size_t i);

/*
** Stops annotating (the thread, if any, ends after its current document),
** frees everything.  Afterwards the recognizer and its knowledge base are
** the caller's again.  NULL is allowed.
*/
void lt_build_annotator_finish(lt_build_annotator *annotator);

#endif
