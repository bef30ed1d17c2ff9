/*
** expand.h — the FTS5 expression a count runs: each word of the parser's
** expression (query.h) written as an OR of its spellings.
**
** The parser writes a word as one string, and the tokenizer widens it, at
** FTS5's request, into colocated alternatives: the word, its stems, and
** every corpus word sharing one (fts_tokenizer.h).  FTS5 matches such a
** string by merging the position lists of all the alternatives in every
** document that holds one, even when only the document's presence is
** asked: on a word of 11 spellings in 10,000 documents, that is most of a
** search.  Written as ("w1" OR "w2" ...), each spelling is a plain term
** whose list FTS5 only steps through, and the word's hits are its
** spellings' hits.  Phrases and prefixes stay as they are written.
**
** Counts use it (selection.c's passes without ranks, and rank.c's count
** of the documents holding a word).  The ranking pass does not: it reads
** every match's hits through FTS5's API, a call per phrase per document,
** and with a word's spellings as so many phrases that cost more in
** WebAssembly than FTS5's merging saved (tests/bench/ANALYSIS.md).
**
** "Terms" below are the strings of the parser's expression (FTS5's phrases
** before expansion); "phrases" are FTS5's phrases of the expanded one.  The
** expanded expression matches the same documents.
*/
#ifndef LT_EXPAND_H
#define LT_EXPAND_H

#include "sqlite3.h"
#include "tokenizer.h"

typedef struct lt_expansion {
  char *match;          /* the expression to run */
  int terms;            /* strings of the parser's expression */
  int phrases;          /* FTS5 phrases of `match`, in FTS5's order */
  int *phrase_term;     /* per phrase: the term it spells (its hits are
                        ** the term's) */
} lt_expansion;

/*
** Expands `match`, an expression in the parser's format (query.h: strings
** in double quotes, a prefix star after a string, AND, OR and parentheses),
** widening its words with the index db's stem_words and `tokenizer`.  A
** prefix, a verbatim string (fts_tokenizer.h) or a phrase is kept as it is.  Returns SQLITE_OK with *out
** to free with lt_expansion_free(), SQLITE_NOMEM, SQLITE_ERROR when `match`
** is not in that format (*out is then empty), or another SQLite code.
*/
int lt_expansion_make(sqlite3 *db, lt_tokenizer *tokenizer, const char *match, lt_expansion *out);

/* Frees what an expansion holds and empties it.  An empty one is allowed. */
void lt_expansion_free(lt_expansion *expansion);

#endif
