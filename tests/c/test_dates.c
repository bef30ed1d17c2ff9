/*
** test_dates.c — date extraction and document dates (dates.h).
**
** Tables first: expressions that must be found (alone and inside sentences),
** with their exact span, value, end value, precision and whether the year was
** inferred; then text that must yield no date, or none overlapping a given
** substring (reference codes, counts, phone numbers, impossible dates).  Then
** the document date of the five corpus documents and of small made-up ones,
** robustness (empty, NULL, huge, random, every prefix of every case, each in
** a buffer of exactly its size so AddressSanitizer sees any over-read), and
** last the extraction throughput over ~2 MB of corpus text (printed, never
** asserted).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "dates.h"

#ifndef LANTERNE_SOURCE_DIR
#define LANTERNE_SOURCE_DIR "."
#endif

enum { DAY = LT_DATE_DAY, MONTH = LT_DATE_MONTH, YEAR = LT_DATE_YEAR, CENTURY = LT_DATE_CENTURY };

/* One expression that must be found: within text, the first occurrence of
** matched is the exact span of one date, with these values. */
typedef struct positive_case {
  const char *text;
  const char *reference;        /* reference date, or NULL */
  const char *matched;
  const char *value, *end_value;
  int precision, inferred;
} positive_case;

static const positive_case positives[] = {
  /* French day-month-year, any case, accents or not */
  {"19 avril 2012", NULL, "19 avril 2012", "2012-04-19", "", DAY, 0},
  {"le mardi 7 février 2012", NULL, "mardi 7 février 2012", "2012-02-07", "", DAY, 0},
  {"1er mars 2012", NULL, "1er mars 2012", "2012-03-01", "", DAY, 0},
  {"07 février 2012", NULL, "07 février 2012", "2012-02-07", "", DAY, 0},
  {"BRUXELLES, LE 14 AOUT 2014", NULL, "14 AOUT 2014", "2014-08-14", "", DAY, 0},
  {"LE 3 FEVRIER 2015", NULL, "3 FEVRIER 2015", "2015-02-03", "", DAY, 0},
  {"31 DECEMBRE 1999", NULL, "31 DECEMBRE 1999", "1999-12-31", "", DAY, 0},
  {"31 DÉCEMBRE 1999", NULL, "31 DÉCEMBRE 1999", "1999-12-31", "", DAY, 0},
  {"Dimanche 27 Décembre 2020", NULL, "Dimanche 27 Décembre 2020", "2020-12-27", "", DAY, 0},
  {"jeudi 1er mars 2012", NULL, "jeudi 1er mars 2012", "2012-03-01", "", DAY, 0},
  {"14 juillet 1789", NULL, "14 juillet 1789", "1789-07-14", "", DAY, 0},
  {"11 septembre 2001", NULL, "11 septembre 2001", "2001-09-11", "", DAY, 0},
  {"29 février 2012", NULL, "29 février 2012", "2012-02-29", "", DAY, 0},
  {"3 sept. 2014", NULL, "3 sept. 2014", "2014-09-03", "", DAY, 0},
  {"12 déc. 2012", NULL, "12 déc. 2012", "2012-12-12", "", DAY, 0},
  {"5 janv. 2010", NULL, "5 janv. 2010", "2010-01-05", "", DAY, 0},
  {"19 avril, 2012", NULL, "19 avril, 2012", "2012-04-19", "", DAY, 0},
  {"le 3 mars 2015.", NULL, "3 mars 2015", "2015-03-03", "", DAY, 0},
  {"Mardi 27 Avril 2021 - 10:48", NULL, "Mardi 27 Avril 2021", "2021-04-27", "", DAY, 0},
  {"2 août 2014", NULL, "2 août 2014", "2014-08-02", "", DAY, 0},
  {"2 Aout 2014", NULL, "2 Aout 2014", "2014-08-02", "", DAY, 0},
  {"samedi, 9 juin 2018", NULL, "samedi, 9 juin 2018", "2018-06-09", "", DAY, 0},
  /* English */
  {"April 19, 2012", NULL, "April 19, 2012", "2012-04-19", "", DAY, 0},
  {"19 April 2012", NULL, "19 April 2012", "2012-04-19", "", DAY, 0},
  {"on 3 March 2015", NULL, "3 March 2015", "2015-03-03", "", DAY, 0},
  {"Jan. 5, 2013", NULL, "Jan. 5, 2013", "2013-01-05", "", DAY, 0},
  {"Tuesday, April 19, 2012", NULL, "Tuesday, April 19, 2012", "2012-04-19", "", DAY, 0},
  {"Mon, 5 Mar 2012 10:00:00 +0100", NULL, "Mon, 5 Mar 2012", "2012-03-05", "", DAY, 0},
  {"Sat. 9 June 2018", NULL, "Sat. 9 June 2018", "2018-06-09", "", DAY, 0},
  {"the 19th of April 2012", NULL, "19th of April 2012", "2012-04-19", "", DAY, 0},
  {"April 19th, 2012", NULL, "April 19th, 2012", "2012-04-19", "", DAY, 0},
  {"December 31, 1999", NULL, "December 31, 1999", "1999-12-31", "", DAY, 0},
  {"Oct. 3, 2016", NULL, "Oct. 3, 2016", "2016-10-03", "", DAY, 0},
  {"1st January 2020", NULL, "1st January 2020", "2020-01-01", "", DAY, 0},
  {"Sept 11, 2001", NULL, "Sept 11, 2001", "2001-09-11", "", DAY, 0},
  /* numeric and ISO */
  {"6/08/2014", NULL, "6/08/2014", "2014-08-06", "", DAY, 0},
  {"21/10/2020", NULL, "21/10/2020", "2020-10-21", "", DAY, 0},
  {"19.04.2012", NULL, "19.04.2012", "2012-04-19", "", DAY, 0},
  {"19-04-2012", NULL, "19-04-2012", "2012-04-19", "", DAY, 0},
  {"04/19/2012", NULL, "04/19/2012", "2012-04-19", "", DAY, 0},
  {"31/12/2012", NULL, "31/12/2012", "2012-12-31", "", DAY, 0},
  {"01/01/2000", NULL, "01/01/2000", "2000-01-01", "", DAY, 0},
  {"2012-04-19", NULL, "2012-04-19", "2012-04-19", "", DAY, 0},
  {"2012-04-19T10:00", NULL, "2012-04-19", "2012-04-19", "", DAY, 0},
  {"2000-02-29", NULL, "2000-02-29", "2000-02-29", "", DAY, 0},
  {"2018-11", NULL, "2018-11", "2018-11", "", MONTH, 0},
  {"date 2022-06 Après le sommet", NULL, "2022-06", "2022-06", "", MONTH, 0},
  /* month and year */
  {"juin 2021", NULL, "juin 2021", "2021-06", "", MONTH, 0},
  {"avril 2012", NULL, "avril 2012", "2012-04", "", MONTH, 0},
  {"April 2012", NULL, "April 2012", "2012-04", "", MONTH, 0},
  {"March 2015", NULL, "March 2015", "2015-03", "", MONTH, 0},
  {"April of 2012", NULL, "April of 2012", "2012-04", "", MONTH, 0},
  {"mi-juin 2021", NULL, "mi-juin 2021", "2021-06", "", MONTH, 0},
  {"mid-June 2021", NULL, "mid-June 2021", "2021-06", "", MONTH, 0},
  {"févr. 2012", NULL, "févr. 2012", "2012-02", "", MONTH, 0},
  {"sept. 2014", NULL, "sept. 2014", "2014-09", "", MONTH, 0},
  {"Juillet 2014", NULL, "Juillet 2014", "2014-07", "", MONTH, 0},
  {"AOÛT 2014", NULL, "AOÛT 2014", "2014-08", "", MONTH, 0},
  {"NOVEMBRE 2018", NULL, "NOVEMBRE 2018", "2018-11", "", MONTH, 0},
  {"en mai 2012", NULL, "mai 2012", "2012-05", "", MONTH, 0},
  {"fin avril 2012", NULL, "avril 2012", "2012-04", "", MONTH, 0},
  {"septembre 2001", NULL, "septembre 2001", "2001-09", "", MONTH, 0},
  /* years after a cue */
  {"en 2004", NULL, "2004", "2004", "", YEAR, 0},
  {"depuis 1994", NULL, "1994", "1994", "", YEAR, 0},
  {"dès 2004", NULL, "2004", "2004", "", YEAR, 0},
  {"l'année 2012", NULL, "2012", "2012", "", YEAR, 0},
  {"depuis l'an 2000", NULL, "2000", "2000", "", YEAR, 0},
  {"in 2004", NULL, "2004", "2004", "", YEAR, 0},
  {"since 1999", NULL, "1999", "1999", "", YEAR, 0},
  {"by 2030", NULL, "2030", "2030", "", YEAR, 0},
  {"fin 2012", NULL, "2012", "2012", "", YEAR, 0},
  {"début 2013", NULL, "2013", "2013", "", YEAR, 0},
  {"d'ici 2030", NULL, "2030", "2030", "", YEAR, 0},
  {"jusqu'en 2020", NULL, "2020", "2020", "", YEAR, 0},
  {"vers 1990", NULL, "1990", "1990", "", YEAR, 0},
  {"en 1995,", NULL, "1995", "1995", "", YEAR, 0},
  {"In 2004", NULL, "2004", "2004", "", YEAR, 0},
  {"mid-2012", NULL, "mid-2012", "2012", "", YEAR, 0},
  {"mi-2012", NULL, "mi-2012", "2012", "", YEAR, 0},
  {"résolution 1540 (2004)", NULL, "2004", "2004", "", YEAR, 0},
  {"adoptée (2004) par le Conseil", NULL, "2004", "2004", "", YEAR, 0},
  /* ranges */
  {"du 22 au 24 mai 2012", NULL, "du 22 au 24 mai 2012", "2012-05-22", "2012-05-24", DAY, 0},
  {"du 28 février au 3 mars 2012", NULL, "du 28 février au 3 mars 2012", "2012-02-28", "2012-03-03", DAY, 0},
  {"du 28 décembre 2012 au 3 janvier 2013", NULL, "du 28 décembre 2012 au 3 janvier 2013",
   "2012-12-28", "2013-01-03", DAY, 0},
  {"22-24 mai 2012", NULL, "22-24 mai 2012", "2012-05-22", "2012-05-24", DAY, 0},
  {"27 au 29 novembre 2018", NULL, "27 au 29 novembre 2018", "2018-11-27", "2018-11-29", DAY, 0},
  {"les 3 et 4 octobre 2016", NULL, "les 3 et 4 octobre 2016", "2016-10-03", "2016-10-04", DAY, 0},
  {"du 6/08/2014 au 8/08/2014", NULL, "du 6/08/2014 au 8/08/2014", "2014-08-06", "2014-08-08", DAY, 0},
  {"between 3 and 5 April 2012", NULL, "between 3 and 5 April 2012", "2012-04-03", "2012-04-05", DAY, 0},
  {"from April 3 to April 5, 2012", NULL, "from April 3 to April 5, 2012", "2012-04-03", "2012-04-05", DAY, 0},
  {"from 3 to 5 April 2012", NULL, "from 3 to 5 April 2012", "2012-04-03", "2012-04-05", DAY, 0},
  {"de janvier à mars 2012", NULL, "de janvier à mars 2012", "2012-01", "2012-03", MONTH, 0},
  {"d'avril à juin 2012", NULL, "d'avril à juin 2012", "2012-04", "2012-06", MONTH, 0},
  {"de mai 2012 à juin 2013", NULL, "de mai 2012 à juin 2013", "2012-05", "2013-06", MONTH, 0},
  {"de 2004 à 2010", NULL, "de 2004 à 2010", "2004", "2010", YEAR, 0},
  {"entre 2004 et 2010", NULL, "entre 2004 et 2010", "2004", "2010", YEAR, 0},
  {"from 2004 to 2010", NULL, "from 2004 to 2010", "2004", "2010", YEAR, 0},
  {"between 2004 and 2010", NULL, "between 2004 and 2010", "2004", "2010", YEAR, 0},
  {"2020-2030", NULL, "2020-2030", "2020", "2030", YEAR, 0},
  {"2012-2013", NULL, "2012-2013", "2012", "2013", YEAR, 0},
  {"2004–2010", NULL, "2004–2010", "2004", "2010", YEAR, 0},
  {"2020 – 2030", NULL, "2020 – 2030", "2020", "2030", YEAR, 0},
  /* year from the reference date */
  {"les 13 et 14 juin", "2022-06", "les 13 et 14 juin", "2022-06-13", "2022-06-14", DAY, 1},
  {"le 1er janvier", "2013", "1er janvier", "2013-01-01", "", DAY, 1},
  {"le 5 mai", "2022-06-01", "5 mai", "2022-05-05", "", DAY, 1},
  {"May 5", "2015", "May 5", "2015-05-05", "", DAY, 1},
  {"27 au 29 novembre", "2018-11", "27 au 29 novembre", "2018-11-27", "2018-11-29", DAY, 1},
  {"tiennent du, 27 au 29 novembre à Rabat", "2018-11", "du, 27 au 29 novembre",
   "2018-11-27", "2018-11-29", DAY, 1},
  {"le 29 février", "2012", "29 février", "2012-02-29", "", DAY, 1},
  {"19 avril 2012", "1999", "19 avril 2012", "2012-04-19", "", DAY, 0},
  /* centuries: value is year 01 of the century, end_value its year 00 */
  {"au 18-ème siècle", NULL, "18-ème siècle", "1701", "1800", CENTURY, 0},
  {"XVIIIe siècle", NULL, "XVIIIe siècle", "1701", "1800", CENTURY, 0},
  {"18e siècle", NULL, "18e siècle", "1701", "1800", CENTURY, 0},
  {"18ème siècle", NULL, "18ème siècle", "1701", "1800", CENTURY, 0},
  {"XXIe siècle", NULL, "XXIe siècle", "2001", "2100", CENTURY, 0},
  {"XIXème siècle", NULL, "XIXème siècle", "1801", "1900", CENTURY, 0},
  {"XIX siècle", NULL, "XIX siècle", "1801", "1900", CENTURY, 0},
  {"Ier siècle", NULL, "Ier siècle", "0001", "0100", CENTURY, 0},
  {"21st century", NULL, "21st century", "2001", "2100", CENTURY, 0},
  {"the 18th century", NULL, "18th century", "1701", "1800", CENTURY, 0},
  {"XVII-ème siècle", NULL, "XVII-ème siècle", "1601", "1700", CENTURY, 0},
  /* inside sentences; the spans are byte offsets, after multi-byte text */
  {"Réunion élargie à Genève, le 19 avril 2012, avec les alliés.", NULL, "19 avril 2012",
   "2012-04-19", "", DAY, 0},
  {"L'OTAN a été informée depuis 2004 de la menace.", NULL, "2004", "2004", "", YEAR, 0},
  {"Réf : Ma lettre N° 299/1P2014/CRY du 6/08/2014", NULL, "6/08/2014", "2014-08-06", "", DAY, 0},
  {"Référence : M/L en date du 08 février 2012", NULL, "08 février 2012", "2012-02-08", "", DAY, 0},
  {"Objet : Compte rendu de la visite au Quartier Général de l'OTAN, Bruxelles, le 07 février 2012.",
   NULL, "07 février 2012", "2012-02-07", "", DAY, 0},
  {"Ce dont témoigne la tournée du patron, cette semaine (les 13 et 14 juin) aux États-Unis.",
   "2022-06", "les 13 et 14 juin", "2022-06-13", "2022-06-14", DAY, 1},
  {"Feuille de route pour la coopération en matière de défense 2020-2030 entre le Royaume",
   NULL, "2020-2030", "2020", "2030", YEAR, 0},
  {"Des origines de la République américaine au 18-ème siècle, lorsque le Maroc", NULL,
   "18-ème siècle", "1701", "1800", CENTURY, 0},
  {"« La réunion du 9 mars 2012 » a eu lieu", NULL, "9 mars 2012", "2012-03-09", "", DAY, 0},
  {"The summit, held on April 19, 2012 in Chicago, ended.", NULL, "April 19, 2012", "2012-04-19",
   "", DAY, 0},
  {"L’accord signé le 1er mars 2012 à Rabat", NULL, "1er mars 2012", "2012-03-01", "", DAY, 0},
  {"Publié le 12/03/2021 à 10h30", NULL, "12/03/2021", "2021-03-12", "", DAY, 0},
  {"conformément à la résolution 1540 (2004) du Conseil de Sécurité", NULL, "2004", "2004", "",
   YEAR, 0},
  {"au début du XXe siècle, le Maroc", NULL, "XXe siècle", "1901", "2000", CENTURY, 0},
  {"quand il déclarait en juin 2021 lors de l’inauguration", NULL, "juin 2021", "2021-06", "",
   MONTH, 0},
  {"une réunion prévue entre 2004 et 2010, puis reportée", NULL, "entre 2004 et 2010", "2004",
   "2010", YEAR, 0},
  {"Été 2012 — réunion à Nîmes le 3 mai 2012", NULL, "3 mai 2012", "2012-05-03", "", DAY, 0},
  {"Sécurité : 14 août 2014", NULL, "14 août 2014", "2014-08-14", "", DAY, 0},
  {"Document confidentiel de l’ambassadeur, daté du 14 août 2014, révélant", NULL,
   "14 août 2014", "2014-08-14", "", DAY, 0},
  {"(PAP-T) en 2011 et en mettant en place", NULL, "2011", "2011", "", YEAR, 0},
  {"La campagne de 2012—2013 s’achève", NULL, "2012—2013", "2012", "2013", YEAR, 0},
  {"Mise en ligne le 19 avril 2012\n", NULL, "19 avril 2012", "2012-04-19", "", DAY, 0},
  {"une date coupée : 19 avril\n2012 au milieu", NULL, "19 avril\n2012", "2012-04-19", "", DAY, 0},
  {"prévu du 3 au 5 juin 2015 à Bruxelles et le 12 juin 2015", NULL, "du 3 au 5 juin 2015",
   "2015-06-03", "2015-06-05", DAY, 0},
  {"prévu du 3 au 5 juin 2015 à Bruxelles et le 12 juin 2015", NULL, "12 juin 2015",
   "2015-06-12", "", DAY, 0},
  {"Edito - LIBERATION - 21/10/2020", NULL, "21/10/2020", "2020-10-21", "", DAY, 0},
};

