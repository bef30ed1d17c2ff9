/*
** entity_index.c — the entities of an index as the reader sees them: per
** hit, as search facets, one entity in detail (lanterne_entity) and the
** list of all (lanterne_entities).  See entity_index.h and lanterne.h.
*/
#include "entity_index.h"
#include "json.h"
#include "lanterne.h"

#include <stdlib.h>
#include <string.h>

#define ENTITY_DOCUMENTS_MAX 200
#define COOCCURRING_MAX 20

static const char *column_text(sqlite3_stmt *stmt, int i) {
  return (const char *)sqlite3_column_text(stmt, i);
}

/* Adds id, name and type, the statement's first three columns: how an
** entity is named everywhere the API lists one. */
static void add_entity_reference(cJSON *item, sqlite3_stmt *stmt) {
  cJSON_AddStringToObject(item, "id", column_text(stmt, 0));
  cJSON_AddStringToObject(item, "name", column_text(stmt, 1));
  cJSON_AddStringToObject(item, "type", column_text(stmt, 2));
}

int lt_hit_entities_prepare(sqlite3 *db, sqlite3_stmt **stmt) {
  int rc = sqlite3_prepare_v2(db,
      "SELECT e.id, e.name, e.type FROM mentions m JOIN entities e ON e.rowid = m.entity"
      " WHERE m.doc = ?1 GROUP BY m.entity ORDER BY count(*) DESC, e.id LIMIT ?2", -1, stmt, NULL);
  if (rc == SQLITE_OK) sqlite3_bind_int(*stmt, 2, LT_HIT_ENTITIES);
  return rc;
}

int lt_hit_entities_add(sqlite3_stmt *stmt, sqlite3_int64 doc, cJSON *hit) {
  sqlite3_bind_int64(stmt, 1, doc);
  cJSON *list = cJSON_AddArrayToObject(hit, "entities");
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    cJSON *item = cJSON_CreateObject();
    add_entity_reference(item, stmt);
    cJSON_AddItemToArray(list, item);
  }
  sqlite3_reset(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Orders the facet candidates of one type: more documents first, then id. */
typedef struct facet_candidate {
  int32_t entity;
  int32_t docs;
  int32_t id_order;
} facet_candidate;

static int compare_candidates(const void *a, const void *b) {
  const facet_candidate *x = a, *y = b;
  if (x->docs != y->docs) return x->docs > y->docs ? -1 : 1;
  return (x->id_order > y->id_order) - (x->id_order < y->id_order);
}

int lt_facets_add(lanterne_index *index, const lt_doc_table *t, const lt_selection *s, cJSON *answer) {
  /* Documents per entity: each document lists each entity once. */
  int32_t *docs = calloc((size_t)t->max_entity + 1, sizeof *docs);
  facet_candidate *candidates = malloc(((size_t)t->max_entity + 1) * sizeof *candidates);
  sqlite3_stmt *stmt = NULL;
  int rc = docs && candidates ? SQLITE_OK : SQLITE_NOMEM;
  for (int i = 0; rc == SQLITE_OK && i < s->count; i++) {
    int32_t r = s->rowids[i];
    for (int32_t k = t->entities_first[r]; k < t->entities_first[r + 1]; k++) docs[t->entities[k]]++;
  }
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(index->db, "SELECT id, name FROM entities WHERE rowid = ?1", -1, &stmt, NULL);
  cJSON *facets = cJSON_AddObjectToObject(answer, "facets");
  /* The three main types are always present, even empty; others follow
  ** in name order when some entity of theirs is counted. */
  cJSON_AddArrayToObject(facets, "person");
  cJSON_AddArrayToObject(facets, "organization");
  cJSON_AddArrayToObject(facets, "place");
  for (int type = 0; rc == SQLITE_OK && type < t->type_count; type++) {
    size_t n = 0;
    for (int32_t e = 1; e <= t->max_entity; e++)
      if (docs[e] && t->entity_type[e] == type) candidates[n++] = (facet_candidate){e, docs[e], t->entity_id_order[e]};
    if (!n) continue;
    qsort(candidates, n, sizeof *candidates, compare_candidates);
    const char *type_name = t->type_names[type];
    cJSON *list = cJSON_GetObjectItemCaseSensitive(facets, type_name);
    if (!list) list = cJSON_AddArrayToObject(facets, type_name);
    for (size_t i = 0; rc == SQLITE_OK && i < n && i < LT_FACET_SIZE; i++) {
      sqlite3_bind_int64(stmt, 1, candidates[i].entity);
      if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "id", column_text(stmt, 0));
        cJSON_AddStringToObject(item, "name", column_text(stmt, 1));
        cJSON_AddNumberToObject(item, "count", candidates[i].docs);
        cJSON_AddItemToArray(list, item);
        rc = SQLITE_OK;
      } else if (rc == SQLITE_DONE) {
        rc = SQLITE_CORRUPT;
      }
      sqlite3_reset(stmt);
    }
  }
  sqlite3_finalize(stmt);
  free(docs);
  free(candidates);
  return rc;
}

/* Adds the entity columns shared by the list and the detail. */
static void add_entity_summary(cJSON *item, sqlite3_stmt *stmt) {
  add_entity_reference(item, stmt);
  cJSON *aliases = cJSON_Parse(column_text(stmt, 3) ? column_text(stmt, 3) : "[]");
  cJSON_AddItemToObject(item, "aliases", aliases ? aliases : cJSON_CreateArray());
  cJSON_AddNumberToObject(item, "docs", sqlite3_column_double(stmt, 4));
}

