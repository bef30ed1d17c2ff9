/*
** index.h — the index file: its schema, and the open-index handle shared by
** index_build.c (writes it), index_open.c (opens it) and search.c (reads it).
**
** An index is one SQLite database:
**   meta(key, value)        format version, corpus title, counts
**   documents(...)          one row per document: text, metadata, SHA-256
**   entities(...)           people, organisations, places... that the
**                           documents name (entities.h), with their
**                           aliases, document count and first/last dates
**   entity_aliases          folded alias -> entity, to read queries
**   mentions(doc, entity, start, end)  where each document names each
**   doc_columns             per-document arrays for searches (doc_table.h)
**   documents_fts           FTS5 over documents(title, body), external
**                           content (the text is stored once), read with
**                           the Lanterne tokenizer, ranked by BM25 with the
**                           title weighted LT_TITLE_WEIGHT times the body.
** A packed index (index_pack.h, the one pages carry) has no documents_fts
** in the file: it is rebuilt in memory, in the temp schema, after opening.
*/
#ifndef LT_INDEX_H
#define LT_INDEX_H

#include "sqlite3.h"
#include "index_pack.h"
#include "stem_words.h"
#include "tokenizer.h"

/* How much more a word in a title counts than one in the body (BM25
** column weight; rank.c reads it as a number, the schema as text). */
#define LT_TITLE_WEIGHT_VALUE 10.0
#define LT_TITLE_WEIGHT LT_STRINGIFY(LT_TITLE_WEIGHT_VALUE)

/* The columns of documents_fts, as FTS5's xInst() numbers them. */
#define LT_FTS_TITLE_COLUMN 0
#define LT_FTS_BODY_COLUMN 1

#define LT_STRINGIFY_(x) #x
#define LT_STRINGIFY(x) LT_STRINGIFY_(x)

#define LT_SCHEMA_SQL                                                         \
  "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"     \
  " WITHOUT ROWID;"                                                           \
  "CREATE TABLE documents("                                                   \
  " rowid INTEGER PRIMARY KEY,"                                               \
  " id TEXT NOT NULL UNIQUE,"                                                 \
  " title TEXT NOT NULL,"                                                     \
  " date TEXT,"              /* YYYY, YYYY-MM or YYYY-MM-DD */                \
  " date_precision TEXT,"    /* year, month or day */                         \
  " date_source TEXT,"       /* metadata, or the rule that found it */        \
  " date_start TEXT,"        /* date padded with -00: see LT_DATE_KEY */      \
  " date_end TEXT,"          /* date padded with -99 */                       \
  " source TEXT, url TEXT, language TEXT, type TEXT, classification TEXT,"    \
  " path TEXT NOT NULL,"     /* relative to the corpus folder */              \
  " sha256 TEXT NOT NULL,"   /* of body */                                    \
  " text_bytes INTEGER NOT NULL,"                                             \
  /* Last, because SQLite reads a row's columns in order: any column after */\
  /* the text would cost a walk through its overflow pages, which made the */\
  /* timeline (date keys of every match) 10x slower on long documents. */   \
  " body TEXT NOT NULL);"                                                     \
  "CREATE INDEX documents_by_date ON documents(date_start IS NULL, date_start, id);" \
  /* Dates the text mentions ("speaks of"), one row per expression. */        \
  "CREATE TABLE dates("                                                       \
  " doc INTEGER NOT NULL,"   /* documents.rowid */                            \
  " start INTEGER NOT NULL, end INTEGER NOT NULL," /* byte offsets in body */ \
  " value TEXT NOT NULL, end_value TEXT, precision TEXT NOT NULL,"            \
  " date_start TEXT NOT NULL, date_end TEXT NOT NULL);"                       \
  "CREATE INDEX dates_by_doc ON dates(doc);"                                  \
  /* Entities: those of the knowledge base, and the gazetteer's and the */   \
  /* discovered ones that some document mentions. */                        \
  "CREATE TABLE entities("                                                    \
  " rowid INTEGER PRIMARY KEY,"                                               \
  " id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,"                             \
  " name TEXT NOT NULL, name_en TEXT,"                                        \
  " aliases TEXT NOT NULL,"  /* JSON array of strings, as written */          \
  " description TEXT, description_en TEXT, role TEXT, wikidata TEXT,"         \
  " docs INTEGER NOT NULL DEFAULT 0," /* documents that mention it */         \
  " first_date TEXT, last_date TEXT," /* of those documents */                \
  " discovered INTEGER NOT NULL,"     /* 1: found in text, in no KB */        \
  " origin TEXT NOT NULL);"           /* kb, gazetteer or discovered */       \
  /* key: an alias's folded tokens joined by single spaces, the form the */  \
  /* query parser gives each item. */                                       \
  "CREATE TABLE entity_aliases(key TEXT NOT NULL, entity INTEGER NOT NULL,"   \
  " PRIMARY KEY(key, entity)) WITHOUT ROWID;"                                 \
  "CREATE TABLE mentions("                                                    \
  " doc INTEGER NOT NULL,"   /* documents.rowid */                            \
  " entity INTEGER NOT NULL," /* entities.rowid */                            \
  " start INTEGER NOT NULL, end INTEGER NOT NULL);" /* byte offsets in body */\
  "CREATE INDEX mentions_by_entity ON mentions(entity, doc);"                 \
  "CREATE INDEX mentions_by_doc ON mentions(doc, entity);"                    \
  /* The per-document columns of doc_table.h, computed at build time. */     \
  "CREATE TABLE doc_columns(name TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL);" \
  /* Which corpus words share a stem: queries are widened with it. */       \
  LT_STEM_WORDS_SCHEMA_SQL                                                    \
  LT_FTS_SCHEMA_SQL("", "documents", "rowid")

