/*
** stemmer.c — French and English Snowball stems for one word.
**
** The corpus mixes French and English, often inside one document, and no
** language detection is reliable on short passages; so every word gets both
** stems, and whichever is meaningful makes `menaces` meet `menace` and
** `threats` meet `threat`.  Stems equal to the word or to each other are
** dropped so the index does not grow for nothing.
*/
#include "stemmer.h"

#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "normalize.h"
#include "stem_UTF_8_english.h"
#include "stem_UTF_8_french.h"

/* Tokens are at most LT_MAX_TOKEN_BYTES folded; their lower-cased forms and
** stems stay well below this.  Longer input is simply not stemmed. */
#define STEM_BUFFER_BYTES 1024

/*
** Snowball costs about ten times what the rest of tokenizing does, and words
** follow Zipf's law: a few thousand forms make most of any text.  So results
** are kept in a direct-mapped cache keyed by the word (both forms), which
** roughly triples throughput on French prose.  Words or stems too long for
** an entry are simply not cached.  65,536 entries of 136 bytes (8.9 MB)
** once a tokenizer has stemmed enough to need it.  Indexing no longer
** stems every token (it stems each distinct spelling once, stem_words.c),
** so there the cache only catches spellings that differ by case.
*/
#define CACHE_ENTRIES 65536
/* A reader's queries stem a few words: the cache starts small (opening an
** index in the page should not cost 2 MB) and grows once it has served
** this many lookups, which only indexing reaches. */
#define CACHE_FIRST_ENTRIES 512
#define CACHE_GROW_AFTER 50000
#define CACHE_KEY_BYTES 64
#define CACHE_STEM_BYTES 32

typedef struct {
  unsigned short lower_len;   /* 0: empty entry */
  unsigned short folded_len;
  unsigned char stem_count;
  unsigned char stem_lens[2];
  char key[CACHE_KEY_BYTES];  /* lower form, then folded form */
  char stems[2][CACHE_STEM_BYTES];
} stem_cache_entry;

struct lt_stemmer {
  struct SN_env *french;
  struct SN_env *english;
  char french_stem[STEM_BUFFER_BYTES];
  char english_stem[STEM_BUFFER_BYTES];
  stem_cache_entry *cache;  /* allocated on first use */
  unsigned cache_entries;   /* CACHE_FIRST_ENTRIES, then CACHE_ENTRIES */
  unsigned long lookups;
};

lt_stemmer *lt_stemmer_new(void) {
  lt_stemmer *stemmer = calloc(1, sizeof *stemmer);
  if (!stemmer) return NULL;
  stemmer->french = french_UTF_8_create_env();
  stemmer->english = english_UTF_8_create_env();
  if (!stemmer->french || !stemmer->english) {
    lt_stemmer_free(stemmer);
    return NULL;
  }
  return stemmer;
}

void lt_stemmer_free(lt_stemmer *stemmer) {
  if (!stemmer) return;
  if (stemmer->french) french_UTF_8_close_env(stemmer->french);
  if (stemmer->english) english_UTF_8_close_env(stemmer->english);
  free(stemmer->cache);
  free(stemmer);
}

/*
** Runs one Snowball stemmer on word and folds the result into out
** (STEM_BUFFER_BYTES).  Returns the folded length, or -1 when the word could
** not be stemmed (out of memory, too long): the word then just has no stem.
*/
static int stem_and_fold(struct SN_env *env, int (*stem_function)(struct SN_env *),
                         const char *word, int word_len, char *out) {
  if (word_len <= 0 || word_len * 3 + 9 > STEM_BUFFER_BYTES) return -1;
  if (SN_set_current(env, word_len, (const symbol *)word) < 0) return -1;
  if (stem_function(env) < 0) return -1;
  return lt_fold((const char *)env->p, (size_t)env->l, out, STEM_BUFFER_BYTES);
}

static int same_word(const char *a, int a_len, const char *b, int b_len) {
  return a_len == b_len && memcmp(a, b, (size_t)a_len) == 0;
}

/* FNV-1a over both forms. */
static unsigned hash_word(const char *lower, int lower_len, const char *folded, int folded_len) {
  unsigned hash = 2166136261u;
  for (int i = 0; i < lower_len; i++) hash = (hash ^ (unsigned char)lower[i]) * 16777619u;
  hash = (hash ^ 0xFFu) * 16777619u;
  for (int i = 0; i < folded_len; i++) hash = (hash ^ (unsigned char)folded[i]) * 16777619u;
  return hash;
}

