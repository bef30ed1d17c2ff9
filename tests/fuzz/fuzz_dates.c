/*
** fuzz_dates.c — libFuzzer target for the date extractor (dates.h):
** lt_dates_extract(), lt_document_date(), lt_date_of_document() and the
** small value helpers.
**
** Input: the first byte picks the reference date (none, a year, a month, a
** day, a 29 February, or garbage); the rest is the text, repaired to valid
** UTF-8 as the core does before it reads a document.  Checks:
**   - every date's [start, end) is a non-empty span of the text on UTF-8
**     boundaries; dates come in text order and never overlap;
**   - value is a real calendar date (lt_date_valid: YYYY, YYYY-MM or
**     YYYY-MM-DD, 29 February only in leap years) whose form agrees with
**     the precision (a century's value is a year); end_value is "" or a
**     valid date of the same precision, not before value;
**   - year_inferred only with a usable reference date, and then the value's
**     year is the reference's;
**   - lt_document_date() and lt_date_of_document() give a valid value, a
**     span inside the text (or -1/-1 for metadata), a known rule name, and
**     agree with each other; a valid metadata date always wins;
**   - lt_date_key() of every value is 10 bytes and orders start <= end.
*/
#include "fuzz_common.h"
#include "dates.h"

static const char *const REFERENCES[] = {
  NULL, "2012", "2014-08", "2014-08-06", "2016-02-29", "1900-02", "0001", "9999-12-31",
  "20x4", "", "2012-13-45",
};
enum { REFERENCE_COUNT = sizeof REFERENCES / sizeof REFERENCES[0] };

static const char *const RULES[] = {
  "date header", "dateline", "letter date", "publication line", "date line",
};

static int known_rule(const char *rule) {
  for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
    if (rule && strcmp(rule, RULES[i]) == 0) return 1;
  return 0;
}

static int reference_year_usable(const char *reference) {
  if (!reference) return 0;
  for (int i = 0; i < 4; i++)
    if (reference[i] < '0' || reference[i] > '9') return 0;
  return 1;
}

static void check_value(const lt_date *d, const char *what) {
  FUZZ_CHECK(lt_date_valid(d->value), "%s: value \"%s\" is not a date", what, d->value);
  int form = lt_date_precision_of_value(d->value);
  if (d->precision == LT_DATE_CENTURY)
    FUZZ_CHECK(form == LT_DATE_YEAR, "%s: century value \"%s\"", what, d->value);
  else
    FUZZ_CHECK(form == d->precision, "%s: value \"%s\" with precision %d", what, d->value,
               d->precision);
  if (d->end_value[0]) {
    FUZZ_CHECK(lt_date_valid(d->end_value) && lt_date_precision_of_value(d->end_value) == form,
               "%s: end_value \"%s\" for value \"%s\"", what, d->end_value, d->value);
    FUZZ_CHECK(strcmp(d->value, d->end_value) <= 0, "%s: range %s .. %s runs backwards", what,
               d->value, d->end_value);
  }
  FUZZ_CHECK(lt_date_precision_name(d->precision) != NULL, "%s: precision %d", what, d->precision);

  char start_key[LT_DATE_KEY_SIZE], end_key[LT_DATE_KEY_SIZE];
  FUZZ_CHECK(lt_date_key(d->value, 0, start_key) == 0 && lt_date_key(d->value, 1, end_key) == 0,
             "%s: no key for \"%s\"", what, d->value);
  FUZZ_CHECK(strlen(start_key) == 10 && strlen(end_key) == 10 && strcmp(start_key, end_key) <= 0,
             "%s: keys %s %s", what, start_key, end_key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *reference = REFERENCES[data[0] % REFERENCE_COUNT];
  size_t n;
  char *text = fuzz_repaired(data + 1, size - 1, &n);

  lt_date *dates = NULL;
  size_t count = 0;
  FUZZ_CHECK(lt_dates_extract(text, n, reference, &dates, &count) == 0, "extract failed");
  FUZZ_CHECK((count == 0) == (dates == NULL), "%zu dates at %p", count, (void *)dates);
  long last_end = 0;
  for (size_t i = 0; i < count; i++) {
    const lt_date *d = &dates[i];
    FUZZ_CHECK(fuzz_valid_span(text, n, d->start, d->end), "date %zu [%d, %d) of %zu bytes", i,
               d->start, d->end, n);
    FUZZ_CHECK(d->start >= last_end, "date %zu [%d, %d) overlaps the one ending at %ld", i,
               d->start, d->end, last_end);
    last_end = d->end;
    check_value(d, "extract");
    if (d->year_inferred) {
      FUZZ_CHECK(reference_year_usable(reference), "year inferred without a reference");
      FUZZ_CHECK(memcmp(d->value, reference, 4) == 0, "inferred year of %s is not %.4s's",
                 d->value, reference);
    }
  }
  free(dates);

  lt_date found, of_document;
  const char *rule = NULL, *source = NULL;
  int rc = lt_document_date(text, n, &found, &rule);
  if (rc == 0) {
    FUZZ_CHECK(fuzz_valid_span(text, n, found.start, found.end), "document date [%d, %d)",
               found.start, found.end);
    check_value(&found, "document date");
    FUZZ_CHECK(!found.year_inferred, "the document date has an inferred year");
    FUZZ_CHECK(known_rule(rule), "rule \"%s\"", rule ? rule : "(null)");
  } else {
    FUZZ_CHECK(rc == -1 && rule == NULL, "rc %d", rc);
  }

  /* Without metadata, the same answer; with a metadata date, that date. */
  int rc2 = lt_date_of_document(text, n, NULL, &of_document, &source);
  FUZZ_CHECK(rc2 == rc, "lt_date_of_document gives %d, lt_document_date %d", rc2, rc);
  if (rc == 0)
    FUZZ_CHECK(strcmp(of_document.value, found.value) == 0 && of_document.start == found.start &&
               source && strcmp(source, rule) == 0,
               "lt_date_of_document disagrees: %s / %s", of_document.value, found.value);
  rc2 = lt_date_of_document(text, n, reference, &of_document, &source);
  if (reference && lt_date_valid(reference)) {
    FUZZ_CHECK(rc2 == 0 && strcmp(of_document.value, reference) == 0 && of_document.start == -1 &&
               of_document.end == -1 && source && strcmp(source, "metadata") == 0,
               "metadata date %s not used", reference);
    check_value(&of_document, "metadata date");
  } else {
    FUZZ_CHECK(rc2 == rc, "invalid metadata %s changes the answer", reference ? reference : "");
  }

  free(text);
  return 0;
}
