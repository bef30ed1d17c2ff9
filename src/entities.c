/*
** entities.c — mention detection and entity linking (see entities.h for
** the method).  The text is tokenized once; matching and discovery then
** work on the token array, whose tokens carry their folded form, their
** interned id, their byte span and the case they were written in.
*/
#include "entities.h"
#include "grow.h"
#include "string_map.h"
#include "tokenizer.h"
#include "utf8proc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Tokens with their case                                                    */
/* ------------------------------------------------------------------------ */

/* How a word is written.  An alias written in capitals only matches a word
** in capitals, a capitalised alias a capitalised word (or capitals), a
** lower-case alias any word. */
enum { CASE_LOWER = 0, CASE_CAPITAL = 1, CASE_UPPER = 2, CASE_NONE = 3 };

static int case_of(const char *s, size_t n) {
  int letters = 0, upper = 0, first = -1;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (len <= 0) { i++; continue; }
    i += (size_t)len;
    utf8proc_category_t category = utf8proc_category(cp);
    int is_upper = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
    int is_lower = category == UTF8PROC_CATEGORY_LL;
    if (!is_upper && !is_lower) continue;
    if (first < 0) first = is_upper;
    letters++;
    upper += is_upper;
  }
  if (!letters) return CASE_NONE;
  if (!first) return CASE_LOWER;
  return (letters >= 2 && upper == letters) ? CASE_UPPER : CASE_CAPITAL;
}

static int case_matches(int alias_case, int text_case) {
  if (alias_case == CASE_UPPER) return text_case == CASE_UPPER;
  if (alias_case == CASE_CAPITAL) return text_case == CASE_CAPITAL || text_case == CASE_UPPER;
  return 1;
}

/* Punctuation that a name does not run across (unless the alias has it). */
static int gap_has_punctuation(const char *text, int from, int to) {
  for (int i = from; i < to; i++)
    if (strchr(".,;:()[]!?\"\xC2\xAB\xBB|/", text[i]) && text[i]) return 1;
  return 0;
}

typedef struct doc_token {
  int start, end;
  long id;              /* interned folded form, -1 if no alias uses it */
  int fold, fold_len;   /* the folded form, in the document's arena */
  unsigned char case_class;
  unsigned char punct_before;  /* punctuation between the previous token and this one */
  unsigned word_class;         /* WORD_* bits of the lists the word is in */
} doc_token;

typedef struct token_list {
  doc_token *items;
  size_t count, capacity;
  char *arena;
  size_t arena_len, arena_capacity;
  const char *text;
  size_t length;        /* of text, in bytes */
  const lt_string_map *classes;  /* word lists (NULL: none) */
  lt_word_fn observer;           /* told each word (NULL: none) */
  void *observer_context;
} token_list;

static int collect_token(void *ctx, int flags, const char *token, int len, int start, int end) {
  token_list *list = ctx;
  if (list->observer && list->observer(list->observer_context, list->text + start, end - start) != 0)
    return -1;
  if (lt_grow((void **)&list->items, &list->capacity, list->count + 1, sizeof *list->items, 256) != 0)
    return -1;
  if (list->arena_len + (size_t)len + 1 > list->arena_capacity) {
    size_t capacity = (list->arena_capacity + (size_t)len + 1) * 2;
    char *bigger = realloc(list->arena, capacity);
    if (!bigger) return -1;
    list->arena = bigger;
    list->arena_capacity = capacity;
  }
  doc_token *t = &list->items[list->count];
  t->start = start;
  t->end = end;
  t->id = -1;
  t->fold = (int)list->arena_len;
  t->fold_len = len;
  memcpy(list->arena + list->arena_len, token, (size_t)len);
  list->arena[list->arena_len + (size_t)len] = 0;
  list->arena_len += (size_t)len + 1;
  t->case_class = (unsigned char)case_of(list->text + start, (size_t)(end - start));
  t->word_class = list->classes ? (unsigned)lt_string_map_get(list->classes, token, (size_t)len, 0) : 0;
  t->punct_before = list->count > 0 &&
      gap_has_punctuation(list->text, list->items[list->count - 1].end, start);
  list->count++;
  return 0;
}

static void token_list_free(token_list *list) {
  free(list->items);
  free(list->arena);
  memset(list, 0, sizeof *list);
}

/* Tokenizes text into list, telling observer (NULL: none) each word. */
static int tokenize_into(lt_tokenizer *tokenizer, const char *text, size_t n, token_list *list,
                         const lt_string_map *classes, lt_word_fn observer, void *observer_context) {
  memset(list, 0, sizeof *list);
  list->text = text;
  list->length = n;
  list->classes = classes;
  list->observer = observer;
  list->observer_context = observer_context;
  return lt_tokenize(tokenizer, text, n, 0, collect_token, list);
}

#define FOLDED(list, i) ((list)->arena + (list)->items[i].fold)

/* ------------------------------------------------------------------------ */
/* The recognizer and its alias index                                        */
/* ------------------------------------------------------------------------ */

typedef struct alias_record {
  long *tokens;               /* interned ids */
  unsigned char *cases;       /* case requirement per token */
  unsigned char *punct;       /* the alias has punctuation before token i */
  int length;
  long entity;
  long next;                  /* next alias with the same first token, or -1;
                              ** lists are sorted longest first */
} alias_record;

struct lt_recognizer {
  lt_kb *kb;
  int discover;
  lt_tokenizer *tokenizer;
  lt_string_map token_ids;       /* folded token -> id */
  alias_record *aliases;
  size_t alias_count, alias_capacity;
  long *first;                /* token id -> first alias record, -1 */
  size_t first_capacity;
  lt_string_map discovered;      /* folded name -> discovered entity */
  lt_string_map surnames;        /* folded last name -> person entity, -2 if several */
  lt_string_map word_classes;    /* folded word -> WORD_* bits */
  lt_string_map ids;             /* every entity id -> entity, kept unique */
  lt_string_map not_entities;    /* acronyms defined as common nouns (`armes de
                              ** destruction massive (ADM)`) */
  lt_word_fn observer;           /* lt_recognizer_observe_words() */
  void *observer_context;
};

static long intern(lt_recognizer *r, const char *token, size_t len) {
  long id = lt_string_map_get(&r->token_ids, token, len, -1);
  if (id >= 0) return id;
  id = (long)r->token_ids.count;
  if (lt_string_map_put(&r->token_ids, token, len, id) != 0) return -1;
  if ((size_t)id >= r->first_capacity) {
    size_t capacity = r->first_capacity ? r->first_capacity * 2 : 1024;
    long *bigger = realloc(r->first, capacity * sizeof *bigger);
    if (!bigger) return -1;
    for (size_t i = r->first_capacity; i < capacity; i++) bigger[i] = -1;
    r->first = bigger;
    r->first_capacity = capacity;
  }
  return id;
}

