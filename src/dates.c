/*
** dates.c — date expressions and document dates (see dates.h for the rules).
**
** How it works.  A small scanner cuts the text into tokens on demand: runs of
** digits, runs of letters (folded to lowercase ASCII without accents, so
** "AOUT", "Août" and "aout" compare equal), and single punctuation marks.
** Each token remembers whether whitespace came before it, because gluing
** matters: "14 juin" is a date, "14h30" and "P/2012/CRY" are not.
**
** Dates are then recognised by small hand-written parsers, one per shape
** ("19 avril 2012", "April 19, 2012", "avril 2012", "6/08/2014", ISO, a
** century...), each reading a few tokens from a given position.  A range
** parser combines two of them ("du 22 au 24 mai 2012").  The extraction loop
** walks the tokens once; at each token that could start a date it tries the
** parsers, keeps the longest match and jumps past it.  Every parser reads a
** bounded number of tokens, so the whole is linear in the text length and
** needs no memory besides the result array.
**
** The scanner never reads outside [begin, end), and never relies on a NUL
** terminator: the same code scans a whole text or a single line of it.
*/
#include "dates.h"
#include "grow.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Years accepted when the context says "this is a date" (a month name, a cue
** word, a numeric date) and when nothing but the shape does (a parenthesised
** year, "2020-2030").  The second range is narrower because four-digit
** counts and codes are common in these documents. */
#define YEAR_MIN_WITH_CONTEXT 1000
#define YEAR_MAX_WITH_CONTEXT 2199
#define YEAR_MIN_BARE 1900
#define YEAR_MAX_BARE 2099

/* Document dating: what "near the top" means, and what a line of running
** prose (ending a furniture list) is. */
#define TOP_LINES 15
#define TOP_BYTES 1500
#define PROSE_LINE_BYTES 300
#define PUBLICATION_LINE_MAX_BYTES 200

/* ===========================================================================
** Characters
*/

enum { CHAR_SPACE, CHAR_LETTER, CHAR_DIGIT, CHAR_PUNCT };

/* Decodes the code point at s (avail bytes readable).  Returns its length;
** an invalid or truncated sequence gives length 1 and *cp = -1. */
static int decode_code_point(const unsigned char *s, int avail, int *cp) {
  unsigned lead = s[0], value;
  int length;
  if (lead < 0x80) { *cp = (int)lead; return 1; }
  if (lead >= 0xC2 && lead <= 0xDF) { length = 2; value = lead & 0x1F; }
  else if (lead >= 0xE0 && lead <= 0xEF) { length = 3; value = lead & 0x0F; }
  else if (lead >= 0xF0 && lead <= 0xF4) { length = 4; value = lead & 0x07; }
  else { *cp = -1; return 1; }
  if (length > avail) { *cp = -1; return 1; }
  for (int i = 1; i < length; i++) {
    if ((s[i] & 0xC0) != 0x80) { *cp = -1; return 1; }
    value = (value << 6) | (s[i] & 0x3F);
  }
  *cp = (int)value;
  return length;
}

/* The four classes the scanner needs.  Non-Latin letters count as letters
** (they glue to digits like Latin ones do); the typographic spaces that
** French uses inside numbers ("1 500") count as spaces. */
static int character_class(int cp) {
  if (cp < 0) return CHAR_PUNCT;
  if (cp < 0x80) {
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
      return CHAR_SPACE;
    if (cp >= '0' && cp <= '9') return CHAR_DIGIT;
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return CHAR_LETTER;
    return CHAR_PUNCT;
  }
  if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
      cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
    return CHAR_SPACE;
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return CHAR_PUNCT;
  if ((cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x2190 && cp <= 0x2BFF)) return CHAR_PUNCT;
  return CHAR_LETTER;
}

/* Lowercase ASCII letter(s) for a letter code point, accents removed.  Only
** the Latin-1 letters and œ matter for French and English dates; any other
** letter becomes '#', which matches no table entry.  Returns the count
** written (1 or 2). */
static int fold_letter(int cp, char folded[2]) {
  static const char latin1[65] =
      "aaaaaa\0ceeeeiiiidnooooo\0ouuuuyt\0aaaaaa\0ceeeeiiiidnooooo\0ouuuuyty";
  if (cp < 0x80) { folded[0] = (char)(cp | 0x20); return 1; }
  if (cp == 0xC6 || cp == 0xE6) { folded[0] = 'a'; folded[1] = 'e'; return 2; }
  if (cp == 0xDF) { folded[0] = 's'; folded[1] = 's'; return 2; }
  if (cp == 0x152 || cp == 0x153) { folded[0] = 'o'; folded[1] = 'e'; return 2; }
  if (cp == 0x178) { folded[0] = 'y'; return 1; }
  if (cp >= 0xC0 && cp <= 0xFF && latin1[cp - 0xC0]) { folded[0] = latin1[cp - 0xC0]; return 1; }
  folded[0] = '#';
  return 1;
}

static int is_uppercase_letter(int cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x152;
}

/* ===========================================================================
** Scanner and tokens
*/

typedef struct scanner {
  const unsigned char *text;
  int begin, end;             /* the scanned range: [begin, end) */
} scanner;

typedef enum { TOKEN_END, TOKEN_WORD, TOKEN_NUMBER, TOKEN_PUNCT } token_kind;

#define FOLDED_MAX 31

typedef struct token {
  int start, end;             /* byte offsets */
  token_kind kind;
  int value;                  /* NUMBER: its value, capped; PUNCT: the code point */
  int digits;                 /* NUMBER: how many digits */
  int spaced;                 /* whitespace, or the start of the range, precedes it */
  int capitalized;            /* WORD: first letter upper case */
  int accented;               /* WORD: some letter was not ASCII */
  int folded_length;          /* WORD: length of folded, or -1 if too long to fold */
  char folded[FOLDED_MAX + 1];
} token;

/* Reads the token that starts at or after pos (whitespace skipped). */
static void read_token(const scanner *sc, int pos, token *t) {
  int cp = 0, length = 0, skipped = pos <= sc->begin;
  while (pos < sc->end) {
    if (sc->text[pos] == ' ' || sc->text[pos] == '\n') { pos++; skipped = 1; continue; }
    length = decode_code_point(sc->text + pos, sc->end - pos, &cp);
    if (character_class(cp) != CHAR_SPACE) break;
    pos += length;
    skipped = 1;
  }
  memset(t, 0, offsetof(token, folded));
  t->folded[0] = 0;
  t->start = t->end = pos;
  t->spaced = skipped;
  if (pos >= sc->end) { t->kind = TOKEN_END; return; }

  int kind = character_class(cp);
  if (kind == CHAR_DIGIT) {
    t->kind = TOKEN_NUMBER;
    while (pos < sc->end && sc->text[pos] >= '0' && sc->text[pos] <= '9') {
      if (t->value < 1000000) t->value = t->value * 10 + (sc->text[pos] - '0');
      t->digits++;
      pos++;
    }
  } else if (kind == CHAR_LETTER) {
    t->kind = TOKEN_WORD;
    t->capitalized = is_uppercase_letter(cp);
    while (pos < sc->end) {
      unsigned char byte = sc->text[pos];
      if (byte < 0x80) {                     /* fast path: plain ASCII */
        if ((byte | 0x20) < 'a' || (byte | 0x20) > 'z') break;
        if (t->folded_length >= 0) {
          if (t->folded_length == FOLDED_MAX) t->folded_length = -1;
          else t->folded[t->folded_length++] = (char)(byte | 0x20);
        }
        pos++;
        continue;
      }
      length = decode_code_point(sc->text + pos, sc->end - pos, &cp);
      if (character_class(cp) != CHAR_LETTER) break;
      char folded[2];
      int count = fold_letter(cp, folded);
      if (cp >= 0x80) t->accented = 1;
      for (int i = 0; i < count && t->folded_length >= 0; i++) {
        if (t->folded_length == FOLDED_MAX) t->folded_length = -1;
        else t->folded[t->folded_length++] = folded[i];
      }
      pos += length;
    }
    if (t->folded_length >= 0) t->folded[t->folded_length] = 0;
    else t->folded[0] = 0;
  } else {
    t->kind = TOKEN_PUNCT;
    t->value = cp;
    pos += length;
  }
  t->end = pos;
}

