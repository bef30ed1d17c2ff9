/*
** tokenizer.c — splitting text into folded words, with optional stems.
**
** The rules are listed in tokenizer.h.  The scanner works on raw bytes so
** that the offsets it reports are byte offsets into the caller's text (FTS5
** needs them for highlight() and snippet()).  ASCII bytes are classified by
** a table and lowered inline without utf8proc, because most of any corpus,
** French included, is plain ASCII words and this loop decides throughput.
*/
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "stemmer.h"
#include "utf8.h"
#include "utf8proc.h"

/* What a code point means to the scanner. */
typedef enum {
  CHAR_SEPARATOR = 0,
  CHAR_LETTER,      /* L*: can start an elision, counts for stemming */
  CHAR_WORD_OTHER,  /* M* and N*: part of a word, but not a letter */
  CHAR_IDEOGRAPH,   /* Han, Hiragana, Katakana: a word on its own */
  CHAR_APOSTROPHE   /* ' ’ ʼ ‘: separates, but may drop an elided article */
} char_class;

/* Long runs (OCR garbage, base64, URLs glued together) are only folded this
** far: the token is cut at LT_MAX_TOKEN_BYTES anyway, and folding 10 kB to
** keep 64 bytes would be waste.  Big enough for any real word. */
#define FOLD_SOURCE_LIMIT 512

/* Initial and largest sizes of the folding buffers.  NFKC can expand one
** character up to 18 code points (U+FDFA), so the buffer grows on demand. */
#define INITIAL_BUFFER_BYTES 4096
#define MAX_BUFFER_BYTES (1 << 20)

/* Stems are not worth computing for words this short (`le`, `of`, `2`). */
#define MIN_STEMMED_TOKEN_BYTES 3

/* Room for one stem of a non-ASCII word while it is filtered and cut. */
#define STEM_BUFFER_BYTES (8 * LT_MAX_TOKEN_BYTES)

struct lt_tokenizer {
  lt_stemmer *stemmer;
  char *fold_buffer;
  size_t fold_capacity;
  char *lower_buffer;
  size_t lower_capacity;
};

/* One maximal run of word characters, in bytes of the input. */
typedef struct {
  size_t start;
  size_t end;
  int has_letter;
  int is_ascii;
} word_run;

/* What one lt_tokenize() call needs everywhere. */
typedef struct {
  lt_tokenizer *tokenizer;
  const unsigned char *text;
  size_t length;
  int with_stems;
  lt_token_fn callback;
  void *callback_context;
} tokenize_call;

/* ---------------------------------------------------------------------------
** Classifying characters
*/

