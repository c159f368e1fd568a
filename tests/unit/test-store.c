/* test-store: the store's bulk mode (a rollback journal while a large import runs) and how
 * it meets other connections: it is refused while another connection is open, another
 * process can still open the store while it runs, and WAL comes back when it ends. And
 * bodies stored by reference to the raw bytes read back as the decoder's text. And opening
 * without creating: a missing file, a store opened for reading only. */
#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "rapporteur/ingest.h"
#include "rapporteur/mime.h"
#include "temp-store.h"

static char *mode_of(sqlite3 *db, char *out, size_t size)
{
	sqlite3_stmt *st;

	snprintf(out, size, "?");
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static int count_rows(sqlite3 *db)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM meta WHERE key LIKE 'bulk-%'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int file_exists(const char *path, const char *suffix)
{
	char p[96];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return access(p, F_OK) == 0;
}

static void test_bulk_alone(void)
{
	char path[64], mode[16];
	struct rp_store *s = temp_store(path);
	struct rp_error err = { 0 };

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "wal");
	CHECK_INT(rp_store_bulk_begin(s), 1);
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "persist");
	CHECK(!file_exists(path, "-wal"));
	CHECK_INT(rp_store_begin(s, &err), 0);
	CHECK_INT(rp_store_meta_set(s, "bulk-1", "x", &err), 0);
	CHECK_INT(rp_store_commit(s, &err), 0);
	/* Asking again while in bulk mode changes nothing. */
	CHECK_INT(rp_store_bulk_begin(s), 1);
	rp_store_bulk_end(s);
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "wal");
	CHECK(!file_exists(path, "-journal"));
	CHECK_INT(count_rows(rp_store_db(s)), 1);
	/* Not inside a transaction: the switch would fail half-way. */
	CHECK_INT(rp_store_begin(s, &err), 0);
	CHECK_INT(rp_store_bulk_begin(s), 0);
	rp_store_rollback(s);
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "wal");
	drop_store(s, path);
}

/* Another connection open, even idle, keeps the store in WAL, at once (no busy wait). */
static void test_bulk_refused_when_shared(void)
{
	char path[64], mode[16];
	struct rp_store *s = temp_store(path);
	sqlite3 *other = NULL;
	time_t t0;

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(sqlite3_open_v2(path, &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	CHECK_INT(count_rows(other), 0);
	t0 = time(NULL);
	CHECK_INT(rp_store_bulk_begin(s), 0);
	CHECK(time(NULL) - t0 <= 2);
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "wal");
	rp_store_bulk_end(s); /* nothing to undo */
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "wal");
	sqlite3_close(other);
	/* Alone again: granted. */
	CHECK_INT(rp_store_bulk_begin(s), 1);
	rp_store_bulk_end(s);
	drop_store(s, path);
}

/* A store opened by someone else during a bulk import: while a batch is being written the
 * opener cannot set WAL, waits about a second, and works in the rollback journal; both
 * connections read and write; the importer's end restores WAL. */
static void test_open_during_bulk(void)
{
	char path[64], mode[16];
	struct rp_store *s = temp_store(path), *second = NULL;
	struct rp_error err = { 0 };

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(rp_store_bulk_begin(s), 1);
	CHECK_INT(rp_store_begin(s, &err), 0);
	CHECK_INT(rp_store_meta_set(s, "bulk-1", "x", &err), 0);
	CHECK_INT(rp_store_open(&second, path, 0, &err), 0);
	CHECK(second != NULL);
	if (!second) {
		rp_store_rollback(s);
		drop_store(s, path);
		return;
	}
	/* Its own rollback mode (SQLite's default, "delete"): not WAL. */
	CHECK(strcmp(mode_of(rp_store_db(second), mode, sizeof(mode)), "wal") != 0);
	CHECK_INT(count_rows(rp_store_db(second)), 0); /* not committed yet */
	CHECK_INT(rp_store_commit(s, &err), 0);
	CHECK_INT(count_rows(rp_store_db(second)), 1);
	CHECK_INT(rp_store_begin(second, &err), 0);
	CHECK_INT(rp_store_meta_set(second, "bulk-2", "y", &err), 0);
	CHECK_INT(rp_store_commit(second, &err), 0);
	CHECK_INT(rp_store_begin(s, &err), 0);
	CHECK_INT(rp_store_meta_set(s, "bulk-3", "z", &err), 0);
	CHECK_INT(rp_store_commit(s, &err), 0);
	rp_store_bulk_end(s);
	CHECK_STR(mode_of(rp_store_db(s), mode, sizeof(mode)), "wal");
	CHECK_INT(count_rows(rp_store_db(second)), 3);
	CHECK_STR(mode_of(rp_store_db(second), mode, sizeof(mode)), "wal");
	rp_store_close(second);
	drop_store(s, path);
}