static void read_next(const scanner *sc, const token *t, token *next) {
  read_token(sc, t->end, next);
}

static int is_word(const token *t, const char *folded) {
  return t->kind == TOKEN_WORD && t->folded[0] == folded[0] && strcmp(t->folded, folded) == 0;
}

static int is_punct(const token *t, int cp) {
  return t->kind == TOKEN_PUNCT && t->value == cp;
}

static int is_dash(const token *t) {
  return is_punct(t, '-') || is_punct(t, 0x2010) || is_punct(t, 0x2011) ||
         is_punct(t, 0x2013) || is_punct(t, 0x2014);
}

static int is_apostrophe(const token *t) {
  return is_punct(t, '\'') || is_punct(t, 0x2019);
}

/* Is the token glued to what follows it: a letter or a digit right after? */
static int glued_to_alphanumeric(const token *next) {
  return !next->spaced && (next->kind == TOKEN_WORD || next->kind == TOKEN_NUMBER);
}

/* The code point just before pos, or -1 at the start of the range. */
static int code_point_before(const scanner *sc, int pos) {
  if (pos <= sc->begin) return -1;
  int lead = pos - 1;
  while (lead > sc->begin && pos - lead < 4 && (sc->text[lead] & 0xC0) == 0x80) lead--;
  int cp;
  decode_code_point(sc->text + lead, pos - lead, &cp);
  return cp;
}

/* Is something that starts at pos stuck to the word or code before it?
** "P/2012", "DG.8/3", "Cab1", "(2012)0009" are parts of references.  A dot
** or hyphen only counts when it is itself glued to a letter or digit, so
** "Bruxelles.19 avril" still gives a date. */
static int glued_to_previous(const scanner *sc, int pos) {
  int cp = code_point_before(sc, pos);
  if (cp < 0) return 0;
  int kind = character_class(cp);
  if (kind == CHAR_LETTER || kind == CHAR_DIGIT) return 1;
  if (cp == '/' || cp == '\\' || cp == '_') return 1;
  if (cp == '.' || cp == '-') {
    int before = code_point_before(sc, pos - 1);
    return before >= 0 && (character_class(before) == CHAR_LETTER ||
                           character_class(before) == CHAR_DIGIT);
  }
  return 0;
}

/* ===========================================================================
** Word tables
*/

enum { LANG_FR = 1, LANG_EN = 2, LANG_BOTH = 3 };

typedef struct month_name {
  const char *folded;
  int month;
  int abbreviation;           /* may be followed by a glued "." that belongs to it */
  int languages;              /* English names may precede the day ("April 19") */
} month_name;

static const month_name month_names[] = {
  {"janvier", 1, 0, LANG_FR},   {"january", 1, 0, LANG_EN},   {"janv", 1, 1, LANG_FR},
  {"jan", 1, 1, LANG_BOTH},     {"fevrier", 2, 0, LANG_FR},   {"february", 2, 0, LANG_EN},
  {"fevr", 2, 1, LANG_FR},      {"fev", 2, 1, LANG_FR},       {"feb", 2, 1, LANG_EN},
  {"mars", 3, 0, LANG_FR},      {"march", 3, 0, LANG_EN},     {"mar", 3, 1, LANG_EN},
  {"avril", 4, 0, LANG_FR},     {"april", 4, 0, LANG_EN},     {"avr", 4, 1, LANG_FR},
  {"apr", 4, 1, LANG_EN},       {"mai", 5, 0, LANG_FR},       {"may", 5, 0, LANG_EN},
  {"juin", 6, 0, LANG_FR},      {"june", 6, 0, LANG_EN},      {"jun", 6, 1, LANG_EN},
  {"juillet", 7, 0, LANG_FR},   {"july", 7, 0, LANG_EN},      {"juil", 7, 1, LANG_FR},
  {"juill", 7, 1, LANG_FR},     {"jul", 7, 1, LANG_EN},       {"aout", 8, 0, LANG_FR},
  {"august", 8, 0, LANG_EN},    {"aug", 8, 1, LANG_EN},       {"septembre", 9, 0, LANG_FR},
  {"september", 9, 0, LANG_EN}, {"sept", 9, 1, LANG_BOTH},    {"sep", 9, 1, LANG_BOTH},
  {"octobre", 10, 0, LANG_FR},  {"october", 10, 0, LANG_EN},  {"oct", 10, 1, LANG_BOTH},
  {"novembre", 11, 0, LANG_FR}, {"november", 11, 0, LANG_EN}, {"nov", 11, 1, LANG_BOTH},
  {"decembre", 12, 0, LANG_FR}, {"december", 12, 0, LANG_EN}, {"dec", 12, 1, LANG_BOTH},
};