/* Adds one alias of entity `entity` to the index.  Returns 0 or -1. */
static int index_alias(lt_recognizer *r, long entity, const char *alias) {
  token_list list;
  if (tokenize_into(r->tokenizer, alias, strlen(alias), &list, &r->word_classes, NULL, NULL) != 0) {
    token_list_free(&list);
    return -1;
  }
  int rc = 0;
  if (list.count == 0) goto done;
  alias_record record = { malloc(list.count * sizeof(long)), malloc(list.count), malloc(list.count),
                          (int)list.count, entity, -1 };
  if (!record.tokens || !record.cases || !record.punct) { rc = -1; goto fail; }
  for (size_t i = 0; i < list.count; i++) {
    record.tokens[i] = intern(r, FOLDED(&list, i), (size_t)list.items[i].fold_len);
    if (record.tokens[i] < 0) { rc = -1; goto fail; }
    int c = list.items[i].case_class;
    record.cases[i] = (unsigned char)(c == CASE_NONE ? CASE_LOWER : c);
    record.punct[i] = list.items[i].punct_before;
  }
  /* Already indexed (same entity, words and cases)? */
  for (long a = r->first[record.tokens[0]]; a >= 0; a = r->aliases[a].next) {
    const alias_record *other = &r->aliases[a];
    if (other->entity == entity && other->length == record.length &&
        memcmp(other->tokens, record.tokens, list.count * sizeof(long)) == 0 &&
        memcmp(other->cases, record.cases, list.count) == 0) goto fail;
  }
  if (lt_grow((void **)&r->aliases, &r->alias_capacity, r->alias_count + 1, sizeof *r->aliases, 1024) != 0) {
    rc = -1;
    goto fail;
  }
  long index = (long)r->alias_count++;
  long *link = &r->first[record.tokens[0]];
  while (*link >= 0 && r->aliases[*link].length >= record.length) link = &r->aliases[*link].next;
  record.next = *link;
  *link = index;
  r->aliases[index] = record;
  goto done;
fail:
  free(record.tokens);
  free(record.cases);
  free(record.punct);
done:
  token_list_free(&list);
  return rc;
}

/* The folded last word of an entity's name (for surname linking). */
static int register_surname(lt_recognizer *r, long entity) {
  const lt_entity *e = &r->kb->entities[entity];
  if (strcmp(e->type, "person") != 0) return 0;
  token_list list;
  int rc = tokenize_into(r->tokenizer, e->name_fr, strlen(e->name_fr), &list, &r->word_classes,
                         NULL, NULL);
  if (rc == 0 && list.count >= 2) {
    size_t last = list.count - 1;
    long known = lt_string_map_get(&r->surnames, FOLDED(&list, last), (size_t)list.items[last].fold_len, -1);
    rc = lt_string_map_put(&r->surnames, FOLDED(&list, last), (size_t)list.items[last].fold_len,
                 known >= 0 && known != entity ? -2 : entity);
  }
  token_list_free(&list);
  return rc;
}

/* Adds an alias to the kb entity and to the index. */
static int learn_alias(lt_recognizer *r, long entity, const char *alias) {
  if (lt_kb_add_alias(r->kb, (size_t)entity, alias) != 0) return -1;
  return index_alias(r, entity, alias);
}

static int build_word_classes(lt_string_map *classes);

lt_recognizer *lt_recognizer_new(lt_kb *kb, int discover) {
  lt_recognizer *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->kb = kb;
  r->discover = discover;
  r->tokenizer = lt_tokenizer_new();
  int rc = r->tokenizer ? build_word_classes(&r->word_classes) : -1;
  for (size_t e = 0; rc == 0 && e < kb->count; e++) {
    for (size_t a = 0; rc == 0 && a < kb->entities[e].alias_count; a++)
      rc = index_alias(r, (long)e, kb->entities[e].aliases[a]);
    if (rc == 0) rc = register_surname(r, (long)e);
    if (rc == 0) rc = lt_string_map_put(&r->ids, kb->entities[e].id, strlen(kb->entities[e].id), (long)e);
  }
  if (rc != 0) { lt_recognizer_free(r); return NULL; }
  return r;
}

void lt_recognizer_free(lt_recognizer *r) {
  if (!r) return;
  lt_tokenizer_free(r->tokenizer);
  lt_string_map_free(&r->token_ids);
  for (size_t i = 0; i < r->alias_count; i++) {
    free(r->aliases[i].tokens);
    free(r->aliases[i].cases);
    free(r->aliases[i].punct);
  }
  free(r->aliases);
  free(r->first);
  lt_string_map_free(&r->discovered);
  lt_string_map_free(&r->surnames);
  lt_string_map_free(&r->not_entities);
  lt_string_map_free(&r->word_classes);
  lt_string_map_free(&r->ids);
  free(r);
}

/* ------------------------------------------------------------------------ */
/* Matching                                                                  */
/* ------------------------------------------------------------------------ */

static void refresh_ids(lt_recognizer *r, token_list *list) {
  for (size_t i = 0; i < list->count; i++)
    if (list->items[i].id < 0)
      list->items[i].id = lt_string_map_get(&r->token_ids, FOLDED(list, i), (size_t)list->items[i].fold_len, -1);
}

/* The longest alias starting at token i: returns its length in tokens (0 if
** none) and the distinct entities that have an alias of that length there. */
static int match_at(const lt_recognizer *r, const token_list *list, size_t i,
                    long *entities, int *entity_count) {
  *entity_count = 0;
  long id = list->items[i].id;
  if (id < 0) return 0;
  int best = 0;
  for (long a = r->first[id]; a >= 0; a = r->aliases[a].next) {
    const alias_record *alias = &r->aliases[a];
    if (best && alias->length < best) break;
    if (i + (size_t)alias->length > list->count) continue;
    int ok = 1;
    for (int k = 0; k < alias->length && ok; k++) {
      const doc_token *t = &list->items[i + (size_t)k];
      ok = t->id == alias->tokens[k] && case_matches(alias->cases[k], t->case_class) &&
           (k == 0 || !t->punct_before || alias->punct[k]);
    }
    if (!ok) continue;
    best = alias->length;
    int known = 0;
    for (int k = 0; k < *entity_count; k++) known |= entities[k] == alias->entity;
    if (!known && *entity_count < LT_MAX_CANDIDATES) entities[(*entity_count)++] = alias->entity;
  }
  return best;
}

/* ------------------------------------------------------------------------ */
/* Word lists for discovery (folded forms)                                   */
/* ------------------------------------------------------------------------ */

