/* store: opening, migrating and transacting on the SQLite database.
 * WAL lets `compile` read while `fetch` writes; BEGIN IMMEDIATE plus a busy timeout makes a
 * second writer wait instead of failing half-way. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rapporteur/store.h"
#include "schema.sql.h"

#ifndef RP_PAGE_SIZE
#define RP_PAGE_SIZE "16384"
#endif

struct rp_store {
	sqlite3 *db;
	char *path;
	int bulk; /* in a rollback journal for a bulk write (rp_store_bulk_begin) */
	int readonly; /* opened for reading only (rp_store_readonly) */
	int created; /* the file did not exist: this open created it */
};

#define RP_BUSY_TIMEOUT_MS 60000

int rp_store_error(struct rp_store *s, struct rp_error *err, const char *what)
{
	int code = sqlite3_errcode(s->db);
	int rc = (code == SQLITE_BUSY || code == SQLITE_LOCKED) ? RP_EBUSY : RP_EDB;

	if (code == SQLITE_READONLY)
		return rp_error_set(err, rc, s->path, "database is not writable: %s: %s", what,
				    sqlite3_errmsg(s->db));
	return rp_error_set(err, rc, s->path, "%s: %s", what, sqlite3_errmsg(s->db));
}

int rp_store_exec(struct rp_store *s, const char *sql, struct rp_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return rp_store_error(s, err, "SQL failed");
	return 0;
}

int rp_store_prepare(struct rp_store *s, sqlite3_stmt **out, const char *sql, struct rp_error *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return rp_store_error(s, err, "prepare");
	}
	return 0;
}

int rp_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, text, -1, SQLITE_TRANSIENT);
}

int rp_bind_text_ref(sqlite3_stmt *st, int idx, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, text, -1, SQLITE_STATIC);
}

static int user_version(struct rp_store *s, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return RP_EDB;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : RP_EDB;
}

/* Forward migrations. Each step runs in one transaction with its user_version bump, so a
 * crash mid-migration leaves the previous version intact. Foreign keys are off meanwhile
 * (a step may rebuild a referenced table) and checked before the commit. */
static int migrate_steps(struct rp_store *s, struct rp_error *err)
{
	static const char *const steps[] = { rp_schema_v1, rp_schema_v2, rp_schema_v3,
					      rp_schema_v4, rp_schema_v5, rp_schema_v6,
					      rp_schema_v7 };
	sqlite3_stmt *st = NULL;
	char bump[64];
	int v, rc, bad;

	if (user_version(s, &v))
		return rp_store_error(s, err, "reading schema version");
	if (v < 0 || v > RP_STORE_SCHEMA_VERSION)
		return rp_error_set(err, RP_EDB, s->path, "unknown database schema version %d", v);
	for (; v < RP_STORE_SCHEMA_VERSION; v++) {
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		if ((rc = rp_store_exec(s, steps[v], err)) || (rc = rp_store_exec(s, bump, err)))
			return rc;
	}
	if ((rc = rp_store_prepare(s, &st, "PRAGMA foreign_key_check", err)))
		return rc;
	bad = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (bad)
		return rp_error_set(err, RP_EDB, s->path,
				    "schema migration left rows with dangling references");
	return 0;
}

static int migrate(struct rp_store *s, struct rp_error *err)
{
	int v, rc;

	if (user_version(s, &v))
		return rp_store_error(s, err, "reading schema version");
	if (v > RP_STORE_SCHEMA_VERSION)
		return rp_error_set(err, RP_EDB, s->path,
				    "database schema version %d is newer than this rapporteur (%d)", v,
				    RP_STORE_SCHEMA_VERSION);
	if (v < 0)
		return rp_error_set(err, RP_EDB, s->path,
				    "not a rapporteur database: schema version %d", v);
	if (v == RP_STORE_SCHEMA_VERSION)
		return 0;
	if ((rc = rp_store_exec(s, "PRAGMA foreign_keys=OFF", err)))
		return rc;
	if ((rc = rp_store_begin(s, err)))
		goto out;
	/* Read again under the write lock: another process may have migrated meanwhile. */
	if ((rc = migrate_steps(s, err))) {
		rp_store_rollback(s);
		goto out;
	}
	rc = rp_store_commit(s, err);
out:
	rp_store_exec(s, "PRAGMA foreign_keys=ON", NULL);
	return rc;
}

