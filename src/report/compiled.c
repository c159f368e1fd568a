/* compiled: what the last compile of each draft saw, so that `status` can say when the
 * feedback document is out of date. Kept in the meta table (no schema change) under
 * "compiled:<draft id>" as a small JSON object:
 *
 *   {"time": 1718900000, "max_message": 1234, "messages": 31, "decisions": 4,
 *    "decided": 1718899000, "inclusions": 2471}
 *
 * max_message is the highest message rowid the analysis considered for the draft (rowids
 * only grow, messages are never deleted): a message stored later has a higher rowid, and the
 * messages above it that the membership rules include are the new answers. Taking it from
 * the analysis (table draft_message) rather than from the message table means a compile
 * with --no-analyse does not hide mail that arrived after the stored analysis. decisions
 * and decided (the number of manual decisions on the draft and the time of the latest), and
 * inclusions (see decision_mark), change when a decision is set, replaced or removed: the
 * document would then differ too.
 * A record written before they were kept lacks them, and counts as no change. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "report-private.h"

#define KEY_FORMAT "compiled:%lld"

/* What the draft's manual decisions are: their number and the time of the latest (decisions
 * on points), and a sum over the messages included or excluded by hand (draft_message rows
 * with manual set, which carry no time), which changes when one is set, flipped or removed. */
struct decision_mark {
	int64_t count, latest, inclusions;
};

static int decision_mark(struct rp_store *s, int64_t draft, struct decision_mark *out,
			 struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(s, &st,
				   "SELECT count(*), coalesce(max(set_at), 0),"
				   " (SELECT coalesce(sum(message * 2 + included + 1), 0) FROM draft_message"
				   "  WHERE draft = ?1 AND manual)"
				   " FROM decision WHERE draft = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = rp_store_error(s, err, "reading the draft's decisions");
	} else {
		out->count = sqlite3_column_int64(st, 0);
		out->latest = sqlite3_column_int64(st, 1);
		out->inclusions = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc;
}

int rp_report_record_compile(struct rp_store *s, int64_t draft, int64_t now, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	json_t *v = NULL;
	char key[64], *text = NULL;
	int64_t max_message, messages;
	struct decision_mark dm = { 0, 0, 0 };
	int rc;

	if ((rc = rp_store_prepare(s, &st,
				   "SELECT coalesce(max(message), 0), coalesce(sum(included != 0), 0) "
				   "FROM draft_message WHERE draft = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = rp_store_error(s, err, "reading the draft's messages");
		sqlite3_finalize(st);
		return rc;
	}
	max_message = sqlite3_column_int64(st, 0);
	messages = sqlite3_column_int64(st, 1);
	/* The read ends before the write begins: a write that upgrades a read transaction gets
	 * SQLITE_BUSY at once, without waiting, when another process is writing. */
	sqlite3_finalize(st);
	if ((rc = decision_mark(s, draft, &dm, err)))
		return rc;
	v = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "time", (json_int_t)now, "max_message",
		      (json_int_t)max_message, "messages", (json_int_t)messages, "decisions",
		      (json_int_t)dm.count, "decided", (json_int_t)dm.latest, "inclusions",
		      (json_int_t)dm.inclusions);
	if (!v || !(text = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT))) {
		rc = rp_error_set(err, RP_ENOMEM, "compile", "out of memory");
		goto cleanup;
	}
	snprintf(key, sizeof(key), KEY_FORMAT, (long long)draft);
	/* BEGIN IMMEDIATE waits (busy timeout) for a fetch or import holding the write lock. */
	if ((rc = rp_store_begin(s, err)))
		goto cleanup;
	if ((rc = rp_store_meta_set(s, key, text, err)) || (rc = rp_store_commit(s, err)))
		rp_store_rollback(s);
cleanup:
	json_decref(v);
	free(text);
	return rc;
}

int rp_report_compile_state(struct rp_compile_state *out, struct rp_store *s, int64_t draft,
			    struct rp_error *err)
{
	json_t *v = NULL, *t, *max, *n, *dn, *dt, *di;
	char key[64], *text = NULL;
	struct decision_mark dm = { 0, 0, 0 };
	int rc;

	out->compiled = out->decisions_changed = 0;
	out->time = out->messages = out->new_messages = 0;
	snprintf(key, sizeof(key), KEY_FORMAT, (long long)draft);
	if ((rc = rp_store_meta_get(s, key, &text, err)) || !text)
		goto cleanup;
	v = json_loads(text, 0, NULL);
	t = json_object_get(v, "time");
	max = json_object_get(v, "max_message");
	n = json_object_get(v, "messages");
	if (!json_is_integer(t) || !json_is_integer(max) || !json_is_integer(n))
		goto cleanup;
	if ((rc = rp_analyse_count_new(s, draft, (int64_t)json_integer_value(max), &out->new_messages,
				       err)))
		goto cleanup;
	dn = json_object_get(v, "decisions");
	dt = json_object_get(v, "decided");
	di = json_object_get(v, "inclusions");
	if (json_is_integer(dn) && json_is_integer(dt)) {
		if ((rc = decision_mark(s, draft, &dm, err)))
			goto cleanup;
		out->decisions_changed = dm.count != (int64_t)json_integer_value(dn) ||
					 dm.latest != (int64_t)json_integer_value(dt) ||
					 (json_is_integer(di) && dm.inclusions != (int64_t)json_integer_value(di));
	}
	out->compiled = 1;
	out->time = (int64_t)json_integer_value(t);
	out->messages = (int64_t)json_integer_value(n);
cleanup:
	json_decref(v);
	free(text);
	return rc;
}
