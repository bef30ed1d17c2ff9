/*
** lanterne.h — the whole public API of the Lanterne core.
**
** Lanterne turns a folder of documents into one SQLite file (the index) and
** answers searches over it.  The same functions serve the native `lanterne`
** command-line tool and the WebAssembly module that runs inside the page, so
** that both give byte-for-byte the same answers.
**
** Requests and answers cross this boundary as JSON text (UTF-8, NUL-ended),
** which keeps the WebAssembly exports few and stable: a new search option is a
** new JSON field, not a new function.
**
** Memory ownership, in one rule: every `char *` a lanterne_* function returns
** is owned by the caller and must be released with lanterne_free().  Every
** `const char *` argument is only read during the call.  The one exception is
** lanterne_open_bytes(), which takes ownership of its buffer.
**
** Errors: functions returning JSON never return NULL (except when memory runs
** out); on failure they return {"error": "<message for a person>"}.  Messages
** name the file and the problem; they never contain a raw SQLite error.
*/
#ifndef LANTERNE_H
#define LANTERNE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LANTERNE_VERSION "0.1.0"

/* Version of the index file layout.  An index written with another format
** version is refused with a message saying to rebuild it. */
#define LANTERNE_INDEX_FORMAT 5

/* An open index.  Opaque; one per open index; not shared between threads. */
typedef struct lanterne_index lanterne_index;

/* Returns LANTERNE_VERSION.  Static string: do not free. */
const char *lanterne_version(void);

/* Allocates n bytes that lanterne_free() or lanterne_open_bytes() can
** release.  JavaScript uses it to pass strings and the index bytes in. */
void *lanterne_malloc(size_t n);

/* Frees anything a lanterne_* function returned, or lanterne_malloc() gave.
** NULL is allowed. */
void lanterne_free(void *p);

/*
** Builds the index of the corpus in folder `corpus_dir` into the file
** `output_path`.  `options_json` may be NULL or {}, or give options:
**   "kb": "path/to/entities.json"  a knowledge base (else <corpus>/entities.json
**                                  when present), added to the built-in gazetteer;
**   "threads": 1 or 2 (default 2)  2 uses a second thread: to read half of
**                                  the files, to find dates, entities and
**                                  spellings while the index is written, and
**                                  to stem the spellings; the file is the
**                                  same either way;
**   "in_memory_mb": N (default 256) a corpus of at most N MB of text is
**                                  indexed in memory and written once; a
**                                  bigger one in a scratch file beside
**                                  `output_path` (removed at the end), which
**                                  keeps the memory used to about the text's
**                                  size; 0: always a scratch file.  The file
**                                  is the same either way.
**
** The index is written to a temporary file beside `output_path` and renamed
** into place only once complete, so a failed build leaves any previous index
** untouched.  The same corpus always gives a byte-identical file.
**
** Returns a JSON report: {"documents": N, "text_bytes": N, "index_bytes": N,
** "entities": N (entities mentioned),
** "warnings": ["<file>: <problem>", ...]} or {"error": "..."}.
** Native builds only (the page never builds indexes).
*/
char *lanterne_build(const char *corpus_dir, const char *output_path, const char *options_json);

/*
** Writes to `output_path` the packed form of the index at `index_path`, the
** one pages ship: the same index without its full-text index (FTS5's
** postings, about 45 % of the index once compressed), which every opening
** of the packed file rebuilds in memory from the documents' text (about
** 0.4 s natively for 24 MB of text; see lanterne_prepare()), to answer
** exactly as the index it came from.  Written beside the output and renamed into place, like an
** index.
** Returns {"index_bytes": N, "packed_bytes": N} or {"error": "..."}.
** Native builds only.
*/
char *lanterne_pack(const char *index_path, const char *output_path);

/*
** Rebuilds further the full-text index of a packed index just opened
** (lanterne_pack()), a step at a time, so that a page can go on drawing
** meanwhile.  An index opens at once and answers at once what needs no
** word search; the first request that needs one finishes the rebuild
** itself, so calling this is never needed, only kinder to the reader.
** `request_json`: {"bytes": N}, about how much text to index in this step
** (0 or absent: all of it).
** Answer: {"ready": bool, "documents_done": N, "documents": N} (ready at
** once for a built index), or {"error": "..."}.
*/
char *lanterne_prepare(lanterne_index *index, const char *request_json);

/*
** Opens an index file read-only.  On failure returns NULL and, if `error` is
** not NULL, sets *error to a message naming the file (free it with
** lanterne_free()).
*/
lanterne_index *lanterne_open_file(const char *path, char **error);

/*
** Opens an index held in memory: `bytes` (n bytes) must come from
** lanterne_malloc() and is owned by the index from then on, even on failure
** (it is freed then).  `name` is only used in messages (e.g. "lanterne.html").
** On failure returns NULL and sets *error as lanterne_open_file() does.
*/
lanterne_index *lanterne_open_bytes(void *bytes, size_t n, const char *name, char **error);

/* Closes an index and frees everything it holds.  NULL is allowed. */
void lanterne_close(lanterne_index *index);