/* Text that must give no date at all (forbidden NULL), or no date that
** overlaps the first occurrence of forbidden. */
typedef struct negative_case {
  const char *text;
  const char *reference;
  const char *forbidden;
} negative_case;

static const negative_case negatives[] = {
  {"Service Politique / YB / n°. 143/4 P/2012/CRY", NULL, NULL},
  {"PPC-DS(2012)0009", NULL, NULL},
  {"C-M(2010)0019", NULL, NULL},
  {"n°. 143/4", NULL, NULL},
  {"résolution 1540", NULL, NULL},
  {"résolution 1540 (2004)", NULL, "1540"},
  {"105 pays", NULL, NULL},
  {"1 500 soldats", NULL, NULL},
  {"Tél.: 0522 61 94 00/04. Fax: 0522 62 09 72", NULL, NULL},
  {"Cab.1 / Cab.2 / Sg.4 / DG.8/3", NULL, NULL},
  {"Destinataire Principal : Cab 1, SG/4, DG/7", NULL, NULL},
  {"Ma lettre N° 299/1P2014/CRY", NULL, NULL},
  {"31 février 2012", NULL, NULL},
  {"30 février 2013", NULL, NULL},
  {"29 février 2013", NULL, NULL},
  {"32 mars 2012", NULL, NULL},
  {"31 avril 2012", NULL, NULL},
  {"32/13/2012", NULL, NULL},
  {"29/02/2013", NULL, NULL},
  {"0/12/2012", NULL, NULL},
  {"12/00/2012", NULL, NULL},
  {"2012-02-30", NULL, NULL},
  {"2020-13", NULL, NULL},
  {"14h30", NULL, NULL},
  {"12:30", NULL, NULL},
  {"2012 euros", NULL, NULL},
  {"en 2012 euros", NULL, NULL},
  {"des 2000 soldats", NULL, NULL},
  {"dès 2000 soldats", NULL, NULL},
  {"en 1500 exemplaires", NULL, NULL},
  {"page 2012", NULL, NULL},
  {"p. 2012", NULL, NULL},
  {"le rapport 2020 sur le terrorisme", NULL, NULL},
  {"n° 2012-11", NULL, NULL},
  {"loi n° 2012-387", NULL, NULL},
  {"art. 2012-04", NULL, NULL},
  {"Avril Haines, directrice du renseignement national", NULL, NULL},
  {"qui s’est tenu à Marrakech en mai, et l’exercice", NULL, NULL},
  {"la dernière semaine de juin, tout porte à croire", "2022-06", NULL},
  {"les 13 et 14 juin", NULL, NULL},
  {"le 1er janvier", NULL, NULL},
  {"may 5", "2015", NULL},
  {"18 siècles d'histoire", NULL, NULL},
  {"la vie siècle après siècle", NULL, NULL},
  {"de 5 à 10 soldats", NULL, NULL},
  {"entre 1 500 et 2 000 euros", NULL, NULL},
  {"Casablanca 05-Maroc.", NULL, NULL},
  {"Lu 518 fois", NULL, NULL},
  {"Visited 34 times, 34 visit(s) today", NULL, NULL},
  {"Tweet [Recomendar 451]", NULL, NULL},
  {"IBAN FR76 3000 4000 0500 0012 3456 789", NULL, NULL},
  {"ISBN 978-2-07-036822-8", NULL, NULL},
  {"2012/2013", NULL, NULL},
  {"V2012 et 2012CRY", NULL, NULL},
  {"2030-2020", NULL, NULL},
  {"en 20045", NULL, NULL},
  {"en 12 000", NULL, NULL},
  {"DGSN-DGST", NULL, NULL},
  {"Adresse: 33, Rue Amir Abdelkader.", NULL, NULL},
  {"page 3 - 14 juin 2012", NULL, "3 -"},
  {"du 24 au 22 mai 2012", NULL, "24 au"},
  {"1/2/2012/3", NULL, NULL},
  {"2012-11-387", NULL, NULL},
  {"Mars", NULL, NULL},
  {"Gosto 62", NULL, NULL},
  {"mon 3 mars", "2015", "mon"},
  {"sun 5 May", "2015", "sun"},
  {"14/06", "2015", NULL},
};