/* Day names that may precede a date ("le mardi 7 février", "Tuesday, April
** 19"). */
static const char *const weekday_names[] = {
  "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};

/* The short English forms of e-mail headers ("Mon, 5 Mar 2012").  They must
** be followed by "," or "." because some are words too ("mon 5 ...", "sun"). */
static const char *const weekday_abbreviations[] = {
  "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", NULL};

/* Glued after a day number: "1er", "1re", "1st", "2nd", "3rd", "4th". */
static const char *const day_suffixes[] = {"er", "re", "st", "nd", "rd", "th", NULL};

/* Glued after a century number: "18e", "18ème", "XVIIIe", "18th", "Ier". */
static const char *const century_suffixes[] = {
  "ieme", "eme", "em", "e", "er", "re", "th", "st", "nd", "rd", NULL};

static const char *const century_words[] = {"siecle", "siecles", "century", "centuries", NULL};

/* Words after which a bare four-digit number is a year.  "dès" must keep its
** accent: "des 2000 soldats" is a count (see year_cue_before). */
static const char *const year_cue_words[] = {
  "en", "depuis", "des", "annee", "an", "vers", "avant", "apres", "fin", "debut",
  "courant", "ici", "jusqu", "in", "since", "during", "until", "till", "by",
  "year", "early", "late", "before", "after", "around", "circa", NULL};

/* "mi-juin 2021", "mid-2012": the modifier changes the meaning, so it is part
** of the span. */
static const char *const mid_words[] = {"mi", "mid", NULL};

/* Words after which a number is a reference, not a date ("n° 2012-11",
** "résolution 1540", "page 2012"). */
static const char *const reference_words[] = {
  "n", "no", "nos", "numero", "num", "ref", "reference", "resolution", "resolutions",
  "loi", "decret", "dahir", "article", "art", "page", "pages", "p", "pp", "tel",
  "telephone", "fax", "code", "dossier", "circulaire", "number", "nr", NULL};

/* A number followed by one of these counts or measures something ("en 2012
** euros", "1500 soldats"). */
static const char *const unit_words[] = {
  "euros", "euro", "eur", "dollars", "dollar", "usd", "dirhams", "dirham", "dh", "dhs",
  "mad", "francs", "fcfa", "cfa", "livres", "pounds", "km", "kms", "kilometres",
  "kilometers", "m", "metres", "meters", "kg", "kilos", "tonnes", "tons", "t", "ha",
  "hectares", "habitants", "personnes", "people", "persons", "soldats", "soldiers",
  "troupes", "troops", "hommes", "men", "militaires", "policiers", "agents", "pays",
  "countries", "exemplaires", "copies", "fois", "times", "morts", "victimes", "deaths",
  "participants", "membres", "members", "cas", "cases", "pages", "mots", "words",
  "millions", "million", "milliards", "milliard", "billion", "billions", "voix", "votes",
  "migrants", "refugies", "eleves", "etudiants", "jours", "days", "heures", "hours",
  "minutes", "unites", "units", NULL};

/* Every word of the text goes through these lookups, several times; testing
** the first letter before calling strcmp makes them several times faster. */
static int same_word(const char *entry, const token *t) {
  return entry[0] == t->folded[0] && strcmp(entry, t->folded) == 0;
}

static int word_in(const char *const *list, const token *t) {
  if (t->kind != TOKEN_WORD || t->folded_length <= 0) return 0;
  for (int i = 0; list[i]; i++)
    if (same_word(list[i], t)) return 1;
  return 0;
}

static const month_name *find_month(const token *t) {
  if (t->kind != TOKEN_WORD || t->folded_length < 3 || t->folded_length > 9) return NULL;
  for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
    if (same_word(month_names[i].folded, t)) return &month_names[i];
  return NULL;
}

/* ===========================================================================
** Calendar
*/

static int is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days in a month; year 0 (unknown yet) allows 29 February. */
static int days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && (year == 0 || is_leap_year(year))) return 29;
  return days[month - 1];
}

