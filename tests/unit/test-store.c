/* test-store: the store's bulk mode (a rollback journal while a large import runs) and how
 * it meets other connections: it is refused while another connection is open, another
 * process can still open the store while it runs, and WAL comes back when it ends. */
#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
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

RP_TEST_MAIN(T(test_bulk_alone), T(test_bulk_refused_when_shared), T(test_open_during_bulk))