/*
** The full-text index: FTS5 over `content`(title, body), whose rowids are
** the column `content_rowid`, created in `schema` ("" or "temp.").  A built
** index has it in the file over documents; a packed one (index_pack.h) has
** it rebuilt at every opening, in memory, over a view of documents.
*/
#define LT_FTS_SCHEMA_SQL(schema, content, content_rowid)                     \
  "CREATE VIRTUAL TABLE " schema "documents_fts USING fts5(title, body,"      \
  " content='" content "', content_rowid='" content_rowid "',"                \
  " tokenize='lanterne');"

/* Its settings, the same wherever it is built: BM25 with the title weighted;
** postings held in memory up to 64 MB before FTS5 writes a segment, and no
** merging while it is built (once, by 'optimize', at the end), which makes
** big builds fast and the result the same whatever the insertion history. */
#define LT_FTS_SETTINGS_SQL                                                   \
  "INSERT INTO documents_fts(documents_fts, rank)"                            \
  " VALUES('rank', 'bm25(" LT_TITLE_WEIGHT ", 1.0)');"                         \
  "INSERT INTO documents_fts(documents_fts, rank) VALUES('hashsize', 67108864);" \
  "INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 0);"

/*
** Date keys.  A date of any precision is stored twice, padded to the same
** length so that plain string comparison orders and overlaps them right:
** its start ("2018-11" -> "2018-11-00") and its end ("2018-11-99").  A
** period [from, to] (itself padded the same way) holds a date when
** date_start <= to_end and date_end >= from_start, which makes a document
** dated "2018-11" part of any period that overlaps November 2018.
*/
/* (LT_DATE_KEY_SIZE and lt_date_key() are in dates.h.) */

/* The value of `key` in db's meta table (lanterne_malloc'd: free it with
** lanterne_free()), or NULL when it is missing or cannot be read. */
char *lt_index_meta(sqlite3 *db, const char *key);

/* The open-index handle behind lanterne_index. */
struct lanterne_index {
  sqlite3 *db;
  lt_tokenizer *tokenizer;  /* reads the reader's queries */
  char *name;               /* file name, for messages */
  struct lt_doc_table *docs; /* per-document columns (doc_table.h), read
                            ** on the first search; NULL until then */
  lt_full_text full_text;   /* whether the full-text index is there yet
                            ** (rebuilt when packed: index_pack.h) */
};

#endif