/* The word lists below, as bits: each token gets the bits of the lists its
** folded form is in once, when the document is tokenized (one hash lookup),
** so that the rules test a bit instead of scanning lists. */
enum {
  WORD_NOT_NAMES = 1u << 0,
  WORD_FUNCTION_WORDS = 1u << 1,
  WORD_ACRONYM_SKIPS = 1u << 2,
  WORD_NAME_CONNECTORS = 1u << 3,
  WORD_ORGANIZATION_CONNECTORS = 1u << 4,
  WORD_ORGANIZATION_HEADS = 1u << 5,
  WORD_EVENT_HEADS = 1u << 6,
  WORD_LOWER_CASE_HEADS = 1u << 7,
  WORD_MONTH_NAMES = 1u << 8,
  WORD_PERSON_CUES = 1u << 9,
  WORD_EVENT_CUES = 1u << 10,
  WORD_PLACE_HEADS = 1u << 11,
  WORD_PLACE_CUES = 1u << 12,
  WORD_PLACE_OF_CUES = 1u << 13,
};

static int token_in(const token_list *list, size_t i, unsigned word_class) {
  return (list->items[i].word_class & word_class) != 0;
}

/* Capitalised words that are not names: function words, titles, document
** furniture, months and weekdays. */
static const char *const not_names[] = {
  "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "a", "en", "et",
  "ou", "mais", "donc", "or", "ni", "car", "ce", "cet", "cette", "ces", "son", "sa", "ses",
  "leur", "leurs", "notre", "nos", "votre", "vos", "mon", "ma", "mes", "il", "elle", "ils",
  "elles", "on", "nous", "vous", "je", "tu", "qui", "que", "quoi", "dont", "y", "dans", "par",
  "pour", "sur", "sous", "avec", "sans", "selon", "apres", "avant", "lors", "depuis", "pendant",
  "entre", "vers", "chez", "contre", "malgre", "afin", "ainsi", "alors", "aussi", "cependant",
  "toutefois", "enfin", "puis", "tous", "tout", "toute", "toutes", "chaque", "plusieurs",
  "certains", "certaines", "aucun", "aucune", "meme", "autres", "autre", "outre", "face",
  "suite", "concernant", "the", "an", "and", "of", "in", "on", "at", "to", "for", "from",
  "by", "with", "as", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
  "you", "i", "his", "her", "their", "our", "is", "are", "was", "were", "be", "has", "have",
  "not", "no", "yes", "but", "if", "when", "while", "after", "before", "since", "during",
  "also", "however", "monsieur", "madame", "mademoiselle", "m", "mme", "mlle", "mm", "messieurs",
  "mesdames", "mr", "mrs", "ms", "dr", "sm", "majeste", "excellence", "president", "presidente",
  "ministre", "directeur", "directrice", "secretaire", "general", "generale", "adjoint",
  "adjointe", "ambassadeur", "ambassadrice", "colonel", "major", "capitaine", "commandant",
  "lieutenant", "chef", "roi", "reine", "prince", "docteur", "professeur", "pr", "conseiller",
  "conseillere", "objet", "reference", "references", "ref", "annexe", "annexes", "page", "note",
  "notes", "copie", "source", "sources", "date", "tel", "fax", "email", "mail", "www", "http",
  "https", "resume", "introduction", "conclusion", "contexte", "confidentiel", "confidentielle",
  "secret", "restreint", "urgent", "diffusion", "destinataire", "destinataires", "communicable",
  "pj", "nb", "ps", "vu", "cf", "etc", "article", "articles", "chapitre", "titre", "section",
  "point", "points", "commentaire", "commentaires", "accueil", "actualite", "actualites", "lire",
  "rubrique", "publie", "partager", "imprimer", "recherche", "menu", "contact", "oui", "non",
  "merci", "cher", "chere", "chers", "janvier", "fevrier", "mars", "avril", "mai", "juin",
  "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "january", "february",
  "march", "april", "may", "june", "july", "august", "september", "october", "november",
  "december", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "etat",
  "etats", "gouvernement", "royaume", "republique", "sommet", "mission", "delegation",
  "nations", "alliance", "allies", "partenaires", "conseil", "comite", "initiative",
  "partenariat", "dialogue", "cooperation", "defense", "securite", "service", "services",
  "resolution", "declaration", "programme", "plan", "accord", "operation", "exercice",
  "ambassade", "departement", "ministere", "affaires", "etrangeres", "paragraphe", "sujet",
  "visited", "times", "reply", "leave", "cancel", "comment", "name", "website", "related",
  "read", "more", "autres", "dans", "rubrique", "premier", "premiere", "deuxieme", "second",
  "seconde", "troisieme", "nouveau", "nouvelle", "grand", "grande", "haut", "haute",
  "voir", "signe", "plus", "moins", "tres", "bien", "peu", "redaction", "edito", "transmission", "cryptee", "normale", "ci", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii",
  NULL
};

/* Words that make the name after them a person's: titles, ranks, honorifics. */
static const char *const person_cues[] = {
  "m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "mr", "mrs", "ms", "dr", "docteur",
  "ambassadeur", "ambassadrice", "ambassador", "colonel", "major", "general", "generale",
  "capitaine", "commandant", "lieutenant", "ministre", "minister", "directeur", "directrice",
  "director", "secretaire", "secretary", "president", "presidente", "conseiller", "conseillere", "etat",
  "adjoint", "adjointe", "homologue", "professeur", "senateur", "senator", "depute", "deputee",
  "juge", "judge", "amiral", "admiral", "porte", "parole", "patron", "chef", "sieur", NULL
};

/* Head nouns of organisation names. */
static const char *const organization_heads[] = {
  "direction", "conseil", "comite", "ministere", "agence", "bureau", "organisation",
  "organization", "office", "service", "services", "forum", "union", "centre", "center",
  "parti", "party", "institut", "institute", "commission", "departement", "department",
  "secretariat", "fondation", "foundation", "association", "banque", "bank", "cour", "court",
  "tribunal", "assemblee", "assembly", "senat", "senate", "ecole", "universite", "university",
  "forces", "force", "armee", "army", "gendarmerie", "police", "agency", "committee", "council",
  "ministry", "group", "groupe", "front", "mouvement", "movement", "federation", "autorite",
  "authority", "observatoire", "academie", "fonds", "fund",
  "societe", "compagnie", "company", "corporation", "journal", "radio", "television", "agence",
  "syndicat", "confederation", "brigade", "division", "regiment", "quartier", "departements",
  "ministeres", "bureaux", "conseils", "comites", "directions", "agences", NULL
};

/* Small words that may sit inside a name between capitalised words. */
static const char *const name_connectors[] = {
  "de", "du", "des", "la", "of", "the", "al", "el", "ben", "bin", "ould", "van", "von", "der",
  "den", "y", "da", "do", "dos", NULL
};

/* Words after which a name is a place. */
static const char *const place_cues[] = { "a", "en", "au", "aux", "in", NULL };

/* Words after which a single unknown name is most often a place (`du
** Sahel`, `vers Agadir`), when it is no known surname. */
static const char *const place_of_cues[] = { "a", "en", "au", "aux", "in", "du", "de", "vers", "depuis", NULL };

/* Words after which a name is an event's (`l'opération Unified Protector`). */
static const char *const event_cues[] = { "operation", "operations", "exercice", "exercise", "manoeuvres", NULL };

static const char *const month_names[] = {
  "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
  "novembre", "decembre", "april", "may", "june", "august", NULL
};

