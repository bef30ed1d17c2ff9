/*
** test_tokenizer.c — the text pipeline: UTF-8 checking and repair, folding,
** stemming, the tokenizer's word, apostrophe and length rules (a table of
** inputs and the exact tokens expected), offsets, stems, hostile bytes, and
** the FTS5 tokenizer end to end in an in-memory SQLite database.  Ends with
** an informational throughput figure.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "fts_tokenizer.h"
#include "normalize.h"
#include "sqlite3.h"
#include "stemmer.h"
#include "tokenizer.h"
#include "utf8.h"
#include "utf8proc.h"

static lt_tokenizer *tokenizer;

/* ---------------------------------------------------------------------------
** Collecting tokens
*/

#define MAX_COLLECTED 64

typedef struct {
  char words[4096];   /* non-colocated tokens, space-separated */
  char all[8192];     /* every token; colocated ones prefixed with '+' */
  int count;          /* every token */
  int colocated;      /* colocated tokens */
  int starts[MAX_COLLECTED], ends[MAX_COLLECTED], lens[MAX_COLLECTED];
  int max_len;
  int stop_after;     /* return 99 after this many tokens (0: never) */
} collected;

static void append(char *buffer, size_t cap, const char *prefix, const char *s, int len) {
  size_t used = strlen(buffer);
  if (used && used + 1 < cap) buffer[used++] = ' ';
  for (const char *p = prefix; *p && used + 1 < cap; p++) buffer[used++] = *p;
  for (int i = 0; i < len && used + 1 < cap; i++) buffer[used++] = s[i];
  buffer[used] = '\0';
}

static int collect(void *context, int flags, const char *token, int len, int start, int end) {
  collected *c = context;
  if (c->count < MAX_COLLECTED) {
    c->starts[c->count] = start;
    c->ends[c->count] = end;
    c->lens[c->count] = len;
  }
  if (len > c->max_len) c->max_len = len;
  c->count++;
  if (flags & LT_TOKEN_COLOCATED) {
    c->colocated++;
    append(c->all, sizeof c->all, "+", token, len);
  } else {
    append(c->words, sizeof c->words, "", token, len);
    append(c->all, sizeof c->all, "", token, len);
  }
  if (c->stop_after && c->count >= c->stop_after) return 99;
  return 0;
}

static int tokenize_into(collected *c, const char *text, size_t n, int with_stems) {
  memset(c, 0, sizeof *c);
  return lt_tokenize(tokenizer, text, n, with_stems, collect, c);
}

/* ---------------------------------------------------------------------------
** Word rules, table-driven
*/

typedef struct {
  const char *input;
  const char *expected;  /* words, space-separated, without stems */
} word_case;