/* SQLite keeps memory statistics by default, and this build has no lookaside: every
 * allocation of a statement step goes to malloc and takes a global mutex to count it.
 * Nothing here reads the statistics. Without them, fetching 10,000 messages used 15% less
 * CPU. The setting must precede SQLite's initialisation; when the process initialised it
 * already, sqlite3_config refuses and the default stays. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The file for writing: opened as it is, else, when missing and create is set, created
 * with its parent directories. The file is created here rather than by SQLite so that its
 * mode is 0600 whatever the umask. Returns 0, or 1 when the file exists but this user may
 * not write it (the caller may then read it). */
static int open_file(const char *path, int create, int *created, struct rp_error *err)
{
	char *dir, *slash;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (!create)
			return rp_error_set(err, RP_ENOTFOUND, NULL, "no database at %s", path);
		dir = rp_strdup(path);
		if (dir && (slash = strrchr(dir, '/')) && slash != dir) {
			*slash = '\0';
			rp_mkdir_p(dir, 0700);
		}
		free(dir);
		/* O_EXCL: created is set only when this process made the file */
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			*created = 1;
		else if (errno == EEXIST)
			fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0 && errno != EACCES && errno != EPERM && errno != EROFS)
			return rp_error_set(err, RP_EDB, path, "cannot create database: %s",
					    strerror(errno));
	}
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
		return 1;
	if (fd < 0)
		return rp_error_set(err, RP_EDB, path, "cannot open database: %s", strerror(errno));
	close(fd);
	return 0;
}

/* path as an absolute file: URI, with the characters a URI gives a meaning escaped. */
static char *file_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	char *abs = realpath(path, NULL), *uri, *o;
	const unsigned char *p;

	if (!abs || !(uri = malloc(strlen("file:") + 3 * strlen(abs) + strlen(query) + 1))) {
		free(abs);
		return NULL;
	}
	o = uri + sprintf(uri, "file:");
	for (p = (const unsigned char *)abs; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	strcpy(o, query);
	free(abs);
	return uri;
}

/* 1 when the directory holding path may be written by this user. */
static int dir_writable(const char *path)
{
	char *dir = rp_strdup(path), *slash;
	int ok;

	if (!dir)
		return 1;
	slash = strrchr(dir, '/');
	if (!slash)
		ok = access(".", W_OK) == 0;
	else {
		slash[slash == dir] = '\0';
		ok = access(dir, W_OK) == 0;
	}
	free(dir);
	return ok;
}

/* Open for reading only, and read the schema once: SQLite opens a WAL database's -wal and
 * -shm files at the first read, not at sqlite3_open_v2. */
