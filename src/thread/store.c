/* thread store: keep the thread_node table equal to JWZ threading of every message's
 * headers, inside one transaction so readers see either the old tree or the new one.
 * The meta table records which messages the stored tree covers (see covered_upto).
 *
 * When messages were only added since the last update (the usual case: an import or a
 * fetch), the update is incremental: only the threads the new messages can touch are
 * threaded again, with the new messages, and their rows replaced. Those threads are the
 * ones holding a node whose id a new message carries or references (its Message-ID, its
 * In-Reply-To, its References: a late parent fills a ghost, a reply joins its parent, two
 * threads joined by a References chain), plus, for the subject fallback, the threads of
 * earlier messages without In-Reply-To whose base subject a new message shares (and, when
 * a new message itself falls back on its subject, of every message with that subject).
 * Re-threading a union of whole threads gives those threads exactly what threading the
 * whole store gives them, so an incremental update equals a rebuild; any other change to
 * the message table (a row deleted or edited) makes the next update a full rebuild. Memory
 * and time follow the new messages and their threads, not the size of the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/thread.h"

#define STAMP_KEY "thread_stamp"
#define UPTO_KEY "thread_upto" /* the highest message rowid the stored tree covers */
/* Bumped when the threading rules change, so stored trees are rebuilt. */
#define STAMP_VERSION "2"

/* The stored tree covers the messages up to rowid "thread_upto", threaded by the rules of
 * STAMP_VERSION. Triggers (schema version 2) delete thread_upto when a message is deleted
 * or a threading header edited, which forces a full rebuild. */
static int max_message_id(struct rp_store *s, int64_t *out, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(s, &st, "SELECT coalesce(max(id), 0) FROM message", err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = rp_store_error(s, err, "reading messages");
	sqlite3_finalize(st);
	return rc;
}

/* *upto: the rowid the stored tree covers, or -1 when it must be rebuilt from scratch. */
static int covered_upto(struct rp_store *s, int64_t *upto, struct rp_error *err)
{
	char *stamp = NULL, *value = NULL, *end = NULL;
	int rc;

	*upto = -1;
	if ((rc = rp_store_meta_get(s, STAMP_KEY, &stamp, err)) ||
	    (rc = rp_store_meta_get(s, UPTO_KEY, &value, err)))
		goto out;
	if (stamp && value && strcmp(stamp, STAMP_VERSION) == 0) {
		long long v = strtoll(value, &end, 10);
		if (end != value && !*end && v >= 0)
			*upto = v;
	}
out:
	free(stamp);
	free(value);
	return rc;
}

int rp_thread_is_stale(struct rp_store *s, int *stale, struct rp_error *err)
{
	int64_t upto, max = 0;
	int rc;

	*stale = 1;
	if ((rc = covered_upto(s, &upto, err)) || (rc = max_message_id(s, &max, err)))
		return rc;
	*stale = upto < 0 || upto != max;
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

/* Append the rows of st (message_id, in_reply_to, refs, subject, date, list_id). */
static int load_rows(struct rp_store *s, sqlite3_stmt *st, struct loaded *l, struct rp_error *err)
{
	size_t k;
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->alloc) {
			size_t na = l->alloc ? l->alloc * 2 : 4096;
			void *a = realloc(l->in, na * sizeof(*l->in));
			void *b = a ? realloc(l->off, na * sizeof(*l->off)) : NULL;
			if (a)
				l->in = a;
			if (b)
				l->off = b;
			if (!a || !b)
				return rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
			l->alloc = na;
		}
		memset(&l->in[l->n], 0, sizeof(l->in[l->n]));
		for (k = 0; k < 4; k++)
			if (add_text(&l->strings, st, (int)k, &l->off[l->n][k]))
				return rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
		l->in[l->n].date = sqlite3_column_int64(st, 4);
		l->in[l->n].list_id = sqlite3_column_int64(st, 5);
		l->n++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return rp_store_error(s, err, "reading message headers");
	return 0;
}

/* Point the inputs into the string buffer, once it no longer moves. */
static void load_done(struct loaded *l)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		const char **f[4] = { &l->in[i].message_id, &l->in[i].in_reply_to,
				      &l->in[i].references, &l->in[i].subject };
		for (k = 0; k < 4; k++)
			*f[k] = l->off[i][k] == (size_t)-1 ? NULL : l->strings.buf + l->off[i][k];
	}
}