static int day_exists(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

/* ===========================================================================
** Date terms: one date, possibly partial, as written
*/

/* What a parser found.  Absent parts are 0: a "day only" term is the "22"
** of "du 22 au 24 mai", a "month only" term the "janvier" of "de janvier à
** mars 2012". */
typedef struct date_term {
  int start, end;
  int year, month, day, century;
  int valid;                  /* 0: shaped like a date but impossible ("31 février") */
  int numeric_only;           /* only digits and separators: references look like this */
} date_term;

enum { TERM_ALLOW_DAY_ONLY = 1, TERM_ALLOW_MONTH_ONLY = 2, TERM_ALLOW_BARE_YEAR = 4 };

/* The finest part a term states, as an LT_DATE_* precision. */
static int term_precision(const date_term *term) {
  if (term->century) return LT_DATE_CENTURY;
  if (term->day) return LT_DATE_DAY;
  if (term->month) return LT_DATE_MONTH;
  return LT_DATE_YEAR;
}

static void term_init(date_term *term, int start) {
  memset(term, 0, sizeof *term);
  term->start = start;
  term->valid = 1;
}

/* Is the number token followed by a unit word or "%"? */
static int followed_by_unit(const scanner *sc, const token *number) {
  token next;
  read_next(sc, number, &next);
  return word_in(unit_words, &next) || is_punct(&next, '%');
}

/* A four-digit year in [min, max] at pos, not glued to letters or digits
** ("2012CRY") and not followed by a unit.  Sets *year and *end. */
static int parse_year(const scanner *sc, int pos, int min, int max, int *year, int *end) {
  token t, next;
  read_token(sc, pos, &t);
  if (t.kind != TOKEN_NUMBER || t.digits != 4 || t.value < min || t.value > max) return 0;
  read_next(sc, &t, &next);
  if (glued_to_alphanumeric(&next) || followed_by_unit(sc, &t)) return 0;
  *year = t.value;
  *end = t.end;
  return 1;
}

/* An optional "," then a year (with context), after a day-month or
** month-day.  Leaves term->end alone when there is no year. */
static void parse_trailing_year(const scanner *sc, date_term *term) {
  token t;
  int pos = term->end, year, end;
  read_token(sc, pos, &t);
  if (is_punct(&t, ',')) pos = t.end;
  read_token(sc, pos, &t);
  if (!t.spaced) return;
  if (parse_year(sc, pos, YEAR_MIN_WITH_CONTEXT, YEAR_MAX_WITH_CONTEXT, &year, &end)) {
    term->year = year;
    term->end = end;
  }
}

/* A day number ("7", "07", "1er", "3rd").  Up to 99 is taken, so that "32
** mars 2012" is recognised as an impossible date rather than leaving "mars
** 2012" behind.  A glued word other than an ordinal suffix ("14h30") means
** this is no day. */
static int parse_day_number(const scanner *sc, int pos, int *day, int *end) {
  token t, next;
  read_token(sc, pos, &t);
  if (t.kind != TOKEN_NUMBER || t.digits > 2 || t.value == 0) return 0;
  *end = t.end;
  read_next(sc, &t, &next);
  if (!next.spaced && next.kind == TOKEN_WORD) {
    if (!word_in(day_suffixes, &next)) return 0;
    *end = next.end;
  }
  *day = t.value;
  return 1;
}

/* A month name or abbreviation, with the abbreviation's dot. */
static const month_name *parse_month_word(const scanner *sc, int pos, int *end) {
  token t, dot;
  read_token(sc, pos, &t);
  const month_name *month = find_month(&t);
  if (!month) return NULL;
  *end = t.end;
  read_next(sc, &t, &dot);
  if (month->abbreviation && !dot.spaced && is_punct(&dot, '.')) *end = dot.end;
  return month;
}

/* "19 avril 2012", "1er mars", "19th of April 2012", and with
** TERM_ALLOW_DAY_ONLY the lone "22" that opens "22 au 24 mai". */
static int parse_day_first(const scanner *sc, int pos, int flags, date_term *term) {
  int day, day_end, month_end;
  token t;
  if (!parse_day_number(sc, pos, &day, &day_end)) return 0;
  term_init(term, pos);
  term->day = day;
  term->end = day_end;
  read_token(sc, day_end, &t);
  int month_pos = t.start;
  if (is_word(&t, "of")) month_pos = t.end;
  const month_name *month = parse_month_word(sc, month_pos, &month_end);
  if (!month || !t.spaced) {
    if (!(flags & TERM_ALLOW_DAY_ONLY)) return 0;
    term->valid = day <= 31;
    return 1;
  }
  term->month = month->month;
  term->end = month_end;
  parse_trailing_year(sc, term);
  term->valid = day_exists(term->year, term->month, day);
  return 1;
}

/* English "April 19, 2012", "Jan. 5, 2013", "April 19".  Without a year the
** month must be capitalised: "may 5" is more often a verb than a date. */
static int parse_month_first(const scanner *sc, int pos, date_term *term) {
  int day, day_end, month_end;
  token month_token, day_token;
  const month_name *month = parse_month_word(sc, pos, &month_end);
  if (!month || !(month->languages & LANG_EN)) return 0;
  read_token(sc, month_end, &day_token);
  if (!day_token.spaced || !parse_day_number(sc, day_token.start, &day, &day_end)) return 0;
  term_init(term, pos);
  term->month = month->month;
  term->day = day;
  term->end = day_end;
  parse_trailing_year(sc, term);
  read_token(sc, pos, &month_token);
  if (!term->year && !month_token.capitalized) return 0;
  term->valid = day_exists(term->year, term->month, day);
  return 1;
}

/* "mi-", "mid-" or "mid ": returns the position after the modifier, or pos
** when there is none. */
static int skip_mid_modifier(const scanner *sc, int pos) {
  token t, hyphen;
  read_token(sc, pos, &t);
  if (!word_in(mid_words, &t)) return pos;
  read_next(sc, &t, &hyphen);
  if (!hyphen.spaced && is_dash(&hyphen)) return hyphen.end;
  return t.end;
}

/* "avril 2012", "mi-juin 2021", "April of 2012", "mid-2012"; with
** TERM_ALLOW_MONTH_ONLY the lone "janvier" of "de janvier à mars 2012". */
static int parse_month_year(const scanner *sc, int pos, int flags, date_term *term) {
  int month_end, year, year_end;
  int after_modifier = skip_mid_modifier(sc, pos);
  term_init(term, pos);
  if (after_modifier != pos &&
      parse_year(sc, after_modifier, YEAR_MIN_WITH_CONTEXT, YEAR_MAX_WITH_CONTEXT, &year, &year_end)) {
    term->year = year;
    term->end = year_end;
    return 1;
  }
  const month_name *month = parse_month_word(sc, after_modifier, &month_end);
  if (!month) return 0;
  term->month = month->month;
  term->end = month_end;
  token t;
  read_token(sc, month_end, &t);
  int year_pos = is_word(&t, "of") ? t.end : month_end;
  read_token(sc, year_pos, &t);
  if (t.spaced &&
      parse_year(sc, year_pos, YEAR_MIN_WITH_CONTEXT, YEAR_MAX_WITH_CONTEXT, &year, &year_end)) {
    term->year = year;
    term->end = year_end;
    return 1;
  }
  return (flags & TERM_ALLOW_MONTH_ONLY) != 0;
}

/* "Dimanche 27 Décembre 2020", "Tuesday, April 19, 2012". */
static int parse_weekday_date(const scanner *sc, int pos, int flags, date_term *term) {
  token t, next;
  read_token(sc, pos, &t);
  int abbreviated = word_in(weekday_abbreviations, &t);
  if (!abbreviated && !word_in(weekday_names, &t)) return 0;
  read_next(sc, &t, &next);
  int punctuated = 0;
  if (!next.spaced && is_punct(&next, '.')) { read_next(sc, &next, &next); punctuated = 1; }
  if (is_punct(&next, ',')) { read_next(sc, &next, &next); punctuated = 1; }
  if (abbreviated && !punctuated) return 0;
  if (!parse_day_first(sc, next.start, flags, term) && !parse_month_first(sc, next.start, term))
    return 0;
  term->start = pos;
  return 1;
}

/* After a numeric date: nothing glued that would make it part of a longer
** code ("1/2/2012/3", "2012-11-387", "6/08/2014x"). */
static int numeric_date_ends_cleanly(const scanner *sc, const token *last) {
  token next, after;
  read_next(sc, last, &next);
  if (glued_to_alphanumeric(&next)) return 0;
  if (!next.spaced && (is_punct(&next, '/') || is_dash(&next) || is_punct(&next, '.'))) {
    read_next(sc, &next, &after);
    if (!after.spaced && after.kind == TOKEN_NUMBER) return 0;
  }
  return 1;
}

/* Reads count glued tokens alternating number, separator, number...: the
** skeleton of "6/08/2014" or "2012-04-19".  The separators must all be the
** same character.  Returns how many tokens were read (stops early). */
static int read_glued_numbers(const scanner *sc, int pos, token *tokens, int count) {
  int read = 0;
  for (; read < count; read++) {
    read_token(sc, read ? tokens[read - 1].end : pos, &tokens[read]);
    const token *t = &tokens[read];
    if (read && t->spaced) break;
    if (read % 2 == 0 && t->kind != TOKEN_NUMBER) break;
    if (read % 2 == 1) {
      if (t->kind != TOKEN_PUNCT || !(t->value == '/' || t->value == '.' || t->value == '-')) break;
      if (read > 1 && t->value != tokens[1].value) break;
    }
  }
  return read;
}

/* "6/08/2014", "21/10/2020", "19.04.2012", "19-04-2012": day first, or month
** first when only that reading is possible ("04/19/2012"). */
static int parse_numeric_date(const scanner *sc, int pos, date_term *term) {
  token parts[5];
  if (read_glued_numbers(sc, pos, parts, 5) < 5) return 0;
  if (parts[0].digits > 2 || parts[2].digits > 2 || parts[4].digits != 4) return 0;
  if (parts[4].value < YEAR_MIN_WITH_CONTEXT || parts[4].value > YEAR_MAX_WITH_CONTEXT) return 0;
  if (!numeric_date_ends_cleanly(sc, &parts[4])) return 0;
  int first = parts[0].value, second = parts[2].value, year = parts[4].value;
  term_init(term, pos);
  term->end = parts[4].end;
  term->numeric_only = 1;
  term->year = year;
  if (second > 12 && first <= 12) { term->month = first; term->day = second; }
  else { term->day = first; term->month = second; }
  term->valid = day_exists(year, term->month, term->day);
  return 1;
}

/* ISO "2012-04-19" and "2018-11" (also "2012-04-19T10:00", the date part).
** "2020-13" is not a month, so it is no match at all (not an invalid one):
** it may well be a code. */
static int parse_iso_date(const scanner *sc, int pos, date_term *term) {
  token parts[5];
  int count = read_glued_numbers(sc, pos, parts, 5);
  if (count < 3 || parts[1].value != '-' || parts[0].digits != 4 || parts[2].digits != 2) return 0;
  if (parts[0].value < YEAR_MIN_WITH_CONTEXT || parts[0].value > YEAR_MAX_WITH_CONTEXT) return 0;
  if (parts[2].value < 1 || parts[2].value > 12) return 0;
  term_init(term, pos);
  term->numeric_only = 1;
  term->year = parts[0].value;
  term->month = parts[2].value;
  term->end = parts[2].end;
  const token *last = &parts[2];
  if (count == 5) {
    if (parts[4].digits != 2) return 0;
    term->day = parts[4].value;
    term->end = parts[4].end;
    term->valid = day_exists(term->year, term->month, term->day);
    last = &parts[4];
    token next;              /* "2012-04-19T10:00": a timestamp, the date part is ours */
    read_next(sc, last, &next);
    if (!next.spaced && next.kind == TOKEN_WORD && next.folded_length == 1 && next.folded[0] == 't')
      return 1;
  } else if (count == 4) {
    return 0;               /* "2012-11-387" or "2012-11-" followed by text */
  }
  return numeric_date_ends_cleanly(sc, last);
}

/* A lone year, where the caller knows the context makes it one. */
static int parse_bare_year(const scanner *sc, int pos, int min, int max, date_term *term) {
  int year, end;
  if (!parse_year(sc, pos, min, max, &year, &end)) return 0;
  token t;
  read_token(sc, pos, &t);
  if (t.start != pos) return 0;
  term_init(term, pos);
  term->year = year;
  term->end = end;
  term->numeric_only = 1;
  return 1;
}

/* The century number written by a word like "XVIIIe", "XIX", "Ier": a Roman
** numeral in capitals (so "vie", "lie" are not centuries) and an optional
** suffix.  Returns 1..21, or 0.  Only canonical numerals count ("IIII" does
** not), hence a table rather than arithmetic. */
static int roman_century(const scanner *sc, const token *t) {
  static const char *const numerals[22] = {
    "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
    "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi"};
  if (t->kind != TOKEN_WORD || t->folded_length <= 0) return 0;
  unsigned char first = sc->text[t->start];
  if (first != 'I' && first != 'V' && first != 'X') return 0;   /* the common case, fast */
  int roman_length = 0;
  while (roman_length < t->folded_length &&
         (t->folded[roman_length] == 'i' || t->folded[roman_length] == 'v' ||
          t->folded[roman_length] == 'x') &&
         sc->text[t->start + roman_length] >= 'A' && sc->text[t->start + roman_length] <= 'Z')
    roman_length++;
  const char *suffix = t->folded + roman_length;
  if (*suffix) {
    int known = 0;
    for (int i = 0; century_suffixes[i] && !known; i++) known = strcmp(suffix, century_suffixes[i]) == 0;
    if (!known) return 0;
  }
  for (int value = 1; value <= 21; value++)
    if ((int)strlen(numerals[value]) == roman_length &&
        memcmp(numerals[value], t->folded, (size_t)roman_length) == 0)
      return value;
  return 0;
}

/* "18-ème siècle", "18e siècle", "XVIIIe siècle", "XIX siècle", "18th
** century".  An Arabic number needs its ordinal suffix: "18 siècles" counts
** centuries. */
static int parse_century(const scanner *sc, int pos, date_term *term) {
  token t, next;
  int century = 0, end;
  read_token(sc, pos, &t);
  read_next(sc, &t, &next);
  if (t.kind == TOKEN_NUMBER && t.digits <= 2 && t.value >= 1 && t.value <= 21) {
    if (!next.spaced && is_dash(&next)) read_next(sc, &next, &next);
    if (next.spaced || !word_in(century_suffixes, &next)) return 0;
    century = t.value;
    end = next.end;
  } else {
    century = roman_century(sc, &t);
    if (!century) return 0;
    end = t.end;
    if (!next.spaced && is_dash(&next)) {
      token suffix;
      read_next(sc, &next, &suffix);
      if (suffix.spaced || !word_in(century_suffixes, &suffix)) return 0;
      end = suffix.end;
    }
  }
  read_token(sc, end, &next);
  if (!next.spaced || !word_in(century_words, &next)) return 0;
  term_init(term, pos);
  term->century = century;
  term->end = next.end;
  return 1;
}

static int may_start_term(const scanner *sc, const token *t);

/* The longest date term at pos, of any shape the flags allow. */
static int parse_term(const scanner *sc, int pos, int flags, date_term *best) {
  date_term candidate;
  int found = 0;
  token first;
  read_token(sc, pos, &first);
  if (!may_start_term(sc, &first)) return 0;     /* most words: no parser needs to run */
#define CONSIDER(parsed) do { \
    if ((parsed) && (!found || candidate.end > best->end)) { *best = candidate; found = 1; } \
  } while (0)
  CONSIDER(parse_numeric_date(sc, pos, &candidate));
  CONSIDER(parse_iso_date(sc, pos, &candidate));
  CONSIDER(parse_weekday_date(sc, pos, flags, &candidate));
  CONSIDER(parse_day_first(sc, pos, flags, &candidate));
  CONSIDER(parse_month_first(sc, pos, &candidate));
  CONSIDER(parse_month_year(sc, pos, flags, &candidate));
  CONSIDER(parse_century(sc, pos, &candidate));
  if (flags & TERM_ALLOW_BARE_YEAR)
    CONSIDER(parse_bare_year(sc, pos, YEAR_MIN_WITH_CONTEXT, YEAR_MAX_WITH_CONTEXT, &candidate));
#undef CONSIDER
  return found;
}