/* Words that do not count for an acronym's letters. */
static const char *const acronym_skips[] = {
  "de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "au", "aux", "a", "of", "the",
  "and", "for", "pour", "sur", "contre", "in", "on", NULL
};

/* ------------------------------------------------------------------------ */
/* Discovery                                                                 */
/* ------------------------------------------------------------------------ */

/* Words that never belong inside a name (articles, pronouns, conjunctions). */
static const char *const function_words[] = {
  "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "a", "en", "et",
  "ou", "mais", "donc", "ni", "car", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur",
  "leurs", "notre", "nos", "votre", "vos", "il", "elle", "ils", "elles", "on", "nous", "vous",
  "je", "qui", "que", "dont", "dans", "par", "pour", "sur", "avec", "selon", "the", "an",
  "and", "of", "in", "on", "at", "to", "for", "from", "by", "with", "this", "that", "it", NULL
};

/* Head nouns that name a place with what follows (`Rue Amir Abdelkader`). */
static const char *const place_heads[] = {
  "rue", "avenue", "boulevard", "pays", "mer", "ocean", "golfe", "cap", "ile", "iles", "mont",
  "lac", "detroit", "province", "region", "wilaya", "street", "sea", "gulf", "lake", NULL
};

/* Head nouns of named events (`Sommet de Cardiff`). */
static const char *const event_heads[] = { "sommet", "summit", "conference", NULL };

/* Lower-case words that may follow an organisation's head noun as adjectives
** (`Direction générale`, `Forum mondial`): by their French/English endings. */
static int looks_like_adjective(const char *word) {
  static const char *const endings[] = {
    "al", "ale", "ales", "aux", "ique", "iques", "ien", "ienne", "iens", "iennes", "ais",
    "aise", "aises", "aire", "aires", "if", "ive", "ifs", "ives", "el", "elle", "els", "elles",
    "eme", "emes", "ere", "eres", "ees", "ee", "es", "e", "ial", "ian", "ic", NULL
  };
  size_t n = strlen(word);
  if (n < 4) return 0;
  for (size_t i = 0; endings[i]; i++) {
    size_t m = strlen(endings[i]);
    if (n > m + 2 && strcmp(word + n - m, endings[i]) == 0) return 1;
  }
  return 0;
}

static int starts_with_digit(const token_list *list, size_t i) {
  char c = list->text[list->items[i].start];
  return c >= '0' && c <= '9';
}

/* A capitalised word that may start a name. */
static int is_name_word(const token_list *list, size_t i) {
  int c = list->items[i].case_class;
  return (c == CASE_CAPITAL || c == CASE_UPPER) && !token_in(list, i, WORD_NOT_NAMES) &&
         !starts_with_digit(list, i);
}

/* A capitalised word that may continue a name (`Bureau de Sécurité`). */
static int is_inner_name_word(const token_list *list, size_t i) {
  int c = list->items[i].case_class;
  return (c == CASE_CAPITAL || c == CASE_UPPER) && !token_in(list, i, WORD_FUNCTION_WORDS) &&
         !starts_with_digit(list, i);
}

/* An acronym: 2 to 6 capital ASCII letters, not glued to digits or slashes
** (`P/2012/CRY` is a reference). */
static int is_acronym(const token_list *list, size_t i) {
  const doc_token *t = &list->items[i];
  int n = t->end - t->start;
  if (t->case_class != CASE_UPPER || n < 2 || n > 6) return 0;
  for (int k = t->start; k < t->end; k++)
    if (!(list->text[k] >= 'A' && list->text[k] <= 'Z')) return 0;
  const char *text = list->text;
  if (t->start > 0 && (text[t->start - 1] == '/' || (text[t->start - 1] >= '0' && text[t->start - 1] <= '9'))) return 0;
  if ((size_t)t->end < list->length && (text[t->end] == '/' || (text[t->end] >= '0' && text[t->end] <= '9'))) return 0;
  return !token_in(list, i, WORD_NOT_NAMES);
}

/* Whether token i starts a sentence or a line: only spaces, quotes, bullets
** or an elided article separate it from the previous full stop or line. */
static int starts_sentence(const token_list *list, size_t i) {
  const char *text = list->text;
  int p = list->items[i].start;
  /* an elided article: "L'Alliance" */
  if (p >= 2 && (text[p - 1] == '\'' ) ) p -= 2;
  else if (p >= 4 && (unsigned char)text[p - 1] == 0x99 && (unsigned char)text[p - 2] == 0x80 &&
           (unsigned char)text[p - 3] == 0xE2) p -= 4;
  while (p > 0 && strchr(" \t\"'*-\xE2\x80\x9C\xC2\xAB\xA0(#", text[p - 1]) && text[p - 1]) p--;
  if (p == 0) return 1;
  char c = text[p - 1];
  return c == '\n' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
         (unsigned char)c == 0xA6; /* … */
}

/* Is the text between tokens a and b (a < b) only blanks, an elided article
** (`de l'OTAN`), or a hyphen joining two words (`Al-Qaida`; not ` - `)?
** Line breaks are allowed only when asked (an organisation's long name may
** wrap; two capitalised words on two lines are usually a heading and the
** next line). */
static int joined_across(const token_list *list, size_t a, size_t b, int allow_newline) {
  int blanks = 0, hyphen = 0, newlines = 0;
  const char *text = list->text;
  for (int k = list->items[a].end; k < list->items[b].start; k++) {
    char c = text[k];
    if (c == '\n') {
      /* one line break, and not before a word in capitals (a heading) */
      if (!allow_newline || ++newlines > 1 || list->items[b].case_class == CASE_UPPER) return 0;
      blanks++;
    }
    else if (c == ' ' || c == '\t') blanks++;
    else if (c == '-') hyphen++;
    else if (c == '\'' || (unsigned char)c >= 0x80) continue;
    else if (strchr("lLdDI", c) && (text[k + 1] == '\'' || (unsigned char)text[k + 1] == 0xE2)) continue;
    else return 0;
  }
  if (hyphen && blanks) return 0;
  return !list->items[b].punct_before;
}

static int joined_in_name(const token_list *list, size_t a, size_t b) {
  return joined_across(list, a, b, 1);
}

/* Whether only blanks, or the full stop of an abbreviated title (`M.`),
** separate token i from the one before. */
static int follows_title(const token_list *list, size_t i) {
  for (int k = list->items[i - 1].end; k < list->items[i].start; k++) {
    char c = list->text[k];
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '-' || (c == '.' && k == list->items[i - 1].end) ||
          (unsigned char)c == 0xC2 || (unsigned char)c == 0xA0)) return 0;
  }
  return 1;
}

