/* decision: manual decisions of the coordinator (section, stance, disposition, note, and
 * inclusion of a message), validated and stored where re-analysis never overwrites them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"

static const char *const dispositions[] = { "accepted", "rejected", "noted", "duplicate", NULL };

static int in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

/* How many sections of draft the reference names (rp_section_ref_matches): 1 is an answer;
 * 2 or more happens when sections without numbers share a heading. */
static int sections_named(struct rp_store *s, int64_t draft, const char *ref)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (rp_store_prepare(s, &st, "SELECT number, heading FROM section WHERE draft = ?1", NULL))
		return 0;
	sqlite3_bind_int64(st, 1, draft);
	while (sqlite3_step(st) == SQLITE_ROW)
		found += rp_section_ref_matches((const char *)sqlite3_column_text(st, 0),
						(const char *)sqlite3_column_text(st, 1), ref);
	sqlite3_finalize(st);
	return found;
}

/* Whether key is one a point's decision may have. */
static int known_key(const char *key)
{
	static const char *const keys[] = { "section", "stance", "disposition", "note", NULL };

	return in_list(key, keys);
}

int rp_decision_clear(struct rp_store *s, int64_t draft, const char *message_id, int ordinal,
		      const char *key, int *removed, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*removed = 0;
	if (!known_key(key))
		return rp_error_set(err, RP_EUSAGE, key, "unknown key (section, stance, disposition, note)");
	if ((rc = rp_store_prepare(s, &st,
				   "DELETE FROM decision WHERE draft = ?1 AND message_id = ?2 AND ordinal = ?3"
				   " AND key = ?4",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	rp_bind_text(st, 2, message_id);
	sqlite3_bind_int(st, 3, ordinal);
	rp_bind_text(st, 4, key);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rp_store_error(s, err, "removing decision");
	*removed = !rc && sqlite3_changes(rp_store_db(s)) > 0;
	sqlite3_finalize(st);
	return rc;
}

int rp_decision_set(struct rp_store *s, int64_t draft, const char *message_id, int ordinal,
		    const char *key, const char *value, const char *who, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, removed;

	if (!value)
		return rp_decision_clear(s, draft, message_id, ordinal, key, &removed, err);
	if (strcmp(key, "section") == 0) {
		int n = strcmp(value, "general") != 0 ? sections_named(s, draft, value) : 1;
		if (n == 0)
			return rp_error_set(err, RP_EUSAGE, key,
					    "draft %lld has no section '%s'", (long long)draft, value);
		if (n > 1)
			return rp_error_set(err, RP_EUSAGE, key,
					    "draft %lld has %d sections named '%s' (unnumbered, one "
					    "heading): they cannot be told apart",
					    (long long)draft, n, value);
	} else if (strcmp(key, "stance") == 0) {
		if (rp_stance_parse(value) <= 0)
			return rp_error_set(err, RP_EUSAGE, key,
					    "'%s' is not a stance (support, object, amend, question, note)",
					    value);
	} else if (strcmp(key, "disposition") == 0) {
		if (!in_list(value, dispositions))
			return rp_error_set(err, RP_EUSAGE, key,
					    "'%s' is not a disposition (accepted, rejected, noted, duplicate)",
					    value);
	} else if (!known_key(key)) {
		return rp_error_set(err, RP_EUSAGE, key,
				    "unknown key (section, stance, disposition, note)");
	}
	rc = rp_store_prepare(s, &st,
			      "INSERT INTO decision(draft, message_id, ordinal, key, value, who, set_at)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(draft, message_id,"
			      " ordinal, key) DO UPDATE SET value = excluded.value, who = excluded.who,"
			      " set_at = excluded.set_at",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	rp_bind_text(st, 2, message_id);
	sqlite3_bind_int(st, 3, ordinal);
	rp_bind_text(st, 4, key);
	rp_bind_text(st, 5, value);
	rp_bind_text(st, 6, who);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rp_store_error(s, err, "storing decision");
	sqlite3_finalize(st);
	return rc;
}

int rp_point_identity(struct rp_store *s, int64_t point, int64_t *draft, char **message_id,
		      int *ordinal, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*message_id = NULL;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT p.draft, m.message_id, p.ordinal FROM point p JOIN message m"
				   " ON m.id = p.message WHERE p.id = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, point);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*draft = sqlite3_column_int64(st, 0);
		*message_id = rp_strdup((const char *)sqlite3_column_text(st, 1));
		*ordinal = sqlite3_column_int(st, 2);
		rc = *message_id ? 0 : RP_ENOMEM;
	} else {
		rc = rp_error_set(err, RP_ENOTFOUND, NULL,
				  "no point %lld (see 'rapporteur points DRAFT')", (long long)point);
	}
	sqlite3_finalize(st);
	return rc;
}

int rp_membership_set(struct rp_store *s, int64_t draft, const char *message_id, int included,
		      const char *reason, const char *who, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, changed;

	if ((rc = rp_store_prepare(
		     s, &st,
		     "INSERT INTO draft_message(draft, message, included, reason, manual, who, set_at)"
		     " SELECT ?1, id, ?3, ?4, 1, ?5, ?6 FROM message WHERE message_id = ?2"
		     " ON CONFLICT(draft, message) DO UPDATE SET included = excluded.included,"
		     " reason = excluded.reason, manual = 1, who = excluded.who,"
		     " set_at = excluded.set_at",
		     err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	rp_bind_text(st, 2, message_id);
	sqlite3_bind_int(st, 3, included);
	rp_bind_text(st, 4, reason ? reason : (included ? "included by hand" : "excluded by hand"));
	rp_bind_text(st, 5, who);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rp_store_error(s, err, "storing inclusion");
	changed = sqlite3_changes(rp_store_db(s));
	sqlite3_finalize(st);
	if (!rc && !changed)
		rc = rp_error_set(err, RP_ENOTFOUND, message_id, "no such message");
	return rc;
}

int rp_membership_clear(struct rp_store *s, int64_t draft, const char *message_id, int *removed,
			struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, known = 0;

	*removed = 0;
	if ((rc = rp_store_prepare(s, &st,
				   "DELETE FROM draft_message WHERE draft = ?1 AND manual = 1 AND message IN"
				   " (SELECT id FROM message WHERE message_id = ?2)",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	rp_bind_text(st, 2, message_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rp_store_error(s, err, "removing inclusion");
	*removed = !rc && sqlite3_changes(rp_store_db(s)) > 0;
	sqlite3_finalize(st);
	if (rc || *removed)
		return rc;
	/* Nothing to remove: say so when the message itself is unknown (a mistyped id). */
	if ((rc = rp_store_prepare(s, &st, "SELECT EXISTS (SELECT 1 FROM message WHERE message_id = ?1)",
				   err)))
		return rc;
	rp_bind_text(st, 1, message_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		known = sqlite3_column_int(st, 0);
	else
		rc = rp_store_error(s, err, "reading messages");
	sqlite3_finalize(st);
	if (!rc && !known)
		rc = rp_error_set(err, RP_ENOTFOUND, message_id, "no such message");
	return rc;
}