static const word_case word_cases[] = {
  {"l’OTAN", "otan"},
  /* soft hyphens and joiners stay inside the word, and fold away */
  {"sécu\u00ADrité co\u200Dopération fin\u00AD \u00AD", "securite cooperation fin"},
  {"L'OTAN", "otan"},
  {"I’OTAN", "otan"},
  {"I'alliance", "alliance"},
  {"I'm here", "i m here"},
  {"I'll go, I've seen, I'd say", "i ll go i ve seen i d say"},
  {"d’une", "une"},
  {"qu’il", "il"},
  {"jusqu’à", "a"},
  {"lorsqu'il", "il"},
  {"Puisqu’elle, quoiqu'on, presqu'île, quelqu'un", "elle on ile un"},
  {"c'est s'il n'a j'ai m'a t'as", "est il a ai a as"},
  {"l' alliance", "alliance"},
  {"de l'", "de"},
  {"l\xCA\xBC" "Europe", "europe"},          /* U+02BC modifier apostrophe */
  {"l\xE2\x80\x98" "Europe", "europe"},      /* U+2018 */
  {"aujourd'hui", "aujourd hui"},
  {"NATO's plan", "nato plan"},
  {"NATO’s", "nato"},
  {"the states' rights", "the states rights"},
  {"don't", "don t"},
  {"O'Brien", "o brien"},
  {"États-Unis", "etats unis"},
  {"Al-Qaida", "al qaida"},
  {"PPC-DS(2012)0009", "ppc ds 2012 0009"},
  {"143/4 P/2012/CRY", "143 4 p 2012 cry"},
  {"Sécurité", "securite"},
  {"cœur ŒUVRE Lætitia", "coeur oeuvre laetitia"},
  {"ＯＴＡＮ", "otan"},
  {"ﬁn", "fin"},
  {"Straße", "strasse"},
  {"北约", "北 约"},
  {"東京タワー", "東 京 タ ワ ー"},
  {"paix🙂guerre 👍🏽 ok", "paix guerre ok"},
  {"e\xCC\x81t\xC3\xA9", "ete"},            /* decomposed é */
  {"x²", "x2"},
  {"İstanbul", "istanbul"},
  {"ΣΊΣΥΦΟΣ", "σισυφοσ"},
  {"Москва", "москва"},
  {"hello\tworld\n--  foo_bar", "hello world foo bar"},
  {"", ""},
  {"   ...  ", ""},
  {"abc\xff\xfe" "def", "abc def"},
  {"abc\xc0\xaf" "def", "abc def"},          /* overlong '/' */
  {"abc\xed\xa0\x80" "def", "abc def"},      /* surrogate */
  {"abc\xe2\x82" "def", "abc def"},          /* truncated 3-byte */
  {"abc\xf4\x90\x80\x80" "def", "abc def"},  /* above U+10FFFF */
  {"abc\xe9t\xe9", "abc t"},                 /* Latin-1 é */
  {"abc\xc3", "abc"},                        /* truncated at the end */
  {"\xcc\x81", ""},                          /* a lone combining mark */
  /* NFKC spells these with punctuation, which the token must not keep
  ** (found by tests/fuzz/fuzz_tokenizer.c): `Ŀ` is `L·`, `½` is `1⁄2`. */
  {"Ŀa coŀlecció", "la colleccio"},
  {"½ ⑴ ŉ", "12 1 n"},
  {"ゟ a㆒b", "よ り a 一 b"},                 /* ideographs stay words of their own */
};

static void test_word_cases(void) {
  for (size_t i = 0; i < sizeof word_cases / sizeof word_cases[0]; i++) {
    collected c;
    const word_case *w = &word_cases[i];
    int rc = tokenize_into(&c, w->input, strlen(w->input), 0);
    CHECK(rc == 0, "case %zu rc %d", i, rc);
    CHECK(strcmp(c.words, w->expected) == 0, "case %zu \"%s\": got [%s], want [%s]", i,
          w->input, c.words, w->expected);
    CHECK(c.colocated == 0, "case %zu: stems without with_stems", i);
  }
}

/* Every word, tokenized again, is itself alone: the query parser writes
** folded words into FTS5 strings that the tokenizer reads once more. */
static void test_tokens_read_back(void) {
  static const char *const inputs[] = {
    "Ŀa coŀlecció", "½ ⑴ ŉ ℡ ㍱ ﷺ", "ゟ a㆒b ﷺﷺ", "\xc4\xbf\xc4\x04", "Sécurité l’OTAN ﬁn Straße x² ＯＴＡＮ",
  };
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    collected c, again;
    tokenize_into(&c, inputs[i], strlen(inputs[i]), 0);
    char words[sizeof c.words];
    memcpy(words, c.words, sizeof words);
    for (char *word = strtok(words, " "); word; word = strtok(NULL, " ")) {
      tokenize_into(&again, word, strlen(word), 0);
      CHECK(again.count == 1 && strcmp(again.words, word) == 0,
            "input %zu: \"%s\" reads back as [%s]", i, word, again.words);
    }
  }
}

/* ---------------------------------------------------------------------------
** Offsets
*/