/* ===========================================================================
** Matches: a single date or a range, with its year settled
*/

typedef struct date_match {
  int start, end;
  date_term first, last;      /* last == first for a single date */
  int is_range;
  int year_inferred;
  int valid;
} date_match;

/* Words that open a range, and the words that may then join its two ends. */
typedef struct range_opener {
  const char *folded;
  int elided;                 /* "d'" needs its apostrophe */
  const char *const *connectors;
} range_opener;

static const char *const connectors_au[] = {"au", NULL};
static const char *const connectors_a[] = {"a", "au", NULL};
static const char *const connectors_et[] = {"et", NULL};
static const char *const connectors_to[] = {"to", "until", "till", "through", NULL};
static const char *const connectors_and[] = {"and", NULL};
static const char *const connectors_none[] = {"au", NULL};   /* plus dashes */

static const range_opener range_openers[] = {
  {"du", 0, connectors_au},   {"de", 0, connectors_a},     {"d", 1, connectors_a},
  {"entre", 0, connectors_et}, {"les", 0, connectors_et},  {"from", 0, connectors_to},
  {"between", 0, connectors_and},
};

static const range_opener *find_range_opener(const token *t) {
  for (size_t i = 0; i < sizeof range_openers / sizeof range_openers[0]; i++)
    if (is_word(t, range_openers[i].folded)) return &range_openers[i];
  return NULL;
}

/* Fills the parts the first end of a range leaves out from the last end
** ("du 22 au 24 mai 2012": month and year of 22 come from 24 mai 2012), and
** checks the two ends say the same kind of thing.  Returns 0 if they don't. */
static int complete_range_ends(date_term *first, date_term *last) {
  if (term_precision(first) != term_precision(last) || first->century || last->century) return 0;
  if (first->day && !first->month) first->month = last->month;
  if (!first->year) {
    if (first->month && !last->month) return 0;
    first->year = last->year;
  } else if (!last->year) {
    last->year = first->year;
  }
  return 1;
}

/* Orders two complete terms; < 0 when a is earlier. */
static int compare_terms(const date_term *a, const date_term *b) {
  if (a->year != b->year) return a->year - b->year;
  if (a->month != b->month) return a->month - b->month;
  return a->day - b->day;
}

