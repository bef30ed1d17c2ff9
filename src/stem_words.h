/*
** stem_words.h — which words of the corpus share a stem.
**
** The full-text index stores each word of the text once, folded as the
** tokenizer writes it; it stores no stems.  A word of a query is widened
** instead when FTS5 reads the query (fts_tokenizer.c): `menaces` becomes
** `menaces` OR `menace` OR `menacer` ..., every word of the corpus that
** shares a term with it, where a word's terms are itself and its French
** and English stems (stemmer.h).  That matches exactly the documents that
** indexing the stems as colocated tokens matched, with the same positions,
** for about half the postings: the index is smaller, faster to build and
** faster to read, at the cost of a lookup per query word.
**
** The map from a stem to the corpus words that have it is collected while
** the build reads the documents and saved in the table
**   stem_words(stem TEXT PRIMARY KEY, words TEXT)   -- WITHOUT ROWID
** where `words` holds the words separated by single spaces (a folded token
** never contains a space).  A word equal to its own stem is not listed:
** the query has it already.
*/
#ifndef LT_STEM_WORDS_H
#define LT_STEM_WORDS_H

#include "sqlite3.h"
#include "tokenizer.h"

/* The table, created with the rest of the schema (index.h). */
#define LT_STEM_WORDS_SCHEMA_SQL \
  "CREATE TABLE stem_words(stem TEXT PRIMARY KEY NOT NULL, words TEXT NOT NULL) WITHOUT ROWID;"

/* ---------------------------------------------------------------------------
** Collecting, while building.  The build notes each word of every document
** as it is written (on the thread that annotates the documents,
** build_annotations.h); the stems of each distinct spelling
** are computed once, when saving.  Stemming every token as it was read,
** through a cache, cost a sixth of the build on the 10k bench corpus, whose
** vocabulary is too wide for any cache.
*/

typedef struct lt_stem_words lt_stem_words;

/* Returns an empty collection, or NULL when out of memory.  The caller
** frees it with lt_stem_words_free() (NULL allowed). */
lt_stem_words *lt_stem_words_new(void);
void lt_stem_words_free(lt_stem_words *collection);

/* Notes one word as a text writes it: `spelling` (len bytes) is the run of
** source bytes between the offsets the tokenizer reports for a word,
** unfolded.  When saving, each distinct spelling is tokenized again, alone,
** with its stems, and its (stem, word) pairs added.  Returns 0, or -1 when
** memory ran out. */
int lt_stem_words_note(lt_stem_words *collection, const char *spelling, int len);

/* lt_stem_words_note() for every word of `text` (len bytes, a column FTS5
** indexes), read with `tokenizer` (borrowed; any one: only offsets are
** read).  Returns 0, or -1 when memory ran out. */
int lt_stem_words_note_text(lt_stem_words *collection, lt_tokenizer *tokenizer,
                            const char *text, size_t len);

/* Notes that the corpus word `word` (word_len bytes, folded) has stem
** `stem` (stem_len bytes).  Returns 0, or -1 when memory ran out. */
int lt_stem_words_add(lt_stem_words *collection, const char *stem, int stem_len,
                      const char *word, int word_len);

/* Stems the spellings noted so far into (stem, word) pairs, in the order
** saving writes them; lt_stem_words_save() does it when not done.  It
** touches no database, so a build runs it on a second thread while SQLite
** writes other tables.  Returns 0, or -1 when memory ran out. */
int lt_stem_words_stem(lt_stem_words *collection);

/* Adds the pairs of the spellings noted since the last save, writes the
** pairs collected since then into the table stem_words of db and forgets
** them.  A stem already in the table gets the new words
** appended (a word saved twice is then listed twice, which readers
** tolerate).  Returns an SQLite code. */
int lt_stem_words_save(lt_stem_words *collection, sqlite3 *db);

/* ---------------------------------------------------------------------------
** Reading, while searching.
*/

/* Called once per word listed for a stem; returns 0 to go on. */
typedef int (*lt_stem_word_fn)(void *context, const char *word, int len);

/* Prepares the lookup statement of lt_stem_words_find() on db.  Returns an
** SQLite code; the caller finalizes *statement. */
int lt_stem_words_prepare(sqlite3 *db, sqlite3_stmt **statement);

/* Calls fn for every corpus word (other than term itself) that has `term`
** (len bytes) among its stems.  Returns SQLITE_OK, the first non-zero value
** fn returned, or an SQLite error code. */
int lt_stem_words_find(sqlite3_stmt *lookup, const char *term, int len, lt_stem_word_fn fn,
                       void *context);

#endif
