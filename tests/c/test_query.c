/*
** test_query.c — the query parser (query.h): exact outputs for the cases a
** reader types, and for hostile input (a table, then random mixes of the
** characters that mean something to FTS5 or to the scanner) the promise that
** every expression compiles in a real FTS5 table using the Lanterne
** tokenizer.  Last, a few queries run end to end on four small French
** documents, to see that -exclusion removes, OR widens, phrase order matters
** and prefixes find.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fts_tokenizer.h"
#include "query.h"
#include "sqlite3.h"
#include "tokenizer.h"

static lt_tokenizer *tokenizer;
static sqlite3 *db;
static lt_stem_words *stem_words;  /* the spellings noted as documents go in */

/* ---------------------------------------------------------------------------
** FTS5 helpers
*/

static int open_fts_table(void) {
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return -1;
  stem_words = lt_stem_words_new();
  if (!stem_words || lt_fts_register_tokenizer(db) != SQLITE_OK) return -1;
  return sqlite3_exec(db, LT_STEM_WORDS_SCHEMA_SQL
                      "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='lanterne')",
                      NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Returns 1 if FTS5 runs `expression` (NULL counts as fine: nothing to run),
** 0 and prints SQLite's message otherwise. */
static int fts5_accepts(const char *expression) {
  if (!expression) return 1;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(stmt, 1, expression, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    fprintf(stderr, "fts5 refused [%s]: %s\n", expression, sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Counts the documents a query finds, the way search.c combines match and
** exclude: documents matching `match` (all when NULL) minus those matching
** `exclude`.  Returns -1 on any error. */
static long count_documents(const char *query, int as_you_type) {
  lt_query q;
  if (lt_query_parse(tokenizer, query, strlen(query), as_you_type, &q) != 0) return -1;
  const char *sql =
      q.match && q.exclude ? "SELECT count(*) FROM t WHERE t MATCH ?1 AND rowid NOT IN"
                             " (SELECT rowid FROM t WHERE t MATCH ?2)"
      : q.match            ? "SELECT count(*) FROM t WHERE t MATCH ?1"
      : q.exclude          ? "SELECT count(*) FROM t WHERE rowid NOT IN"
                             " (SELECT rowid FROM t WHERE t MATCH ?2)"
                           : "SELECT count(*) FROM t";
  long count = -1;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
    if (q.match) sqlite3_bind_text(stmt, 1, q.match, -1, SQLITE_STATIC);
    if (q.exclude) sqlite3_bind_text(stmt, 2, q.exclude, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) count = (long)sqlite3_column_int64(stmt, 0);
    else fprintf(stderr, "query [%s]: %s\n", query, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
  }
  lt_query_free(&q);
  return count;
}

/* ---------------------------------------------------------------------------
** Exact outputs
*/

typedef struct expected_parse {
  const char *input;
  size_t length;        /* includes any NUL inside the input */
  int as_you_type;
  const char *match;    /* NULL: no positive term */
  const char *exclude;
} expected_parse;

#define PARSE(text, as_you_type, match, exclude) { text, sizeof(text) - 1, as_you_type, match, exclude }

static const expected_parse expected_parses[] = {
  /* the examples of the brief */
  PARSE("securite", 0, "\"securite\"", NULL),
  PARSE("Sécurité", 0, "\"securite\"", NULL),
  PARSE("l'OTAN", 0, "\"otan\"", NULL),
  PARSE("l\xe2\x80\x99OTAN", 0, "\"otan\"", NULL),
  PARSE("Etats-Unis", 0, "\"etats unis\"", NULL),
  PARSE("États-Unis", 0, "\"etats unis\"", NULL),
  PARSE("\"feuille de route\"", 0, "\"feuille de route\"", NULL),
  PARSE("menaces terroristes", 0, "\"menaces\" AND \"terroristes\"", NULL),
  PARSE("otan OR nato maroc", 0, "(\"otan\" OR \"nato\") AND \"maroc\"", NULL),
  PARSE("secu*", 0, "\"secu\" *", NULL),
  PARSE("secu", 1, "\"secu\" *", NULL),
  PARSE("secu ", 1, "\"secu\"", NULL),
  PARSE("maroc -otan", 0, "\"maroc\"", "\"otan\""),
  PARSE("-otan", 0, NULL, "\"otan\""),
  PARSE("143/4", 0, "\"143 4\"", NULL),
  PARSE("PPC-DS(2012)0009", 0, "\"ppc ds 2012 0009\"", NULL),
  PARSE("\xe4\xb8\xad\xe5\x9b\xbd", 0, "\"\xe4\xb8\xad \xe5\x9b\xbd\"", NULL), /* Han: one word each */
  PARSE("I\xe2\x80\x99OTAN", 0, "\"otan\"", NULL),     /* OCR capital I for l */

  /* phrases and their quotes */
  PARSE("« feuille de route »", 0, "\"feuille de route\"", NULL),
  PARSE("\xc2\xab\xc2\xa0" "feuille de route" "\xc2\xa0\xc2\xbb", 0, "\"feuille de route\"", NULL),
  PARSE("“feuille de route”", 0, "\"feuille de route\"", NULL),
  PARSE("\"feuille de route", 0, "\"feuille de route\"", NULL),
  PARSE("« feuille de route", 0, "\"feuille de route\"", NULL),
  PARSE("\"a b\" OR c", 0, "(\"a b\" OR \"c\")", NULL),
  PARSE("a\"b c\"", 0, "\"a\" AND \"b c\"", NULL),
  PARSE("\"a OR b\"", 0, "\"a or b\"", NULL),
  PARSE("\"l'OTAN\" maroc", 0, "\"otan\" AND \"maroc\"", NULL),
  PARSE("«  »", 0, NULL, NULL),
  PARSE("\"\"", 0, NULL, NULL),
  PARSE("\"", 0, NULL, NULL),
  PARSE("abc\"", 0, "\"abc\"", NULL),

  /* OR */
  PARSE("maroc otan OR nato", 0, "\"maroc\" AND (\"otan\" OR \"nato\")", NULL),
  PARSE("a OR b OR c", 0, "(\"a\" OR \"b\" OR \"c\")", NULL),
  PARSE("a OR b c OR d", 0, "(\"a\" OR \"b\") AND (\"c\" OR \"d\")", NULL),
  PARSE("OR", 0, NULL, NULL),
  PARSE("OR OR", 0, NULL, NULL),
  PARSE("a OR", 0, "\"a\"", NULL),
  PARSE("OR a", 0, "\"a\"", NULL),
  PARSE("a OR OR b", 0, "(\"a\" OR \"b\")", NULL),
  PARSE("a OR -b c", 0, "\"a\" AND \"c\"", "\"b\""),
  PARSE("-a OR b", 0, "\"b\"", "\"a\""),
  PARSE("a OR \xf0\x9f\x98\x80 b", 0, "(\"a\" OR \"b\")", NULL),
  PARSE("otan or nato", 0, "\"otan\" AND \"or\" AND \"nato\"", NULL),
  PARSE("otan ou nato", 0, "\"otan\" AND \"ou\" AND \"nato\"", NULL),
  PARSE("Or", 0, "\"or\"", NULL),
  PARSE("-OR", 0, NULL, "\"or\""),

  /* exclusion and signs */
  PARSE("-otan -nato", 0, NULL, "\"otan\" OR \"nato\""),
  PARSE("\xe2\x88\x92otan", 0, NULL, "\"otan\""),   /* U+2212 minus sign */
  PARSE("\xe2\x80\x93otan", 0, NULL, "\"otan\""),   /* U+2013 en dash */
  PARSE("-\"feuille de route\" maroc", 0, "\"maroc\"", "\"feuille de route\""),
  PARSE("-\"unclosed", 0, NULL, "\"unclosed\""),
  PARSE("-secu*", 0, NULL, "\"secu\" *"),
  PARSE("-", 0, NULL, NULL),
  PARSE("--", 0, NULL, NULL),
  PARSE("- a", 0, "\"a\"", NULL),
  PARSE("--a", 0, NULL, "\"a\""),
  PARSE("+a", 0, "\"a\"", NULL),
  PARSE("a+b", 0, "\"a b\"", NULL),
  PARSE("a-", 0, "\"a\"", NULL),

  /* prefixes */
  PARSE("secu**", 0, "\"secu\" *", NULL),
  PARSE("etats-un*", 0, "\"etats un\" *", NULL),
  PARSE("a*b", 0, "\"a b\"", NULL),
  PARSE("*", 0, NULL, NULL),
  PARSE("**", 0, NULL, NULL),
  PARSE("\"feuille de\"*", 0, "\"feuille de\"", NULL), /* a star after a phrase is not a prefix */

  /* as you type */
  PARSE("menaces ter", 1, "\"menaces\" AND \"ter\" *", NULL),
  PARSE("Etats-Un", 1, "\"etats un\" *", NULL),
  PARSE("\"feuille de ro", 1, "\"feuille de ro\"", NULL),
  PARSE("\"feuille de\"", 1, "\"feuille de\"", NULL),
  PARSE("maroc -ota", 1, "\"maroc\"", "\"ota\""),
  PARSE("maroc -", 1, "\"maroc\"", NULL),
  PARSE("otan OR na", 1, "(\"otan\" OR \"na\" *)", NULL),
  PARSE("secu\t", 1, "\"secu\"", NULL),
  PARSE("secu\xc2\xa0", 1, "\"secu\"", NULL),
  PARSE("secu*", 1, "\"secu\" *", NULL),
  PARSE("", 1, NULL, NULL),

  /* FTS5 syntax is not syntax here */
  PARSE("AND", 0, "\"and\"", NULL),
  PARSE("NOT a", 0, "\"not\" AND \"a\"", NULL),
  PARSE("title:foo", 0, "\"title foo\"", NULL),
  PARSE("body:", 0, "\"body\"", NULL),
  PARSE("NEAR(a b)", 0, "\"near a\" AND \"b\"", NULL),
  PARSE("^a", 0, "\"a\"", NULL),
  PARSE("((a)", 0, "\"a\"", NULL),
  PARSE("{a b}:c", 0, "\"a\" AND \"b c\"", NULL),
  PARSE("'); DROP TABLE t;--", 0, "\"drop\" AND \"table\" AND \"t\"", NULL),

  /* white space, controls, emoji */
  PARSE("", 0, NULL, NULL),
  PARSE("   ", 0, NULL, NULL),
  PARSE("a\tb\nc", 0, "\"a\" AND \"b\" AND \"c\"", NULL),
  PARSE("a\0b", 0, "\"a\" AND \"b\"", NULL),
  PARSE("a\xc2\xa0" "b", 0, "\"a\" AND \"b\"", NULL),
  PARSE("a\xe3\x80\x80" "b", 0, "\"a\" AND \"b\"", NULL),  /* ideographic space */
  PARSE("\xf0\x9f\x98\x80", 0, NULL, NULL),
  PARSE("a \xf0\x9f\x98\x80 b", 0, "\"a\" AND \"b\"", NULL),
};

static void test_expected_parses(void) {
  for (size_t i = 0; i < sizeof expected_parses / sizeof expected_parses[0]; i++) {
    const expected_parse *e = &expected_parses[i];
    lt_query q;
    int rc = lt_query_parse(tokenizer, e->input, e->length, e->as_you_type, &q);
    CHECK(rc == 0, "parse [%s]", e->input);
    if (rc != 0) continue;
    if (e->match) CHECK_STR(q.match, e->match);
    else CHECK(q.match == NULL, "[%s] match: got \"%s\", want NULL", e->input, q.match);
    if (e->exclude) CHECK_STR(q.exclude, e->exclude);
    else CHECK(q.exclude == NULL, "[%s] exclude: got \"%s\", want NULL", e->input, q.exclude);
    CHECK(fts5_accepts(q.match) && fts5_accepts(q.exclude), "[%s] compiles", e->input);
    lt_query_free(&q);
    lt_query_free(&q); /* twice is allowed */
    CHECK(q.match == NULL && q.exclude == NULL, "free clears");
  }
}

/* ---------------------------------------------------------------------------
** Hostile input: whatever comes in, parse succeeds and FTS5 accepts the result.
*/

/* Parses `input` both ways and checks what comes out.  Returns 1 if fine. */
static int survives(const char *input, size_t length) {
  for (int as_you_type = 0; as_you_type <= 1; as_you_type++) {
    lt_query q;
    if (lt_query_parse(tokenizer, input, length, as_you_type, &q) != 0) return 0;
    int fine = fts5_accepts(q.match) && fts5_accepts(q.exclude);
    /* Items are capped, so the output is too: 32 items of at most
    ** LT_QUERY_MAX_BYTES tokenized bytes each cannot exceed this. */
    size_t total = (q.match ? strlen(q.match) : 0) + (q.exclude ? strlen(q.exclude) : 0);
    if (total > 4 * LT_QUERY_MAX_BYTES + 16 * LT_QUERY_MAX_TERMS) fine = 0;
    lt_query_free(&q);
    if (!fine) return 0;
  }
  return 1;
}

typedef struct hostile_input {
  const char *text;
  size_t length;
} hostile_input;

#define HOSTILE(text) { text, sizeof(text) - 1 }

static const hostile_input hostile_inputs[] = {
  HOSTILE(""), HOSTILE(" "), HOSTILE("   \t  \n "), HOSTILE("\""), HOSTILE("\"\""),
  HOSTILE("\"\"\""), HOSTILE("\"abc"), HOSTILE("abc\""), HOSTILE("*"), HOSTILE("**"),
  HOSTILE("a*b"), HOSTILE("-"), HOSTILE("--"), HOSTILE("-a"), HOSTILE("- a"),
  HOSTILE("OR"), HOSTILE("OR OR"), HOSTILE("a OR"), HOSTILE("OR a"), HOSTILE("a OR OR b"),
  HOSTILE("AND"), HOSTILE("NOT a"), HOSTILE("a NOT"), HOSTILE("NEAR("), HOSTILE("NEAR(a b, 3)"),
  HOSTILE("title:x"), HOSTILE("body:"), HOSTILE("^a"), HOSTILE("("), HOSTILE(")"),
  HOSTILE("((a)"), HOSTILE("a)"), HOSTILE("{a b}:c"), HOSTILE("'"), HOSTILE("\xe2\x80\x99"),
  HOSTILE("l'"), HOSTILE("\xe2\x80\x8f"), HOSTILE("a\xe2\x80\x8f" "b"), HOSTILE("\xe2\x80\xae" "abc"),
  HOSTILE("a\xe2\x80\x8d" "b"), HOSTILE("\xf0\x9f\x98\x80"), HOSTILE("a\xf0\x9f\x98\x80" "b"),
  HOSTILE("a \xf0\x9f\x98\x80 b"), HOSTILE("a\0b"), HOSTILE("\0"), HOSTILE("\xff"),
  HOSTILE("a\xff" "b"), HOSTILE("\xc3"), HOSTILE("a\xc3"), HOSTILE("\xed\xa0\x80"),
  HOSTILE("\"\xff\""), HOSTILE("-\xc3"), HOSTILE("\xcc\x81"), HOSTILE("\xcc\x81\xcc\x81 a"),
  HOSTILE("«  »"), HOSTILE("« feuille de route »"), HOSTILE("“smart quotes”"), HOSTILE("»"),
  HOSTILE("”a“"), HOSTILE("\\"), HOSTILE("\\\""), HOSTILE("%"), HOSTILE("_"),
  HOSTILE(";DROP TABLE"), HOSTILE("'); DROP TABLE t;--"), HOSTILE("a\tb\nc"),
  HOSTILE("\x01\x02\x03\x1b[0m\x7f"), HOSTILE("-\"unclosed"), HOSTILE("+a"), HOSTILE("a+b"),
  HOSTILE("+"), HOSTILE("+-"), HOSTILE("-+\""), HOSTILE("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"),
  HOSTILE("\xd8\xa7\xd9\x84\xd9\x85\xd8\xba\xd8\xb1\xd8\xa8 \xd9\x88\xd8\xa7\xd9\x84\xd9\x86\xd8\xa7\xd8\xaa\xd9\x88"),
  HOSTILE("\xe4\xb8\xad\xe5\x9b\xbd\xe5\xa4\x96\xe4\xba\xa4\xe9\x83\xa8"), HOSTILE("1540"),
  HOSTILE("143/4"), HOSTILE("PPC-DS(2012)0009"), HOSTILE("\"a\" \"b\" OR \"\""),
  HOSTILE("a OR \"\" OR b"), HOSTILE("\"*\""), HOSTILE("\"a\"*"), HOSTILE("-*"), HOSTILE("OR*"),
  HOSTILE("\"\"\"\"a\"\"\"\""), HOSTILE("«"), HOSTILE("“"), HOSTILE("« a » OR “ b ” OR \" c \""),
  HOSTILE("a:b:c"), HOSTILE("col : a"), HOSTILE("- - -"), HOSTILE("\xe2\x88\x92"),
  HOSTILE("\xef\xbb\xbf" "a"), HOSTILE("\xe2\x80\x8b"), HOSTILE("a\xe2\x80\x8b" "b"),
  HOSTILE("\xef\xac\x81" "n"), HOSTILE("\xc5\x93uvre"), HOSTILE("I\xe2\x80\x99OTAN"),
  HOSTILE("aujourd'hui"), HOSTILE("jusqu\xe2\x80\x99\xc3\xa0"),
};

/* Inputs too long to write out: each is built, checked and freed. */
static void test_long_hostile_inputs(void) {
  size_t size = 10000;
  char *text = malloc(5 * 5000 + 1);
  if (!text) { CHECK(0, "out of memory"); return; }

  memset(text, 'a', size);
  CHECK(survives(text, size), "10,000 x a");
  memset(text, ' ', size);
  CHECK(survives(text, size), "10,000 spaces");
  memset(text, '"', 1000);
  CHECK(survives(text, 1000), "1,000 quotes");
  memset(text, '-', size);
  CHECK(survives(text, size), "10,000 minus signs");
  for (size_t i = 0; i < 5000; i++) memcpy(text + 5 * i, "a OR ", 5);
  CHECK(survives(text, 5 * 5000), "5,000 x \"a OR \"");

  /* The cut at LT_QUERY_MAX_BYTES falls inside an 'é': it must not split it. */
  text[0] = 'x';
  for (size_t i = 1; i + 1 < size; i += 2) memcpy(text + i, "\xc3\xa9", 2);
  CHECK(survives(text, size - 1), "10,000 bytes of e-acute");
  for (size_t i = 0; i + 4 <= size; i += 4) memcpy(text + i, "\xf0\x9f\x98\x80", 4);
  CHECK(survives(text, size), "2,500 emoji");
  for (size_t i = 0; i < size; i++) text[i] = (char)(0x80 + i % 64);
  CHECK(survives(text, size), "10,000 continuation bytes");

  /* Items beyond LT_QUERY_MAX_TERMS are ignored. */
  size_t length = 0;
  for (int i = 0; i < 40; i++) length += (size_t)sprintf(text + length, "w%d ", i);
  lt_query q;
  CHECK(lt_query_parse(tokenizer, text, length, 0, &q) == 0, "40 words");
  int and_count = 0;
  for (const char *p = q.match; p && (p = strstr(p, " AND ")); p += 5) and_count++;
  CHECK(and_count == LT_QUERY_MAX_TERMS - 1, "40 words keep %d items, want %d", and_count + 1, LT_QUERY_MAX_TERMS);
  CHECK(q.match && strstr(q.match, "\"w31\"") && !strstr(q.match, "\"w32\""), "first 32 kept: %s", q.match);
  lt_query_free(&q);

  free(text);
}

/* Deterministic pseudo-random mixes of the pieces the scanner and FTS5 care
** about, to find orderings nobody thought of. */
static uint32_t random_state = 12345;

static uint32_t next_random(void) {
  random_state = random_state * 1103515245u + 12345u;
  return random_state >> 16;
}

static void test_random_mixes(void) {
  static const char *pieces[] = {
    "a", "otan", "OR", "AND", "NOT", "NEAR", " ", "  ", "\t", "\"", "«", "»", "“", "”",
    "-", "+", "*", "(", ")", ":", "^", ",", "'", "’", "é", "\xff", "\xc3", "😀", "\0",
    "1", "/", "–", "−", "\xc2\xa0", "l'", "\xcc\x81", "中",
  };
  size_t piece_count = sizeof pieces / sizeof pieces[0];
  int failures = 0;
  for (int round = 0; round < 3000; round++) {
    char text[256];
    size_t length = 0;
    size_t pieces_in_text = next_random() % 24;
    for (size_t i = 0; i < pieces_in_text; i++) {
      size_t which = next_random() % piece_count;
      /* "\0" has strlen 0; write the NUL byte itself. */
      size_t piece_length = pieces[which][0] ? strlen(pieces[which]) : 1;
      memcpy(text + length, pieces[which], piece_length);
      length += piece_length;
    }
    if (!survives(text, length)) {
      failures++;
      fprintf(stderr, "random mix %d failed: [%.*s]\n", round, (int)length, text);
    }
  }
  CHECK(failures == 0, "%d random mixes failed", failures);
}

static void test_hostile_inputs(void) {
  for (size_t i = 0; i < sizeof hostile_inputs / sizeof hostile_inputs[0]; i++)
    CHECK(survives(hostile_inputs[i].text, hostile_inputs[i].length),
          "hostile input %zu [%s]", i, hostile_inputs[i].text);
  CHECK(survives(NULL, 0), "NULL text");
  test_long_hostile_inputs();
  test_random_mixes();
}

/* ---------------------------------------------------------------------------
** End to end: the expressions find the right documents.
*/

static void insert_documents(void) {
  static const char *documents[][2] = {
    { "Rapport OTAN",
      "Le Maroc et l'OTAN discutent de la sécurité régionale. Feuille de route adoptée." },
    { "Note Maroc",
      "Menaces terroristes au Maroc : la route de la feuille est longue." },
    { "États-Unis",
      "Les États-Unis et la NATO renforcent la sécurité." },
    { "Budget",
      "Le budget 143/4 du programme PPC-DS(2012)0009 est adopté." },
  };
  sqlite3_stmt *stmt;
  CHECK(sqlite3_prepare_v2(db, "INSERT INTO t(title, body) VALUES (?, ?)", -1, &stmt, NULL) == SQLITE_OK,
        "prepare insert");
  for (size_t i = 0; i < sizeof documents / sizeof documents[0]; i++) {
    sqlite3_bind_text(stmt, 1, documents[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, documents[i][1], -1, SQLITE_STATIC);
    CHECK(sqlite3_step(stmt) == SQLITE_DONE, "insert %zu: %s", i, sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    for (int column = 0; column < 2; column++)
      CHECK(lt_stem_words_note_text(stem_words, tokenizer, documents[i][column],
                                    strlen(documents[i][column])) == 0, "note %zu", i);
  }
  sqlite3_finalize(stmt);
  CHECK(lt_stem_words_save(stem_words, db) == SQLITE_OK, "save stems: %s", sqlite3_errmsg(db));
}

typedef struct expected_count {
  const char *query;
  int as_you_type;
  long documents;
} expected_count;

static const expected_count expected_counts[] = {
  { "", 0, 4 },
  { "maroc", 0, 2 },
  { "MAROC", 0, 2 },
  { "maroc -otan", 0, 1 },           /* exclusion removes */
  { "-otan", 0, 3 },
  { "-otan -nato", 0, 2 },
  { "otan", 0, 1 },
  { "otan OR nato", 0, 2 },          /* OR widens */
  { "otan OR nato maroc", 0, 1 },
  { "otan OR nato OR budget", 0, 3 },
  { "feuille route", 0, 2 },
  { "\"feuille de route\"", 0, 1 },  /* phrase order matters */
  { "\"route de la feuille\"", 0, 1 },
  { "« route feuille »", 0, 0 },
  { "secu*", 0, 2 },                 /* prefix */
  { "secu", 0, 0 },
  { "secu", 1, 2 },
  { "secu ", 1, 0 },
  { "sécurité", 0, 2 },
  { "menace", 0, 1 },                /* widened to the corpus's "menaces" */
  { "\"menace terroriste\"", 0, 1 }, /* within a phrase too */
  { "\"terroriste menace\"", 0, 0 },
  { "adoptée", 0, 2 },               /* "adopté" shares its stem */
  { "adopt", 0, 2 },                 /* a stem typed finds its words */
  { "l'OTAN", 0, 1 },
  { "Etats-Unis", 0, 1 },
  { "etats unis", 0, 1 },
  { "unis-etats", 0, 0 },
  { "143/4", 0, 1 },
  { "143", 0, 1 },
  { "PPC-DS(2012)0009", 0, 1 },
  { "ppc-ds(2012)0010", 0, 0 },
  { "title:maroc", 0, 0 },           /* no column filter: "title maroc" */
  { "mar", 1, 2 },
  { "adopt*", 0, 2 },
  { "adopt* -budget", 0, 1 },
  { "\xf0\x9f\x98\x80", 0, 4 },      /* nothing searchable: everything */
};

static void test_end_to_end(void) {
  insert_documents();
  for (size_t i = 0; i < sizeof expected_counts / sizeof expected_counts[0]; i++) {
    const expected_count *e = &expected_counts[i];
    long got = count_documents(e->query, e->as_you_type);
    CHECK(got == e->documents, "[%s]%s finds %ld documents, want %ld", e->query,
          e->as_you_type ? " as you type" : "", got, e->documents);
  }
}

int main(void) {
  tokenizer = lt_tokenizer_new();
  CHECK(tokenizer != NULL, "tokenizer");
  CHECK(open_fts_table() == 0, "FTS5 table: %s", db ? sqlite3_errmsg(db) : "no db");
  if (tokenizer && db) {
    test_expected_parses();
    test_hostile_inputs();
    test_end_to_end();
  }
  sqlite3_close(db);
  lt_stem_words_free(stem_words);
  lt_tokenizer_free(tokenizer);
  return check_done();
}
