/* store: the SQLite database every stage reads from and writes to. Schema, forward
 * migrations (PRAGMA user_version), transactions. Knows nothing of MIME or IMAP.
 *
 * Other modules run their own SQL through rp_store_db(), with bound parameters only. */
#ifndef RAPPORTEUR_STORE_H
#define RAPPORTEUR_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "rapporteur/util.h"

struct rp_store;

enum {
	RP_STORE_READONLY = 1, /* open an existing database for reading */
	RP_STORE_EXISTING = 2, /* never create: open an existing database for writing, or
				* for reading only when this user may not write the file */
	RP_STORE_MODIFY = 4,   /* never create: open an existing database for writing */
};

/* The schema version this build writes; rp_store_open migrates older databases. */
#define RP_STORE_SCHEMA_VERSION 7

/* A message's body text, as an SQL expression over the message row aliased m: the body
 * column, or the raw bytes' tail when the body was stored by reference (body_at, schema
 * version 4). Use it wherever a query reads message.body. */
#define RP_SQL_BODY(m)                                                                       \
	"coalesce(" m ".body, (SELECT CAST(substr(raw.bytes, " m ".body_at + 1) AS TEXT)"      \
	" FROM raw WHERE raw.hash = " m ".hash))"

/* Whether the message row aliased m belongs to the list whose id is the SQL expression
 * list (schema version 6): its first list or one that received it later (table
 * message_list). Use it wherever a query filters or counts messages by list. */
#define RP_SQL_IN_LIST(m, list)                                                              \
	"EXISTS (SELECT 1 FROM message_list WHERE message_list.list = " list                  \
	" AND message_list.message = " m ".id)"

/* Open (creating with mode 0600 and parent directories 0700 if missing) the database at
 * path. WAL mode, foreign keys on, synchronous=NORMAL, a busy timeout of 60 s so a second
 * writer waits rather than fails. *out is owned by the caller: rp_store_close().
 * Without flags a file this user may not write is refused (RP_EDB). With
 * RP_STORE_READONLY or RP_STORE_EXISTING nothing is created: a missing file is
 * RP_ENOTFOUND ("no database at PATH"). A read-only store is never migrated (an older
 * schema is RP_EDB), and every write on it fails with RP_EDB, naming the file:
 * rp_store_begin refuses at once. */
int rp_store_open(struct rp_store **out, const char *path, int flags, struct rp_error *err);
void rp_store_close(struct rp_store *s);
/* Close s; when this open created the database file and nothing has been stored in it
 * yet (no list, message, draft or member) and no other connection has it open, remove it:
 * a command that failed (a missing draft file, nothing to import) leaves no empty store
 * behind at a path that may be mistyped. */
void rp_store_close_unused(struct rp_store *s);
/* 1 when the store was opened for reading only. */
int rp_store_readonly(const struct rp_store *s);

/* The underlying handle; borrowed, valid until rp_store_close. */
sqlite3 *rp_store_db(struct rp_store *s);
const char *rp_store_path(const struct rp_store *s);

/* Transactions. begin takes the write lock immediately (BEGIN IMMEDIATE), so a second
 * writer waits for the busy timeout and then gets RP_EBUSY. */
int rp_store_begin(struct rp_store *s, struct rp_error *err);
int rp_store_commit(struct rp_store *s, struct rp_error *err);
void rp_store_rollback(struct rp_store *s);

/* Bulk writing (a large import). When no other connection has the database open,
 * rp_store_bulk_begin switches it from WAL to a rollback journal with synchronous=FULL and
 * returns 1: pages appended by a transaction (raw message bytes) are then written once,
 * where WAL writes them twice (log, then checkpoint). It returns 0 and changes nothing when
 * another connection is open (WAL needs every connection's consent to be left).
 * rp_store_bulk_end goes back to WAL (a later open does it if this one cannot). Crash
 * safety is the same in both modes; in bulk mode a reader waits while a batch commits. */
int rp_store_bulk_begin(struct rp_store *s);
void rp_store_bulk_end(struct rp_store *s);

/* Run SQL with no parameters and no result rows (schema, pragmas). */
int rp_store_exec(struct rp_store *s, const char *sql, struct rp_error *err);

/* Prepare a statement; on failure err says which statement and why. */
int rp_store_prepare(struct rp_store *s, sqlite3_stmt **out, const char *sql, struct rp_error *err);

/* Bind a text that may be NULL (binds SQL NULL). */
int rp_bind_text(sqlite3_stmt *st, int idx, const char *text);
/* The same without a copy, for rows written in a loop: text is borrowed and must stay
 * valid until the statement is reset with its bindings cleared, bound again or
 * finalized. */
int rp_bind_text_ref(sqlite3_stmt *st, int idx, const char *text);

/* Find or create the list named name; *id receives its rowid. */
int rp_store_list_id(struct rp_store *s, const char *name, int create, int64_t *id,
		     struct rp_error *err);

/* Settings in the meta table (e.g. last compile time). value NULL deletes. */
int rp_store_meta_set(struct rp_store *s, const char *key, const char *value, struct rp_error *err);
/* *out malloc'ed, or NULL when absent. */
int rp_store_meta_get(struct rp_store *s, const char *key, char **out, struct rp_error *err);

/* Fill err from the database's last error. Returns RP_EDB (or RP_EBUSY when locked). */
int rp_store_error(struct rp_store *s, struct rp_error *err, const char *what);

#endif