/* "du 22 au 24 mai 2012", "les 13 et 14 juin", "de janvier à mars 2012",
** "entre 2004 et 2010", "2020-2030", "22-24 mai 2012", "27 au 29 novembre".
** Without an opening word only "au" and dashes join the ends, a lone day
** must be glued to its dash ("22-24 mai", not "page 3 - 14 juin"), and two
** lone years need the narrow range of bare years. */
static int parse_range(const scanner *sc, int pos, date_match *match) {
  token t, connector;
  read_token(sc, pos, &t);
  const range_opener *opener = find_range_opener(&t);
  int first_pos = pos;
  if (opener) {
    read_next(sc, &t, &t);
    if (opener->elided) {
      if (t.spaced || !is_apostrophe(&t)) return 0;
      read_next(sc, &t, &t);
    } else if (is_punct(&t, ',')) {
      read_next(sc, &t, &t);            /* OCR: "du, 27 au 29 novembre" */
    }
    first_pos = t.start;
  }
  date_term first, last;
  int first_flags = TERM_ALLOW_DAY_ONLY | TERM_ALLOW_BARE_YEAR |
                    (opener ? TERM_ALLOW_MONTH_ONLY : 0);
  if (!parse_term(sc, first_pos, first_flags, &first)) return 0;
  read_token(sc, first.end, &connector);
  int joined_by_dash = is_dash(&connector);
  if (joined_by_dash ? opener != NULL
                     : !word_in(opener ? opener->connectors : connectors_none, &connector))
    return 0;
  if (first.day && !first.month && !opener && joined_by_dash && connector.spaced) return 0;
  read_next(sc, &connector, &t);
  if (first.day && !first.month && !opener && joined_by_dash && t.spaced) return 0;
  int last_flags = first.month || first.day ? 0 : TERM_ALLOW_BARE_YEAR;
  if (!parse_term(sc, t.start, last_flags, &last)) return 0;
  if (!first.month && !first.day && !first.century) {      /* two years */
    int lo = opener ? YEAR_MIN_WITH_CONTEXT : YEAR_MIN_BARE;
    int hi = opener ? YEAR_MAX_WITH_CONTEXT : YEAR_MAX_BARE;
    if (last.month || first.year < lo || first.year > hi || last.year < lo || last.year > hi)
      return 0;
  }
  if (!complete_range_ends(&first, &last)) return 0;
  memset(match, 0, sizeof *match);
  match->start = pos;
  match->end = last.end;
  match->first = first;
  match->last = last;
  match->is_range = 1;
  match->valid = first.valid && last.valid;
  match->first.numeric_only = first.numeric_only && last.numeric_only;
  return 1;
}

/* Gives a match without a year the reference year.  Returns 0 when there is
** none (the match is then dropped), or when the day does not exist in that
** year (29 February).  A range must also run forwards. */
static int settle_year(date_match *match, int reference_year) {
  if (!match->last.year && !match->last.century) {
    if (!reference_year) return 0;
    match->first.year = match->last.year = reference_year;
    match->year_inferred = 1;
    if (match->first.day && !day_exists(reference_year, match->first.month, match->first.day))
      match->valid = 0;
    if (match->last.day && !day_exists(reference_year, match->last.month, match->last.day))
      match->valid = 0;
  }
  if (match->is_range && match->valid && compare_terms(&match->first, &match->last) >= 0) return 0;
  return 1;
}

/* ===========================================================================
** Context before a candidate
*/

/* The last three tokens before the current one, nearest first. */
typedef struct lookbehind {
  token tokens[3];
  int count;
} lookbehind;

static void lookbehind_push(lookbehind *behind, const token *t) {
  behind->tokens[2] = behind->tokens[1];
  behind->tokens[1] = behind->tokens[0];
  behind->tokens[0] = *t;
  if (behind->count < 3) behind->count++;
}

/* A cue word just before: "en 2004", "depuis 2004", "dès 2004". */
static int year_cue_before(const lookbehind *behind) {
  if (behind->count < 1) return 0;
  const token *cue = &behind->tokens[0];
  if (!word_in(year_cue_words, cue)) return 0;
  return !is_word(cue, "des") || cue->accented;
}

/* A reference word just before, possibly followed by "°", "." or ":":
** "n° 2012-11", "n°. 143/4", "résolution 1540", "réf. : 2012-04". */
static int reference_word_before(const lookbehind *behind) {
  int i = 0, saw_number_sign = 0;
  while (i < behind->count && i < 2 && behind->tokens[i].kind == TOKEN_PUNCT) {
    int cp = behind->tokens[i].value;
    if (cp != '.' && cp != ':' && cp != 0xB0 && cp != 0xBA) return 0;
    if (cp == 0xB0 || cp == 0xBA) saw_number_sign = 1;
    i++;
  }
  if (i >= behind->count) return 0;
  const token *word = &behind->tokens[i];
  if (is_word(word, "n")) return saw_number_sign;
  return word_in(reference_words, word);
}

/* "(2004)" in free-standing parentheses: "résolution 1540 (2004)", but not
** "PPC-DS(2012)0009". */
static int parse_parenthesised_year(const scanner *sc, const token *t, const lookbehind *behind,
                                    date_match *match) {
  if (behind->count < 1 || !is_punct(&behind->tokens[0], '(') || !behind->tokens[0].spaced) return 0;
  if (t->spaced) return 0;
  token close, after;
  read_next(sc, t, &close);
  if (close.spaced || !is_punct(&close, ')')) return 0;
  read_next(sc, &close, &after);
  if (glued_to_alphanumeric(&after)) return 0;
  memset(match, 0, sizeof *match);
  if (!parse_bare_year(sc, t->start, YEAR_MIN_BARE, YEAR_MAX_BARE, &match->first)) return 0;
  match->last = match->first;
  match->start = t->start;
  match->end = match->first.end;
  match->valid = 1;
  return 1;
}

/* Could a date term start at this token?  A cheap filter before the
** parsers, which would all reject most words anyway. */
static int may_start_term(const scanner *sc, const token *t) {
  if (t->kind == TOKEN_NUMBER) return 1;
  if (t->kind != TOKEN_WORD) return 0;
  return find_month(t) || word_in(weekday_names, t) || word_in(weekday_abbreviations, t) ||
         word_in(mid_words, t) || roman_century(sc, t);
}

/* Could a date (a term, or a range opened by "du", "entre"...) start here? */
static int may_start_date(const scanner *sc, const token *t) {
  return may_start_term(sc, t) || (t->kind == TOKEN_WORD && find_range_opener(t));
}

/* The longest date at token t, range or single.  Returns 1 with *match set
** (match->valid 0 for an impossible date, which the caller skips silently),
** 0 when nothing starts here. */
static int match_at(const scanner *sc, const token *t, const lookbehind *behind,
                    int reference_year, int extra_flags, date_match *match) {
  date_match candidate;
  int found = 0;
  if (!may_start_date(sc, t)) return 0;
  int reference_before = reference_word_before(behind);
  int glued_before = glued_to_previous(sc, t->start);

  if (parse_range(sc, t->start, &candidate) && settle_year(&candidate, reference_year)) {
    *match = candidate;
    found = 1;
  }
  int flags = extra_flags | (year_cue_before(behind) ? TERM_ALLOW_BARE_YEAR : 0);
  memset(&candidate, 0, sizeof candidate);
  if (parse_term(sc, t->start, flags, &candidate.first)) {
    candidate.last = candidate.first;
    candidate.start = t->start;
    candidate.end = candidate.first.end;
    candidate.valid = candidate.first.valid;
    if (settle_year(&candidate, reference_year) && (!found || candidate.end > match->end)) {
      *match = candidate;
      found = 1;
    }
  }
  if (!found && parse_parenthesised_year(sc, t, behind, &candidate)) {
    *match = candidate;
    found = 1;
  }
  /* Digits after "n°" or glued to a code are a reference, whatever their
  ** shape; a month name ("du 08 février 2012" after "n° 12 ") still reads
  ** as a date unless it is glued too ("P12 mars"). */
  if (found && match->first.numeric_only && (reference_before || glued_before)) return 0;
  if (found && glued_before && t->kind == TOKEN_NUMBER) return 0;
  return found;
}

/* ===========================================================================
** Output
*/

