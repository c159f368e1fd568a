/* status: what the store holds: lists, message counts, date ranges, parse errors. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char status_usage[] =
	"usage: rapporteur status [--json]\n\n"
	"Lists each list with its message count, date range and parse errors, and the totals.\n"
	"  --json   one JSON object: messages, parse_errors, lists[{name, messages, parse_errors,\n"
	"           first, last}]\n";

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
	sqlite3 *db = rp_store_db(cli->store);
	sqlite3_stmt *st = NULL;
	struct rp_error err = { 0 };
	json_t *root = NULL, *lists = NULL;
	int64_t total = 0, errors = 0;
	int json = 0, i, rc;

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
	if (count(db, "SELECT count(*) FROM message", &total) ||
	    count(db, "SELECT count(*) FROM message WHERE parse_error IS NOT NULL", &errors)) {
		rp_store_error(cli->store, &err, "counting messages");
		return rp_cli_fail(&err);
	}
	rc = rp_store_prepare(cli->store, &st,
			      "SELECT l.name, count(m.id), sum(m.parse_error IS NOT NULL), min(m.date), "
			      "max(m.date) FROM list l LEFT JOIN message m ON m.list_id = l.id "
			      "GROUP BY l.id ORDER BY l.name",
			      &err);
	if (rc)
		return rp_cli_fail(&err);
	if (json) {
		root = json_object();
		lists = json_array();
		json_object_set_new(root, "messages", json_integer(total));
		json_object_set_new(root, "parse_errors", json_integer(errors));
		json_object_set_new(root, "database", json_string(cli->db_path));
	} else {
		printf("database: %s\n", cli->db_path);
		printf("%-24s %9s %7s  %-10s  %-10s\n", "list", "messages", "errors", "first", "last");
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char first[21] = "", last[21] = "";

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
			json_array_append_new(lists, l);
		} else {
			printf("%-24s %9lld %7lld  %-10.10s  %-10.10s\n", name,
			       (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2),
			       first, last);
		}
	}
	sqlite3_finalize(st);
	if (json) {
		json_object_set_new(root, "lists", lists);
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		printf("total: %lld messages, %lld with parse errors\n", (long long)total, (long long)errors);
	}
	return 0;
}