#define LONG_LINE "The draft's section 3 reads well, but the timeline in 3.2 is too tight for us.\n"

static const struct {
	const char *id, *raw;
	int by_reference;
} bodies[] = {
	{ "plain", "Message-ID: <plain@x>\nSubject: a\n\n" LONG_LINE LONG_LINE, 1 },
	{ "crlf", "Message-ID: <crlf@x>\r\nSubject: b\r\n\r\n" LONG_LINE LONG_LINE, -1 },
	{ "short", "Message-ID: <short@x>\nSubject: c\n\n+1\n", 0 },
	{ "qp", "Message-ID: <qp@x>\nContent-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 " LONG_LINE, 0 },
	{ "b64", "Message-ID: <b64@x>\nContent-Transfer-Encoding: base64\n\n"
		 "VGhlIGRyYWZ0J3Mgc2VjdGlvbiAzIHJlYWRzIHdlbGwsIGJ1dCB0aGUgdGltZWxpbmUgaW4gMy4yIGlzIHRv\n"
		 "byB0aWdodCBmb3IgdXMuCg==\n", 0 },
	{ "latin1", "Message-ID: <latin1@x>\nContent-Type: text/plain; charset=iso-8859-1\n"
		    "Content-Transfer-Encoding: 8bit\n\ncaf\xe9 " LONG_LINE, 0 },
	{ "alt", "Message-ID: <alt@x>\nMIME-Version: 1.0\n"
		 "Content-Type: multipart/alternative; boundary=XX\n\n--XX\n"
		 "Content-Type: text/plain\n\n" LONG_LINE LONG_LINE "--XX\n"
		 "Content-Type: text/html\n\n<p>html</p>\n--XX--\n", 0 },
	{ "flowed", "Message-ID: <flowed@x>\nContent-Type: text/plain; format=flowed\n\n"
		    "The draft's section 3 reads well, \nbut the timeline in 3.2 is too tight.\n"
		    LONG_LINE, 0 },
};

/* Each body reads back, through RP_SQL_BODY and the message_text view, as the decoder's
 * text; the plain ones are stored by reference and the decoded ones in the row. */
static void test_body_by_reference(void)
{
	char path[64];
	struct rp_store *s = temp_store(path);
	struct rp_ingest *in = NULL;
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL, *view = NULL;
	size_t i;

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(rp_ingest_begin(&in, s, NULL, &err), 0);
	for (i = 0; in && i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		enum rp_ingest_result res;

		CHECK_INT(rp_ingest_add(in, bodies[i].raw, strlen(bodies[i].raw), bodies[i].id, 0, 0,
					&res, &err),
			  0);
	}
	CHECK_INT(rp_ingest_finish(in, NULL, &err), 0);
	CHECK_INT(rp_store_prepare(s, &st,
				   "SELECT " RP_SQL_BODY("m") ", m.body IS NULL AND m.body_at IS NOT NULL"
				   " FROM message m WHERE m.message_id = ?1",
				   &err),
		  0);
	CHECK_INT(rp_store_prepare(s, &view,
				   "SELECT t.body FROM message m JOIN message_text t USING (id)"
				   " WHERE m.message_id = ?1",
				   &err),
		  0);
	for (i = 0; st && view && i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct rp_parsed *p = NULL;
		char mid[32];

		rp_t_name = bodies[i].id;
		snprintf(mid, sizeof(mid), "%s@x", bodies[i].id);
		CHECK_INT(rp_mime_parse(&p, bodies[i].raw, strlen(bodies[i].raw), NULL, NULL), 0);
		sqlite3_bind_text(st, 1, mid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(view, 1, mid, -1, SQLITE_TRANSIENT);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		CHECK_INT(sqlite3_step(view), SQLITE_ROW);
		if (p) {
			CHECK_STR((const char *)sqlite3_column_text(st, 0), p->body);
			CHECK_STR((const char *)sqlite3_column_text(view, 0), p->body);
		}
		if (bodies[i].by_reference >= 0)
			CHECK_INT(sqlite3_column_int(st, 1), bodies[i].by_reference);
		sqlite3_reset(st);
		sqlite3_reset(view);
		rp_parsed_free(p);
	}
	rp_t_name = "test_body_by_reference";
	sqlite3_finalize(st);
	sqlite3_finalize(view);
	drop_store(s, path);
}

/* Opening without creating: a missing file is RP_ENOTFOUND and stays missing; a store
 * opened for reading reads, refuses a transaction at once with the file named, and a
 * write through SQL is RP_EDB saying the database is not writable. */
static void test_open_existing(void)
{
	char path[64];
	struct rp_store *s = temp_store(path), *r = NULL;
	struct rp_error err = { 0 };
	char *v = NULL;

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(rp_store_meta_set(s, "k", "v", &err), 0);
	rp_store_close(s);
	s = NULL;
	CHECK_INT(rp_store_open(&s, path, RP_STORE_EXISTING, &err), 0);
	CHECK_INT(s && rp_store_readonly(s), 0);
	rp_store_close(s);
	s = NULL;

	CHECK_INT(rp_store_open(&r, path, RP_STORE_READONLY, &err), 0);
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(rp_store_readonly(r), 1);
		CHECK_INT(rp_store_meta_get(r, "k", &v, &err), 0);
		CHECK_STR(v, "v");
		free(v);
		CHECK_INT(rp_store_begin(r, &err), RP_EDB);
		CHECK_STR(err.where, path);
		CHECK(strstr(err.msg, "not writable") != NULL);
		memset(&err, 0, sizeof(err));
		CHECK_INT(rp_store_meta_set(r, "k", "w", &err), RP_EDB);
		CHECK(strstr(err.msg, "not writable") != NULL);
		rp_store_close(r);
	}
	drop_store(NULL, path);

	memset(&err, 0, sizeof(err));
	CHECK_INT(rp_store_open(&s, path, RP_STORE_EXISTING, &err), RP_ENOTFOUND);
	CHECK(strstr(err.msg, path) != NULL);
	CHECK_INT(rp_store_open(&s, path, RP_STORE_READONLY, &err), RP_ENOTFOUND);
	CHECK(!file_exists(path, ""));
	CHECK_INT(rp_store_open(&s, "", 0, &err), RP_EUSAGE);
}