/* The folded key of tokens [s, e): words joined by spaces (malloc'd). */
static char *folded_key(const token_list *list, size_t s, size_t e) {
  size_t n = 0;
  for (size_t i = s; i < e; i++) n += (size_t)list->items[i].fold_len + 1;
  char *key = malloc(n + 1), *p = key;
  if (!key) return NULL;
  for (size_t i = s; i < e; i++) {
    if (i > s) *p++ = ' ';
    memcpy(p, FOLDED(list, i), (size_t)list->items[i].fold_len);
    p += list->items[i].fold_len;
  }
  *p = 0;
  return key;
}

/* Appends to out the word [start, end) of text, turning a word in capitals
** into a capitalised one (`ALEM` -> `Alem`) when asked. */
static void append_word(char *out, size_t *len, const char *text, int start, int end, int title_case) {
  int first = 1;
  for (int i = start; i < end;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i, end - i, &cp);
    if (n <= 0) { out[(*len)++] = text[i++]; continue; }
    if (title_case && !first) cp = utf8proc_tolower(cp);
    if (utf8proc_category(cp) != UTF8PROC_CATEGORY_MN) first = 0;
    *len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + *len);
    i += (int)n;
  }
}

/* The display name of tokens [s, e): the text as written, with words in
** capitals title-cased when the name is a person's or mixes cases. */
static char *display_name(const token_list *list, size_t s, size_t e, int title_case_capitals) {
  const char *text = list->text;
  size_t cap = (size_t)(list->items[e - 1].end - list->items[s].start) * 2 + 8, len = 0;
  char *out = malloc(cap);
  if (!out) return NULL;
  int at = list->items[s].start;
  for (size_t i = s; i < e; i++) {
    const doc_token *t = &list->items[i];
    if (i > s) {  /* the separator as written, blanks collapsed */
      for (int k = at; k < t->start; k++) {
        char c = text[k] == '\n' || text[k] == '\t' ? ' ' : text[k];
        if (c == ' ' && len && out[len - 1] == ' ') continue;
        out[len++] = c;
      }
    }
    append_word(out, &len, text, t->start, t->end,
                title_case_capitals && t->case_class == CASE_UPPER && t->end - t->start > 2);
    at = t->end;
  }
  out[len] = 0;
  return out;
}

/* Finds or creates the discovered entity named by tokens [s, e), and makes
** its name an alias.  Returns its index, or -1 (memory), -2 (not a name). */
static long discover_entity(lt_recognizer *r, const token_list *list, size_t s, size_t e,
                            const char *type) {
  char *key = folded_key(list, s, e);
  if (!key) return -1;
  long entity = lt_string_map_get(&r->discovered, key, strlen(key), -1);
  int is_person = strcmp(type, "person") == 0;
  int mixed = 0;
  for (size_t i = s; i < e; i++) mixed |= list->items[i].case_class != CASE_UPPER;
  char *name = display_name(list, s, e, is_person || (mixed && e - s > 1));
  if (!name) { free(key); return -1; }
  if (entity < 0) {
    /* id: "found_" + the folded words joined by '_' */
    size_t n = strlen(key);
    char *id = malloc(n + 24);
    if (!id) { free(key); free(name); return -1; }
    memcpy(id, "found_", 6);
    for (size_t i = 0; i <= n; i++) id[6 + i] = key[i] == ' ' ? '_' : key[i];
    for (int suffix = 2; lt_string_map_get(&r->ids, id, strlen(id), -1) >= 0; suffix++)
      snprintf(id + 6 + n, 16, "_%d", suffix);
    entity = lt_kb_add_entity(r->kb, id, type, name, NULL, LT_ORIGIN_DISCOVERED);
    int rc = entity >= 0 ? lt_string_map_put(&r->ids, id, strlen(id), entity) : -1;
    free(id);
    if (rc != 0 || lt_string_map_put(&r->discovered, key, strlen(key), entity) != 0 ||
        register_surname(r, entity) != 0) { free(key); free(name); return -1; }
  }
  int rc = learn_alias(r, entity, name);
  free(key);
  free(name);
  return rc == 0 ? entity : -1;
}

/* Covered tokens: those inside a mention found by matching. */
typedef struct coverage {
  unsigned char *covered;   /* per token */
  long *entity;             /* per token: the entity of its mention, -1 */
} coverage;

/* Looks for an acronym defined around tokens at i: "Long Name (ACR)" or
** "ACR (Long Name)".  Links both to one entity.  Returns 0 or -1. */
static int link_acronym_definition(lt_recognizer *r, const token_list *list, size_t i,
                                   const coverage *cov) {
  const char *text = list->text;
  const doc_token *t = &list->items[i];
  if (!is_acronym(list, i)) return 0;
  size_t letters = (size_t)(t->end - t->start);
  int in_parentheses = t->start > 0 && text[t->start - 1] == '(' && (size_t)t->end < list->length &&
                       text[t->end] == ')';
  if (in_parentheses && i > 0) {
    /* "Long Name (ACR)": walk back over the words before "(" */
    size_t matched = 0, s = i;
    while (s > 0 && matched < letters) {
      s--;
      if (s + 1 < i && list->items[s + 1].punct_before) return 0;
      if (token_in(list, s, WORD_ACRONYM_SKIPS)) continue;
      char initial = FOLDED(list, s)[0];
      if (initial != (char)(text[t->start + letters - 1 - matched] | 0x20)) return 0;
      matched++;
    }
    if (matched < letters) return 0;
    if (list->items[s].case_class == CASE_LOWER) {
      /* defined as a common noun: never an entity, here or later */
      return lt_string_map_put(&r->not_entities, FOLDED(list, i), (size_t)t->fold_len, 1);
    }
    /* the expansion must be one mention or free text */
    long entity = cov->covered[s] ? cov->entity[s] : -1;
    for (size_t k = s; k < i; k++)
      if (cov->covered[k] != cov->covered[s] || cov->entity[k] != entity) return 0;
    if (cov->covered[s] && (entity < 0 || (s > 0 && cov->covered[s - 1] && cov->entity[s - 1] == entity))) return 0;
    if (cov->covered[i] && cov->entity[i] == entity) return 0;
    if (entity < 0) {
      entity = discover_entity(r, list, s, i, "organization");
      if (entity < 0) return entity == -1 ? -1 : 0;
    }
    char acronym[16];
    memcpy(acronym, text + t->start, letters);
    acronym[letters] = 0;
    return cov->covered[i] ? 0 : learn_alias(r, entity, acronym);
  }
  /* "ACR (Long Name)": the words inside the brackets spell the acronym */
  if (!cov->covered[i] && (size_t)t->end + 1 < list->length && text[t->end] == ' ' && text[t->end + 1] == '(' &&
      i + 1 < list->count && list->items[i + 1].start == t->end + 2) {
    size_t matched = 0, e = i + 1;
    for (; e < list->count && matched < letters; e++) {
      if (e > i + 1 && list->items[e].punct_before) return 0;
      if (cov->covered[e]) return 0;
      if (token_in(list, e, WORD_ACRONYM_SKIPS)) continue;
      if (FOLDED(list, e)[0] != (char)(text[t->start + matched] | 0x20) || list->items[e].case_class == CASE_LOWER)
        return 0;
      matched++;
    }
    if (matched < letters || (size_t)list->items[e - 1].end >= list->length || text[list->items[e - 1].end] != ')')
      return 0;
    long entity = discover_entity(r, list, i + 1, e, "organization");
    if (entity < 0) return entity == -1 ? -1 : 0;
    char acronym[16];
    memcpy(acronym, text + t->start, letters);
    acronym[letters] = 0;
    return learn_alias(r, entity, acronym);
  }
  return 0;
}