static int load_all(struct rp_store *s, struct loaded *l, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = rp_store_prepare(s, &st,
			      "SELECT message_id, in_reply_to, refs, subject, date, list_id FROM message",
			      err);
	if (!rc)
		rc = load_rows(s, st, l, err);
	sqlite3_finalize(st);
	if (!rc)
		load_done(l);
	return rc;
}

/* A sorted set of strings (sorted and de-duplicated once filled, then searched). */
struct strset {
	char **v;
	size_t n, alloc;
};

static int strset_add(struct strset *t, const char *str, size_t len)
{
	if (t->n == t->alloc) {
		size_t na = t->alloc ? t->alloc * 2 : 256;
		char **nv = realloc(t->v, na * sizeof(*nv));
		if (!nv)
			return RP_ENOMEM;
		t->v = nv;
		t->alloc = na;
	}
	if (!(t->v[t->n] = rp_strndup(str, len)))
		return RP_ENOMEM;
	t->n++;
	return 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strset_seal(struct strset *t)
{
	size_t i, j = 0;

	if (!t->n)
		return;
	qsort(t->v, t->n, sizeof(*t->v), cmp_strp);
	for (i = 1; i < t->n; i++) {
		if (strcmp(t->v[i], t->v[j]) == 0)
			free(t->v[i]);
		else
			t->v[++j] = t->v[i];
	}
	t->n = j + 1;
}

static int strset_has(const struct strset *t, const char *str)
{
	return t->n && bsearch(&str, t->v, t->n, sizeof(*t->v), cmp_strp) != NULL;
}

static void strset_free(struct strset *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Every id in a header value, tokenised as the threading reads ids (with or without
 * angle brackets, separated by white space); more tokens than it uses do no harm. */
static int add_ids(struct strset *t, const char *v)
{
	const char *p = v, *e;

	if (!v)
		return 0;
	while (*p) {
		while (*p && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '>'))
			p++;
		if (!*p)
			break;
		if (*p == '<') {
			p++;
			for (e = p; *e && *e != '>' && *e != '<'; e++)
				;
		} else {
			for (e = p; *e && *e != ' ' && *e != '\t' && *e != '\r' && *e != '\n' &&
				    *e != '<' && *e != '>';
			     e++)
				;
		}
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > p && strset_add(t, p, (size_t)(e - p)))
			return RP_ENOMEM;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* "<list id> <base subject>": the key of the subject fallback. */
static int subject_key(struct rp_buf *b, int64_t list_id, const char *subject, unsigned *flags)
{
	char *base = rp_thread_base_subject_flags(subject, flags);
	char num[32];
	int rc;

	if (!base)
		return RP_ENOMEM;
	snprintf(num, sizeof(num), "%lld ", (long long)list_id);
	rp_buf_clear(b);
	rc = base[0] && (rp_buf_adds(b, num) || rp_buf_adds(b, base));
	free(base);
	return rc ? RP_ENOMEM : 0;
}

/* Add to threads the thread of every row of st (subject, list_id, thread) whose subject
 * key is in keys. */
static int threads_by_subject(struct rp_store *s, sqlite3_stmt *st, const struct strset *keys,
			      struct strset *threads, struct rp_error *err)
{
	struct rp_buf key = RP_BUF_INIT;
	int step, rc = 0;

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *thread = (const char *)sqlite3_column_text(st, 2);

		if (subject_key(&key, sqlite3_column_int64(st, 1),
				(const char *)sqlite3_column_text(st, 0), NULL)) {
			rc = RP_ENOMEM;
			break;
		}
		if (key.len && thread && strset_has(keys, key.buf))
			rc = strset_add(threads, thread, strlen(thread));
	}
	sqlite3_reset(st);
	rp_buf_release(&key);
	if (rc)
		return rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
	if (step != SQLITE_DONE)
		return rp_store_error(s, err, "reading subjects");
	return 0;
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

static int cmp_old_row(const void *a, const void *b)
{
	return strcmp(((const struct old_row *)a)->id, ((const struct old_row *)b)->id);
}

/* Append the rows st yields (message_id, parent, thread, ghost, depth). */
static int read_old_rows(struct rp_store *s, sqlite3_stmt *st, struct old_row **o, size_t *n,
			 size_t *alloc, struct rp_error *err)
{
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 1);
		struct old_row *r;

		if (*n == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 1024;
			struct old_row *no = realloc(*o, na * sizeof(*no));
			if (!no)
				goto nomem;
			*o = no;
			*alloc = na;
		}
		r = &(*o)[(*n)++];
		r->id = rp_strdup((const char *)sqlite3_column_text(st, 0));
		r->parent = p ? rp_strdup(p) : NULL;
		r->thread = rp_strdup((const char *)sqlite3_column_text(st, 2));
		r->ghost = sqlite3_column_int(st, 3);
		r->depth = sqlite3_column_int(st, 4);
		if (!r->id || !r->thread || (p && !r->parent))
			goto nomem;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return rp_store_error(s, err, "reading thread_node");
	return 0;
nomem:
	sqlite3_reset(st);
	return rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
}

/* The current rows (of the given threads only, when threads is not NULL), in key order
 * (BINARY collation: the order strcmp gives). */
static int read_old(struct rp_store *s, const struct strset *threads, struct old_row **out,
		    size_t *n_out, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	struct old_row *o = NULL;
	size_t n = 0, alloc = 0, i;
	int rc;

	rc = rp_store_prepare(s, &st,
			      threads ? "SELECT message_id, parent, thread, ghost, depth FROM thread_node"
					" WHERE thread = ?1"
				      : "SELECT message_id, parent, thread, ghost, depth FROM thread_node"
					" ORDER BY message_id",
			      err);
	if (rc)
		return rc;
	if (!threads) {
		rc = read_old_rows(s, st, &o, &n, &alloc, err);
	} else {
		for (i = 0; !rc && i < threads->n; i++) {
			sqlite3_bind_text(st, 1, threads->v[i], -1, SQLITE_STATIC);
			rc = read_old_rows(s, st, &o, &n, &alloc, err);
		}
		if (!rc && n)
			qsort(o, n, sizeof(*o), cmp_old_row);
	}
	sqlite3_finalize(st);
	if (rc) {
		old_rows_free(o, n);
		return rc;
	}
	*out = o;
	*n_out = n;
	return 0;
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
		       const struct strset *threads, struct rp_error *err)
{
	sqlite3_stmt *put = NULL, *del = NULL;
	struct rp_thread_node **sorted = NULL;
	struct old_row *old = NULL;
	size_t n_old = 0, i = 0, j = 0;
	int rc;

	if ((rc = read_old(s, threads, &old, &n_old, err)))
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

/* The threads an incremental update must thread again with the new messages l[0..n)
 * (see the top of this file), into *threads. */
static int touched_threads(struct rp_store *s, const struct loaded *l, int64_t upto,
			   struct strset *threads, struct rp_error *err)
{
	struct strset ids = { 0 }, keys = { 0 }, fallback_keys = { 0 };
	struct rp_buf key = RP_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < l->n; i++) {
		const struct rp_thread_input *m = &l->in[i];
		unsigned flags = 0;
		int no_headers = (!m->in_reply_to || !*m->in_reply_to) &&
				 (!m->references || !*m->references);

		if (add_ids(&ids, m->message_id) || add_ids(&ids, m->in_reply_to) ||
		    add_ids(&ids, m->references) ||
		    subject_key(&key, m->list_id, m->subject, &flags) ||
		    (key.len && strset_add(&keys, key.buf, key.len)) ||
		    (key.len && no_headers && (flags & RP_SUBJECT_REPLY) &&
		     strset_add(&fallback_keys, key.buf, key.len)))
			rc = rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
	}
	rp_buf_release(&key);
	if (rc)
		goto out;
	strset_seal(&ids);
	strset_seal(&keys);
	strset_seal(&fallback_keys);
	/* Nodes (messages or ghosts) a new message is, or names. */
	if ((rc = rp_store_prepare(s, &st, "SELECT thread FROM thread_node WHERE message_id = ?1",
				   err)))
		goto out;
	for (i = 0; !rc && i < ids.n; i++) {
		sqlite3_bind_text(st, 1, ids.v[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
		    strset_add(threads, (const char *)sqlite3_column_text(st, 0),
			       (size_t)sqlite3_column_bytes(st, 0)))
			rc = rp_error_set(err, RP_ENOMEM, "threading", "out of memory");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc || !keys.n)
		goto out;
	/* Earlier messages that may have fallen back on their subject (no In-Reply-To; the
	 * References test is left to the threading): a new message with their subject may
	 * now be the one they join. */
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT m.subject, m.list_id, t.thread FROM message m"
				   " JOIN thread_node t ON t.message_id = m.message_id"
				   " WHERE (m.in_reply_to IS NULL OR m.in_reply_to = '') AND m.id <= ?1",
				   err)))
		goto out;
	sqlite3_bind_int64(st, 1, upto);
	if ((rc = threads_by_subject(s, st, &keys, threads, err)))
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	/* A new message falling back on its subject may join any earlier message with it. */
	if (fallback_keys.n) {
		if ((rc = rp_store_prepare(s, &st,
					   "SELECT m.subject, m.list_id, t.thread FROM message m"
					   " JOIN thread_node t ON t.message_id = m.message_id"
					   " WHERE m.id <= ?1",
					   err)))
			goto out;
		sqlite3_bind_int64(st, 1, upto);
		rc = threads_by_subject(s, st, &fallback_keys, threads, err);
	}
