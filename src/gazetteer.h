/*
** gazetteer.h — the built-in gazetteer: countries, capitals and world
** regions with their English and French names, so that places are found
** even without a knowledge base.
**
** The data (gazetteer_data.c) is generated at build time by
** scripts/gen-gazetteer.mjs from the npm packages world-countries and
** i18n-iso-countries; it is never typed by hand.
*/
#ifndef LT_GAZETTEER_H
#define LT_GAZETTEER_H

typedef struct lt_gazetteer_entry {
  const char *id;       /* "country_ma", "capital_ma", "region_africa" */
  const char *type;     /* always "place" */
  const char *name_fr;
  const char *name_en;
  const char *aliases;  /* every name, separated by '|' */
} lt_gazetteer_entry;

extern const lt_gazetteer_entry lt_gazetteer[];
extern const unsigned lt_gazetteer_count;

#endif