static size_t skip_connectors(const token_list *list, const coverage *cov, size_t c) {
  while (c < list->count && !cov->covered[c] && token_in(list, c, WORD_NAME_CONNECTORS) &&
         list->items[c].case_class == CASE_LOWER && joined_in_name(list, c - 1, c)) c++;
  return c;
}

/* Connectors inside an organisation's name (`Forum mondial de lutte contre
** le terrorisme`). */
static const char *const organization_connectors[] = {
  "de", "du", "des", "la", "le", "les", "l", "d", "au", "aux", "en", "pour", "contre", "et",
  "of", "the", "for", "and", "on", NULL
};

/* The end of an organisation's name starting at head token i: capitalised
** words, adjectives, and lower-case words after connectors, up to the first
** punctuation or text a name does not contain.  Returns i + 1 when nothing
** follows the head. */
static size_t organization_end(const token_list *list, const coverage *cov, size_t i) {
  size_t e = i + 1, limit = i + 14 < list->count ? i + 14 : list->count;
  while (e < limit && !cov->covered[e] && joined_in_name(list, e - 1, e)) {
    const char *word = FOLDED(list, e);
    if (is_inner_name_word(list, e) || (list->items[e].case_class == CASE_LOWER && looks_like_adjective(word) &&
                                        !token_in(list, e, WORD_ORGANIZATION_CONNECTORS))) { e++; continue; }
    size_t c = e;
    /* connectors in lower case, or in capitals inside a name in capitals */
    while (c < limit && !cov->covered[c] &&
           (list->items[c].case_class == CASE_LOWER ||
            (list->items[c].case_class == CASE_UPPER && list->items[c - 1].case_class == CASE_UPPER)) &&
           token_in(list, c, WORD_ORGANIZATION_CONNECTORS) && joined_in_name(list, c - 1, c)) c++;
    if (c == e || c >= limit || cov->covered[c] || !joined_in_name(list, c - 1, c)) break;
    /* `... et des Départements`: another organisation starts */
    if (list->items[c].case_class != CASE_LOWER && token_in(list, c, WORD_ORGANIZATION_HEADS)) break;
    int after_and = strcmp(FOLDED(list, e), "et") == 0 || strcmp(FOLDED(list, e), "and") == 0;
    if (is_inner_name_word(list, c) ||
        (!after_and && list->items[c].case_class == CASE_LOWER && list->items[c].fold_len >= 4 &&
         !starts_with_digit(list, c) && !token_in(list, c, WORD_NOT_NAMES))) { e = c + 1; continue; }
    break;
  }
  return e;
}

static int any_token_in(const token_list *list, size_t s, size_t e, unsigned word_class) {
  for (size_t k = s; k < e; k++) if (token_in(list, k, word_class)) return 1;
  return 0;
}

/* In lower case only these heads start official names (`ministère des
** Affaires étrangères`, `département d'État`); `les services de` does not. */
static const char *const lower_case_heads[] = { "ministere", "departement", "bureau", NULL };

static const struct { const char *const *words; unsigned word_class; } word_lists[] = {
  { not_names, WORD_NOT_NAMES },
  { function_words, WORD_FUNCTION_WORDS },
  { acronym_skips, WORD_ACRONYM_SKIPS },
  { name_connectors, WORD_NAME_CONNECTORS },
  { organization_connectors, WORD_ORGANIZATION_CONNECTORS },
  { organization_heads, WORD_ORGANIZATION_HEADS },
  { event_heads, WORD_EVENT_HEADS },
  { lower_case_heads, WORD_LOWER_CASE_HEADS },
  { month_names, WORD_MONTH_NAMES },
  { person_cues, WORD_PERSON_CUES },
  { event_cues, WORD_EVENT_CUES },
  { place_heads, WORD_PLACE_HEADS },
  { place_cues, WORD_PLACE_CUES },
  { place_of_cues, WORD_PLACE_OF_CUES },
};

/* Fills the recognizer's map from folded word to list bits. */
static int build_word_classes(lt_string_map *classes) {
  for (size_t l = 0; l < sizeof word_lists / sizeof word_lists[0]; l++)
    for (size_t w = 0; word_lists[l].words[w]; w++) {
      const char *word = word_lists[l].words[w];
      long bits = lt_string_map_get(classes, word, strlen(word), 0);
      if (lt_string_map_put(classes, word, strlen(word), bits | (long)word_lists[l].word_class) != 0) return -1;
    }
  return 0;
}

/* Runs discovery over the tokens no alias covers. */
static int discover_names(lt_recognizer *r, const token_list *list, const coverage *cov,
                          const lt_string_map *lower_words);

static int discover(lt_recognizer *r, const token_list *list, const coverage *cov) {
  for (size_t i = 0; i < list->count; i++)
    if (link_acronym_definition(r, list, i, cov) != 0) return -1;
  /* The words the document also writes in lower case: `LUTTE` in a heading
  ** is the word `lutte`, not an acronym. */
  lt_string_map lower_words = {0};
  int rc = 0;
  for (size_t i = 0; i < list->count && rc == 0; i++)
    if (list->items[i].case_class == CASE_LOWER && list->items[i].fold_len >= 4)
      rc = lt_string_map_put(&lower_words, FOLDED(list, i), (size_t)list->items[i].fold_len, 1);
  if (rc == 0) rc = discover_names(r, list, cov, &lower_words);
  lt_string_map_free(&lower_words);
  return rc;
}