static void test_offsets(void) {
  collected c;
  tokenize_into(&c, "l’OTAN", strlen("l’OTAN"), 0);
  CHECK(c.count == 1 && c.starts[0] == 4 && c.ends[0] == 8, "l’OTAN: %d tokens, [%d,%d)",
        c.count, c.starts[0], c.ends[0]);

  tokenize_into(&c, "les États-Unis", strlen("les États-Unis"), 0);
  CHECK(c.count == 3, "count %d", c.count);
  CHECK(c.starts[0] == 0 && c.ends[0] == 3, "les [%d,%d)", c.starts[0], c.ends[0]);
  CHECK(c.starts[1] == 4 && c.ends[1] == 10, "États [%d,%d)", c.starts[1], c.ends[1]);
  CHECK(c.starts[2] == 11 && c.ends[2] == 15, "Unis [%d,%d)", c.starts[2], c.ends[2]);

  tokenize_into(&c, "NATO's x", 8, 0);
  CHECK(c.count == 2 && c.starts[0] == 0 && c.ends[0] == 4 && c.starts[1] == 7,
        "NATO's: [%d,%d) then %d", c.starts[0], c.ends[0], c.starts[1]);

  tokenize_into(&c, "北约", strlen("北约"), 0);
  CHECK(c.count == 2 && c.starts[1] == 3 && c.ends[1] == 6, "约 [%d,%d)", c.starts[1],
        c.ends[1]);

  tokenize_into(&c, "\xff" "ab\xfe" "cd", 6, 0);
  CHECK(c.count == 2 && c.starts[0] == 1 && c.ends[0] == 3 && c.starts[1] == 4 &&
        c.ends[1] == 6, "invalid bytes offsets [%d,%d) [%d,%d)", c.starts[0], c.ends[0],
        c.starts[1], c.ends[1]);

  /* Stems share the word's offsets. */
  tokenize_into(&c, "les menaces", 11, 1);
  CHECK(c.count >= 3 && c.starts[2] == 4 && c.ends[2] == 11, "stem offsets [%d,%d)",
        c.starts[2], c.ends[2]);
}

/* ---------------------------------------------------------------------------
** Long words
*/

static void test_long_words(void) {
  collected c;
  size_t n = 10000;
  char *text = malloc(n * 2 + 16);
  memset(text, 'a', n);
  int rc = tokenize_into(&c, text, n, 1);
  CHECK(rc == 0 && c.count == 1 && c.lens[0] == LT_MAX_TOKEN_BYTES,
        "10,000 letters: rc %d, %d tokens, len %d", rc, c.count, c.lens[0]);
  CHECK(c.starts[0] == 0 && c.ends[0] == (int)n, "long word offsets [%d,%d)", c.starts[0],
        c.ends[0]);

  /* é is 2 bytes: 64 is 32 of them; 3-byte € is a separator, so use 3-byte
  ** letters (ஆ, Tamil) to check the cut falls on a character boundary. */
  for (size_t i = 0; i < 1000; i++) memcpy(text + i * 3, "\xe0\xae\x86", 3);
  rc = tokenize_into(&c, text, 3000, 1);
  CHECK(rc == 0 && c.count == 1 && c.lens[0] == 63, "3-byte letters: %d tokens, len %d",
        c.count, c.lens[0]);

  for (size_t i = 0; i < 5000; i++) memcpy(text + i * 2, "\xc3\xa9", 2);  /* é */
  rc = tokenize_into(&c, text, 10000, 1);
  CHECK(rc == 0 && c.count == 1 && c.lens[0] == 64 && c.all[0] == 'e',
        "é x 5000: %d tokens, len %d", c.count, c.lens[0]);

  memset(text, 'b', 70);
  memcpy(text + 70, " ok", 3);
  rc = tokenize_into(&c, text, 73, 0);
  CHECK(strncmp(c.words + 64, " ok", 4) == 0 && c.count == 2, "rest of run skipped: [%s]",
        c.words);
  free(text);
}

/* ---------------------------------------------------------------------------
** Stems
*/

/* 1 if the space-separated list contains word. */
static int list_contains(const char *list, const char *word) {
  size_t len = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += len)
    if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0')) return 1;
  return 0;
}