/* ---------------------------------------------------------------------------
** Helpers
*/

static char *read_file(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *data = malloc(size > 0 ? (size_t)size : 1);
  *length = data ? fread(data, 1, (size_t)size, file) : 0;
  fclose(file);
  return data;
}

static int spans_overlap(int a_start, int a_end, int b_start, int b_end) {
  return a_start < b_end && b_start < a_end;
}

/* Extracts from a copy of the text in a buffer of exactly its length (no
** NUL after it), so that any over-read shows under AddressSanitizer. */
static int extract_exact(const char *text, size_t length, const char *reference,
                         lt_date **dates, size_t *count) {
  char *copy = malloc(length ? length : 1);
  if (!copy) return -1;
  memcpy(copy, text, length);
  int rc = lt_dates_extract(copy, length, reference, dates, count);
  free(copy);
  return rc;
}

/* ---------------------------------------------------------------------------
** Tables
*/

static void test_positive(const positive_case *c) {
  lt_date *dates;
  size_t count;
  const char *at = strstr(c->text, c->matched);
  CHECK(at != NULL, "bad test: \"%s\" not in \"%s\"", c->matched, c->text);
  if (!at) return;
  int start = (int)(at - c->text), end = start + (int)strlen(c->matched);
  CHECK(extract_exact(c->text, strlen(c->text), c->reference, &dates, &count) == 0, "%s", c->text);
  const lt_date *found = NULL;
  int overlapping = 0;
  for (size_t i = 0; i < count; i++) {
    if (!spans_overlap(dates[i].start, dates[i].end, start, end)) continue;
    overlapping++;
    found = &dates[i];
  }
  CHECK(overlapping == 1, "\"%s\": %d dates overlap \"%s\"", c->text, overlapping, c->matched);
  if (found) {
    CHECK(found->start == start && found->end == end, "\"%s\": span \"%.*s\", want \"%s\"",
          c->text, found->end - found->start, c->text + found->start, c->matched);
    CHECK(strcmp(found->value, c->value) == 0 && strcmp(found->end_value, c->end_value) == 0,
          "\"%s\": %s..%s, want %s..%s", c->text, found->value, found->end_value, c->value,
          c->end_value);
    CHECK(found->precision == c->precision, "\"%s\": precision %d, want %d", c->text,
          found->precision, c->precision);
    CHECK(found->year_inferred == c->inferred, "\"%s\": year_inferred %d", c->text,
          found->year_inferred);
  }
  free(dates);
}