out:
	sqlite3_finalize(st);
	strset_free(&ids);
	strset_free(&keys);
	strset_free(&fallback_keys);
	if (!rc)
		strset_seal(threads);
	return rc;
}

/* The messages to thread: all of them (upto < 0), or those after upto plus every message
 * of the threads they touch (*threads filled). */
static int load_for_update(struct rp_store *s, int64_t upto, struct loaded *l,
			   struct strset *threads, int *incremental, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	*incremental = 0;
	if (upto < 0)
		return load_all(s, l, err);
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT message_id, in_reply_to, refs, subject, date, list_id"
				   " FROM message WHERE id > ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, upto);
	rc = load_rows(s, st, l, err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	load_done(l);
	*incremental = 1;
	if (!l->n || (rc = touched_threads(s, l, upto, threads, err)))
		return rc;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT m.message_id, m.in_reply_to, m.refs, m.subject, m.date,"
				   " m.list_id FROM thread_node t JOIN message m"
				   " ON m.message_id = t.message_id WHERE t.thread = ?1 AND m.id <= ?2",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 2, upto);
	for (i = 0; !rc && i < threads->n; i++) {
		sqlite3_bind_text(st, 1, threads->v[i], -1, SQLITE_STATIC);
		rc = load_rows(s, st, l, err);
	}
	sqlite3_finalize(st);
	if (!rc)
		load_done(l);
	return rc;
}