static const unsigned char ascii_classes[128] = {
  ['\''] = CHAR_APOSTROPHE,
  ['0'] = CHAR_WORD_OTHER, ['1'] = CHAR_WORD_OTHER, ['2'] = CHAR_WORD_OTHER,
  ['3'] = CHAR_WORD_OTHER, ['4'] = CHAR_WORD_OTHER, ['5'] = CHAR_WORD_OTHER,
  ['6'] = CHAR_WORD_OTHER, ['7'] = CHAR_WORD_OTHER, ['8'] = CHAR_WORD_OTHER,
  ['9'] = CHAR_WORD_OTHER,
  ['A'] = CHAR_LETTER, ['B'] = CHAR_LETTER, ['C'] = CHAR_LETTER, ['D'] = CHAR_LETTER,
  ['E'] = CHAR_LETTER, ['F'] = CHAR_LETTER, ['G'] = CHAR_LETTER, ['H'] = CHAR_LETTER,
  ['I'] = CHAR_LETTER, ['J'] = CHAR_LETTER, ['K'] = CHAR_LETTER, ['L'] = CHAR_LETTER,
  ['M'] = CHAR_LETTER, ['N'] = CHAR_LETTER, ['O'] = CHAR_LETTER, ['P'] = CHAR_LETTER,
  ['Q'] = CHAR_LETTER, ['R'] = CHAR_LETTER, ['S'] = CHAR_LETTER, ['T'] = CHAR_LETTER,
  ['U'] = CHAR_LETTER, ['V'] = CHAR_LETTER, ['W'] = CHAR_LETTER, ['X'] = CHAR_LETTER,
  ['Y'] = CHAR_LETTER, ['Z'] = CHAR_LETTER,
  ['a'] = CHAR_LETTER, ['b'] = CHAR_LETTER, ['c'] = CHAR_LETTER, ['d'] = CHAR_LETTER,
  ['e'] = CHAR_LETTER, ['f'] = CHAR_LETTER, ['g'] = CHAR_LETTER, ['h'] = CHAR_LETTER,
  ['i'] = CHAR_LETTER, ['j'] = CHAR_LETTER, ['k'] = CHAR_LETTER, ['l'] = CHAR_LETTER,
  ['m'] = CHAR_LETTER, ['n'] = CHAR_LETTER, ['o'] = CHAR_LETTER, ['p'] = CHAR_LETTER,
  ['q'] = CHAR_LETTER, ['r'] = CHAR_LETTER, ['s'] = CHAR_LETTER, ['t'] = CHAR_LETTER,
  ['u'] = CHAR_LETTER, ['v'] = CHAR_LETTER, ['w'] = CHAR_LETTER, ['x'] = CHAR_LETTER,
  ['y'] = CHAR_LETTER, ['z'] = CHAR_LETTER,
};