static void test_negative(const negative_case *c) {
  lt_date *dates;
  size_t count;
  int start = 0, end = (int)strlen(c->text);
  if (c->forbidden) {
    const char *at = strstr(c->text, c->forbidden);
    CHECK(at != NULL, "bad test: \"%s\" not in \"%s\"", c->forbidden, c->text);
    if (!at) return;
    start = (int)(at - c->text);
    end = start + (int)strlen(c->forbidden);
  }
  CHECK(extract_exact(c->text, strlen(c->text), c->reference, &dates, &count) == 0, "%s", c->text);
  for (size_t i = 0; i < count; i++)
    CHECK(!spans_overlap(dates[i].start, dates[i].end, start, end),
          "\"%s\": unexpected date \"%.*s\" = %s", c->text, dates[i].end - dates[i].start,
          c->text + dates[i].start, dates[i].value);
  free(dates);
}

/* A text with several dates: all found, in order, with byte offsets past
** multi-byte letters. */
static void test_offsets_and_order(void) {
  const char *prefix = "Étude réalisée à Genève — ";
  const char *text = "Étude réalisée à Genève — 19 avril 2012, puis en 2013 et le 3 mai 2014.";
  lt_date *dates;
  size_t count;
  CHECK(lt_dates_extract(text, strlen(text), NULL, &dates, &count) == 0, "extract");
  CHECK(count == 3, "count %zu, want 3", count);
  if (count == 3) {
    CHECK(dates[0].start == (int)strlen(prefix), "start %d, want %zu", dates[0].start, strlen(prefix));
    CHECK(dates[0].end == dates[0].start + (int)strlen("19 avril 2012"), "end %d", dates[0].end);
    CHECK_STR(dates[0].value, "2012-04-19");
    CHECK_STR(dates[1].value, "2013");
    CHECK_STR(dates[2].value, "2014-05-03");
    CHECK(dates[0].end <= dates[1].start && dates[1].end <= dates[2].start, "order");
  }
  free(dates);
}