static void format_term(const date_term *term, int precision, char out[11]) {
  int year = term->century ? (term->century - 1) * 100 + 1 : term->year;
  if (precision == LT_DATE_DAY)
    snprintf(out, 11, "%04d-%02d-%02d", year, term->month, term->day);
  else if (precision == LT_DATE_MONTH)
    snprintf(out, 11, "%04d-%02d", year, term->month);
  else
    snprintf(out, 11, "%04d", year);
}

static void match_to_date(const date_match *match, lt_date *date) {
  memset(date, 0, sizeof *date);
  date->start = match->start;
  date->end = match->end;
  date->precision = term_precision(&match->first);
  date->year_inferred = match->year_inferred;
  format_term(&match->first, date->precision, date->value);
  if (match->first.century)
    snprintf(date->end_value, sizeof date->end_value, "%04d", match->first.century * 100);
  else if (match->is_range)
    format_term(&match->last, date->precision, date->end_value);
}

/* The year of "YYYY[-MM[-DD]]", or 0. */
static int reference_year_of(const char *reference_date) {
  if (!reference_date) return 0;
  int year = 0;
  for (int i = 0; i < 4; i++) {
    if (reference_date[i] < '0' || reference_date[i] > '9') return 0;
    year = year * 10 + (reference_date[i] - '0');
  }
  return year;
}

typedef struct date_list {
  lt_date *items;
  size_t count, capacity;
} date_list;

static int date_list_push(date_list *list, const lt_date *date) {
  if (lt_grow((void **)&list->items, &list->capacity, list->count + 1, sizeof *list->items, 16) != 0)
    return -1;
  list->items[list->count++] = *date;
  return 0;
}

int lt_dates_extract(const char *text, size_t n, const char *reference_date,
                     lt_date **out, size_t *count) {
  if (out) *out = NULL;
  if (count) *count = 0;
  if (!out || !count || (!text && n) || n > INT_MAX) return -1;
  scanner sc = {(const unsigned char *)text, 0, (int)n};
  int reference_year = reference_year_of(reference_date);
  date_list list = {NULL, 0, 0};
  lookbehind behind = {.count = 0};
  token t;
  int pos = 0;
  for (;;) {
    read_token(&sc, pos, &t);
    if (t.kind == TOKEN_END) break;
    date_match match;
    if (match_at(&sc, &t, &behind, reference_year, 0, &match)) {
      lt_date date;
      match_to_date(&match, &date);
      if (match.valid && date_list_push(&list, &date) != 0) {
        free(list.items);
        return -1;
      }
      pos = match.end;
      behind.count = 0;
      continue;
    }
    lookbehind_push(&behind, &t);
    pos = t.end;
  }
  *out = list.items;
  *count = list.count;
  if (!list.count) { free(list.items); *out = NULL; }
  return 0;
}

/* ===========================================================================
** Document date
*/

/* Lines that announce a list of other articles, in folded words. */
static const char *const furniture_markers[] = {
  "autres articles", "a lire aussi", "lire aussi", "a lire egalement", "lire egalement",
  "voir aussi", "sur le meme sujet", "dans la meme rubrique", "articles similaires",
  "articles lies", "les plus lus", "les plus lues", "derniers articles", "related",
  "related articles", "related stories", "read more", "read also", "see also",
  "more stories", "most read", "you may also like", "recommended", NULL};

/* Words that introduce a publication date, in folded words. */
static const char *const publication_cues[] = {
  "publie", "publiee", "mis a jour", "mise a jour", "derniere mise a jour",
  "date de publication", "publication", "published", "updated", "posted", "last updated", NULL};

/* Matches the folded words of phrase against the word tokens from pos
** (punctuation such as apostrophes between words is skipped).  Returns the
** position after the phrase, or -1. */
static int match_phrase(const scanner *sc, int pos, const char *phrase) {
  token t;
  while (*phrase) {
    size_t length = strcspn(phrase, " ");
    read_token(sc, pos, &t);
    while (t.kind == TOKEN_PUNCT && is_apostrophe(&t)) read_next(sc, &t, &t);
    if (t.kind != TOKEN_WORD || (size_t)t.folded_length != length ||
        strncmp(t.folded, phrase, length) != 0)
      return -1;
    pos = t.end;
    phrase += length;
    while (*phrase == ' ') phrase++;
  }
  return pos;
}

/* Is the rest of the line, from pos, only punctuation, or a time ("- 10:48",
** "à 14h30")?  Then what came before stood alone on its line. */
static int rest_is_blank_or_time(const scanner *sc, int pos) {
  token t;
  for (read_token(sc, pos, &t); t.kind != TOKEN_END; read_next(sc, &t, &t)) {
    if (t.kind == TOKEN_PUNCT) continue;
    if (t.kind == TOKEN_NUMBER && t.digits <= 2) continue;
    if (is_word(&t, "h") || is_word(&t, "a") || is_word(&t, "at")) continue;
    return 0;
  }
  return 1;
}

/* A date with an explicit year at pos (no reference year: a document's date
** must be stated).  flags may allow a bare year. */
static int date_at(const scanner *sc, int pos, int flags, date_match *match) {
  token t;
  lookbehind none = {.count = 0};
  read_token(sc, pos, &t);
  return t.kind != TOKEN_END && match_at(sc, &t, &none, 0, flags, match) && match->valid;
}

/* Skips an optional article or preposition before a date: "le", "the", "on". */
static int skip_date_article(const scanner *sc, int pos) {
  token t;
  read_token(sc, pos, &t);
  return is_word(&t, "le") || is_word(&t, "the") || is_word(&t, "on") ? t.end : pos;
}

/* " date 2022-06 Après le sommet": the word "date" opening the line. */
static int line_date_header(const scanner *sc, date_match *match) {
  token t;
  read_token(sc, sc->begin, &t);
  if (!is_word(&t, "date")) return 0;
  read_next(sc, &t, &t);
  if (is_punct(&t, ':') || is_dash(&t)) read_next(sc, &t, &t);
  return date_at(sc, t.start, TERM_ALLOW_BARE_YEAR, match);
}

/* A line holding only a date ("19 avril 2012", "Dimanche 27 Décembre
** 2020", "le 3 mars 2015."), possibly followed by a time. */
static int line_only_date(const scanner *sc, date_match *match) {
  int pos = skip_date_article(sc, sc->begin);
  return date_at(sc, pos, 0, match) && match->first.month &&
         rest_is_blank_or_time(sc, match->end);
}

/* "BRUXELLES, LE 14 AOUT 2014", "Rabat, le 3 mars 2015": one to four words
** of a place, the first capitalised, a comma, then a day-precise date
** ending the line. */
static int line_dateline(const scanner *sc, date_match *match) {
  token t;
  int words = 0;
  read_token(sc, sc->begin, &t);
  if (t.kind != TOKEN_WORD || !t.capitalized) return 0;
  while (t.kind == TOKEN_WORD || (words && !t.spaced && (is_dash(&t) || is_apostrophe(&t)))) {
    if (t.kind == TOKEN_WORD && ++words > 4) return 0;
    read_next(sc, &t, &t);
  }
  if (!is_punct(&t, ',')) return 0;
  int pos = skip_date_article(sc, t.end);
  return date_at(sc, pos, 0, match) && match->first.day && !match->is_range &&
         rest_is_blank_or_time(sc, match->end);
}