/* The cache entry where this word lives or would live; NULL when the word
** is too long to be cached or the cache could not be allocated. */
static stem_cache_entry *cache_slot(lt_stemmer *stemmer, const char *lower, int lower_len,
                                    const char *folded, int folded_len) {
  if (lower_len + folded_len > CACHE_KEY_BYTES) return NULL;
  if (!stemmer->cache || (stemmer->cache_entries < CACHE_ENTRIES && ++stemmer->lookups > CACHE_GROW_AFTER)) {
    unsigned entries = stemmer->cache ? CACHE_ENTRIES : CACHE_FIRST_ENTRIES;
    stem_cache_entry *cache = calloc(entries, sizeof *cache);
    if (!cache && !stemmer->cache) return NULL;
    if (cache) {
      free(stemmer->cache);
      stemmer->cache = cache;
      stemmer->cache_entries = entries;
    }
  }
  return &stemmer->cache[hash_word(lower, lower_len, folded, folded_len) % stemmer->cache_entries];
}

static int cache_entry_holds(const stem_cache_entry *entry, const char *lower, int lower_len,
                             const char *folded, int folded_len) {
  return entry->lower_len == lower_len && entry->folded_len == folded_len &&
         memcmp(entry->key, lower, (size_t)lower_len) == 0 &&
         memcmp(entry->key + lower_len, folded, (size_t)folded_len) == 0;
}

/* Stores a result; leaves the entry empty if a stem does not fit. */
static void cache_store(stem_cache_entry *entry, const char *lower, int lower_len,
                        const char *folded, int folded_len, const char *stems[2],
                        const int lens[2], int count) {
  entry->lower_len = 0;
  for (int i = 0; i < count; i++)
    if (lens[i] > CACHE_STEM_BYTES) return;
  memcpy(entry->key, lower, (size_t)lower_len);
  memcpy(entry->key + lower_len, folded, (size_t)folded_len);
  for (int i = 0; i < count; i++) {
    memcpy(entry->stems[i], stems[i], (size_t)lens[i]);
    entry->stem_lens[i] = (unsigned char)lens[i];
  }
  entry->stem_count = (unsigned char)count;
  entry->folded_len = (unsigned short)folded_len;
  entry->lower_len = (unsigned short)lower_len;
}

/* Runs both stemmers; same contract as lt_stem(). */
static int stem_uncached(lt_stemmer *stemmer, const char *lower, int lower_len,
                         const char *folded, int folded_len,
                         const char *stems[2], int lens[2]) {
  int count = 0;
  int french_len = stem_and_fold(stemmer->french, french_UTF_8_stem, lower, lower_len,
                                 stemmer->french_stem);
  int english_len = stem_and_fold(stemmer->english, english_UTF_8_stem, folded, folded_len,
                                  stemmer->english_stem);

  if (french_len > 0 && !same_word(stemmer->french_stem, french_len, folded, folded_len)) {
    stems[count] = stemmer->french_stem;
    lens[count] = french_len;
    count++;
  }
  if (english_len > 0 && !same_word(stemmer->english_stem, english_len, folded, folded_len) &&
      !(count == 1 && same_word(stemmer->english_stem, english_len, stems[0], lens[0]))) {
    stems[count] = stemmer->english_stem;
    lens[count] = english_len;
    count++;
  }
  return count;
}

int lt_stem(lt_stemmer *stemmer, const char *lower, int lower_len,
            const char *folded, int folded_len,
            const char *stems[2], int lens[2], int *repeated) {
  stem_cache_entry *entry;
  int count;
  if (repeated) *repeated = 0;
  if (lower_len <= 0 || folded_len <= 0) return 0;
  entry = cache_slot(stemmer, lower, lower_len, folded, folded_len);
  if (entry && cache_entry_holds(entry, lower, lower_len, folded, folded_len)) {
    for (int i = 0; i < entry->stem_count; i++) {
      stems[i] = entry->stems[i];
      lens[i] = entry->stem_lens[i];
    }
    if (repeated) *repeated = 1;
    return entry->stem_count;
  }
  count = stem_uncached(stemmer, lower, lower_len, folded, folded_len, stems, lens);
  if (entry) cache_store(entry, lower, lower_len, folded, folded_len, stems, lens, count);
  return count;
}