/* ---------------------------------------------------------------------------
** Document dates
*/

typedef struct document_case {
  const char *id;
  const char *value;          /* NULL: no date */
  const char *source;
  const char *expression;     /* text at the returned span */
} document_case;

static const document_case corpus_documents[] = {
  {"000_7c59c344a3186c0e", "2012-04-19", "letter date", "19 avril 2012"},
  {"001_470fb5816bf4cc43", "2014-08-14", "dateline", "14 AOUT 2014"},
  {"002_41e792016c4892aa", "2022-06", "date header", "2022-06"},
  /* the article's own byline ("Libé / Dimanche 27 Décembre 2020 / Lu 518
  ** fois"), outside the "AUTRES ARTICLES" and "DANS LA MÊME RUBRIQUE"
  ** lists whose dates (2020-10-21, 2021-04-2x) must not be used */
  {"003_4625da25efb4d1b6", "2020-12-27", "date line", "Dimanche 27 Décembre 2020"},
  {"004_5b4bad2fd53bf112", "2018-11", "date header", "2018-11"},
};

static void check_document(const char *name, const char *text, size_t length, const char *value,
                           const char *source, const char *expression) {
  lt_date date;
  const char *found_source;
  int rc = lt_document_date(text, length, &date, &found_source);
  if (!value) {
    CHECK(rc == -1 && found_source == NULL, "%s: found %s (%s)", name, date.value,
          found_source ? found_source : "");
    return;
  }
  CHECK(rc == 0, "%s: no date", name);
  if (rc != 0) return;
  CHECK(strcmp(date.value, value) == 0, "%s: %s, want %s", name, date.value, value);
  CHECK(found_source && strcmp(found_source, source) == 0, "%s: source %s, want %s", name,
        found_source ? found_source : "(null)", source);
  if (expression)
    CHECK(date.end - date.start == (int)strlen(expression) &&
          memcmp(text + date.start, expression, strlen(expression)) == 0,
          "%s: span \"%.*s\", want \"%s\"", name, date.end - date.start, text + date.start,
          expression);
}