static int discover_names(lt_recognizer *r, const token_list *list, const coverage *cov,
                          const lt_string_map *lower_words) {
  for (size_t i = 0; i < list->count; i++) {
    if (cov->covered[i]) continue;
    const char *word = FOLDED(list, i);
    int capitalised = list->items[i].case_class == CASE_CAPITAL || list->items[i].case_class == CASE_UPPER;
    const char *type = NULL;
    size_t e = i + 1;
    if (token_in(list, i, WORD_EVENT_HEADS)) {
      /* `Sommet de Cardiff`, `sommet de l'OTAN` (the name may be covered) */
      size_t c = i + 1;
      if (c < list->count && (strcmp(FOLDED(list, c), "de") == 0 || strcmp(FOLDED(list, c), "du") == 0)) c++;
      if (c > i + 1 && c < list->count && joined_in_name(list, i, i + 1) && joined_in_name(list, c - 1, c) &&
          (list->items[c].case_class == CASE_CAPITAL || list->items[c].case_class == CASE_UPPER) &&
          !token_in(list, c, WORD_FUNCTION_WORDS)) {
        e = c + 1;
        while (e < list->count && is_inner_name_word(list, e) && joined_in_name(list, e - 1, e)) e++;
        type = "event";
        /* the name inside was matched: the event takes the whole span */
        if (discover_entity(r, list, i, e, type) == -1) return -1;
        i = e - 1;
        continue;
      }
    }
    /* In lower case only these heads start official names (`ministère des
    ** Affaires étrangères`, `département d'État`); `les services de` does not. */
    int head = token_in(list, i, WORD_ORGANIZATION_HEADS) &&
               (capitalised || (!starts_sentence(list, i) && token_in(list, i, WORD_LOWER_CASE_HEADS)));
    if (head) {
      e = organization_end(list, cov, i);
      /* trailing connectors and lower-case words that are not adjectives go */
      while (e > i + 1 && list->items[e - 1].case_class == CASE_LOWER &&
             token_in(list, e - 1, WORD_ORGANIZATION_CONNECTORS)) e--;
      int has_capital_after_head = 0;
      for (size_t k = i + 1; k < e; k++) has_capital_after_head |= list->items[k].case_class != CASE_LOWER;
      if (e > i + 1 && (capitalised || has_capital_after_head)) {
        if (discover_entity(r, list, i, e, "organization") == -1) return -1;
        i = e - 1;
        continue;
      }
      e = i + 1;
    }
    /* A month can be a first name (`Avril Haines`) when a name follows. */
    int month_first_name = list->items[i].case_class == CASE_CAPITAL && token_in(list, i, WORD_MONTH_NAMES) &&
                           i + 1 < list->count && list->items[i + 1].case_class == CASE_CAPITAL &&
                           is_name_word(list, i + 1) && joined_across(list, i, i + 1, 0);
    if (!is_name_word(list, i) && !month_first_name) continue;
    /* The name: capitalised words, with connectors between them; two
    ** acronyms side by side (`DGSN-DGST`) stay two names. */
    while (e < list->count && !cov->covered[e]) {
      int both_acronyms = is_acronym(list, e - 1) && is_acronym(list, e);
      if (is_name_word(list, e) && joined_across(list, e - 1, e, 0) && !both_acronyms) { e++; continue; }
      size_t c = skip_connectors(list, cov, e);
      if (c > e && c < list->count && !cov->covered[c] && is_name_word(list, c) &&
          joined_across(list, c - 1, c, 0)) { e = c + 1; continue; }
      break;
    }
    int sentence_start = starts_sentence(list, i);
    int capitals_only = 1, connectors_inside = 0, hyphenated = 0;
    for (size_t k = i; k < e; k++) {
      capitals_only &= list->items[k].case_class == CASE_UPPER;
      connectors_inside |= list->items[k].case_class == CASE_LOWER;
      if (k > i) for (int b = list->items[k - 1].end; b < list->items[k].start; b++) hyphenated |= list->text[b] == '-';
    }
    int first_mixed = list->items[i].case_class == CASE_CAPITAL;
    long known_person = e - i == 1 ? lt_string_map_get(&r->surnames, word, (size_t)list->items[i].fold_len, -1) : -1;
    if (known_person >= 0) type = NULL;  /* a surname alone: linked below */
    else if (i > 0 && follows_title(list, i) && token_in(list, i - 1, WORD_PERSON_CUES) && !capitals_only) type = "person";
    else if (i > 0 && follows_title(list, i) && token_in(list, i - 1, WORD_EVENT_CUES) && first_mixed) type = "event";
    else if (token_in(list, i, WORD_PLACE_HEADS) && e > i + 1) type = "place";
    else if (any_token_in(list, i, e, WORD_ORGANIZATION_HEADS) && e > i + 1) type = "organization";
    else if (e - i == 1 && is_acronym(list, i) && list->items[i].end - list->items[i].start >= 3 &&
             lt_string_map_get(&r->not_entities, word, strlen(word), -1) < 0 &&
             lt_string_map_get(lower_words, word, strlen(word), -1) < 0) {
      /* an acronym, unless the line is all capitals (a heading) */
      int heading = (i > 0 && !list->items[i].punct_before && list->items[i - 1].case_class == CASE_UPPER &&
                     list->items[i - 1].end - list->items[i - 1].start > 2 && is_name_word(list, i - 1)) ||
                    (i + 1 < list->count && !list->items[i + 1].punct_before &&
                     list->items[i + 1].case_class == CASE_UPPER &&
                     list->items[i + 1].end - list->items[i + 1].start > 2 && is_name_word(list, i + 1));
      if (!heading) type = "organization";
    } else if (capitals_only) {
      type = NULL;  /* a heading in capitals */
    } else if (i > 0 && !list->items[i].punct_before && token_in(list, i - 1, WORD_PLACE_CUES) &&
               list->items[i - 1].case_class == CASE_LOWER && !connectors_inside && !hyphenated) type = "place";
    else if (e - i >= 2 && e - i <= 4 && first_mixed && !connectors_inside && !hyphenated) type = "person";
    else if (e - i == 1 && first_mixed && !sentence_start && i > 0 && !list->items[i].punct_before &&
             token_in(list, i - 1, WORD_PLACE_OF_CUES) && list->items[i - 1].case_class == CASE_LOWER &&
             list->items[i].fold_len >= 4 &&
             lt_string_map_get(&r->surnames, word, (size_t)list->items[i].fold_len, -1) < 0) type = "place";
    if (known_person >= 0) {
      /* a surname alone joins the person named in full (surnames are
      ** registered as persons are found, this document's first) */
      char surname[LT_MAX_TOKEN_BYTES * 4 + 1];
      int n = list->items[i].end - list->items[i].start;
      if (n < (int)sizeof surname) {
        memcpy(surname, list->text + list->items[i].start, (size_t)n);
        surname[n] = 0;
        if (learn_alias(r, known_person, surname) != 0) return -1;
      }
    }
    if (type) {
      long entity = discover_entity(r, list, i, e, type);
      if (entity == -1) return -1;
      /* An acronym of four letters or more is also written as a word
      ** (`Otan`); shorter ones would meet common words (`Nos`). */
      int n = list->items[i].end - list->items[i].start;
      if (entity >= 0 && e - i == 1 && is_acronym(list, i) && n >= 4) {
        char word_form[8];
        for (int k = 0; k < n; k++)
          word_form[k] = (char)(k ? list->text[list->items[i].start + k] | 0x20 : list->text[list->items[i].start]);
        word_form[n] = 0;
        if (learn_alias(r, entity, word_form) != 0) return -1;
      }
    }
    i = e - 1;
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Ambiguity                                                                 */
/* ------------------------------------------------------------------------ */

/* How much the context around mention m supports entity `entity`: its
** other, unambiguous mentions in the document, and the words around m that
** its description or names use. */
static int context_score(lt_recognizer *r, const token_list *list, const size_t *mention_counts,
                         size_t first_token, size_t last_token, long entity) {
  int score = (int)(10 * mention_counts[entity]);
  const lt_entity *e = &r->kb->entities[entity];
  size_t cap = 16;
  for (const char *s = e->description_fr; s && *s; s++) cap++;
  for (const char *s = e->description_en; s && *s; s++) cap++;
  char *about = malloc(cap + strlen(e->name_fr) + strlen(e->name_en) + 8);
  if (!about) return score;
  snprintf(about, cap + strlen(e->name_fr) + strlen(e->name_en) + 8, "%s %s %s %s", e->name_fr, e->name_en,
           e->description_fr ? e->description_fr : "", e->description_en ? e->description_en : "");
  token_list words;
  if (tokenize_into(r->tokenizer, about, strlen(about), &words, &r->word_classes, NULL, NULL) == 0) {
    size_t from = first_token > 12 ? first_token - 12 : 0;
    size_t to = last_token + 12 < list->count ? last_token + 12 : list->count;
    for (size_t i = from; i < to; i++) {
      if (i >= first_token && i <= last_token) continue;
      if (list->items[i].fold_len < 4) continue;
      for (size_t w = 0; w < words.count; w++)
        if (strcmp(FOLDED(list, i), FOLDED(&words, w)) == 0) { score++; break; }
    }
  }
  token_list_free(&words);
  free(about);
  return score;
}

/* ------------------------------------------------------------------------ */
/* One document                                                              */
/* ------------------------------------------------------------------------ */

typedef struct mention_list {
  lt_mention *items;
  size_t *first_token, *last_token;
  size_t count, capacity;
} mention_list;

/* Whether [start, end) lies in a reference code: a run of text without
** blanks that holds digits and brackets or slashes (`PPC-DS(2012)0009`,
** `143/4 P/2012/CRY`).  Names glued into codes are not mentions. */
static int in_reference_code(const char *text, size_t n, int start, int end) {
  size_t from = (size_t)start, to = (size_t)end;
  while (from > 0 && !strchr(" \t\n\r", text[from - 1])) from--;
  while (to < n && !strchr(" \t\n\r", text[to])) to++;
  int digits = 0, marks = 0;
  for (size_t k = from; k < to; k++) {
    digits |= text[k] >= '0' && text[k] <= '9';
    marks |= text[k] == '(' || text[k] == '/';
  }
  return digits && marks;
}

static int match_all(lt_recognizer *r, const token_list *list, mention_list *out, coverage *cov) {
  out->count = 0;
  memset(cov->covered, 0, list->count);
  for (size_t i = 0; i < list->count; i++) cov->entity[i] = -1;
  for (size_t i = 0; i < list->count;) {
    long entities[LT_MAX_CANDIDATES];
    int entity_count;
    int length = match_at(r, list, i, entities, &entity_count);
    if (length && in_reference_code(list->text, list->length, list->items[i].start,
                                    list->items[i + (size_t)length - 1].end)) length = 0;
    if (!length) { i++; continue; }
    if (out->count == out->capacity) {
      size_t capacity = out->capacity ? out->capacity * 2 : 64;
      lt_mention *items = realloc(out->items, capacity * sizeof *items);
      if (items) out->items = items;
      size_t *first = realloc(out->first_token, capacity * sizeof *first);
      if (first) out->first_token = first;
      size_t *last = realloc(out->last_token, capacity * sizeof *last);
      if (last) out->last_token = last;
      if (!items || !first || !last) return -1;
      out->capacity = capacity;
    }
    lt_mention *m = &out->items[out->count];
    memset(m, 0, sizeof *m);
    m->start = list->items[i].start;
    m->end = list->items[i + (size_t)length - 1].end;
    m->entity = entity_count == 1 ? entities[0] : -1;
    m->candidate_count = entity_count > 1 ? entity_count : 0;
    for (int k = 0; k < m->candidate_count; k++) m->candidates[k] = entities[k];
    out->first_token[out->count] = i;
    out->last_token[out->count] = i + (size_t)length - 1;
    for (size_t k = i; k < i + (size_t)length; k++) { cov->covered[k] = 1; cov->entity[k] = m->entity; }
    out->count++;
    i += (size_t)length;
  }
  return 0;
}

void lt_recognizer_observe_words(lt_recognizer *r, lt_word_fn fn, void *context) {
  r->observer = fn;
  r->observer_context = context;
}

int lt_recognize(lt_recognizer *r, const char *text, size_t n, lt_mention **mentions, size_t *count) {
  *mentions = NULL;
  *count = 0;
  token_list list;
  mention_list found = {0};
  coverage cov = {0};
  int rc = tokenize_into(r->tokenizer, text, n, &list, &r->word_classes, r->observer,
                         r->observer_context);
  if (rc == 0 && list.count) {
    cov.covered = malloc(list.count);
    cov.entity = malloc(list.count * sizeof(long));
    if (!cov.covered || !cov.entity) rc = -1;
  }
  if (rc == 0 && list.count) {
    refresh_ids(r, &list);
    rc = match_all(r, &list, &found, &cov);
    if (rc == 0 && r->discover) {
      rc = discover(r, &list, &cov);
      /* discovered names and learnt aliases now match everywhere in the
      ** document, including before the place they were found */
      refresh_ids(r, &list);
      if (rc == 0) rc = match_all(r, &list, &found, &cov);
    }
  }
  /* Shared aliases: the candidate the context supports best, if one does.
  ** Mentions per entity are counted once and kept up to date as mentions
  ** are resolved (a scan of all mentions per ambiguous one was quadratic:
  ** hours for a 100 MB document). */
  size_t *mention_counts = NULL;
  if (rc == 0 && found.count) {
    mention_counts = calloc(r->kb->count ? r->kb->count : 1, sizeof *mention_counts);
    if (!mention_counts) rc = -1;
    for (size_t k = 0; rc == 0 && k < found.count; k++)
      if (found.items[k].entity >= 0) mention_counts[found.items[k].entity]++;
  }
  for (size_t k = 0; rc == 0 && k < found.count; k++) {
    lt_mention *m = &found.items[k];
    if (m->candidate_count < 2) continue;
    int best = -1, best_score = -1, tie = 0;
    for (int c = 0; c < m->candidate_count; c++) {
      int score = context_score(r, &list, mention_counts, found.first_token[k],
                                found.last_token[k], m->candidates[c]);
      if (score > best_score) { best_score = score; best = c; tie = 0; }
      else if (score == best_score) tie = 1;
    }
    if (!tie && best_score > 0) {
      m->entity = m->candidates[best];
      mention_counts[m->entity]++;
    }
  }
  free(mention_counts);
  token_list_free(&list);
  free(cov.covered);
  free(cov.entity);
  free(found.first_token);
  free(found.last_token);
  if (rc != 0) { free(found.items); return -1; }
  *mentions = found.items;
  *count = found.count;
  if (!found.count) { free(found.items); *mentions = NULL; }
  return 0;
}