static void test_stems(void) {
  collected c, d;
  tokenize_into(&c, "menaces", 7, 1);
  CHECK(list_contains(c.all, "menaces") && list_contains(c.all, "+menac"), "menaces: [%s]",
        c.all);

  tokenize_into(&c, "terroristes", 11, 1);
  tokenize_into(&d, "terroriste", 10, 1);
  int shared = 0;
  for (const char *p = c.all; *p; p++) {
    if (*p != '+') continue;
    char stem[80];
    size_t len = strcspn(p + 1, " ");
    if (len >= sizeof stem) continue;
    memcpy(stem, p + 1, len);
    stem[len] = '\0';
    char plus[82];
    snprintf(plus, sizeof plus, "+%s", stem);
    if (list_contains(d.all, plus)) shared = 1;
  }
  CHECK(shared, "terroristes [%s] vs terroriste [%s]", c.all, d.all);

  tokenize_into(&c, "Sécurité", strlen("Sécurité"), 1);
  CHECK(strncmp(c.all, "securite +", 10) == 0 && c.colocated >= 1, "Sécurité: [%s]", c.all);
  CHECK(list_contains(c.all, "+secur"), "Sécurité stem: [%s]", c.all);

  tokenize_into(&c, "threats", 7, 1);
  CHECK(list_contains(c.all, "+threat"), "threats: [%s]", c.all);

  /* Stems are folded, distinct and different from the word. */
  tokenize_into(&c, "nations", 7, 1);
  CHECK(c.colocated == 1 && strcmp(c.all, "nations +nation") == 0, "nations: [%s]", c.all);
  tokenize_into(&c, "paix", 4, 1);
  CHECK(c.colocated == 0, "paix: [%s]", c.all);

  /* No stems for short words, numbers, or when turned off. */
  tokenize_into(&c, "le 2012 ds", 10, 1);
  CHECK(c.colocated == 0, "short/numbers: [%s]", c.all);
  const char *sentence = "Les menaces terroristes contre la sécurité des États-Unis";
  tokenize_into(&c, sentence, strlen(sentence), 0);
  CHECK(c.colocated == 0 && c.count == 9, "with_stems=0: [%s]", c.all);
  tokenize_into(&c, sentence, strlen(sentence), 1);
  CHECK(c.colocated > 3, "with_stems=1: [%s]", c.all);
  tokenize_into(&d, sentence, strlen(sentence), 1);  /* now from the stem cache */
  CHECK(strcmp(c.all, d.all) == 0, "cached stems differ: [%s] vs [%s]", c.all, d.all);

  /* The stemmer on its own. */
  lt_stemmer *stemmer = lt_stemmer_new();
  const char *stems[2];
  int lens[2];
  int count = lt_stem(stemmer, "sécurités", (int)strlen("sécurités"), "securites", 9, stems,
                      lens, NULL);
  CHECK(count >= 1 && lens[0] == 5 && memcmp(stems[0], "secur", 5) == 0, "lt_stem count %d",
        count);
  lt_stemmer_free(stemmer);
}

/* ---------------------------------------------------------------------------
** Stopping and empty input
*/

static void test_stop_value(void) {
  collected c;
  memset(&c, 0, sizeof c);
  c.stop_after = 2;
  int rc = lt_tokenize(tokenizer, "un deux trois quatre", 20, 0, collect, &c);
  CHECK(rc == 99 && c.count == 2, "stop: rc %d after %d tokens", rc, c.count);

  memset(&c, 0, sizeof c);
  c.stop_after = 2;
  rc = lt_tokenize(tokenizer, "menaces terroristes", 19, 1, collect, &c);
  CHECK(rc == 99 && c.count == 2, "stop on a stem: rc %d after %d", rc, c.count);

  rc = tokenize_into(&c, NULL, 0, 1);
  CHECK(rc == 0 && c.count == 0, "NULL input");
  rc = tokenize_into(&c, "abc", 0, 1);
  CHECK(rc == 0 && c.count == 0, "n = 0");
}

/* Random bytes and random mixes of tricky pieces must never crash (ASan
** watches), and every token must be valid UTF-8 within its bounds. */
static int check_token_sane(void *context, int flags, const char *token, int len, int start,
                            int end) {
  size_t *n = context;
  if (len <= 0 || len > LT_MAX_TOKEN_BYTES || !lt_utf8_valid(token, (size_t)len) ||
      start < 0 || end > (int)*n || start >= end)
    return 7;
  return 0;
}