static void test_corpus_documents(void) {
  for (size_t i = 0; i < sizeof corpus_documents / sizeof corpus_documents[0]; i++) {
    const document_case *c = &corpus_documents[i];
    char path[512];
    size_t length;
    snprintf(path, sizeof path, "%s/corpus/%s.txt", LANTERNE_SOURCE_DIR, c->id);
    char *text = read_file(path, &length);
    CHECK(text != NULL, "cannot read %s", path);
    if (!text) continue;
    check_document(c->id, text, length, c->value, c->source, c->expression);
    free(text);
  }
}

static void test_made_up_documents(void) {
  char long_prose[1024];     /* 875 bytes: prose, and pushes what follows out of the top */
  memset(long_prose, 0, sizeof long_prose);
  for (int i = 0; i < 25; i++) strcat(long_prose, "Le texte de l'article reprend ici. ");
  char buffer[4096];

  check_document("dateline", "Rabat, le 3 mars 2015\n\nMonsieur le Ministre,\n",
                 strlen("Rabat, le 3 mars 2015\n\nMonsieur le Ministre,\n"), "2015-03-03",
                 "dateline", "3 mars 2015");
  const char *publication = "Titre de l'article\nPublié le 12/03/2021 à 10h30\nLe texte.";
  check_document("publication", publication, strlen(publication), "2021-03-12",
                 "publication line", "12/03/2021");
  const char *updated = "Titre\n\nMis à jour le 5 avril 2019\n";
  check_document("updated", updated, strlen(updated), "2019-04-05", "publication line", NULL);
  const char *month_letter = "\n\nAvril 2012\n\nObjet : réunion";
  check_document("month letter", month_letter, strlen(month_letter), "2012-04", "letter date", NULL);
  const char *none = "Un texte sans date, avec 105 pays et 1 500 soldats.\n";
  check_document("no date", none, strlen(none), NULL, NULL, NULL);
  check_document("empty", "", 0, NULL, NULL, NULL);
  const char *no_year = "le 14 juin\nTexte.\n";
  check_document("no year", no_year, strlen(no_year), NULL, NULL, NULL);
  const char *bare_years_only = "Titre\nEn 2004, le Maroc a signé.\n";
  check_document("bare year in prose", bare_years_only, strlen(bare_years_only), NULL, NULL, NULL);

  snprintf(buffer, sizeof buffer,
           "Titre\n%s\n\nÀ lire aussi\n\nEdito - 21/10/2020\n\nPublié le 12/03/2021\n\n"
           "19 avril 2012\n",
           long_prose);
  check_document("furniture only", buffer, strlen(buffer), NULL, NULL, NULL);

  snprintf(buffer, sizeof buffer,
           "Titre\n%s\nAUTRES ARTICLES\nMardi 27 Avril 2021 - 10:48\nUn teaser...\n%s\n"
           "Libé\nDimanche 27 Décembre 2020\nLu 518 fois\nDANS LA MÊME RUBRIQUE :\n"
           "Mardi 27 Avril 2021 - 10:45\n",
           long_prose, long_prose);
  check_document("byline after furniture", buffer, strlen(buffer), "2020-12-27", "date line", NULL);

  int used = 0;
  for (int i = 0; i < 20; i++) used += snprintf(buffer + used, sizeof buffer - used, "Ligne %d.\n", i);
  snprintf(buffer + used, sizeof buffer - used, "Mardi 3 mars 2015\nPARIS, LE 4 MARS 2015\n");
  check_document("dateline beats a date line", buffer, strlen(buffer), "2015-03-04", "dateline",
                 "4 MARS 2015");

  const char *header_mid_line = " date 2022-06 Après le sommet du 3 mai 2022";
  check_document("header", header_mid_line, strlen(header_mid_line), "2022-06", "date header",
                 "2022-06");

  lt_date date;
  CHECK(lt_document_date(NULL, 0, &date, NULL) == -1, "NULL text");
  CHECK(lt_document_date("x", 1, NULL, NULL) == -1, "NULL out");
}

