/* store: drafts and their sections in the database (tables draft and section).
 * A draft is written in one savepoint, so it works inside or outside a caller's
 * transaction and a failure leaves nothing half-written. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapporteur/draft.h"

static int bind_opt_int(sqlite3_stmt *st, int idx, int64_t v)
{
	return v ? sqlite3_bind_int64(st, idx, v) : sqlite3_bind_null(st, idx);
}

/* What a revision takes from the draft it revises: its version plus one, and its list
 * (*list 0 when it has none). Nothing else: a revision is circulated by its own message,
 * with its own deadline and title. */
static int from_revised(struct rp_store *s, int64_t revises, int64_t *version, int64_t *list,
			struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*version = 1;
	*list = 0;
	if (!revises)
		return 0;
	if ((rc = rp_store_prepare(s, &st, "SELECT version, list_id FROM draft WHERE id = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, revises);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0) + 1;
		*list = sqlite3_column_int64(st, 1); /* 0 when NULL */
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = rp_error_set(err, RP_ENOTFOUND, "draft", "no draft %lld to revise",
				  (long long)revises);
	} else {
		rc = rp_store_error(s, err, "reading the revised draft");
	}
	sqlite3_finalize(st);
	return rc;
}

static int insert_sections(struct rp_store *s, const struct rp_draft_doc *doc, int64_t draft,
			   struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t i;
	int rc;

	ids = calloc(doc->n + 1, sizeof(*ids));
	if (!ids)
		return rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
	rc = rp_store_prepare(s, &st,
			      "INSERT INTO section (draft, ordinal, number, heading, text, level, "
			      "parent, page_from, page_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			      err);
	for (i = 0; !rc && i < doc->n; i++) {
		const struct rp_section *sec = &doc->sections[i];
		int parent = sec->parent;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, draft);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		rp_bind_text(st, 3, sec->number);
		rp_bind_text(st, 4, sec->heading);
		rp_bind_text(st, 5, sec->text ? sec->text : "");
		sqlite3_bind_int(st, 6, sec->level);
		/* the parent is stored as its row id; parents always precede children */
		if (parent >= 0 && (size_t)parent < i)
			sqlite3_bind_int64(st, 7, ids[parent]);
		else
			sqlite3_bind_null(st, 7);
		bind_opt_int(st, 8, sec->page_from);
		bind_opt_int(st, 9, sec->page_to);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = rp_store_error(s, err, "inserting a section");
		ids[i] = sqlite3_last_insert_rowid(rp_store_db(s));
	}
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

int rp_draft_store(struct rp_store *s, const struct rp_draft_doc *doc, const char *text,
		   const struct rp_draft_meta *meta, int64_t *id_out, struct rp_error *err)
{
	static const struct rp_draft_meta none = { 0 };
	sqlite3_stmt *st = NULL;
	int64_t list = 0, version = 1, id = 0;
	const char *title;
	int rc;

	if (!meta)
		meta = &none;
	title = meta->title ? meta->title : doc->title ? doc->title : "untitled draft";
	if ((rc = rp_store_exec(s, "SAVEPOINT draft_store", err)))
		return rc;
	/* a revision stays on the list of the draft it revises unless given one */
	if ((rc = from_revised(s, meta->revises, &version, &list, err)))
		goto cleanup;
	if (meta->list && (rc = rp_store_list_id(s, meta->list, 1, &list, err)))
		goto cleanup;
	if ((rc = rp_store_prepare(s, &st,
				   "INSERT INTO draft (title, version, source, circulated, list_id, "
				   "deadline, revises, text, created) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				   err)))
		goto cleanup;
	rp_bind_text(st, 1, title);
	sqlite3_bind_int64(st, 2, version);
	rp_bind_text(st, 3, meta->source);
	rp_bind_text(st, 4, meta->circulated);
	bind_opt_int(st, 5, list);
	bind_opt_int(st, 6, meta->deadline);
	bind_opt_int(st, 7, meta->revises);
	rp_bind_text(st, 8, text ? text : "");
	sqlite3_bind_int64(st, 9, (int64_t)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = rp_store_error(s, err, "inserting the draft");
		goto cleanup;
	}
	id = sqlite3_last_insert_rowid(rp_store_db(s));
	if ((rc = insert_sections(s, doc, id, err)))
		goto cleanup;
	rc = rp_store_exec(s, "RELEASE draft_store", err);
cleanup:
	sqlite3_finalize(st);
	if (rc) {
		rp_store_exec(s, "ROLLBACK TO draft_store", NULL);
		rp_store_exec(s, "RELEASE draft_store", NULL);
	} else if (id_out) {
		*id_out = id;
	}
	return rc;
}

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? rp_strdup((const char *)t) : NULL;
}

static int load_sections(struct rp_store *s, int64_t id, struct rp_draft_doc *d,
			 struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *rowids = NULL, *parents = NULL;
	size_t n = 0, a = 0, i, j;
	int rc;

	rc = rp_store_prepare(s, &st,
			      "SELECT id, number, heading, text, level, parent, page_from, page_to "
			      "FROM section WHERE draft = ?1 ORDER BY ordinal",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rp_section *sec;
		if (n == a) {
			size_t na = a ? 2 * a : 16;
			void *ns = realloc(d->sections, na * sizeof(*d->sections));
			void *nr = ns ? realloc(rowids, na * sizeof(*rowids)) : NULL;
			void *np = nr ? realloc(parents, na * sizeof(*parents)) : NULL;
			if (ns)
				d->sections = ns;
			if (nr)
				rowids = nr;
			if (!np) {
				rc = rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
				goto cleanup;
			}
			parents = np;
			a = na;
		}
		sec = &d->sections[n];
		memset(sec, 0, sizeof(*sec));
		d->n = ++n;
		rowids[n - 1] = sqlite3_column_int64(st, 0);
		parents[n - 1] = sqlite3_column_int64(st, 5); /* 0 when NULL */
		sec->number = column_dup(st, 1);
		sec->heading = column_dup(st, 2);
		sec->text = column_dup(st, 3);
		if (!sec->text || (!sec->number && sqlite3_column_type(st, 1) != SQLITE_NULL) ||
		    (!sec->heading && sqlite3_column_type(st, 2) != SQLITE_NULL)) {
			rc = rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
			goto cleanup;
		}
		sec->level = sqlite3_column_int(st, 4);
		sec->page_from = sqlite3_column_int(st, 6);
		sec->page_to = sqlite3_column_int(st, 7);
		sec->parent = -1;
		if (sec->page_from > 0)
			d->has_pages = 1;
	}
	if (rc != SQLITE_DONE) {
		rc = rp_store_error(s, err, "reading sections");
		goto cleanup;
	}
	rc = 0;
	/* parent row ids back to indices (parents precede children) */
	for (i = 0; i < n; i++)
		for (j = 0; parents[i] && j < i; j++)
			if (rowids[j] == parents[i])
				d->sections[i].parent = (int)j;
cleanup:
	sqlite3_finalize(st);
	free(rowids);
	free(parents);
	return rc;
}

int rp_draft_load(struct rp_store *s, int64_t id, struct rp_draft_doc **out, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	struct rp_draft_doc *d = NULL;
	int rc;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
	if ((rc = rp_store_prepare(s, &st, "SELECT title FROM draft WHERE id = ?1", err)))
		goto cleanup;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = rp_error_set(err, RP_ENOTFOUND, "draft", "no draft %lld", (long long)id);
		goto cleanup;
	}
	if (rc != SQLITE_ROW) {
		rc = rp_store_error(s, err, "reading the draft");
		goto cleanup;
	}
	d->title = column_dup(st, 0);
	if ((rc = load_sections(s, id, d, err)))
		goto cleanup;
	*out = d;
	d = NULL;
cleanup:
	sqlite3_finalize(st);
	rp_draft_doc_free(d);
	return rc;
}