static void test_hostile_input(void) {
  static const char *pieces[] = {
    "l'", "I'", "’", "'s", "\xff", "\xc3", "\xe2\x80", "é", "e\xcc\x81", "北", " ", "-",
    "ＯＴＡＮ", "ﬁ", "\xef\xb7\xba", "\xcc\x81", "qu", "I", "s", "m", "ll", "a", "0", "\0",
  };
  unsigned seed = 12345;
  char text[512];
  int failures = 0;
  for (int round = 0; round < 3000; round++) {
    size_t n = 0;
    if (round % 2) {
      size_t want = (size_t)(round % 200);
      for (n = 0; n < want; n++) {
        seed = seed * 1103515245u + 12345u;
        text[n] = (char)(seed >> 16);
      }
    } else {
      while (n < 400) {
        seed = seed * 1103515245u + 12345u;
        const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
        size_t len = piece[0] ? strlen(piece) : 1;
        memcpy(text + n, piece, len);
        n += len;
      }
    }
    if (lt_tokenize(tokenizer, text, n, round % 3 != 0, check_token_sane, &n) != 0) failures++;
  }
  CHECK(failures == 0, "%d hostile inputs gave a bad token", failures);

  /* U+FDFA expands to 18 code points when folded. */
  collected c;
  char many[3 * 200];
  for (int i = 0; i < 200; i++) memcpy(many + i * 3, "\xef\xb7\xba", 3);
  int rc = tokenize_into(&c, many, sizeof many, 1);
  CHECK(rc == 0 && c.count >= 1 && c.max_len <= LT_MAX_TOKEN_BYTES, "U+FDFA x 200: rc %d",
        rc);
}

/* ---------------------------------------------------------------------------
** utf8.c and normalize.c directly
*/

static void test_utf8(void) {
  int cp;
  CHECK(lt_utf8_decode((const unsigned char *)"\xe2\x80\x99", 3, &cp) == 3 && cp == 0x2019,
        "decode ’");
  CHECK(lt_utf8_decode((const unsigned char *)"\xf0\x9f\x99\x82", 4, &cp) == 4 && cp == 0x1F642,
        "decode emoji");
  CHECK(lt_utf8_decode((const unsigned char *)"\xe2\x80", 2, &cp) == 1 && cp == -1,
        "truncated");
  CHECK(lt_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp) == 1 && cp == -1,
        "overlong");
  CHECK(lt_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp) == 1 && cp == -1,
        "surrogate");
  CHECK(lt_utf8_valid("Sécurité ’ 北", strlen("Sécurité ’ 北")), "valid");
  CHECK(!lt_utf8_valid("abc\xff", 4), "invalid ff");
  CHECK(!lt_utf8_valid("\xe0\x80\x80", 3), "invalid overlong 3-byte");
  CHECK(!lt_utf8_valid("\xf8\x88\x80\x80\x80", 5), "invalid 5-byte");

  size_t len, replaced;
  char *repaired = lt_utf8_repair("a\xff" "b\xe2\x82" "c\r\nd\re\x01\tf\0g", 17, &len, &replaced);
  CHECK_STR(repaired, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\nd\ne\tfg");
  CHECK(replaced == 2 && len == strlen(repaired), "replaced %zu len %zu", replaced, len);
  free(repaired);
  repaired = lt_utf8_repair("", 0, &len, NULL);
  CHECK(repaired && len == 0 && repaired[0] == '\0', "empty repair");
  free(repaired);
}