/* ---------------------------------------------------------------------------
** Robustness
*/

static void test_arguments(void) {
  lt_date *dates = (lt_date *)1;
  size_t count = 99;
  CHECK(lt_dates_extract(NULL, 0, NULL, &dates, &count) == 0 && dates == NULL && count == 0,
        "NULL, 0");
  CHECK(lt_dates_extract("", 0, NULL, &dates, &count) == 0 && dates == NULL && count == 0, "empty");
  CHECK(lt_dates_extract(NULL, 5, NULL, &dates, &count) == -1, "NULL with length");
  CHECK(lt_dates_extract("2012", 4, NULL, NULL, &count) == -1, "NULL out");
  CHECK(lt_dates_extract("2012", 4, NULL, &dates, NULL) == -1, "NULL count");
  CHECK(lt_dates_extract("le 5 mai", 8, "mai", &dates, &count) == 0 && count == 0,
        "malformed reference counts as none");
  free(dates);
  CHECK(lt_dates_extract("le 5 mai", 8, "20", &dates, &count) == 0 && count == 0,
        "short reference counts as none");
  free(dates);
}

/* Every prefix of every case, in a buffer of exactly that size: text ending
** mid-expression must neither crash nor read past the end. */
static void test_every_prefix(void) {
  int calls = 0, failures = 0;
  for (size_t i = 0; i < sizeof positives / sizeof positives[0]; i++) {
    const char *text = positives[i].text;
    for (size_t length = 0; length <= strlen(text); length++) {
      lt_date *dates, date;
      size_t count;
      char *copy = malloc(length ? length : 1);
      memcpy(copy, text, length);
      if (lt_dates_extract(copy, length, "2020", &dates, &count) != 0) failures++;
      for (size_t k = 0; k < count; k++)
        if (dates[k].start < 0 || dates[k].end > (int)length || dates[k].start >= dates[k].end)
          failures++;
      free(dates);
      lt_document_date(copy, length, &date, NULL);
      free(copy);
      calls++;
    }
  }
  CHECK(failures == 0, "%d failures over %d prefixes", failures, calls);
}

