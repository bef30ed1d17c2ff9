/*
** fuzz_tokenizer.c — libFuzzer target for lt_tokenize() (tokenizer.h).
**
** Input: any bytes (not repaired: the tokenizer must take invalid UTF-8).
** Checks, on every input, beyond the sanitizers:
**   - every token's [start, end) is a non-empty span of the input that
**     holds valid UTF-8 (invalid bytes only separate), on character
**     boundaries when the input is valid UTF-8;
**   - words come in text order and never overlap (the pieces of a word
**     split around an ideograph share its offsets); the first token is
**     never colocated;
**   - a colocated token (a stem) has exactly the offsets of the word before
**     it, differs from it, is at most LT_MAX_TOKEN_BYTES and reads back as
**     itself (below); flags are 0 or LT_TOKEN_COLOCATED;
**   - a word is 1..LT_MAX_TOKEN_BYTES bytes of valid UTF-8 without NUL;
**   - with stems off, the tokens are exactly the words of the run with stems
**     on (same bytes, same offsets);
**   - a word tokenized again is itself, alone: the query parser writes the
**     folded words into FTS5 strings that FTS5 tokenizes once more, so a
**     word that did not survive a second pass could never be found.
*/
#include "fuzz_common.h"
#include "tokenizer.h"

typedef struct {
  int flags;
  char token[4 * LT_MAX_TOKEN_BYTES + 1];
  int len, start, end;
} token;

typedef struct {
  token *items;
  size_t count, capacity;
} token_list;

static int collect(void *ctx, int flags, const char *text, int len, int start, int end) {
  token_list *list = ctx;
  FUZZ_CHECK(len > 0 && len <= 4 * LT_MAX_TOKEN_BYTES, "token length %d", len);
  if (list->count == list->capacity) {
    list->capacity = list->capacity ? 2 * list->capacity : 64;
    list->items = realloc(list->items, list->capacity * sizeof *list->items);
    if (!list->items) abort();
  }
  token *t = &list->items[list->count++];
  t->flags = flags;
  memcpy(t->token, text, (size_t)len);
  t->token[len] = 0;
  t->len = len;
  t->start = start;
  t->end = end;
  return 0;
}

static lt_tokenizer *tokenizer;
static token_list again;

/* 1 if the token, tokenized again (no stems), is itself alone. */
static int reads_back(const token *t) {
  again.count = 0;
  FUZZ_CHECK(lt_tokenize(tokenizer, t->token, (size_t)t->len, 0, collect, &again) == 0,
             "tokenize failed");
  return again.count == 1 && again.items[0].len == t->len &&
         memcmp(again.items[0].token, t->token, (size_t)t->len) == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  tokenizer = lt_tokenizer_new();
  if (!tokenizer) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  token_list with = {0}, without = {0};

  FUZZ_CHECK(lt_tokenize(tokenizer, text, size, 1, collect, &with) == 0, "tokenize failed");
  FUZZ_CHECK(lt_tokenize(tokenizer, text, size, 0, collect, &without) == 0, "tokenize failed");

  int valid = lt_utf8_valid(text, size);
  long last_start = -1, last_end = 0;
  size_t words = 0;
  const token *word = NULL;
  for (size_t i = 0; i < with.count; i++) {
    const token *t = &with.items[i];
    /* Boundaries are only defined in valid UTF-8: an invalid byte after a
    ** word may well look like a continuation byte. */
    FUZZ_CHECK(t->start >= 0 && t->start < t->end && (size_t)t->end <= size &&
               lt_utf8_valid(text + t->start, (size_t)(t->end - t->start)) &&
               (!valid || fuzz_valid_span(text, size, t->start, t->end)),
               "token %zu [%d, %d) of %zu bytes", i, t->start, t->end, size);
    FUZZ_CHECK(lt_utf8_valid(t->token, (size_t)t->len) && memchr(t->token, 0, (size_t)t->len) == NULL,
               "token %zu is not valid UTF-8", i);
    if (t->flags & LT_TOKEN_COLOCATED) {
      FUZZ_CHECK((t->flags & ~(LT_TOKEN_COLOCATED | LT_TOKEN_REPEATED)) == 0, "flags %d", t->flags);
      FUZZ_CHECK(word != NULL, "a colocated token comes first");
      FUZZ_CHECK(t->start == word->start && t->end == word->end,
                 "stem \"%s\" [%d, %d) of word \"%s\" [%d, %d)", t->token, t->start, t->end,
                 word->token, word->start, word->end);
      FUZZ_CHECK(strcmp(t->token, word->token) != 0, "stem \"%s\" equals its word", t->token);
      FUZZ_CHECK(t->len <= LT_MAX_TOKEN_BYTES, "stem of %d bytes", t->len);
      FUZZ_CHECK(reads_back(t), "stem \"%s\" tokenized again gives %zu tokens, the first \"%s\"",
                 t->token, again.count, again.count ? again.items[0].token : "");
      continue;
    }
    FUZZ_CHECK(t->flags == 0, "flags %d", t->flags);
    FUZZ_CHECK(t->len <= LT_MAX_TOKEN_BYTES, "word of %d bytes", t->len);
    /* Pieces of one split word (an ideograph folded beside other
    ** characters) share its offsets; other words follow each other. */
    FUZZ_CHECK((t->start > last_start && t->start >= last_end) ||
               (t->start == last_start && t->end == last_end),
               "word [%d, %d) after [%ld, %ld)", t->start, t->end, last_start, last_end);
    last_start = t->start;
    last_end = t->end;
    word = t;

    FUZZ_CHECK(words < without.count, "fewer tokens without stems");
    const token *w = &without.items[words++];
    FUZZ_CHECK(w->flags == 0 && w->len == t->len && memcmp(w->token, t->token, (size_t)t->len) == 0 &&
               w->start == t->start && w->end == t->end,
               "without stems, token %zu is \"%s\" [%d, %d), with stems \"%s\" [%d, %d)",
               words - 1, w->token, w->start, w->end, t->token, t->start, t->end);

    FUZZ_CHECK(reads_back(t), "word \"%s\" tokenized again gives %zu tokens, the first \"%s\"",
               t->token, again.count, again.count ? again.items[0].token : "");
  }
  FUZZ_CHECK(words == without.count, "%zu words with stems, %zu tokens without", words,
             without.count);

  free(with.items);
  free(without.items);
  return 0;
}