/*
** Searches.  `request_json`:
**   {"query": "text as the reader typed it",       (default "")
**    "limit": 20, "offset": 0,                       (limit capped at 1000)
**    "as_you_type": false,  (true: the last word is a prefix unless the
**                            query ends with a space)
**    "sort": "relevance" | "date",  (default: relevance, or date when the
**                                    query has no words)
**    "from": "YYYY[-MM[-DD]]", "to": "YYYY[-MM[-DD]]",  (inclusive; partial
**            dates cover their whole period and a document dated "2018-11"
**            is inside any period overlapping November 2018)
**    "dates": "written" | "mentioned",  (what from/to apply to: the date
**            a document was written, default, or the dates it speaks of)
**    "timeline": true,  (false to skip the histograms)
**    "entities": ["id", ...],  (documents that mention all of them)
**    "facets": true}  (false to skip the entity facets)
** Query language: words (all must match), "exact phrases", prefix*,
** -excluded, OR between two words or phrases.  Any text is accepted: what
** cannot be understood is read as plain words, never as an error.
**
** Answer: {"query": "...", "total": N, "offset": N, "limit": N,
**          "hits": [{"id", "title", "date", "source", "language", "score",
**                    "snippet": "plain text",
**                    "highlights": [[start, end], ...],
**                    "entities": [{"id", "name", "type"}]}],  (most named)
**          "facets": {"person": [{"id", "name", "count"}], "organization":
**                     [...], "place": [...], ...},  (top 10 per type over
**                     all `total` documents; count = documents)
**          "timeline": {"written": {"unit", "buckets": [{"key", "count"}],
**                                   "undated"},
**                       "mentioned": {"unit", "buckets"}}}
** `highlights` are UTF-8 byte offsets into `snippet` of the matched words.
** The timeline describes all `total` documents, not only this page (see
** src/timeline.h for bucket sizes).  A bad from/to gives {"error"}.
** An empty query lists every document by date.
** A word or phrase of the query that is an alias of an entity also finds
** the documents that mention that entity under any other alias (`NATO`
** finds the documents that say `OTAN`); those found only that way come
** after the others, with score 0.  An unknown id in "entities" is an error.
*/
char *lanterne_search(lanterne_index *index, const char *request_json);

/*
** Fetches one document.  `request_json`: {"id": "...", "query": "..."}; with
** a query, the answer's `highlights` are the UTF-8 byte offsets in `text` of
** every word that query matches.
** Answer: {"id", "title", "date", "date_precision", "date_source", "source",
**          "url", "language", "type", "classification", "path", "sha256",
**          "text", "highlights",
**          "mentions": [{"start", "end", "entity", "type", "name"}],
**          "dates": [{"start", "end", "value", "end_value", "precision"}]}
** (mentions and dates in text order, byte offsets into `text`)
** or {"error": "no document with id ..."}.
*/
char *lanterne_document(lanterne_index *index, const char *request_json);

/*
** Checks the index against the corpus folder it was built from: reads the
** folder again as lanterne_build() does and compares every document's
** SHA-256 with the one the index recorded.
** Answer: {"unchanged": N, "changed": [ids], "missing": [ids no longer in
** the folder], "added": [ids not in the index], "warnings": [...]}, or
** {"error": "..."} when the folder cannot be read.  Native builds only.
*/
char *lanterne_verify(lanterne_index *index, const char *corpus_dir);

/*
** Describes the corpus: {"title", "documents": N, "text_bytes": N,
** "first_date", "last_date", "languages": {"fr": N, ...},
** "format": N, "lanterne_version": "..."}.
*/
char *lanterne_info(lanterne_index *index);

/*
** One entity of the index.  `request_json`: {"id": "nato"}.
** Answer: {"id", "name", "type", "aliases": [...], "docs": N, "name_en",
**          "description", "description_en", "role", "wikidata",
**          "first_date", "last_date" (dates of the first and last documents
**          that mention it), "discovered": bool, "origin": "kb" |
**          "gazetteer" | "discovered",
**          "documents": [{"id", "title", "date", "mentions": N}] (by date),
**          "cooccurring": [{"id", "name", "type", "count"}] (entities named in
**          the same documents; count = documents shared; most first)}
** or {"error": "no entity with id ..."}.
*/
char *lanterne_entity(lanterne_index *index, const char *request_json);

/*
** Lists the entities of the index, most documents first.  `request_json`:
** {"type": "person"} or {} for all.
** Answer: {"entities": [{"id", "name", "type", "aliases", "docs"}]}.
*/
char *lanterne_entities(lanterne_index *index, const char *request_json);

/*
** Finds what the index would record about one text (valid or not UTF-8;
** it is repaired first).  `options_json` may be NULL or {"date": "YYYY[-MM[-DD]]"},
** the document's date when known (metadata), which also gives the year of
** dates written without one.
** Options may also give {"kb": "path/to/entities.json"} (a knowledge base
** added to the built-in gazetteer of countries, capitals and regions) and
** {"discover": false} (only known names, no discovery).
** Answer: {"document_date": {"value", "precision", "source", "start", "end"}
**          or null,
**          "dates": [{"text", "start", "end", "value", "precision",
**                     "end_value"}],
**          "entities": [{"id", "name", "type", "discovered": true (if so),
**                        "mentions": [{"text", "start", "end"}]}]}
** Entities come in order of first mention; a mention whose alias belongs to
** several entities that the context cannot tell apart has "id": null and
** "candidates": [ids].  A bad knowledge base gives {"error"} naming it.
** with UTF-8 byte offsets into the repaired text.  `source` says how the
** date was found: "metadata", "date header", "dateline", "letter date",
** "publication line" or "date line".
*/
char *lanterne_annotate(const char *text, const char *options_json);

/*
** Shows how the tokenizer reads `text` (for the CLI's `tokens` command and
** for tests): {"tokens": [{"token", "start", "end", "colocated": bool}]},
** with UTF-8 byte offsets into `text`.
*/
char *lanterne_tokens(const char *text);

/*
** Shows what a reader's query becomes (for the CLI and tests):
** {"match": "<FTS5 expression or null>", "exclude": "<... or null>"}.
*/
char *lanterne_parse_query(const char *query, int as_you_type);

#ifdef __cplusplus
}
#endif

#endif /* LANTERNE_H */
