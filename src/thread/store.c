/* thread store: rebuild the thread_node table from the headers in the message table.
 * The whole tree is recomputed each time (threading is a global function of all headers:
 * a parent imported late re-attaches its ghost's replies), so an update always equals a
 * rebuild from scratch; only the rows that changed are written, inside one transaction
 * so readers see either the old tree or the new one. A fingerprint of the message table in
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

struct old_row {
	char *id, *parent, *thread;
	int ghost, depth;
};

static void old_rows_free(struct old_row *o, size_t n)
{
	size_t i;

	for (i = 0; o && i < n; i++) {
		free(o[i].id);
		free(o[i].parent);
		free(o[i].thread);
	}
	free(o);
}

/* The current rows, in key order (BINARY collation: the order strcmp gives). */
static int read_old(struct rp_store *s, struct old_row **out, size_t *n_out, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	struct old_row *o = NULL;
	size_t n = 0, alloc = 0;
	int rc, step;

	rc = rp_store_prepare(s, &st,
			      "SELECT message_id, parent, thread, ghost, depth FROM thread_node"
			      " ORDER BY message_id",
			      err);
	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 1);
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 1024;
			struct old_row *no = realloc(o, na * sizeof(*no));
			if (!no)
				goto nomem;
			o = no;
			alloc = na;
		}
		o[n].id = rp_strdup((const char *)sqlite3_column_text(st, 0));
		o[n].parent = p ? rp_strdup(p) : NULL;
		o[n].thread = rp_strdup((const char *)sqlite3_column_text(st, 2));
		o[n].ghost = sqlite3_column_int(st, 3);
		o[n].depth = sqlite3_column_int(st, 4);
		n++;
		if (!o[n - 1].id || !o[n - 1].thread || (p && !o[n - 1].parent))
			goto nomem;
	}
	if (step != SQLITE_DONE)
		rc = rp_store_error(s, err, "reading thread_node");
	sqlite3_finalize(st);
	if (rc) {
		old_rows_free(o, n);
		return rc;
	}
	*out = o;
	*n_out = n;
	return 0;
nomem:
	sqlite3_finalize(st);
	old_rows_free(o, n);
	return rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
}

static int same_row(const struct old_row *o, const struct rp_thread_node *nd)
{
	return o->ghost == nd->ghost && o->depth == nd->depth && strcmp(o->thread, nd->thread) == 0 &&
	       ((!o->parent && !nd->parent) ||
		(o->parent && nd->parent && strcmp(o->parent, nd->parent) == 0));
}

/* Bring the table to the new tree, touching only the rows that changed: after an import,
 * most of a large store's tree is as it was. Both sides are walked in key order. */
static int write_nodes(struct rp_store *s, struct rp_thread_node *nodes, size_t n,
		       struct rp_error *err)
{
	sqlite3_stmt *put = NULL, *del = NULL;
	struct rp_thread_node **sorted = NULL;
	struct old_row *old = NULL;
	size_t n_old = 0, i = 0, j = 0;
	int rc;

	if ((rc = read_old(s, &old, &n_old, err)))
		return rc;
	if (!(sorted = malloc((n ? n : 1) * sizeof(*sorted)))) {
		rc = rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		sorted[i] = &nodes[i];
	qsort(sorted, n, sizeof(*sorted), cmp_node_id);
	if ((rc = rp_store_prepare(s, &put,
				   "INSERT OR REPLACE INTO thread_node(message_id, parent, thread, ghost,"
				   " depth) VALUES (?1, ?2, ?3, ?4, ?5)",
				   err)) ||
	    (rc = rp_store_prepare(s, &del, "DELETE FROM thread_node WHERE message_id = ?1", err)))
		goto cleanup;
	for (i = 0; !rc && (i < n || j < n_old);) {
		struct rp_thread_node *nd = i < n ? sorted[i] : NULL;
		int d;
		/* the store gives every message an id: nothing to key an empty one on; a
		 * repeated id (not produced in this mode) keeps its first node */
		if (nd && (!nd->message_id[0] || (i > 0 && !strcmp(nd->message_id, sorted[i - 1]->message_id)))) {
			i++;
			continue;
		}
		d = !nd ? 1 : j >= n_old ? -1 : strcmp(nd->message_id, old[j].id);
		if (d > 0) { /* a row no longer in the tree */
			rp_bind_text(del, 1, old[j].id);
			if (sqlite3_step(del) != SQLITE_DONE)
				rc = rp_store_error(s, err, "updating thread_node");
			sqlite3_reset(del);
			j++;
			continue;
		}
		if (d < 0 || !same_row(&old[j], nd)) {
			rp_bind_text(put, 1, nd->message_id);
			rp_bind_text(put, 2, nd->parent);
			rp_bind_text(put, 3, nd->thread);
			sqlite3_bind_int(put, 4, nd->ghost);
			sqlite3_bind_int(put, 5, nd->depth);
			if (sqlite3_step(put) != SQLITE_DONE)
				rc = rp_store_error(s, err, "updating thread_node");
			sqlite3_reset(put);
		}
		if (d == 0)
			j++;
		i++;
	}
cleanup:
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	free(sorted);
	old_rows_free(old, n_old);
	return rc;
}

int rp_thread_update(struct rp_store *s, struct rp_error *err)
{
	struct loaded l = { .strings = RP_BUF_INIT };
	struct rp_thread_node *nodes = NULL;
	size_t n_nodes = 0;
	char stamp[512];
	double t0, t1, t2, t3;
	int rc, nested = !sqlite3_get_autocommit(rp_store_db(s));

	/* Take the write lock before reading, so no import slips in between. Inside a
	 * caller's transaction a savepoint keeps the all-or-nothing property. */
	rc = nested ? rp_store_exec(s, "SAVEPOINT thread_update", err) : rp_store_begin(s, err);
	if (rc)
		return rc;
	t0 = rp_now_seconds();
	if ((rc = load(s, &l, err)))
		goto cleanup;
	t1 = rp_now_seconds();
	if ((rc = rp_thread_build(&nodes, &n_nodes, l.in, l.n, NULL, err)))
		goto cleanup;
	t2 = rp_now_seconds();
	if ((rc = write_nodes(s, nodes, n_nodes, err)))
		goto cleanup;
	t3 = rp_now_seconds();
	if ((rc = fingerprint(s, stamp, sizeof(stamp), err)))
		goto cleanup;
	if ((rc = rp_store_meta_set(s, STAMP_KEY, stamp, err)))
		goto cleanup;
	rc = nested ? rp_store_exec(s, "RELEASE thread_update", err) : rp_store_commit(s, err);
	rp_log(3,
	       "threads: %zu messages read in %.3f s, threaded in %.3f s, %zu nodes stored in %.3f s,"
	       " fingerprint and commit %.3f s",
	       l.n, t1 - t0, t2 - t1, n_nodes, t3 - t2, rp_now_seconds() - t3);
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