/* Han (with radicals, ideographic marks and numerals), Hiragana and
** Katakana, including their compatibility and supplementary blocks.  These
** scripts do not separate words with spaces, so each character is indexed
** alone and FTS5 phrase queries glue them back together. */
static int is_ideograph(int cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* CJK and Kangxi radicals */
         (cp >= 0x3005 && cp <= 0x3007) ||   /* 々 〆 〇 */
         (cp >= 0x3021 && cp <= 0x3029) ||   /* Hangzhou numerals */
         (cp >= 0x3031 && cp <= 0x3035) ||   /* kana repeat marks */
         (cp >= 0x3038 && cp <= 0x303C) ||
         (cp >= 0x3040 && cp <= 0x30FF) ||   /* Hiragana, Katakana */
         (cp >= 0x31F0 && cp <= 0x31FF) ||   /* Katakana phonetic extensions */
         (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Extension A */
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* Unified ideographs */
         (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Compatibility ideographs */
         (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* Half-width Katakana */
         (cp >= 0x1AFF0 && cp <= 0x1B16F) || /* Kana supplement, extended */
         (cp >= 0x20000 && cp <= 0x323AF);   /* Extensions B..H */
}

static int is_apostrophe_code_point(int cp) {
  return cp == 0x27 || cp == 0x2019 || cp == 0x02BC || cp == 0x2018;
}

static char_class classify_code_point(int cp) {
  if (cp < 0) return CHAR_SEPARATOR;  /* invalid UTF-8 */
  if (cp < 0x80) return (char_class)ascii_classes[cp];
  /* À..ÿ, the accented letters of French and its neighbours, are most of
  ** what is not ASCII in a Western corpus: all letters (Lu, Ll) but × and
  ** ÷, which utf8proc would have said at a cost. */
  if (cp >= 0xC0 && cp <= 0xFF) return cp == 0xD7 || cp == 0xF7 ? CHAR_SEPARATOR : CHAR_LETTER;
  /* U+02BC is a letter (Lm) to Unicode, but used as an apostrophe. */
  if (is_apostrophe_code_point(cp)) return CHAR_APOSTROPHE;
  /* A soft hyphen (where a line may break, typeset text and OCR keep it)
  ** and the joiners are inside a word, not between two: folding drops
  ** them, so `sécu\u00ADrité` is `securite`. */
  if (cp == 0x00AD || cp == 0x200C || cp == 0x200D || cp == 0x2060) return CHAR_WORD_OTHER;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return is_ideograph(cp) ? CHAR_IDEOGRAPH : CHAR_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CHAR_WORD_OTHER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return is_ideograph(cp) ? CHAR_IDEOGRAPH : CHAR_WORD_OTHER;
    default:
      return CHAR_SEPARATOR;
  }
}

int lt_is_letter(int cp) {
  char_class c = classify_code_point(cp);
  return c == CHAR_LETTER || c == CHAR_IDEOGRAPH;
}

static int is_word_class(char_class c) {
  return c == CHAR_LETTER || c == CHAR_WORD_OTHER;
}

/* Decodes and classifies the character at position; *char_len receives its
** byte length (1 for an invalid byte, which then is a separator). */
static char_class class_at(const tokenize_call *call, size_t position, int *char_len) {
  unsigned char byte = call->text[position];
  int cp;
  if (byte < 0x80) {
    *char_len = 1;
    return (char_class)ascii_classes[byte];
  }
  *char_len = lt_utf8_decode(call->text + position, call->length - position, &cp);
  return classify_code_point(cp);
}

/* Class at position, or CHAR_SEPARATOR past the end. */
static char_class class_at_or_end(const tokenize_call *call, size_t position) {
  int char_len;
  if (position >= call->length) return CHAR_SEPARATOR;
  return class_at(call, position, &char_len);
}

/* ---------------------------------------------------------------------------
** Buffers
*/

/* Doubles a buffer (up to MAX_BUFFER_BYTES).  Returns 0, or -1 when it
** cannot grow. */
static int grow_buffer(char **buffer, size_t *capacity) {
  size_t new_capacity = *capacity * 2;
  char *grown;
  if (new_capacity > MAX_BUFFER_BYTES) return -1;
  grown = realloc(*buffer, new_capacity);
  if (!grown) return -1;
  *buffer = grown;
  *capacity = new_capacity;
  return 0;
}

/* Runs lt_fold or lt_lower into a buffer, growing it while the result does
** not fit.  Returns the length, or -1 when it never fit. */
static int map_into_buffer(int (*map)(const char *, size_t, char *, size_t),
                           const char *s, size_t n, char **buffer, size_t *capacity) {
  for (;;) {
    int length = map(s, n, *buffer, *capacity);
    if (length >= 0) return length;
    if (grow_buffer(buffer, capacity) != 0) return -1;
  }
}

/* ---------------------------------------------------------------------------
** Emitting tokens
*/

/* Largest length <= limit that does not split a UTF-8 character of s. */
static size_t cut_at_character_boundary(const char *s, size_t length, size_t limit) {
  if (length <= limit) return length;
  while (limit > 0 && ((unsigned char)s[limit] & 0xC0) == 0x80) limit--;
  return limit;
}

/* Lowers an ASCII run into the fold buffer, keeping at most
** LT_MAX_TOKEN_BYTES.  *truncated is set when bytes were left out. */
static int fold_ascii_run(lt_tokenizer *tokenizer, const char *s, size_t n, int *truncated) {
  size_t kept = n > LT_MAX_TOKEN_BYTES ? LT_MAX_TOKEN_BYTES : n;
  char *out = tokenizer->fold_buffer;
  for (size_t i = 0; i < kept; i++) {
    char c = s[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
  }
  *truncated = kept < n;
  return (int)kept;
}

/* Drops from a folded word (valid UTF-8, n bytes, in place) the characters
** the scanner reads as separators or apostrophes; returns the new length.
** NFKC spells a few letters and numbers with punctuation or spaces (`Ŀ` is
** `L·`, `½` is `1⁄2`, `⑴` is `(1)`, `ŉ` is `ʼn`), and a token must read back
** as itself: the query parser writes folded words into FTS5 strings that
** this tokenizer reads again.  Found by tests/fuzz/fuzz_tokenizer.c.
** For the same reason, *split (if not NULL) is set when an ideograph is
** left beside other characters (`ゟ` is `より`, `a㆒` is `a一`): every
** ideograph is a word of its own, so such a word is emitted in pieces. */
static size_t keep_word_characters(char *s, size_t n, int *split) {
  size_t kept = 0;
  int ideographs = 0, characters = 0;
  for (size_t i = 0; i < n;) {
    int cp;
    unsigned char byte = (unsigned char)s[i];
    int len;
    char_class c;
    if (byte < 0x80) {  /* most folded words are ASCII: no decoding */
      len = 1;
      c = (char_class)ascii_classes[byte];
    } else {
      len = lt_utf8_decode((const unsigned char *)s + i, n - i, &cp);
      c = classify_code_point(cp);
    }
    if (c != CHAR_SEPARATOR && c != CHAR_APOSTROPHE) {
      if (kept != i) memmove(s + kept, s + i, (size_t)len);
      kept += (size_t)len;
      ideographs += c == CHAR_IDEOGRAPH;
      characters++;
    }
    i += (size_t)len;
  }
  s[kept] = 0;
  if (split) *split = ideographs > 0 && characters > 1;
  return kept;
}

/* Folds any run into the fold buffer, cut to LT_MAX_TOKEN_BYTES at a
** character boundary.  Returns the length (0: the run folded to nothing, as
** a lone combining mark does), or -1 when out of memory. */
static int fold_unicode_run(lt_tokenizer *tokenizer, const char *s, size_t n, int *truncated,
                            int *split) {
  size_t source_len = cut_at_character_boundary(s, n, FOLD_SOURCE_LIMIT);
  int folded_len = map_into_buffer(lt_fold, s, source_len, &tokenizer->fold_buffer,
                                   &tokenizer->fold_capacity);
  size_t kept;
  if (folded_len < 0) return -1;
  folded_len = (int)keep_word_characters(tokenizer->fold_buffer, (size_t)folded_len, split);
  kept = cut_at_character_boundary(tokenizer->fold_buffer, (size_t)folded_len,
                                   LT_MAX_TOKEN_BYTES);
  *truncated = source_len < n || kept < (size_t)folded_len;
  return (int)kept;
}

/* Emits the French and English stems of the token just emitted, colocated.
** The French stemmer needs the accented lower-case form (`sécurité`). */
static int emit_stems(const tokenize_call *call, const word_run *run, int folded_len) {
  lt_tokenizer *tokenizer = call->tokenizer;
  const char *source = (const char *)call->text + run->start;
  const char *lower = tokenizer->fold_buffer;
  int lower_len = folded_len;
  const char *stems[2];
  int stem_lens[2];
  int stem_count, repeated;

  if (!run->is_ascii) {
    lower_len = map_into_buffer(lt_lower, source, run->end - run->start,
                                &tokenizer->lower_buffer, &tokenizer->lower_capacity);
    if (lower_len < 0) return -1;
    lower = tokenizer->lower_buffer;
  }
  stem_count = lt_stem(tokenizer->stemmer, lower, lower_len, tokenizer->fold_buffer,
                       folded_len, stems, stem_lens, &repeated);
  /* Stems of a word with other scripts are folded from the lower-case form,
  ** so they lose what the word lost (keep_word_characters) and obey the
  ** same length limit; one that then equals the word or the first stem, or
  ** that is absurdly long (a run of U+FDFA), is left out. */
  char kept[2][STEM_BUFFER_BYTES];
  size_t kept_len[2] = {0, 0};
  for (int i = 0; i < stem_count; i++) {
    const char *stem = stems[i];
    size_t len = (size_t)stem_lens[i];
    if (!run->is_ascii) {
      if (len >= STEM_BUFFER_BYTES) continue;
      memcpy(kept[i], stem, len);
      len = keep_word_characters(kept[i], len, NULL);
      len = cut_at_character_boundary(kept[i], len, LT_MAX_TOKEN_BYTES);
      kept_len[i] = len;
      stem = kept[i];
      if (len == 0 || (len == (size_t)folded_len && memcmp(stem, tokenizer->fold_buffer, len) == 0) ||
          (i == 1 && len == kept_len[0] && memcmp(stem, kept[0], len) == 0))
        continue;
    }
    int rc = call->callback(call->callback_context,
                            LT_TOKEN_COLOCATED | (repeated ? LT_TOKEN_REPEATED : 0), stem,
                            (int)len, (int)run->start, (int)run->end);
    if (rc) return rc;
  }
  return 0;
}

/* Emits a folded form that needs splitting (keep_word_characters) as the
** tokens it reads as: each ideograph alone
** (with the marks after it), the other characters in between as one token;
** all with the run's offsets, one position each, without stems. */
static int emit_split(const tokenize_call *call, const word_run *run, int folded_len) {
  const char *s = call->tokenizer->fold_buffer;
  size_t n = (size_t)folded_len, piece = 0;
  for (size_t i = 0; i < n;) {
    int cp;
    size_t next = i + (size_t)lt_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (classify_code_point(cp) == CHAR_IDEOGRAPH) {
      while (next < n) {
        int mark;
        int len = lt_utf8_decode((const unsigned char *)s + next, n - next, &mark);
        utf8proc_category_t category = mark < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(mark);
        if (category != UTF8PROC_CATEGORY_MN && category != UTF8PROC_CATEGORY_MC &&
            category != UTF8PROC_CATEGORY_ME)
          break;
        next += (size_t)len;
      }
      int rc = piece < i ? call->callback(call->callback_context, 0, s + piece, (int)(i - piece),
                                          (int)run->start, (int)run->end)
                         : 0;
      if (!rc)
        rc = call->callback(call->callback_context, 0, s + i, (int)(next - i), (int)run->start,
                            (int)run->end);
      if (rc) return rc;
      piece = next;
    }
    i = next;
  }
  if (piece < n)
    return call->callback(call->callback_context, 0, s + piece, (int)(n - piece), (int)run->start,
                          (int)run->end);
  return 0;
}

/* Folds a run, emits it, then its stems.  Returns 0 or the callback's stop
** value (-1 when out of memory). */
static int emit_run(const tokenize_call *call, const word_run *run) {
  lt_tokenizer *tokenizer = call->tokenizer;
  const char *source = (const char *)call->text + run->start;
  size_t source_len = run->end - run->start;
  int truncated = 0, split = 0;
  int folded_len = run->is_ascii ? fold_ascii_run(tokenizer, source, source_len, &truncated)
                                 : fold_unicode_run(tokenizer, source, source_len, &truncated, &split);
  int rc;
  if (folded_len < 0) return -1;
  if (folded_len == 0) return 0;
  if (split) return emit_split(call, run, folded_len);
  rc = call->callback(call->callback_context, 0, tokenizer->fold_buffer, folded_len,
                      (int)run->start, (int)run->end);
  if (rc) return rc;
  /* A cut token is not a word any more; its stem would be noise. */
  if (call->with_stems && run->has_letter && !truncated && folded_len >= MIN_STEMMED_TOKEN_BYTES)
    return emit_stems(call, run, folded_len);
  return 0;
}

/* ---------------------------------------------------------------------------
** Apostrophes
*/

/* Byte length of the apostrophe at position, 0 if there is none. */
static size_t apostrophe_length_at(const tokenize_call *call, size_t position) {
  int char_len;
  if (position >= call->length) return 0;
  return class_at(call, position, &char_len) == CHAR_APOSTROPHE ? (size_t)char_len : 0;
}

/* French articles, pronouns and conjunctions written elided before a vowel:
** `l’OTAN`, `qu’il`, `jusqu’à`.  They carry no meaning for search. */
static int is_french_elision(const char *folded, int len) {
  static const char *const elisions[] = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
    "quoiqu", "presqu", "quelqu",
  };
  for (size_t i = 0; i < sizeof elisions / sizeof elisions[0]; i++)
    if ((int)strlen(elisions[i]) == len && memcmp(elisions[i], folded, (size_t)len) == 0)
      return 1;
  return 0;
}

/* Longest elision is "lorsqu"; full-width or odd forms fold to it from at
** most 3 bytes a letter. */
#define MAX_ELISION_SOURCE_BYTES 24

static int run_is_french_elision(const tokenize_call *call, const word_run *run) {
  char folded[3 * MAX_ELISION_SOURCE_BYTES + 9];
  size_t source_len = run->end - run->start;
  int folded_len;
  if (!run->has_letter || source_len > MAX_ELISION_SOURCE_BYTES) return 0;
  folded_len = lt_fold((const char *)call->text + run->start, source_len, folded, sizeof folded);
  return folded_len > 0 && is_french_elision(folded, folded_len);
}

static int ascii_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Length of the run of letters starting at position (stops at the first
** non-letter or after `limit` bytes). */
static size_t letters_length_at(const tokenize_call *call, size_t position, size_t limit) {
  size_t end = position;
  while (end < call->length && end - position <= limit) {
    int char_len;
    if (class_at(call, end, &char_len) != CHAR_LETTER) break;
    end += (size_t)char_len;
  }
  return end - position;
}

/* 1 if the letters at position are an English contraction ending a word:
** `m`, `ll`, `ve`, `d`, `re`, `s`, `t` as in I'm, I'll, I've, I'd. */
static int english_contraction_at(const tokenize_call *call, size_t position) {
  static const char *const contractions[] = {"m", "ll", "ve", "d", "re", "s", "t"};
  size_t letters = letters_length_at(call, position, 2);
  const unsigned char *s = call->text + position;
  for (size_t i = 0; i < sizeof contractions / sizeof contractions[0]; i++) {
    const char *suffix = contractions[i];
    size_t suffix_len = strlen(suffix);
    size_t j;
    if (suffix_len != letters) continue;
    for (j = 0; j < suffix_len && ascii_lower(s[j]) == (unsigned char)suffix[j]; j++) {}
    if (j == suffix_len) return 1;
  }
  return 0;
}

/* OCR reads the `l` of `l’OTAN` as a capital I.  A lone capital I before an
** apostrophe and a letter is taken as that misreading, except in English
** contractions (I'm, I'll), where it is the pronoun. */
static int run_is_ocr_elision(const tokenize_call *call, const word_run *run, size_t after) {
  if (run->end - run->start != 1 || call->text[run->start] != 'I') return 0;
  if (class_at_or_end(call, after) != CHAR_LETTER) return 0;
  return !english_contraction_at(call, after);
}

/* 1 if position holds an `s` ending the word: the English possessive. */
static int possessive_s_at(const tokenize_call *call, size_t position) {
  char_class next;
  if (position >= call->length) return 0;
  if (call->text[position] != 's' && call->text[position] != 'S') return 0;
  next = class_at_or_end(call, position + 1);
  return !is_word_class(next) && next != CHAR_IDEOGRAPH;
}

/* Emits a word run, applying the apostrophe rules to what follows it.
** Returns 0 or a stop value; *resume receives where scanning goes on. */
static int handle_word_run(const tokenize_call *call, const word_run *run, size_t *resume) {
  size_t apostrophe_len = apostrophe_length_at(call, run->end);
  *resume = run->end;
  if (apostrophe_len > 0) {
    size_t after = run->end + apostrophe_len;
    if (run_is_french_elision(call, run) || run_is_ocr_elision(call, run, after)) {
      *resume = after;
      return 0;  /* dropped, even when a space follows: `l' alliance` */
    }
    if (possessive_s_at(call, after)) {
      *resume = after + 1;
      return emit_run(call, run);
    }
  }
  return emit_run(call, run);
}

/* ---------------------------------------------------------------------------
** Scanning
*/

/* Extends a run of word characters from start (which is one) to its end. */
static void scan_word_run(const tokenize_call *call, size_t start, word_run *run) {
  size_t position = start;
  run->start = start;
  run->has_letter = 0;
  run->is_ascii = 1;
  while (position < call->length) {
    unsigned char byte = call->text[position];
    char_class c;
    int char_len;
    if (byte < 0x80) {
      c = (char_class)ascii_classes[byte];
      char_len = 1;
    } else {
      c = class_at(call, position, &char_len);
      if (is_word_class(c)) run->is_ascii = 0;
    }
    if (!is_word_class(c)) break;
    if (c == CHAR_LETTER) run->has_letter = 1;
    position += (size_t)char_len;
  }
  run->end = position;
}

/* An ideograph is a word by itself, with the combining marks after it
** (dakuten written apart, variation selectors). */
static size_t ideograph_end(const tokenize_call *call, size_t start, int char_len) {
  size_t end = start + (size_t)char_len;
  while (end < call->length && call->text[end] >= 0x80) {
    int cp, mark_len = lt_utf8_decode(call->text + end, call->length - end, &cp);
    utf8proc_category_t category;
    if (cp < 0) break;
    category = utf8proc_category(cp);
    if (category != UTF8PROC_CATEGORY_MN && category != UTF8PROC_CATEGORY_MC &&
        category != UTF8PROC_CATEGORY_ME)
      break;
    end += (size_t)mark_len;
  }
  return end;
}

static int tokenize_text(const tokenize_call *call) {
  size_t position = 0;
  while (position < call->length) {
    int char_len;
    char_class c = class_at(call, position, &char_len);
    word_run run;
    int rc;
    if (c == CHAR_IDEOGRAPH) {
      run.start = position;
      run.end = ideograph_end(call, position, char_len);
      run.has_letter = 0;  /* a single ideograph has no stem */
      run.is_ascii = 0;
      position = run.end;
      rc = emit_run(call, &run);
    } else if (is_word_class(c)) {
      scan_word_run(call, position, &run);
      rc = handle_word_run(call, &run, &position);
    } else {
      position += (size_t)char_len;
      continue;
    }
    if (rc) return rc;
  }
  return 0;
}

/* ---------------------------------------------------------------------------
** Public interface
*/

lt_tokenizer *lt_tokenizer_new(void) {
  lt_tokenizer *tokenizer = calloc(1, sizeof *tokenizer);
  if (!tokenizer) return NULL;
  tokenizer->stemmer = lt_stemmer_new();
  tokenizer->fold_buffer = malloc(INITIAL_BUFFER_BYTES);
  tokenizer->fold_capacity = INITIAL_BUFFER_BYTES;
  tokenizer->lower_buffer = malloc(INITIAL_BUFFER_BYTES);
  tokenizer->lower_capacity = INITIAL_BUFFER_BYTES;
  if (!tokenizer->stemmer || !tokenizer->fold_buffer || !tokenizer->lower_buffer) {
    lt_tokenizer_free(tokenizer);
    return NULL;
  }
  return tokenizer;
}

void lt_tokenizer_free(lt_tokenizer *tokenizer) {
  if (!tokenizer) return;
  lt_stemmer_free(tokenizer->stemmer);
  free(tokenizer->fold_buffer);
  free(tokenizer->lower_buffer);
  free(tokenizer);
}

int lt_tokenize(lt_tokenizer *tokenizer, const char *text, size_t n,
                int with_stems, lt_token_fn fn, void *ctx) {
  tokenize_call call;
  if (!text || n == 0) return 0;
  call.tokenizer = tokenizer;
  call.text = (const unsigned char *)text;
  call.length = n;
  call.with_stems = with_stems;
  call.callback = fn;
  call.callback_context = ctx;
  return tokenize_text(&call);
}
