/* stamp: is a draft's analysis current? A stamp is the SHA-256 of everything an analysis
 * run reads (the draft and its sections, each answering message by id and the hash of
 * its raw bytes, which stand for its body since a message row never changes, with its
 * thread links, the manual decisions), of the code that produced it (RP_SOURCE_ID, a digest of
 * the library's sources set by the Makefile), and of the size of the results it left
 * (points, anchors, stances). It is kept in meta under "analysis.<draft>" after each run;
 * a run whose stamp matches would write the same rows, so it is skipped. New list mail
 * that does not answer the draft (the common case on a busy list, and every `fetch
 * --watch` wake-up) then costs only the membership pass. Results that were deleted or a
 * draft re-created under the same id change the stamp, and the analysis runs again. */
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"

#ifndef RP_SOURCE_ID
#define RP_SOURCE_ID "" /* unknown code: never skip */
#endif

/* The rows of one query, column by column, each with its type and length. */
static int hash_rows(struct rp_store *s, gnutls_hash_hd_t h, const char *sql, int64_t draft,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, i;

	if ((rc = rp_store_prepare(s, &st, sql, err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			unsigned char type = (unsigned char)sqlite3_column_type(st, i);
			int64_t v;
			double d;
			uint64_t n;

			gnutls_hash(h, &type, 1);
			switch (type) {
			case SQLITE_INTEGER:
				v = sqlite3_column_int64(st, i);
				gnutls_hash(h, &v, sizeof(v));
				break;
			case SQLITE_FLOAT:
				d = sqlite3_column_double(st, i);
				gnutls_hash(h, &d, sizeof(d));
				break;
			case SQLITE_TEXT:
			case SQLITE_BLOB: {
				const void *p = sqlite3_column_blob(st, i);
				n = (uint64_t)sqlite3_column_bytes(st, i);
				gnutls_hash(h, &n, sizeof(n));
				if (n)
					gnutls_hash(h, p, (size_t)n);
				break;
			}
			default:
				break;
			}
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "stamping the analysis");
}

int an_stamp_rows(struct rp_store *s, int64_t draft, const char *const *sql, size_t n_sql,
		  char out[65], struct rp_error *err)
{
	gnutls_hash_hd_t h;
	unsigned char d[32];
	size_t i;
	int rc = 0;

	out[0] = '\0';
	if (!RP_SOURCE_ID[0])
		return 0;
	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) < 0)
		return rp_error_set(err, RP_ENOMEM, NULL, "cannot start SHA-256");
	gnutls_hash(h, RP_SOURCE_ID, strlen(RP_SOURCE_ID) + 1);
	for (i = 0; i < n_sql && !rc; i++)
		rc = hash_rows(s, h, sql[i], draft, err);
	gnutls_hash_deinit(h, d);
	if (rc)
		return rc;
	for (i = 0; i < sizeof(d); i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	return 0;
}

int an_stamp_compute(struct rp_store *s, int64_t draft, char out[65], struct rp_error *err)
{
	static const char *const sql[] = {
		"SELECT id, title, version, source, circulated, list_id, deadline, revises, text,"
		" created FROM draft WHERE id = ?1",
		"SELECT id, ordinal, number, heading, text, level, parent, page_from, page_to"
		" FROM section WHERE draft = ?1 ORDER BY ordinal",
		/* the columns the run loads, in its order, but the body: a message row is
		 * never changed, and its body was decoded from the raw bytes m.hash names */
		"SELECT m.id, m.message_id, m.hash, m.from_addr, m.from_name, m.date,"
		" t.parent, t.thread FROM draft_message d JOIN message m ON m.id = d.message"
		" LEFT JOIN thread_node t ON t.message_id = m.message_id"
		" WHERE d.draft = ?1 AND d.included = 1 ORDER BY m.date, m.id",
		"SELECT message_id, ordinal, key, value, note, who FROM decision WHERE draft = ?1"
		" ORDER BY message_id, ordinal, key",
		"SELECT count(*), total(id), (SELECT count(*) FROM anchor a JOIN point p ON"
		" p.id = a.point WHERE p.draft = ?1), (SELECT count(*) FROM stance x JOIN point p"
		" ON p.id = x.point WHERE p.draft = ?1) FROM point WHERE draft = ?1",
	};

	return an_stamp_rows(s, draft, sql, sizeof(sql) / sizeof(sql[0]), out, err);
}

static void stamp_key(int64_t draft, char key[40])
{
	snprintf(key, 40, "analysis.%lld", (long long)draft);
}

int an_stamp_matches(struct rp_store *s, int64_t draft, const char *stamp, int *matches,
		     struct rp_error *err)
{
	char key[40], *v = NULL;
	int rc;

	*matches = 0;
	if (!stamp[0])
		return 0;
	stamp_key(draft, key);
	if ((rc = rp_store_meta_get(s, key, &v, err)))
		return rc;
	*matches = v && strcmp(v, stamp) == 0;
	free(v);
	return 0;
}

int an_stamp_save(struct rp_store *s, int64_t draft, const char *stamp, struct rp_error *err)
{
	char key[40];

	stamp_key(draft, key);
	return rp_store_meta_set(s, key, stamp[0] ? stamp : NULL, err);
}