static void test_normalize(void) {
  char out[128];
  CHECK(lt_fold("Sécurité", strlen("Sécurité"), out, sizeof out) == 8, "fold length");
  CHECK_STR(out, "securite");
  lt_fold("ŒUVRE Æ ß ﬁ ＡＢ", strlen("ŒUVRE Æ ß ﬁ ＡＢ"), out, sizeof out);
  CHECK_STR(out, "oeuvre ae ss fi ab");
  CHECK(lt_lower("Sécurité", strlen("Sécurité"), out, sizeof out) == 10, "lower length");
  CHECK_STR(out, "sécurité");
  lt_lower("E\xcc\x81T\xc3\x89", 6, out, sizeof out);  /* decomposed É -> composed é */
  CHECK_STR(out, "été");
  CHECK(lt_fold("abc\xff", 4, out, sizeof out) == -1, "fold rejects invalid UTF-8");
  CHECK(lt_fold("Sécurité", strlen("Sécurité"), out, 5) == -1, "fold reports overflow");
  CHECK(lt_fold("abcdef", 6, out, 6) == -1, "ASCII fold reports overflow");
  CHECK(lt_fold("", 0, out, 1) == 0 && out[0] == '\0', "empty fold");

  /* The Latin-1 fast path must agree with utf8proc on every character it
  ** handles (U+00C0..U+00FF, Œ, œ), alone and inside a word. */
  int disagreements = 0;
  for (int cp = 0xC0; cp <= 0x153; cp++) {
    if (cp > 0xFF && cp != 0x152 && cp != 0x153) continue;
    unsigned char word[8] = "x";
    utf8proc_uint8_t *expected;
    int len = 1 + (int)utf8proc_encode_char(cp, word + 1);
    word[len++] = 'Y';
    lt_fold((const char *)word, (size_t)len, out, sizeof out);
    utf8proc_map(word, len, &expected, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    int ligature = cp == 0xC6 || cp == 0xE6 || cp == 0x152 || cp == 0x153;
    if (!ligature && strcmp(out, (const char *)expected) != 0) disagreements++;
    free(expected);
    lt_lower((const char *)word, (size_t)len, out, sizeof out);
    utf8proc_map(word, len, &expected, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (strcmp(out, (const char *)expected) != 0) disagreements++;
    free(expected);
  }
  CHECK(disagreements == 0, "%d Latin-1 fast-path disagreements", disagreements);
}

/* ---------------------------------------------------------------------------
** FTS5 end to end
*/

static sqlite3 *db;

static int count_matches(const char *expression) {
  sqlite3_stmt *statement;
  int count = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &statement,
                         NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(statement, 1, expression, -1, SQLITE_STATIC);
  if (sqlite3_step(statement) == SQLITE_ROW) count = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  return count;
}

/* 1 if `expression` matches exactly the row whose body is `body`. */
static int matches_row(const char *expression, const char *body) {
  sqlite3_stmt *statement;
  int found = 0, rows = 0;
  if (sqlite3_prepare_v2(db, "SELECT body FROM t WHERE t MATCH ?1", -1, &statement, NULL) !=
      SQLITE_OK)
    return 0;
  sqlite3_bind_text(statement, 1, expression, -1, SQLITE_STATIC);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    rows++;
    if (strcmp((const char *)sqlite3_column_text(statement, 0), body) == 0) found = 1;
  }
  sqlite3_finalize(statement);
  return found && rows >= 1;
}

static void test_fts5(void) {
  static const char *bodies[] = {
    "Il faut renforcer la sécurité du pays.",
    "Une réunion avec les États-Unis et le Canada.",
    "Le rapport de I’OTAN sur l’Afghanistan.",
    "Des menaces terroristes contre les ambassades.",
    "Aucun mot utile ici.",
  };
  CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
  lt_stem_words *stem_words = lt_stem_words_new();
  CHECK(stem_words && lt_fts_register_tokenizer(db) == SQLITE_OK, "register");
  CHECK(sqlite3_exec(db, LT_STEM_WORDS_SCHEMA_SQL
                     "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='lanterne')", NULL,
                     NULL, NULL) == SQLITE_OK, "create: %s", sqlite3_errmsg(db));
  sqlite3_stmt *insert;
  sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?1)", -1, &insert, NULL);
  for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
    sqlite3_bind_text(insert, 1, bodies[i], -1, SQLITE_STATIC);
    CHECK(sqlite3_step(insert) == SQLITE_DONE, "insert %zu: %s", i, sqlite3_errmsg(db));
    sqlite3_reset(insert);
    CHECK(lt_stem_words_note_text(stem_words, tokenizer, bodies[i], strlen(bodies[i])) == 0,
          "note %zu", i);
  }
  sqlite3_finalize(insert);
  CHECK(lt_stem_words_save(stem_words, db) == SQLITE_OK, "save stems: %s", sqlite3_errmsg(db));

  CHECK(matches_row("securite", bodies[0]), "securite");
  CHECK(matches_row("sécurité", bodies[0]), "sécurité");
  CHECK(matches_row("\"etats unis\"", bodies[1]), "\"etats unis\"");
  CHECK(matches_row("\"États-Unis\"", bodies[1]), "\"États-Unis\"");
  CHECK(matches_row("otan", bodies[2]), "otan");
  CHECK(matches_row("afghanistan", bodies[2]), "afghanistan");
  CHECK(matches_row("menace", bodies[3]), "menace");
  CHECK(matches_row("\"menace terroriste\"", bodies[3]), "phrase of stems");
  CHECK(matches_row("secu*", bodies[0]), "secu*");
  CHECK(count_matches("secu*") == 1, "secu* count %d", count_matches("secu*"));
  CHECK(count_matches("\"unis etats\"") == 0, "phrase order");
  CHECK(count_matches("introuvable") == 0, "absent word");
  CHECK(count_matches("i") == 0, "the OCR I was dropped");

  sqlite3_stmt *statement;
  const char *highlighted = NULL;
  char copy[256] = "";
  CHECK(sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'securite'",
                           -1, &statement, NULL) == SQLITE_OK, "highlight prepare");
  if (sqlite3_step(statement) == SQLITE_ROW) {
    highlighted = (const char *)sqlite3_column_text(statement, 0);
    snprintf(copy, sizeof copy, "%s", highlighted ? highlighted : "");
  }
  sqlite3_finalize(statement);
  CHECK_STR(copy, "Il faut renforcer la [sécurité] du pays.");

  CHECK(sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'otan'",
                           -1, &statement, NULL) == SQLITE_OK, "highlight prepare");
  copy[0] = '\0';
  if (sqlite3_step(statement) == SQLITE_ROW)
    snprintf(copy, sizeof copy, "%s", (const char *)sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  CHECK_STR(copy, "Le rapport de I’[OTAN] sur l’Afghanistan.");
  sqlite3_close(db);
  lt_stem_words_free(stem_words);
}

