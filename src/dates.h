/*
** dates.h — finding dates in document text, and the date of a document.
**
** Leaked letters, cables and press articles say when things happened in
** many ways: "19 avril 2012", "BRUXELLES, LE 14 AOUT 2014", "6/08/2014",
** "du 22 au 24 mai 2012", "April 19, 2012", "en 2004", "XVIIIe siècle".
** The explorer needs them as normalised values it can sort and filter on,
** with the exact place in the text they came from.  This module finds them
** (lt_dates_extract) and decides which one, if any, is the document's own
** date (lt_document_date).
**
** Scope and conventions, decided once here so callers need not guess:
**
**   - Input is valid UTF-8 (the core repairs it first).  Offsets are UTF-8
**     byte offsets into that text.  The text need not be NUL-ended.
**   - French and English.  Case and the accents of French month names are
**     ignored ("AOUT", "août", "Aout"); abbreviations ("févr.", "sept.",
**     "Jan.") are understood.
**   - Numeric dates are read day first ("6/08/2014" is 6 August), unless
**     only the month-first reading is possible ("04/19/2012").  Numeric
**     dates need a four-digit year: "21/10/20" and "14/06" are too often
**     something else (scores, fractions, reference numbers).
**   - A bare four-digit year is a date only when something says so: a cue
**     word just before it ("en", "depuis", "dès", "année", "in", "since",
**     "by", "until", "fin", "début", "vers", "d'ici"...), a range ("de 2004
**     à 2010", "entre 2004 et 2010", "2020-2030"), or free-standing
**     parentheses ("résolution 1540 (2004)": the parenthesised year is the
**     year the resolution was adopted, so it is reported as the year 2004;
**     the resolution number 1540 is never a date).  A year followed by a unit
**     ("en 2012 euros", "2000 soldats") is not a year.
**   - Numbers that belong to references are not dates: anything glued to
**     letters, slashes or codes ("143/4 P/2012/CRY", "PPC-DS(2012)0009",
**     "DG.8/3"), and purely numeric forms right after "n°", "réf.",
**     "résolution", "loi", "article", "page", "tél."...
**   - Impossible dates ("31 février 2012", "32/13/2012") are dropped whole:
**     no part of them ("février 2012") is reported either.
**   - A day and month without a year ("le 1er janvier", "les 13 et 14 juin")
**     take the year of the reference date and are flagged year_inferred; with
**     no reference date they are not reported.
**   - Spans cover the date itself, not the preposition or article in front
**     ("en 2004" -> "2004", "le mardi 7 février 2012" -> "mardi 7 février
**     2012"), except "mi-" which changes the meaning ("mi-juin 2021").  A
**     range's span starts at the word that opens it ("du 22 au 24 mai 2012",
**     "les 13 et 14 juin", "entre 2004 et 2010").
**   - Centuries (precision LT_DATE_CENTURY) run from year 01 to year 00 of
**     the next hundred, the strict reading: "XVIIIe siècle" is value "1701",
**     end_value "1800".
**
** Nothing here allocates except lt_dates_extract's result array, which the
** caller frees with free().  No global state; safe to call from anywhere.
** Running time is linear in the length of the text.
*/
#ifndef LT_DATES_H
#define LT_DATES_H

#include <stddef.h>

/* How precise a date is: which parts of value are meaningful. */
enum {
  LT_DATE_DAY = 1,      /* value "YYYY-MM-DD" */
  LT_DATE_MONTH = 2,    /* value "YYYY-MM" */
  LT_DATE_YEAR = 3,     /* value "YYYY" */
  LT_DATE_CENTURY = 4   /* value "YYYY" (first year), end_value its last */
};

/* One date expression found in a text. */
typedef struct lt_date {
  int start, end;        /* UTF-8 byte offsets of the expression: [start, end) */
  char value[11];        /* "YYYY", "YYYY-MM" or "YYYY-MM-DD", NUL-ended */
  char end_value[11];    /* for a range or a century, its last date (same
                         ** precision as value); "" otherwise */
  int precision;         /* LT_DATE_DAY, _MONTH, _YEAR or _CENTURY */
  int year_inferred;     /* 1 if the year came from the reference date */
} lt_date;