#define ENTITY_SUMMARY_COLUMNS "id, name, type, aliases, docs"

char *lanterne_entities(lanterne_index *index, const char *request_json) {
  if (!index) return lt_json_error("no index is open");
  cJSON *request = lt_json_parse_request(request_json);
  if (!request) return lt_json_error("the entities request is not a JSON object");
  const char *type = lt_json_get_string(request, "type", NULL);
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(index->db,
      "SELECT " ENTITY_SUMMARY_COLUMNS " FROM entities WHERE (?1 IS NULL OR type = ?1)"
      " ORDER BY docs DESC, id", -1, &stmt, NULL);
  if (rc != SQLITE_OK) { cJSON_Delete(request); return lt_json_error_index(index->name, rc); }
  if (type) sqlite3_bind_text(stmt, 1, type, -1, SQLITE_TRANSIENT);
  cJSON_Delete(request);
  cJSON *answer = cJSON_CreateObject();
  cJSON *list = cJSON_AddArrayToObject(answer, "entities");
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    cJSON *item = cJSON_CreateObject();
    add_entity_summary(item, stmt);
    cJSON_AddItemToArray(list, item);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) { cJSON_Delete(answer); return lt_json_error_index(index->name, rc); }
  return lt_json_finish(answer);
}

/* Adds the documents that mention entity `rowid`, by date. */
static int add_entity_documents(sqlite3 *db, sqlite3_int64 rowid, cJSON *entity) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db,
      "SELECT d.id, d.title, d.date, count(*) FROM mentions m JOIN documents d ON d.rowid = m.doc"
      " WHERE m.entity = ?1 GROUP BY m.doc ORDER BY d.date_start IS NULL, d.date_start, d.id LIMIT ?2",
      -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(stmt, 1, rowid);
  sqlite3_bind_int(stmt, 2, ENTITY_DOCUMENTS_MAX);
  cJSON *list = cJSON_AddArrayToObject(entity, "documents");
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "id", column_text(stmt, 0));
    cJSON_AddStringToObject(item, "title", column_text(stmt, 1));
    lt_json_add_string_or_null(item, "date", column_text(stmt, 2));
    cJSON_AddNumberToObject(item, "mentions", sqlite3_column_double(stmt, 3));
    cJSON_AddItemToArray(list, item);
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Adds the entities named in the same documents, with the number of
** documents they share. */
static int add_cooccurring(sqlite3 *db, sqlite3_int64 rowid, cJSON *entity) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db,
      "SELECT e.id, e.name, e.type, count(DISTINCT o.doc) AS shared FROM mentions o"
      " JOIN entities e ON e.rowid = o.entity"
      " WHERE o.doc IN (SELECT doc FROM mentions WHERE entity = ?1) AND o.entity != ?1"
      " GROUP BY o.entity ORDER BY shared DESC, e.id LIMIT ?2", -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(stmt, 1, rowid);
  sqlite3_bind_int(stmt, 2, COOCCURRING_MAX);
  cJSON *list = cJSON_AddArrayToObject(entity, "cooccurring");
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    cJSON *item = cJSON_CreateObject();
    add_entity_reference(item, stmt);
    cJSON_AddNumberToObject(item, "count", sqlite3_column_double(stmt, 3));
    cJSON_AddItemToArray(list, item);
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

char *lanterne_entity(lanterne_index *index, const char *request_json) {
  if (!index) return lt_json_error("no index is open");
  cJSON *request = lt_json_parse_request(request_json);
  if (!request) return lt_json_error("the entity request is not a JSON object");
  const char *id = lt_json_get_string(request, "id", NULL);
  if (!id) { cJSON_Delete(request); return lt_json_error("the entity request has no id"); }
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(index->db,
      "SELECT " ENTITY_SUMMARY_COLUMNS ", name_en, description, description_en, role, wikidata,"
      " first_date, last_date, discovered, origin, rowid FROM entities WHERE id = ?1", -1, &stmt, NULL);
  if (rc != SQLITE_OK) { cJSON_Delete(request); return lt_json_error_index(index->name, rc); }
  sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    char *error = rc == SQLITE_DONE ? lt_json_error_no_such("entity", id) : lt_json_error_index(index->name, rc);
    sqlite3_finalize(stmt);
    cJSON_Delete(request);
    return error;
  }
  cJSON_Delete(request);
  cJSON *entity = cJSON_CreateObject();
  add_entity_summary(entity, stmt);
  static const char *fields[] = { "name_en", "description", "description_en", "role", "wikidata",
                                  "first_date", "last_date" };
  for (int i = 0; i < 7; i++) lt_json_add_string_or_null(entity, fields[i], column_text(stmt, 5 + i));
  cJSON_AddBoolToObject(entity, "discovered", sqlite3_column_int(stmt, 12));
  cJSON_AddStringToObject(entity, "origin", column_text(stmt, 13));
  sqlite3_int64 rowid = sqlite3_column_int64(stmt, 14);
  sqlite3_finalize(stmt);
  rc = add_entity_documents(index->db, rowid, entity);
  if (rc == SQLITE_OK) rc = add_cooccurring(index->db, rowid, entity);
  if (rc != SQLITE_OK) {
    cJSON_Delete(entity);
    return lt_json_error_index(index->name, rc);
  }
  return lt_json_finish(entity);
}