/* A database that is not rapporteur's is left as it is, by every kind of open: another
 * program's tables (refused, its journal mode unchanged), an odd schema version (a negative
 * one indexed the migrations out of bounds), an empty file for a command that only reads. */
static void sql_file(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	CHECK(sqlite3_open(path, &db) == SQLITE_OK && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
}

static void test_not_ours(void)
{
	static const char *const versions[] = { "PRAGMA user_version = -1",
						"PRAGMA user_version = -2147483648" };
	static const int flags[] = { 0, RP_STORE_EXISTING, RP_STORE_MODIFY };
	char path[64];
	struct rp_store *s = temp_store(path);
	struct rp_error err = { 0 };
	size_t i, j;
	FILE *f;

	CHECK(s != NULL);
	drop_store(s, path);
	s = NULL;
	sql_file(path, "CREATE TABLE important(a); INSERT INTO important VALUES (1)");
	for (j = 0; j < sizeof(flags) / sizeof(flags[0]); j++) {
		memset(&err, 0, sizeof(err));
		CHECK_INT(rp_store_open(&s, path, flags[j], &err), RP_EDB);
		CHECK(strstr(err.msg, "not a rapporteur database: an SQLite database of another "
				      "program") != NULL);
	}
	CHECK(!file_exists(path, "-wal")); /* not switched to WAL */
	drop_store(NULL, path);
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		CHECK((s = temp_store(path)) != NULL);
		rp_store_close(s);
		s = NULL;
		sql_file(path, versions[i]);
		for (j = 0; j < 2; j++) {
			memset(&err, 0, sizeof(err));
			CHECK_INT(rp_store_open(&s, path, flags[j], &err), RP_EDB);
			CHECK(strstr(err.msg, "schema version -") != NULL);
		}
		drop_store(NULL, path);
	}
	/* an empty file: no database for a reader, which leaves it empty */
	CHECK((f = fopen(path, "w")) != NULL);
	if (f)
		fclose(f);
	memset(&err, 0, sizeof(err));
	CHECK_INT(rp_store_open(&s, path, RP_STORE_EXISTING, &err), RP_ENOTFOUND);
	CHECK(strstr(err.msg, "an empty file") != NULL);
	CHECK(file_exists(path, "") && !file_exists(path, "-wal"));
	CHECK_INT(rp_store_open(&s, path, 0, &err), 0); /* a writer makes it a store */
	rp_store_close(s);
	drop_store(NULL, path);
}

RP_TEST_MAIN(T(test_bulk_alone), T(test_bulk_refused_when_shared), T(test_open_during_bulk),
	     T(test_body_by_reference), T(test_open_existing), T(test_not_ours))