/*
** Finds every date expression in the n bytes of UTF-8 at text, in text
** order, never overlapping.  reference_date ("YYYY", "YYYY-MM" or
** "YYYY-MM-DD", or NULL) supplies the year of expressions that have none;
** only its year is used, and a string that does not start with four digits
** counts as NULL.
**
** On success returns 0, sets *out to a malloc'd array of *count dates that
** the caller frees with free(), or to NULL when *count is 0.  Returns -1 if
** an argument is NULL (text may be NULL when n is 0), if n exceeds INT_MAX,
** or if memory runs out; *out is then NULL and *count 0.
*/
int lt_dates_extract(const char *text, size_t n, const char *reference_date,
                     lt_date **out, size_t *count);

/*
** Decides the date of a document from its text, the way a reader would:
**
**   1. near the top (the first 15 non-empty lines that start within the
**      first 1500 bytes): a "date" header (" date 2022-06 Après le
**      sommet..."), a dateline ("BRUXELLES, LE 14 AOUT 2014", "Rabat, le 3
**      mars 2015"), a letter date alone on its line ("19 avril 2012"), or a
**      publication line ("Publié le 12/03/2021", "Mis à jour le ...");
**      the first one wins;
**   2. otherwise anywhere: the first dateline or publication line;
**   3. otherwise anywhere: the first line that holds nothing but a date
**      (an article's byline, e.g. "Dimanche 27 Décembre 2020"), optionally
**      followed by a time.
**
** Lines that belong to page furniture are never used: after a line such as
** "AUTRES ARTICLES", "À lire aussi", "Lire aussi", "Dans la même rubrique",
** "Related", "Read more", everything is a list of other articles until a
** line of running prose (300 bytes or more, not cut off with "...") shows
** that the document's own text has resumed.  Dates with no explicit year
** are never used.
**
** Returns 0 and fills *out (start/end locate the date expression in text)
** and *source (if not NULL) with a static string naming the rule that
** matched: "date header", "dateline", "letter date", "publication line" or
** "date line".  Returns -1 when no rule matches or an argument is NULL;
** *out is then zeroed and *source set to NULL.
*/
int lt_document_date(const char *text, size_t n, lt_date *out, const char **source);


/*
** The date of a document, as the index records it: `metadata_date` (from
** corpus.json) when it is a valid date, otherwise what lt_document_date()
** finds in the text.  Returns 0 and fills *out (for a metadata date,
** start = end = -1 and precision from its length) and *source ("metadata"
** or the rule's name); returns -1 when the document stays undated.
*/
int lt_date_of_document(const char *text, size_t n, const char *metadata_date,
                        lt_date *out, const char **source);

/*
** Writes into key (11 bytes) the sortable key of a date value "YYYY",
** "YYYY-MM" or "YYYY-MM-DD": padded with "-00" as the start of the period
** it names (is_end = 0), or with "-99" as its end (is_end = 1), so that
** "2018-11-00" <= every day of November 2018 <= "2018-11-99" in plain string
** order.  A value that is not such a date gives "" (and returns -1).
*/
#define LT_DATE_KEY_SIZE 11
int lt_date_key(const char *value, int is_end, char key[LT_DATE_KEY_SIZE]);

/* Returns 1 if s is a real calendar date in the form YYYY, YYYY-MM or
** YYYY-MM-DD (year 0001 to 9999; 29 February only in leap years). */
int lt_date_valid(const char *s);

/* Returns "day", "month", "year" or "century" for an LT_DATE_* precision;
** and for a date value, its LT_DATE_* precision (0 if not lt_date_valid). */
const char *lt_date_precision_name(int precision);
int lt_date_precision_of_value(const char *value);

#endif