/* ---------------------------------------------------------------------------
** Throughput (informational)
*/

static int count_token(void *context, int flags, const char *token, int len, int start,
                       int end) {
  (*(long *)context)++;
  return 0;
}

static void print_throughput(void) {
  static const char paragraph[] =
    "Le ministère des Affaires étrangères a reçu, le 12 mars 2012, une note confidentielle "
    "de l’ambassade à Washington : les États-Unis s’inquiètent de la sécurité des "
    "installations de l’OTAN et des menaces terroristes qui pèsent sur les opérations "
    "en Afghanistan. Aujourd’hui, d’après nos sources, le cœur du dossier reste la "
    "coopération entre les services de renseignement (réf. PPC-DS(2012)0009). ";
  size_t paragraph_len = strlen(paragraph), n = 0, target = 1 << 20;
  char *text = malloc(target + paragraph_len);
  while (n < target) {
    memcpy(text + n, paragraph, paragraph_len);
    n += paragraph_len;
  }
  for (int with_stems = 0; with_stems <= 1; with_stems++) {
    long tokens = 0;
    clock_t begin = clock();
    int rounds = 0;
    do {
      lt_tokenize(tokenizer, text, n, with_stems, count_token, &tokens);
      rounds++;
    } while (clock() - begin < CLOCKS_PER_SEC / 2);
    double seconds = (double)(clock() - begin) / CLOCKS_PER_SEC;
    printf("throughput (%s): %.1f MB/s, %ld tokens per MB\n",
           with_stems ? "with stems" : "words only", (double)n * rounds / seconds / 1e6,
           tokens / rounds);
  }
  free(text);
}

int main(void) {
  tokenizer = lt_tokenizer_new();
  if (!tokenizer) {
    fprintf(stderr, "lt_tokenizer_new failed\n");
    return 1;
  }
  test_utf8();
  test_normalize();
  test_word_cases();
  test_tokens_read_back();
  test_offsets();
  test_long_words();
  test_stems();
  test_stop_value();
  test_hostile_input();
  test_fts5();
  print_throughput();
  lt_tokenizer_free(tokenizer);
  return check_done();
}