/* Deterministic pseudo-random bytes (some invalid UTF-8), and texts made of
** the characters dates are made of. */
static void test_random_text(void) {
  uint32_t state = 12345;
  static const char alphabet[] = "0123456789/-.:,()° éèÉaoûtAOUTjuinmarsdulesetauenXVIe\n\xC3\xE2\x80";
  size_t length = 1 << 19;
  char *text = malloc(length);
  int failures = 0;
  for (int round = 0; round < 3; round++) {
    for (size_t i = 0; i < length; i++) {
      state = state * 1103515245u + 12345u;
      text[i] = round == 0 ? (char)(state >> 16) : alphabet[(state >> 16) % (sizeof alphabet - 1)];
    }
    lt_date *dates, date;
    size_t count;
    if (lt_dates_extract(text, length, "2020-01-01", &dates, &count) != 0) failures++;
    for (size_t k = 0; k < count; k++)
      if (dates[k].start < 0 || dates[k].end > (int)length || (k && dates[k].start < dates[k - 1].end))
        failures++;
    free(dates);
    lt_document_date(text, length, &date, NULL);
  }
  free(text);
  CHECK(failures == 0, "%d failures on random text", failures);
}

/* Large inputs: many dates, one giant number, one giant word. */
static void test_huge_input(void) {
  const char *unit = "du 22 au 24 mai 2012, ";
  size_t unit_length = strlen(unit), repeats = 100000;
  size_t length = unit_length * repeats;
  char *text = malloc(length);
  for (size_t i = 0; i < repeats; i++) memcpy(text + i * unit_length, unit, unit_length);
  lt_date *dates;
  size_t count;
  CHECK(lt_dates_extract(text, length, NULL, &dates, &count) == 0 && count == repeats,
        "%zu dates, want %zu", count, repeats);
  if (count) CHECK_STR(dates[count - 1].end_value, "2012-05-24");
  free(dates);

  memset(text, '7', length);
  CHECK(lt_dates_extract(text, length, NULL, &dates, &count) == 0 && count == 0, "giant number");
  free(dates);
  memset(text, 'x', length);
  CHECK(lt_dates_extract(text, length, NULL, &dates, &count) == 0 && count == 0, "giant word");
  free(dates);
  for (size_t i = 0; i < length; i++) text[i] = "1/"[i % 2];
  CHECK(lt_dates_extract(text, length, NULL, &dates, &count) == 0 && count == 0, "1/1/1/...");
  free(dates);
  lt_date date;
  CHECK(lt_document_date(text, length, &date, NULL) == -1, "document date of 1/1/1/...");
  free(text);
}

/* ---------------------------------------------------------------------------
** Throughput (informational)
*/

static void measure_throughput(void) {
  size_t total = 0, capacity = 2200000;
  char *text = malloc(capacity);
  for (int round = 0; total < 2000000; round++) {
    size_t before = total;
    for (size_t i = 0; i < sizeof corpus_documents / sizeof corpus_documents[0]; i++) {
      char path[512];
      size_t length;
      snprintf(path, sizeof path, "%s/corpus/%s.txt", LANTERNE_SOURCE_DIR, corpus_documents[i].id);
      char *document = read_file(path, &length);
      if (!document) continue;
      if (total + length + 1 <= capacity) {
        memcpy(text + total, document, length);
        total += length;
        text[total++] = '\n';
      }
      free(document);
    }
    if (total == before) break;
  }
  lt_date *dates;
  size_t count = 0;
  clock_t started = clock();
  int runs = 0;
  do {
    free(NULL);
    if (lt_dates_extract(text, total, "2020", &dates, &count) == 0) free(dates);
    runs++;
  } while (clock() - started < CLOCKS_PER_SEC / 2);
  double seconds = (double)(clock() - started) / CLOCKS_PER_SEC;
  printf("throughput: %.1f MB/s (%zu bytes, %zu dates per pass, %d passes)\n",
         seconds > 0 ? total * (double)runs / seconds / 1e6 : 0.0, total, count, runs);
  free(text);
}

int main(void) {
  size_t positive_count = sizeof positives / sizeof positives[0];
  size_t negative_count = sizeof negatives / sizeof negatives[0];
  for (size_t i = 0; i < positive_count; i++) test_positive(&positives[i]);
  for (size_t i = 0; i < negative_count; i++) test_negative(&negatives[i]);
  printf("expressions: %zu positive, %zu negative\n", positive_count, negative_count);
  test_offsets_and_order();
  test_corpus_documents();
  test_made_up_documents();
  test_arguments();
  test_every_prefix();
  test_random_text();
  test_huge_input();
  measure_throughput();
  return check_done();
}
