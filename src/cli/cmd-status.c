/* status: what the store holds: lists, message counts, date ranges, parse errors; for each
 * list fetched over IMAP where from, when it last completed, its UIDVALIDITY and last UID,
 * and the failure of the most recent fetch; and for each compiled draft whether answers
 * arrived since its last compile. Reads only. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/imap.h"
#include "rapporteur/report.h"
#include "rapporteur/thread.h"

static const char status_usage[] =
	"usage: rapporteur status [--json]\n\n"
	"Lists each list with its message count, date range and parse errors, and the totals.\n"
	"Then, for each draft that was compiled, when, and how many messages answering it were\n"
	"stored since and whether manual decisions changed (\"draft 1 'Title': compiled DATE;\n"
	"2 new messages and decisions changed since (run rapporteur compile 1)\"), or \"up to\n"
	"date\". The thread count says whether the thread tree covers every stored message (an\n"
	"interrupted import can leave it behind; the next import, fetch, analysis or\n"
	"`rapporteur threads` completes it). For each list fetched over IMAP, a line says\n"
	"from which server, account and folder, when a fetch last completed, the folder's\n"
	"UIDVALIDITY and the last UID done, and another, when the most recent fetch failed or\n"
	"was interrupted, when and why (\"wg: last fetch failed 2026-01-05T10:00:00Z: ...\").\n"
	"  --json   one JSON object: messages, parse_errors, threads, threads_up_to_date,\n"
	"           lists[{name, messages, parse_errors, first, last, fetch}], drafts[{id,\n"
	"           title, compiled, messages, new_messages, decisions_changed, up_to_date}]\n"
	"           (compiled drafts only); fetch is null for a list never fetched, else\n"
	"           {server, account, folder, last_fetched, uidvalidity, highest_uid,\n"
	"           last_failure: null or {time, error}}\n";

/* One line (or JSON object) per compiled draft. */
static int drafts_status(struct rp_cli *cli, json_t *drafts, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(cli->store, &st, "SELECT id, title FROM draft ORDER BY id", err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rp_compile_state cs;
		int64_t id = sqlite3_column_int64(st, 0);
		const char *title = (const char *)sqlite3_column_text(st, 1);
		char when[21];

		if ((rc = rp_report_compile_state(&cs, cli->store, id, err)))
			goto cleanup;
		if (!cs.compiled)
			continue;
		rp_time_iso(cs.time, when);
		if (drafts) {
			json_t *d = json_object();
			json_object_set_new(d, "id", json_integer(id));
			json_object_set_new(d, "title", json_string(title ? title : ""));
			json_object_set_new(d, "compiled", json_string(when));
			json_object_set_new(d, "messages", json_integer(cs.messages));
			json_object_set_new(d, "new_messages", json_integer(cs.new_messages));
			json_object_set_new(d, "decisions_changed", json_boolean(cs.decisions_changed));
			json_object_set_new(d, "up_to_date",
					    json_boolean(cs.new_messages == 0 && !cs.decisions_changed));
			json_array_append_new(drafts, d);
		} else if (cs.new_messages == 0 && !cs.decisions_changed) {
			printf("draft %lld '%s': compiled %s; up to date\n", (long long)id,
			       title ? title : "", when);
		} else {
			printf("draft %lld '%s': compiled %s; ", (long long)id, title ? title : "", when);
			if (cs.new_messages)
				printf("%lld new message%s%s", (long long)cs.new_messages,
				       cs.new_messages == 1 ? "" : "s",
				       cs.decisions_changed ? " and " : "");
			printf("%s since (run rapporteur compile %lld)\n",
			       cs.decisions_changed ? "decisions changed" : "", (long long)id);
		}
	}
	rc = rc == SQLITE_DONE ? 0 : rp_store_error(cli->store, err, "reading drafts");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

/* A string member, null when empty (unknown). */
static json_t *str_or_null(const char *s)
{
	return *s ? json_string(s) : json_null();
}

static json_t *fetch_json(const struct rp_imap_state *fs)
{
	json_t *o = json_object(), *fail = json_null();
	char when[21];

	json_object_set_new(o, "server", str_or_null(fs->server));
	json_object_set_new(o, "account", str_or_null(fs->account));
	json_object_set_new(o, "folder", str_or_null(fs->folder));
	rp_time_iso(fs->last_ok, when);
	json_object_set_new(o, "last_fetched", fs->last_ok ? json_string(when) : json_null());
	json_object_set_new(o, "uidvalidity",
			    fs->uidvalidity ? json_integer(fs->uidvalidity) : json_null());
	json_object_set_new(o, "highest_uid", json_integer(fs->highest_uid));
	if (fs->failed_at) {
		fail = json_object();
		rp_time_iso(fs->failed_at, when);
		json_object_set_new(fail, "time", json_string(when));
		json_object_set_new(fail, "error", json_string(fs->error));
	}
	json_object_set_new(o, "last_failure", fail);
	return o;
}

/* The lines of a list fetched over IMAP: where from and how far, then the failure. */
static void fetch_lines(const char *name, const struct rp_imap_state *fs)
{
	char when[21];

	printf("%s: ", name);
	if (fs->server[0])
		printf("server %s%s%s%s, folder %s; ", fs->server, fs->account[0] ? " (" : "",
		       fs->account, fs->account[0] ? ")" : "", fs->folder);
	if (fs->last_ok) {
		rp_time_iso(fs->last_ok, when);
		printf("last fetched %s", when);
	} else {
		printf("never fetched to the end");
	}
	if (fs->uidvalidity)
		printf("; UIDVALIDITY %u, last UID %u", fs->uidvalidity, fs->highest_uid);
	putchar('\n');
	if (fs->failed_at) {
		rp_time_iso(fs->failed_at, when);
		printf("%s: last fetch failed %s: %s\n", name, when, fs->error);
	}
}

/* After the table, the lines of each list fetched over IMAP, by name. */
static int fetch_status(struct rp_cli *cli, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(cli->store, &st, "SELECT id, name FROM list ORDER BY name", err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rp_imap_state fs;

		if ((rc = rp_imap_state_get(&fs, cli->store, sqlite3_column_int64(st, 0), err)))
			goto cleanup;
		if (fs.fetched)
			fetch_lines((const char *)sqlite3_column_text(st, 1), &fs);
	}
	rc = rc == SQLITE_DONE ? 0 : rp_store_error(cli->store, err, "reading lists");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

static int count(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int ok;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return RP_EDB;
	ok = sqlite3_step(st) == SQLITE_ROW;
	*out = ok ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return ok ? 0 : RP_EDB;
}

int cmd_status(struct rp_cli *cli, int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	struct rp_error err = { 0 };
	json_t *root = NULL, *lists = NULL;
	int64_t total = 0, errors = 0, threads = 0;
	int json = 0, i, rc, stale = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (rp_cli_wants_help(2, (char *[]){ "", argv[i] })) {
			fputs(status_usage, stdout);
			return 0;
		} else {
			fprintf(stderr, "rapporteur status: unknown argument '%s'\n%s", argv[i], status_usage);
			return RP_EXIT_USAGE;
		}
	}
	db = rp_store_db(cli->store); /* opened only when no --help was asked */
	if (count(db, "SELECT count(*) FROM message", &total) ||
	    count(db, "SELECT count(*) FROM message WHERE parse_error IS NOT NULL", &errors) ||
	    /* As `threads` draws them: a root shared by two different messages with one
	     * Message-ID is two threads, a ghost root (a message never received) one. */
	    count(db,
		  "SELECT count(*) FROM thread_node t LEFT JOIN message m"
		  " ON m.message_id = t.message_id WHERE t.parent IS NULL",
		  &threads)) {
		rp_store_error(cli->store, &err, "counting messages");
		return rp_cli_fail(&err);
	}
	if (rp_thread_is_stale(cli->store, &stale, &err))
		return rp_cli_fail(&err);
	if (!total)
		stale = 0;
	rc = rp_store_prepare(cli->store, &st,
			      /* A message cross-posted to two lists counts in both lists (table
			       * message_list), once in the total. */
			      "SELECT l.name, count(m.id), sum(m.parse_error IS NOT NULL), min(m.date), "
			      "max(m.date), l.id FROM list l LEFT JOIN message_list ml ON ml.list = l.id "
			      "LEFT JOIN message m ON m.id = ml.message "
			      "GROUP BY l.id ORDER BY l.name",
			      &err);
	if (rc)
		return rp_cli_fail(&err);
	if (json) {
		root = json_object();
		lists = json_array();
		json_object_set_new(root, "messages", json_integer(total));
		json_object_set_new(root, "parse_errors", json_integer(errors));
		json_object_set_new(root, "threads", json_integer(threads));
		json_object_set_new(root, "threads_up_to_date", json_boolean(!stale));
		json_object_set_new(root, "database", json_string(cli->db_path));
	} else {
		printf("database: %s\n", cli->db_path);
		printf("%-24s %9s %7s  %-10s  %-10s\n", "list", "messages", "errors", "first", "last");
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char first[21] = "", last[21] = "";
		struct rp_imap_state fs;

		if (json && (rc = rp_imap_state_get(&fs, cli->store, sqlite3_column_int64(st, 5), &err))) {
			sqlite3_finalize(st);
			json_decref(root);
			json_decref(lists);
			return rp_cli_fail(&err);
		}

		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			rp_time_iso(sqlite3_column_int64(st, 3), first);
			rp_time_iso(sqlite3_column_int64(st, 4), last);
		}
		if (json) {
			json_t *l = json_object();
			json_object_set_new(l, "name", json_string(name));
			json_object_set_new(l, "messages", json_integer(sqlite3_column_int64(st, 1)));
			json_object_set_new(l, "parse_errors", json_integer(sqlite3_column_int64(st, 2)));
			json_object_set_new(l, "first", first[0] ? json_string(first) : json_null());
			json_object_set_new(l, "last", last[0] ? json_string(last) : json_null());
			json_object_set_new(l, "fetch", fs.fetched ? fetch_json(&fs) : json_null());
			json_array_append_new(lists, l);
		} else {
			printf("%-24s %9lld %7lld  %-10.10s  %-10.10s\n", name,
			       (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2),
			       first, last);
		}
	}
	sqlite3_finalize(st);
	if (json) {
		json_t *drafts = json_array();

		json_object_set_new(root, "lists", lists);
		json_object_set_new(root, "drafts", drafts);
		if ((rc = drafts_status(cli, drafts, &err))) {
			json_decref(root);
			return rp_cli_fail(&err);
		}
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		if ((rc = fetch_status(cli, &err)))
			return rp_cli_fail(&err);
		printf("total: %lld messages, %lld with parse errors\n", (long long)total, (long long)errors);
		if (stale)
			printf("threads: %lld, behind the stored messages (run rapporteur threads)\n",
			       (long long)threads);
		else
			printf("threads: %lld, up to date\n", (long long)threads);
		if ((rc = drafts_status(cli, NULL, &err)))
			return rp_cli_fail(&err);
	}
	return 0;
}