static int open_readonly(struct rp_store *s, struct rp_error *err)
{
	char *wal, *uri;
	struct stat st;
	int rc, has_wal, has_journal;

	rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY)
		goto done;
	/* A reader of a WAL database needs the -shm file (the WAL index), and creates it when
	 * it is missing: in a directory this user cannot write, that fails (SQLITE_CANTOPEN,
	 * or SQLITE_READONLY when it cannot set up a -shm it may not write). When there is
	 * no -wal file either (or an empty one, which a reader without write access leaves
	 * behind), no connection has the database open (the first to open it creates the
	 * -wal and the -shm, the last to close it checkpoints and removes them) and every
	 * committed page is in the main file: SQLite then reads it as immutable, without the
	 * WAL index and without locks. That is safe while nobody writes, and a writer, in WAL
	 * or in a rollback journal, creates its -wal or -journal next to the database: only
	 * someone who may write the directory can start one during the read, and the other
	 * choice is to refuse every read. With a -wal file, committed pages may be in it
	 * alone, and it cannot be read without its index: that is refused. */
	/* A rollback journal (-journal) left by a bulk import that was killed, or that is
	 * still running, is hot: the main file holds the uncommitted batch, and only a reader
	 * that may write rolls it back. Read as immutable, the batch would pass for committed
	 * (or the file for malformed): that is refused too. */
	if (!(wal = malloc(strlen(s->path) + 9)))
		return rp_error_set(err, RP_ENOMEM, s->path, "out of memory");
	sprintf(wal, "%s-wal", s->path);
	has_wal = stat(wal, &st) == 0 ? st.st_size > 0 : errno != ENOENT;
	sprintf(wal, "%s-journal", s->path);
	has_journal = stat(wal, &st) == 0 ? st.st_size > 0 : errno != ENOENT;
	free(wal);
	if (has_wal || has_journal || dir_writable(s->path)) {
		if (has_wal)
			return rp_error_set(err, RP_EDB, s->path,
					    "cannot read the database: its write-ahead log (-wal file) "
					    "has no -shm file and the directory is not writable; "
					    "opening it once with write access folds the log in");
		if (has_journal)
			return rp_error_set(err, RP_EDB, s->path,
					    "cannot read the database: a write was interrupted or is "
					    "under way (its -journal file is there) and the directory "
					    "is not writable; opening it once with write access rolls "
					    "the interrupted write back");
		goto done;
	}
	if (!(uri = file_uri(s->path, "?immutable=1")))
		return rp_error_set(err, RP_EDB, s->path, "cannot name the database: %s",
				    strerror(errno));
	sqlite3_close_v2(s->db);
	s->db = NULL;
	rc = sqlite3_open_v2(uri, &s->db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
done:
	if (rc != SQLITE_OK)
		return rp_error_set(err, RP_EDB, s->path, "cannot open database: %s",
				    s->db ? sqlite3_errmsg(s->db) : "out of memory");
	s->readonly = 1;
	return 0;
}

/* Before anything is written: a database without rapporteur's schema version that holds
 * tables is another program's, and is left alone (its schema and journal mode included);
 * an empty one (no table yet) is a database only for a command that stores what it is
 * given. RP_EBUSY/RP_EDB when it cannot be read. */