/* "Publié le 12/03/2021", "Mis à jour le ...", "Published: April 19, 2012". */
static int line_publication(const scanner *sc, date_match *match) {
  token t;
  if (sc->end - sc->begin > PUBLICATION_LINE_MAX_BYTES) return 0;   /* running text, not a date line */
  for (read_token(sc, sc->begin, &t); t.kind != TOKEN_END; read_next(sc, &t, &t)) {
    if (t.kind != TOKEN_WORD) continue;
    for (int i = 0; publication_cues[i]; i++) {
      int pos = match_phrase(sc, t.start, publication_cues[i]);
      if (pos < 0) continue;
      token next;
      read_token(sc, pos, &next);
      while (is_punct(&next, ':') || is_punct(&next, ',') || is_word(&next, "le") ||
             is_word(&next, "on"))
        read_next(sc, &next, &next);
      if (date_at(sc, next.start, 0, match) && match->first.month) return 1;
    }
  }
  return 0;
}

static int line_is_furniture_marker(const scanner *sc) {
  for (int i = 0; furniture_markers[i]; i++) {
    int pos = match_phrase(sc, sc->begin, furniture_markers[i]);
    if (pos >= 0 && rest_is_blank_or_time(sc, pos)) return 1;
  }
  return 0;
}

/* A long line of running text, not a teaser cut off with "..." or "…". */
static int line_is_prose(const scanner *sc) {
  int length = sc->end - sc->begin;
  if (length < PROSE_LINE_BYTES) return 0;
  const unsigned char *last = sc->text + sc->end;
  if (last[-1] == '.' && last[-2] == '.' && last[-3] == '.') return 0;
  if (last[-3] == 0xE2 && last[-2] == 0x80 && last[-1] == 0xA6) return 0;
  return 1;
}

/* Priority tiers of lt_document_date, best first. */
enum { TIER_TOP = 0, TIER_LINE_RULE = 1, TIER_DATE_LINE = 2, TIER_COUNT = 3 };

typedef struct document_candidate {
  int found;
  date_match match;
  const char *source;
} document_candidate;

static void keep_first(document_candidate *candidate, const date_match *match, const char *source) {
  if (candidate->found) return;
  candidate->found = 1;
  candidate->match = *match;
  candidate->source = source;
}

/* Examines one line (scanner limited to it, trimmed) for every rule. */
static void examine_line(const scanner *line, int is_top, document_candidate tiers[TIER_COUNT]) {
  date_match match;
  if (is_top && line_date_header(line, &match)) keep_first(&tiers[TIER_TOP], &match, "date header");
  if (line_dateline(line, &match))
    keep_first(&tiers[is_top ? TIER_TOP : TIER_LINE_RULE], &match, "dateline");
  if (is_top && line_only_date(line, &match)) keep_first(&tiers[TIER_TOP], &match, "letter date");
  if (line_publication(line, &match))
    keep_first(&tiers[is_top ? TIER_TOP : TIER_LINE_RULE], &match, "publication line");
  if (!is_top && line_only_date(line, &match)) keep_first(&tiers[TIER_DATE_LINE], &match, "date line");
}

/* The line starting at pos, trimmed of spaces at both ends; returns the
** position after its newline. */
static int next_line(const scanner *text, int pos, scanner *line) {
  int end = pos;
  while (end < text->end && text->text[end] != '\n') end++;
  int next = end < text->end ? end + 1 : end;
  while (pos < end && (text->text[pos] == ' ' || text->text[pos] == '\t' || text->text[pos] == '\r'))
    pos++;
  while (end > pos && (text->text[end - 1] == ' ' || text->text[end - 1] == '\t' ||
                       text->text[end - 1] == '\r'))
    end--;
  line->text = text->text;
  line->begin = pos;
  line->end = end;
  return next;
}

int lt_document_date(const char *text, size_t n, lt_date *out, const char **source) {
  if (source) *source = NULL;
  if (out) memset(out, 0, sizeof *out);
  if (!out || (!text && n) || n > INT_MAX) return -1;
  scanner whole = {(const unsigned char *)text, 0, (int)n};
  document_candidate tiers[TIER_COUNT];
  memset(tiers, 0, sizeof tiers);
  int non_empty_lines = 0, in_furniture = 0;
  for (int pos = 0; pos < whole.end && !tiers[TIER_TOP].found;) {
    scanner line;
    int line_start = pos;
    pos = next_line(&whole, pos, &line);
    if (line.begin == line.end) continue;
    non_empty_lines++;
    if (line_is_furniture_marker(&line)) { in_furniture = 1; continue; }
    if (in_furniture && line_is_prose(&line)) in_furniture = 0;
    if (in_furniture) continue;
    int is_top = non_empty_lines <= TOP_LINES && line_start < TOP_BYTES;
    examine_line(&line, is_top, tiers);
  }
  for (int tier = 0; tier < TIER_COUNT; tier++) {
    if (!tiers[tier].found) continue;
    match_to_date(&tiers[tier].match, out);
    if (source) *source = tiers[tier].source;
    return 0;
  }
  return -1;
}

/* ------------------------------------------------------------------------ */
/* Date keys, for storing dates of any precision in one sortable column      */
/* ------------------------------------------------------------------------ */

static int parse_date_digits(const char *s, int count, int *value) {
  *value = 0;
  for (int i = 0; i < count; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    *value = *value * 10 + (s[i] - '0');
  }
  return 1;
}

int lt_date_valid(const char *s) {
  int year, month, day;
  if (!s) return 0;
  size_t n = strlen(s);
  if (n != 4 && n != 7 && n != 10) return 0;
  if (!parse_date_digits(s, 4, &year) || year == 0) return 0;
  if (n == 4) return 1;
  if (s[4] != '-' || !parse_date_digits(s + 5, 2, &month) || month < 1 || month > 12) return 0;
  if (n == 7) return 1;
  return s[7] == '-' && parse_date_digits(s + 8, 2, &day) && day_exists(year, month, day);
}

int lt_date_precision_of_value(const char *value) {
  if (!lt_date_valid(value)) return 0;
  size_t n = strlen(value);
  return n == 4 ? LT_DATE_YEAR : n == 7 ? LT_DATE_MONTH : LT_DATE_DAY;
}

int lt_date_key(const char *value, int is_end, char key[LT_DATE_KEY_SIZE]) {
  int precision = lt_date_precision_of_value(value);
  key[0] = 0;
  if (!precision) return -1;
  const char *pad = is_end ? "-99-99" : "-00-00";
  size_t n = strlen(value);
  memcpy(key, value, n);
  memcpy(key + n, pad, 10 - n);
  key[10] = 0;
  return 0;
}

const char *lt_date_precision_name(int precision) {
  switch (precision) {
    case LT_DATE_DAY: return "day";
    case LT_DATE_MONTH: return "month";
    case LT_DATE_YEAR: return "year";
    case LT_DATE_CENTURY: return "century";
    default: return NULL;
  }
}

int lt_date_of_document(const char *text, size_t n, const char *metadata_date,
                        lt_date *out, const char **source) {
  if (metadata_date && lt_date_valid(metadata_date)) {
    memset(out, 0, sizeof *out);
    out->start = out->end = -1;
    snprintf(out->value, sizeof out->value, "%s", metadata_date);
    out->precision = lt_date_precision_of_value(metadata_date);
    if (source) *source = "metadata";
    return 0;
  }
  return lt_document_date(text, n, out, source);
}
