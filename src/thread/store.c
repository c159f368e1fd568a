/* thread store: rebuild the thread_node table from the headers in the message table.
 * The whole tree is recomputed each time (threading is a global function of all headers:
 * a parent imported late re-attaches its ghost's replies), inside one transaction so
 * readers see either the old tree or the new one. A fingerprint of the message table in
 * the meta table tells when the tree is stale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/thread.h"

#define STAMP_KEY "thread_stamp"
/* Bumped when the threading rules change, so stored trees are rebuilt. */
#define STAMP_VERSION "1"

/* What the tree depends on, summed over every message: cheap to compute (one pass over
 * the header columns, bodies are not read) and changed by any insert, delete or update of
 * the threading headers. */
static int fingerprint(struct rp_store *s, char *out, size_t outsz, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = rp_store_prepare(s, &st,
			      "SELECT count(*), max(id), total(id), total(date), total(list_id),"
			      " total(length(refs)), total(length(in_reply_to)), total(length(subject)),"
			      " total(length(message_id)) FROM message",
			      err);
	if (rc)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = rp_store_error(s, err, "fingerprinting messages");
		goto cleanup;
	}
	snprintf(out, outsz, "%s:%lld:%lld:%.17g:%.17g:%.17g:%.17g:%.17g:%.17g:%.17g", STAMP_VERSION,
		 (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 1),
		 sqlite3_column_double(st, 2), sqlite3_column_double(st, 3),
		 sqlite3_column_double(st, 4), sqlite3_column_double(st, 5),
		 sqlite3_column_double(st, 6), sqlite3_column_double(st, 7),
		 sqlite3_column_double(st, 8));
cleanup:
	sqlite3_finalize(st);
	return rc;
}

int rp_thread_is_stale(struct rp_store *s, int *stale, struct rp_error *err)
{
	char now[512];
	char *stored = NULL;
	int rc;

	*stale = 1;
	if ((rc = fingerprint(s, now, sizeof(now), err)))
		return rc;
	if ((rc = rp_store_meta_get(s, STAMP_KEY, &stored, err)))
		return rc;
	*stale = !stored || strcmp(stored, now) != 0;
	free(stored);
	return 0;
}

/* All header strings of the message table live in one buffer; inputs point into it once
 * reading is done (the buffer moves while it grows). */
struct loaded {
	struct rp_thread_input *in;
	size_t n, alloc;
	size_t (*off)[4];
	struct rp_buf strings;
};

static int add_text(struct rp_buf *b, sqlite3_stmt *st, int col, size_t *off)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	if (!t) {
		*off = (size_t)-1;
		return 0;
	}
	*off = b->len;
	return rp_buf_add(b, t, (size_t)sqlite3_column_bytes(st, col) + 1);
}

static int load(struct rp_store *s, struct loaded *l, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i, k;
	int rc, step;

	rc = rp_store_prepare(s, &st,
			      "SELECT message_id, in_reply_to, refs, subject, date, list_id FROM message",
			      err);
	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->alloc) {
			size_t na = l->alloc ? l->alloc * 2 : 4096;
			void *a = realloc(l->in, na * sizeof(*l->in));
			void *b = a ? realloc(l->off, na * sizeof(*l->off)) : NULL;
			if (a)
				l->in = a;
			if (b)
				l->off = b;
			if (!a || !b) {
				rc = rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
				goto cleanup;
			}
			l->alloc = na;
		}
		memset(&l->in[l->n], 0, sizeof(l->in[l->n]));
		for (k = 0; k < 4; k++) {
			if (add_text(&l->strings, st, (int)k, &l->off[l->n][k])) {
				rc = rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
				goto cleanup;
			}
		}
		l->in[l->n].date = sqlite3_column_int64(st, 4);
		l->in[l->n].list_id = sqlite3_column_int64(st, 5);
		l->n++;
	}
	if (step != SQLITE_DONE) {
		rc = rp_store_error(s, err, "reading message headers");
		goto cleanup;
	}
	for (i = 0; i < l->n; i++) {
		const char **f[4] = { &l->in[i].message_id, &l->in[i].in_reply_to,
				      &l->in[i].references, &l->in[i].subject };
		for (k = 0; k < 4; k++)
			*f[k] = l->off[i][k] == (size_t)-1 ? NULL : l->strings.buf + l->off[i][k];
	}
cleanup:
	sqlite3_finalize(st);
	return rc;
}

static int cmp_node_id(const void *a, const void *b)
{
	return strcmp((*(struct rp_thread_node *const *)a)->message_id,
		      (*(struct rp_thread_node *const *)b)->message_id);
}

/* Replace the table's rows; inserting in key order keeps the B-tree writes sequential. */
static int write_nodes(struct rp_store *s, struct rp_thread_node *nodes, size_t n,
		       struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	struct rp_thread_node **sorted = NULL;
	size_t i;
	int rc;

	if ((rc = rp_store_exec(s, "DELETE FROM thread_node", err)))
		return rc;
	if (!(sorted = malloc((n ? n : 1) * sizeof(*sorted))))
		return rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
	for (i = 0; i < n; i++)
		sorted[i] = &nodes[i];
	qsort(sorted, n, sizeof(*sorted), cmp_node_id);
	rc = rp_store_prepare(s, &st,
			      "INSERT OR IGNORE INTO thread_node(message_id, parent, thread, ghost, depth)"
			      " VALUES (?1, ?2, ?3, ?4, ?5)",
			      err);
	for (i = 0; !rc && i < n; i++) {
		struct rp_thread_node *nd = sorted[i];
		if (!nd->message_id[0])
			continue; /* the store gives every message an id; nothing to key on */
		rp_bind_text(st, 1, nd->message_id);
		rp_bind_text(st, 2, nd->parent);
		rp_bind_text(st, 3, nd->thread);
		sqlite3_bind_int(st, 4, nd->ghost);
		sqlite3_bind_int(st, 5, nd->depth);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = rp_store_error(s, err, "writing thread_node");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(sorted);
	return rc;
}

int rp_thread_update(struct rp_store *s, struct rp_error *err)
{
	struct loaded l = { .strings = RP_BUF_INIT };
	struct rp_thread_node *nodes = NULL;
	size_t n_nodes = 0;
	char stamp[512];
	int rc, nested = !sqlite3_get_autocommit(rp_store_db(s));

	/* Take the write lock before reading, so no import slips in between. Inside a
	 * caller's transaction a savepoint keeps the all-or-nothing property. */
	rc = nested ? rp_store_exec(s, "SAVEPOINT thread_update", err) : rp_store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = load(s, &l, err)))
		goto cleanup;
	if ((rc = rp_thread_build(&nodes, &n_nodes, l.in, l.n, NULL, err)))
		goto cleanup;
	if ((rc = write_nodes(s, nodes, n_nodes, err)))
		goto cleanup;
	if ((rc = fingerprint(s, stamp, sizeof(stamp), err)))
		goto cleanup;
	if ((rc = rp_store_meta_set(s, STAMP_KEY, stamp, err)))
		goto cleanup;
	rc = nested ? rp_store_exec(s, "RELEASE thread_update", err) : rp_store_commit(s, err);
cleanup:
	if (rc) {
		if (nested) {
			sqlite3_exec(rp_store_db(s), "ROLLBACK TO thread_update; RELEASE thread_update",
				     NULL, NULL, NULL);
		} else {
			rp_store_rollback(s);
		}
	}
	rp_thread_nodes_free(nodes, n_nodes);
	free(l.in);
	free(l.off);
	rp_buf_release(&l.strings);
	return rc;
}