static int check_ours(struct rp_store *s, int flags, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int v, tables = 0, rc;

	if (user_version(s, &v))
		return rp_store_error(s, err, "reading schema version");
	if (v > 0)
		return 0;
	if (v < 0)
		return rp_error_set(err, RP_EDB, s->path,
				    "not a rapporteur database: schema version %d", v);
	if ((rc = rp_store_prepare(s, &st, "SELECT count(*) FROM sqlite_schema", err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		tables = sqlite3_column_int(st, 0);
	else
		rc = rp_store_error(s, err, "reading the schema");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (tables)
		return rp_error_set(err, RP_EDB, s->path,
				    "not a rapporteur database: an SQLite database of another program "
				    "(%d schema entr%s, no rapporteur schema version); left as it is",
				    tables, tables == 1 ? "y" : "ies");
	if (flags & (RP_STORE_EXISTING | RP_STORE_MODIFY))
		return rp_error_set(err, RP_ENOTFOUND, NULL, "no database at %s (an empty file)",
				    s->path);
	return 0;
}

int rp_store_open(struct rp_store **out, const char *path, int flags, struct rp_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	struct rp_store *s;
	int rc;

	*out = NULL;
	if (!path || !path[0])
		return rp_error_set(err, RP_EUSAGE, NULL, "the database path is empty");
	pthread_once(&once, sqlite_setup);
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = rp_strdup(path))) {
		free(s);
		return rp_error_set(err, RP_ENOMEM, path, "out of memory");
	}
	if (flags & RP_STORE_READONLY) {
		if (access(path, F_OK) && errno == ENOENT) {
			rc = rp_error_set(err, RP_ENOTFOUND, NULL, "no database at %s", path);
			goto fail;
		}
		rc = open_readonly(s, err);
	} else if ((rc = open_file(path, !(flags & (RP_STORE_EXISTING | RP_STORE_MODIFY)),
				   &s->created, err)) == 1) {
		if (flags & RP_STORE_EXISTING)
			rc = open_readonly(s, err);
		else
			rc = rp_error_set(err, RP_EDB, path,
					  "database is not writable by this user, and this command "
					  "writes to it");
	} else if (!rc && sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
					  NULL) != SQLITE_OK) {
		rc = rp_error_set(err, RP_EDB, path, "cannot open database: %s",
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
	}
	if (rc)
		goto fail;
	sqlite3_busy_timeout(s->db, RP_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 0);
	if (!s->readonly && (rc = check_ours(s, flags, err)))
		goto fail;
	if (!s->readonly) {
		/* Page size, effective only at creation. Measured (interleaved A/B, 50,000
		 * messages): with raw bytes appended by rowid and bulk writes out of WAL, 16 KB
		 * pages import in 1.92 s against 2.43 s for 4 KB, and fetch 10,000 messages in
		 * 0.36-0.48 s against 0.44-0.53 s, while the analysis, which reads rows by id,
		 * takes the same time; 64 KB imports faster still (1.74 s) but analyses 20%
		 * slower. (With WAL and raw bytes keyed by hash, 16 KB had been 18% slower.)
		 * Two processes creating the database at once both ask for WAL, which needs an
		 * exclusive lock: SQLite answers one of them SQLITE_BUSY at once, without its busy
		 * handler (the two would deadlock), so that step is retried here. A bulk import
		 * in another process keeps the database out of WAL while it runs (see
		 * rp_store_bulk_begin) and refuses the switch: after a second of that, this
		 * connection works in the rollback journal, and the import restores WAL. */
		int tries = 0;

		if ((rc = rp_store_exec(s, "PRAGMA page_size=" RP_PAGE_SIZE, err)))
			goto fail;
		while ((rc = rp_store_exec(s, "PRAGMA journal_mode=WAL", err)) &&
		       sqlite3_errcode(s->db) == SQLITE_BUSY && tries++ < 20) {
			struct timespec ts = { 0, 50 * 1000 * 1000 };

			if (err)
				memset(err, 0, sizeof(*err));
			nanosleep(&ts, NULL);
		}
		if (rc && sqlite3_errcode(s->db) == SQLITE_BUSY) {
			if (err)
				memset(err, 0, sizeof(*err));
			rc = 0;
		}
		if (rc)
			goto fail;
	}
	if ((rc = rp_store_exec(s,
				"PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
				"PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY;",
				err)))
		goto fail;
	if (!s->readonly) {
		if ((rc = migrate(s, err)))
			goto fail;
	} else {
		int v = 0;
		user_version(s, &v);
		if (v != RP_STORE_SCHEMA_VERSION) {
			/* An older schema is migrated by the first writable open. */
			if (v > 0 && v < RP_STORE_SCHEMA_VERSION)
				rc = rp_error_set(err, RP_EDB, path,
						  "database is not writable, and its schema (version "
						  "%d) needs upgrading to version %d",
						  v, RP_STORE_SCHEMA_VERSION);
			else
				rc = rp_error_set(err, RP_EDB, path,
						  "not a rapporteur database of schema version %d "
						  "(found %d)",
						  RP_STORE_SCHEMA_VERSION, v);
			goto fail;
		}
	}
	*out = s;
	return 0;
fail:
	rp_store_close(s);
	return rc;
}

/* Set the journal mode; 1 when the database is in that mode afterwards. */
static int journal_mode(struct rp_store *s, const char *mode)
{
	char sql[64];
	sqlite3_stmt *st;
	int ok = 0;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode=%s", mode);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		ok = rp_ascii_casecmp((const char *)sqlite3_column_text(st, 0), mode) == 0;
	sqlite3_finalize(st);
	return ok;
}

int rp_store_bulk_begin(struct rp_store *s)
{
	if (s->bulk)
		return 1;
	if (s->readonly || !sqlite3_get_autocommit(s->db))
		return 0;
	/* Leaving WAL needs an exclusive lock, which any other open connection denies:
	 * ask once, without waiting, and stay in WAL if refused. */
	sqlite3_busy_timeout(s->db, 0);
	s->bulk = journal_mode(s, "PERSIST");
	sqlite3_busy_timeout(s->db, RP_BUSY_TIMEOUT_MS);
	if (!s->bulk)
		return 0;
	/* A rollback journal is safe from power loss only with a sync at every step. */
	sqlite3_exec(s->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	return 1;
}

void rp_store_bulk_end(struct rp_store *s)
{
	if (!s || !s->bulk)
		return;
	sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	/* A reader may hold the lock for a moment; the busy timeout covers it. If it still
	 * fails, the next writable open sets WAL again. */
	journal_mode(s, "WAL");
	s->bulk = 0;
}

void rp_store_close(struct rp_store *s)
{
	if (!s)
		return;
	rp_store_bulk_end(s);
	if (s->db)
		sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

/* Nothing the user gave is stored: no list, message, draft or member. */
static int holds_nothing(struct rp_store *s)
{
	sqlite3_stmt *st = NULL;
	int empty = 0;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT NOT EXISTS (SELECT 1 FROM list) AND NOT EXISTS (SELECT 1 FROM raw)"
			       " AND NOT EXISTS (SELECT 1 FROM draft)"
			       " AND NOT EXISTS (SELECT 1 FROM member)",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

void rp_store_close_unused(struct rp_store *s)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char *path;
	size_t i;
	int discard;

	if (!s)
		return;
	/* Leaving WAL needs every connection's consent: it fails when another process has
	 * the file open, which then keeps it. */
	discard = s->created && !s->readonly && sqlite3_get_autocommit(s->db) &&
		  holds_nothing(s) && rp_store_exec(s, "PRAGMA journal_mode=DELETE", NULL) == 0;
	path = s->path; /* kept past the close to unlink the files, and freed here */
	s->path = NULL;
	rp_store_close(s);
	for (i = 0; discard && path && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *f = malloc(strlen(path) + strlen(suffixes[i]) + 1);

		if (f) {
			sprintf(f, "%s%s", path, suffixes[i]);
			unlink(f);
			free(f);
		}
	}
	free(path);
}

sqlite3 *rp_store_db(struct rp_store *s)
{
	return s->db;
}

const char *rp_store_path(const struct rp_store *s)
{
	return s->path;
}

int rp_store_readonly(const struct rp_store *s)
{
	return s->readonly;
}

int rp_store_begin(struct rp_store *s, struct rp_error *err)
{
	/* Every write transaction starts here: refused before any work, with the file named. */
	if (s->readonly)
		return rp_error_set(err, RP_EDB, s->path,
				    "database is not writable by this user (opened read-only), "
				    "and this needs to write to it");
	return rp_store_exec(s, "BEGIN IMMEDIATE", err);
}

int rp_store_commit(struct rp_store *s, struct rp_error *err)
{
	return rp_store_exec(s, "COMMIT", err);
}

void rp_store_rollback(struct rp_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int rp_store_list_id(struct rp_store *s, const char *name, int create, int64_t *id,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, pass;

	/* Another process may create the same list between the two statements: the insert
	 * then does nothing and the second look-up finds its row. */
	for (pass = 0; pass < 2; pass++) {
		if ((rc = rp_store_prepare(s, &st, "SELECT id FROM list WHERE name = ?1", err)))
			return rc;
		rp_bind_text(st, 1, name);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return 0;
		if (!create || pass)
			break;
		if ((rc = rp_store_prepare(s, &st, "INSERT INTO list(name) VALUES (?1)"
						   " ON CONFLICT(name) DO NOTHING", err)))
			return rc;
		rp_bind_text(st, 1, name);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return rp_store_error(s, err, "creating list");
	}
	if (!create)
		return rp_error_set(err, RP_ENOTFOUND, name, "no such list");
	return rp_error_set(err, RP_EDB, name, "list vanished while being created");
}

int rp_store_meta_set(struct rp_store *s, const char *key, const char *value, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = rp_store_prepare(s, &st,
			      value ? "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) "
				      "DO UPDATE SET value = excluded.value"
				    : "DELETE FROM meta WHERE key = ?1",
			      err);
	if (rc)
		return rc;
	rp_bind_text(st, 1, key);
	if (value)
		rp_bind_text(st, 2, value);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rp_store_error(s, err, "writing meta");
	sqlite3_finalize(st);
	return rc;
}

int rp_store_meta_get(struct rp_store *s, const char *key, char **out, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if ((rc = rp_store_prepare(s, &st, "SELECT value FROM meta WHERE key = ?1", err)))
		return rc;
	rp_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		*out = rp_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}
