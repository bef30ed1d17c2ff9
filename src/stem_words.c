/*
** stem_words.c — collecting and reading the stem -> words map of
** stem_words.h.
*/
#include "stem_words.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "string_map.h"
#include "tokenizer.h"

/* One (stem, word) pair: its stem followed by its word in the collected
** text.  While collecting, `offset` locates them (the text moves as it
** grows); when saving, `stem` points at them. */
typedef struct stem_pair {
  size_t offset;
  const char *stem;
  int stem_len, word_len;
} stem_pair;

#define PAIR_WORD(pair) ((pair)->stem + (pair)->stem_len)

/* A spelling noted lately, kept in a small direct-mapped table in front of
** `noted`.  Most tokens of a text are a few hundred common words (Zipf);
** here they are found in a table that stays in the processor's cache,
** where `noted` is megabytes of scattered keys: a lookup there cost more
** than tokenizing the word. */
#define RECENT_SLOTS 8192          /* a power of two */
#define RECENT_MAX_BYTES 23        /* longer spellings always go to `noted` */
typedef struct recent_spelling {
  unsigned char len;               /* 0: empty */
  char bytes[RECENT_MAX_BYTES];
} recent_spelling;

struct lt_stem_words {
  stem_pair *pairs;
  size_t pair_count, pair_capacity;
  int sorted;              /* pairs are in compare_pairs order, `stem` set */
  char *text;              /* the stems and words of all pairs */
  size_t text_len, text_capacity;
  lt_string_map noted;     /* spellings noted, not yet stemmed (keys only) */
  recent_spelling *recent; /* RECENT_SLOTS of them, once noting starts */
};

lt_stem_words *lt_stem_words_new(void) {
  return calloc(1, sizeof(lt_stem_words));
}

void lt_stem_words_free(lt_stem_words *collection) {
  if (!collection) return;
  free(collection->pairs);
  free(collection->text);
  lt_string_map_free(&collection->noted);
  free(collection->recent);
  free(collection);
}

int lt_stem_words_add(lt_stem_words *collection, const char *stem, int stem_len,
                      const char *word, int word_len) {
  if (stem_len <= 0 || word_len <= 0) return 0;
  if (lt_grow((void **)&collection->pairs, &collection->pair_capacity, collection->pair_count + 1,
              sizeof(stem_pair), 1024) != 0 ||
      lt_grow((void **)&collection->text, &collection->text_capacity,
              collection->text_len + (size_t)stem_len + (size_t)word_len, 1, 16384) != 0)
    return -1;
  collection->pairs[collection->pair_count++] =
      (stem_pair){collection->text_len, NULL, stem_len, word_len};
  collection->sorted = 0;
  memcpy(collection->text + collection->text_len, stem, (size_t)stem_len);
  memcpy(collection->text + collection->text_len + stem_len, word, (size_t)word_len);
  collection->text_len += (size_t)stem_len + (size_t)word_len;
  return 0;
}

int lt_stem_words_note(lt_stem_words *collection, const char *spelling, int len) {
  if (len <= 0) return 0;
  if (!collection->recent && !(collection->recent = calloc(RECENT_SLOTS, sizeof(recent_spelling))))
    return -1;
  recent_spelling *recent = NULL;
  if (len <= RECENT_MAX_BYTES) {
    unsigned hash = 2166136261u;   /* FNV-1a */
    for (int i = 0; i < len; i++) hash = (hash ^ (unsigned char)spelling[i]) * 16777619u;
    recent = &collection->recent[hash & (RECENT_SLOTS - 1)];
    if (recent->len == len && memcmp(recent->bytes, spelling, (size_t)len) == 0) return 0;
  }
  if (lt_string_map_put(&collection->noted, spelling, (size_t)len, 0) != 0) return -1;
  if (recent) {
    recent->len = (unsigned char)len;
    memcpy(recent->bytes, spelling, (size_t)len);
  }
  return 0;
}

/* Noting the words of one text: the text, to cut each word's run from. */
typedef struct noting {
  lt_stem_words *collection;
  const char *text;
} noting;

static int note_token(void *context, int flags, const char *token, int len, int start, int end) {
  noting *note = context;
  (void)flags;
  (void)token;
  (void)len;
  return lt_stem_words_note(note->collection, note->text + start, end - start);
}

int lt_stem_words_note_text(lt_stem_words *collection, lt_tokenizer *tokenizer, const char *text,
                            size_t len) {
  noting note = { collection, text };
  return lt_tokenize(tokenizer, text, len, 0, note_token, &note) == 0 ? 0 : -1;
}

/* Tokenizing one noted spelling: the word, then its stems (colocated). */
typedef struct noted_word {
  lt_stem_words *collection;
  char word[LT_MAX_TOKEN_BYTES];
  int word_len;
} noted_word;

static int add_noted_token(void *context, int flags, const char *token, int len, int start,
                           int end) {
  noted_word *noted = context;
  (void)start;
  (void)end;
  if (!(flags & LT_TOKEN_COLOCATED)) {
    noted->word_len = len <= LT_MAX_TOKEN_BYTES ? len : 0;
    memcpy(noted->word, token, (size_t)noted->word_len);
    return 0;
  }
  /* Repeated: this tokenizer gave the same word and stems before (another
  ** spelling folding to the same forms, as `Menace` and `menace`). */
  if (flags & LT_TOKEN_REPEATED) return 0;
  return lt_stem_words_add(noted->collection, token, len, noted->word, noted->word_len);
}

