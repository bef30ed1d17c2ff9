/*
** entities.h — finding the people, organisations and places a text names,
** and linking each mention to one entity of the knowledge base (kb.h).
**
** One recognizer reads the documents of a corpus one after the other:
**   1. gazetteer matching: the text is read with the indexing tokenizer
**      (tokenizer.h: case, accents, elision, OCR `I’`, hyphens folded) and
**      every alias of every entity is a token sequence; at each token the
**      longest alias that matches wins.  Aliases keep a case requirement
**      (an acronym `UN` or `NOS` only matches capitals, a capitalised
**      `Alliance` only a capitalised word; a lower-case alias matches any
**      case), so `un` and `nos` are never taken for names.  Linear in the
**      text: one hash lookup per token plus the aliases starting there.
**   2. discovery (optional): capitalised name sequences and acronyms that no
**      alias covers become new entities, typed by cues (titles such as `M.`,
**      `colonel-major`, `ministre` for people; head nouns such as
**      `Direction`, `Comité` for organisations; `à`, `en`, `au` for places);
**      common capitalised words and sentence-initial words are skipped.
**   3. linking: an acronym defined in the text (`... du territoire (DGST)`)
**      joins its expansion; a surname alone joins the person named in full
**      in the same document, else elsewhere in the corpus; discovered names
**      are keyed by their folded form, so they merge across documents; an
**      alias shared by several entities is resolved by the document's other
**      mentions and the words around it, or left ambiguous.
** Discovered entities and the aliases learnt by linking are added to the kb,
** so later documents find them too: the order of documents matters, and the
** index builder always gives them in id order.
*/
#ifndef LT_ENTITIES_H
#define LT_ENTITIES_H

#include "kb.h"

#include <stddef.h>

#define LT_MAX_CANDIDATES 4

typedef struct lt_mention {
  int start, end;          /* UTF-8 byte offsets of the name (no article or title) */
  long entity;             /* index in kb->entities, or -1 when ambiguous */
  long candidates[LT_MAX_CANDIDATES];  /* when ambiguous: the entities it may be */
  int candidate_count;
} lt_mention;

typedef struct lt_recognizer lt_recognizer;

/*
** Returns a recognizer over `kb` (borrowed: it must outlive the recognizer,
** which adds discovered entities and learnt aliases to it), or NULL when
** memory runs out.  discover: 1 to find entities absent from the kb.
*/
lt_recognizer *lt_recognizer_new(lt_kb *kb, int discover);

/* Frees a recognizer (not its kb).  NULL is allowed. */
void lt_recognizer_free(lt_recognizer *recognizer);

/* Called with each word lt_recognize() reads of a text, as written: the
** len bytes between the offsets lt_tokenize() reports for it.  Returns 0
** to go on; anything else makes lt_recognize() fail. */
typedef int (*lt_word_fn)(void *context, const char *word, int len);

/* Has fn called with every word lt_recognize() reads from now on (NULL:
** none).  A build notes the words' spellings this way (stem_words.h)
** rather than tokenizing each text once more. */
void lt_recognizer_observe_words(lt_recognizer *recognizer, lt_word_fn fn, void *context);

/*
** Finds the mentions in n bytes of valid UTF-8.  On success returns 0 and
** sets *mentions to a malloc'd array (free() it) of *count mentions in text
** order, never overlapping (NULL when none).  Returns -1 when memory runs out.
*/
int lt_recognize(lt_recognizer *recognizer, const char *text, size_t n,
                 lt_mention **mentions, size_t *count);

#endif
