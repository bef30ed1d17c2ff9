/*
** query.h — turning what a reader types into a safe FTS5 query.
**
** Readers type Google-like queries; FTS5 has its own syntax whose errors we
** must never show.  The parser reads the reader's text with forgiving rules
** and writes an FTS5 expression in which every word is a quoted string, so no
** input can make FTS5 fail:
**   word           all words must match (AND)
**   "a phrase"     exact sequence; an unclosed quote runs to the end
**   word*          prefix
**   -word, -"..."  excluded
**   a OR b         either (OR binds tighter than the implicit AND)
** A typed word that the tokenizer splits (`États-Unis`, `143/4`,
** `PPC-DS(2012)0009`) becomes a phrase.  Words that hold no letter or digit
** are ignored.  Input is read up to LT_QUERY_MAX_BYTES and LT_QUERY_MAX_TERMS
** terms, so the time spent is bounded whatever the input.
**
** What else the reader types is not syntax: parentheses, colons, carets,
** NEAR, AND, NOT stay inside words, where the tokenizer reads them as
** separators (`title:foo` is the phrase "title foo").  Only the exact
** uppercase word OR is a keyword; a leading, trailing or doubled OR is
** dropped.  Quotes are " ", « » and “ ” (a quote inside a word ends the word
** and opens a phrase); a minus sign may also be − or –; a leading + is
** ignored.  White space is Unicode white space and every control
** character (NUL included).
**
** Output format (exact, so that tests and the CLI can rely on it):
**   item   "t1 t2 t3"      the item's folded tokens (lt_tokenize, no stems)
**                          separated by single spaces; `"t1 t2" *` for a
**                          prefix.  An item without tokens vanishes.
**   group  item OR item    items joined with " OR ", in parentheses when
**                          there are several: ("otan" OR "nato")
**   match  group AND group groups joined with " AND ".  The AND is explicit
**                          because FTS5 refuses an implicit AND next to a
**                          parenthesis: ("a" OR "b") "c" is a syntax error.
**   exclude item OR item   the excluded items joined with " OR ", no
**                          parentheses.
** `otan OR nato maroc -usa` gives match ("otan" OR "nato") AND "maroc" and
** exclude "usa"; as you type, `secu` gives "secu" *.
*/
#ifndef LT_QUERY_H
#define LT_QUERY_H

#include "tokenizer.h"

#define LT_QUERY_MAX_BYTES 4096
#define LT_QUERY_MAX_TERMS 32

typedef struct lt_query {
  /* FTS5 expression that matching documents satisfy, or NULL when the query
  ** has no positive term (empty query, or exclusions only). */
  char *match;
  /* FTS5 expression of the excluded terms (OR'ed), or NULL if none.  A
  ** document matching it is left out. */
  char *exclude;
} lt_query;

/*
** Parses `text` (n bytes, any bytes; NULL with n = 0 is allowed).
** as_you_type: 1 makes the last item a prefix when it is a bare word that is
** not excluded and the text does not end with white space.  Fills *out;
** returns 0, or -1 when memory ran out (then *out holds nothing to free).
** Free with lt_query_free().
*/
int lt_query_parse(lt_tokenizer *tokenizer, const char *text, size_t n,
                   int as_you_type, lt_query *out);

/* Frees what lt_query_parse() put in *q.  Safe to call twice. */
void lt_query_free(lt_query *q);

/*
** Where the string whose opening quote is at `open`, in an expression of
** the format above, ends: at its closing quote (a doubled quote inside is
** part of the string), or at the expression's NUL if it is never closed.
** The one reading of that format's strings: every walker of an expression
** (expand.c, rank.c, lt_query_count_strings) skips strings with it.
*/
const char *lt_query_string_end(const char *open);

/*
** The number of strings in an expression of the format above (a quote
** inside a string doubled), which is the number of phrases FTS5 reads in
** it, in the order they are written.  With only_and (else NULL), sets
** *only_and to 1 when nothing but AND, parentheses and prefix stars joins
** them (no OR, NOT or NEAR), else 0.  NULL counts 0.
*/
int lt_query_count_strings(const char *expression, int *only_and);

#endif