/* Turns the noted spellings into pairs.  A run of word characters read
** alone is the same run (the tokenizer's runs are maximal), so it folds and
** stems exactly as it did inside its document.  Returns 0, or -1. */
static int stem_noted(lt_stem_words *collection) {
  lt_string_map *noted = &collection->noted;
  if (!noted->count) return 0;
  lt_tokenizer *tokenizer = lt_tokenizer_new();
  noted_word word = { collection, "", 0 };
  int rc = tokenizer ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < noted->capacity; i++)
    if (noted->slots[i].size)
      rc = lt_tokenize(tokenizer, lt_string_map_key(&noted->slots[i]), noted->slots[i].size - 1, 1,
                       add_noted_token, &word);
  lt_tokenizer_free(tokenizer);
  if (rc == 0) lt_string_map_free(noted);
  return rc ? -1 : 0;
}

static int compare_bytes(const char *a, int a_len, const char *b, int b_len) {
  int order = memcmp(a, b, (size_t)(a_len < b_len ? a_len : b_len));
  return order ? order : (a_len > b_len) - (a_len < b_len);
}

/* Byte order of the stems (SQLite's BINARY collation, so rows go into the
** table's B-tree in order), then of the words, so that duplicates meet and
** the lists do not depend on the order the text was read in. */
static int compare_pairs(const void *a, const void *b) {
  const stem_pair *x = a, *y = b;
  int order = compare_bytes(x->stem, x->stem_len, y->stem, y->stem_len);
  return order ? order : compare_bytes(PAIR_WORD(x), x->word_len, PAIR_WORD(y), y->word_len);
}

int lt_stem_words_stem(lt_stem_words *collection) {
  if (stem_noted(collection) != 0) return -1;
  if (!collection->sorted) {
    for (size_t i = 0; i < collection->pair_count; i++)
      collection->pairs[i].stem = collection->text + collection->pairs[i].offset;
    if (collection->pair_count)
      qsort(collection->pairs, collection->pair_count, sizeof(stem_pair), compare_pairs);
    collection->sorted = 1;
  }
  return 0;
}

int lt_stem_words_save(lt_stem_words *collection, sqlite3 *db) {
  sqlite3_stmt *insert = NULL;
  char *words = NULL;
  size_t words_capacity = 0;
  /* A stem already in the table (saved earlier) gets the new words added. */
  int rc = lt_stem_words_stem(collection) == 0 ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
      "INSERT INTO stem_words(stem, words) VALUES(?1, ?2)"
      " ON CONFLICT(stem) DO UPDATE SET words = words || ' ' || excluded.words", -1, &insert, NULL);
  for (size_t first = 0; rc == SQLITE_OK && first < collection->pair_count;) {
    const stem_pair *group = &collection->pairs[first];
    size_t words_len = 0, next = first;
    for (; next < collection->pair_count; next++) {
      const stem_pair *pair = &collection->pairs[next];
      if (compare_bytes(pair->stem, pair->stem_len, group->stem, group->stem_len) != 0) break;
      if (next > first && compare_pairs(pair, pair - 1) == 0) continue;  /* seen twice */
      if (lt_grow((void **)&words, &words_capacity, words_len + (size_t)pair->word_len + 2, 1,
                  256) != 0) {
        rc = SQLITE_NOMEM;
        break;
      }
      if (words_len) words[words_len++] = ' ';
      memcpy(words + words_len, PAIR_WORD(pair), (size_t)pair->word_len);
      words_len += (size_t)pair->word_len;
    }
    if (rc != SQLITE_OK) break;
    sqlite3_bind_text(insert, 1, group->stem, group->stem_len, SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, words, (int)words_len, SQLITE_STATIC);
    rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    first = next;
  }
  free(words);
  sqlite3_finalize(insert);
  if (rc == SQLITE_OK) collection->pair_count = collection->text_len = 0;
  return rc;
}

int lt_stem_words_prepare(sqlite3 *db, sqlite3_stmt **statement) {
  return sqlite3_prepare_v2(db, "SELECT words FROM stem_words WHERE stem = ?1", -1, statement,
                            NULL);
}

int lt_stem_words_find(sqlite3_stmt *lookup, const char *term, int len, lt_stem_word_fn fn,
                       void *context) {
  int rc = sqlite3_bind_text(lookup, 1, term, len, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(lookup);
  if (rc == SQLITE_ROW) {
    const char *words = (const char *)sqlite3_column_text(lookup, 0);
    int words_len = sqlite3_column_bytes(lookup, 0);
    rc = SQLITE_OK;
    for (int start = 0; rc == SQLITE_OK && start < words_len;) {
      int end = start;
      while (end < words_len && words[end] != ' ') end++;
      if (end > start && !(end - start == len && memcmp(words + start, term, (size_t)len) == 0))
        rc = fn(context, words + start, end - start);
      start = end + 1;
    }
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  }
  sqlite3_reset(lookup);
  return rc;
}