int rp_thread_update(struct rp_store *s, struct rp_error *err)
{
	struct loaded l = { .strings = RP_BUF_INIT };
	struct strset threads = { 0 };
	struct rp_thread_node *nodes = NULL;
	size_t n_nodes = 0;
	int64_t upto = -1, max = 0;
	char num[32];
	double t0, t1, t2, t3;
	int rc, incremental = 0, nested = !sqlite3_get_autocommit(rp_store_db(s));

	/* Take the write lock before reading, so no import slips in between. Inside a
	 * caller's transaction a savepoint keeps the all-or-nothing property. */
	rc = nested ? rp_store_exec(s, "SAVEPOINT thread_update", err) : rp_store_begin(s, err);
	if (rc)
		return rc;
	t0 = rp_now_seconds();
	if ((rc = covered_upto(s, &upto, err)) || (rc = max_message_id(s, &max, err)))
		goto cleanup;
	if (upto > max)
		upto = -1; /* messages vanished under the record: start again */
	if ((rc = load_for_update(s, upto, &l, &threads, &incremental, err)))
		goto cleanup;
	t1 = rp_now_seconds();
	if ((rc = rp_thread_build(&nodes, &n_nodes, l.in, l.n, NULL, err)))
		goto cleanup;
	t2 = rp_now_seconds();
	if ((rc = write_nodes(s, nodes, n_nodes, incremental ? &threads : NULL, err)))
		goto cleanup;
	t3 = rp_now_seconds();
	snprintf(num, sizeof(num), "%lld", (long long)max);
	if ((rc = rp_store_meta_set(s, STAMP_KEY, STAMP_VERSION, err)) ||
	    (rc = rp_store_meta_set(s, UPTO_KEY, num, err)))
		goto cleanup;
	rc = nested ? rp_store_exec(s, "RELEASE thread_update", err) : rp_store_commit(s, err);
	rp_log(3,
	       "threads (%s): %zu messages in %zu threads read in %.3f s, threaded in %.3f s,"
	       " %zu nodes stored in %.3f s, commit %.3f s",
	       incremental ? "incremental" : "full", l.n, threads.n, t1 - t0, t2 - t1, n_nodes,
	       t3 - t2, rp_now_seconds() - t3);
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
	strset_free(&threads);
	free(l.in);
	free(l.off);
	rp_buf_release(&l.strings);
	return rc;
}
