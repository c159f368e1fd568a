/* decisions: list, export and import a draft's manual decisions, so a coordinator can
 * review them in a spreadsheet or editor and load them back. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"

static const char decisions_usage[] =
	"usage: rapporteur decisions [--json] DRAFT\n"
	"       rapporteur decisions --import FILE DRAFT\n\n"
	"List the manual decisions on DRAFT's points (section, stance, disposition, note), with\n"
	"who set them. --json writes them as {\"draft\": ID, \"decisions\": [{message_id, ordinal,\n"
	"key, value, who}]}, the form --import reads back (FILE may be -).\n";

static int import_decisions(struct rp_cli *cli, int64_t draft, const char *file)
{
	struct rp_error err = { 0 };
	json_error_t jerr;
	json_t *root, *arr, *d;
	size_t i;
	int rc = 0, n = 0;

	root = strcmp(file, "-") == 0 ? json_loadf(stdin, 0, &jerr) : json_load_file(file, 0, &jerr);
	if (!root) {
		fprintf(stderr, "rapporteur decisions: %s:%d: %s\n", file, jerr.line, jerr.text);
		return RP_EXIT_USAGE;
	}
	arr = json_object_get(root, "decisions");
	if (!json_is_array(arr)) {
		fprintf(stderr, "rapporteur decisions: %s: no \"decisions\" array\n", file);
		json_decref(root);
		return RP_EXIT_USAGE;
	}
	if ((rc = rp_store_begin(cli->store, &err)))
		goto fail;
	json_array_foreach(arr, i, d) {
		const char *mid = json_string_value(json_object_get(d, "message_id"));
		const char *key = json_string_value(json_object_get(d, "key"));
		const char *value = json_string_value(json_object_get(d, "value"));
		const char *who = json_string_value(json_object_get(d, "who"));
		json_t *ord = json_object_get(d, "ordinal");
		if (!mid || !key || !json_is_integer(ord)) {
			rc = rp_error_set(&err, RP_EUSAGE, file,
					  "decision %zu: needs message_id, ordinal and key", i);
			break;
		}
		if ((rc = rp_decision_set(cli->store, draft, mid, (int)json_integer_value(ord), key, value,
					  who, &err))) {
			snprintf(err.where, sizeof(err.where), "%.200s: decision %zu", file, i);
			break;
		}
		n++;
	}
	if (rc) {
		rp_store_rollback(cli->store);
		goto fail;
	}
	if ((rc = rp_store_commit(cli->store, &err)))
		goto fail;
	json_decref(root);
	printf("imported %d decisions into draft %lld\n", n, (long long)draft);
	return 0;
fail:
	json_decref(root);
	return rp_cli_fail(&err);
}

int cmd_decisions(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	const char *import = NULL;
	int64_t draft = 0;
	json_t *arr;
	int json = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(decisions_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--import") == 0 && i + 1 < argc)
			import = argv[++i];
		else if (!draft && rp_cli_parse_draft_id(argv[i], &draft) == 0)
			;
		else {
			fputs(decisions_usage, stderr);
			return RP_EXIT_USAGE;
		}
	}
	if (!draft) {
		fputs(decisions_usage, stderr);
		return RP_EXIT_USAGE;
	}
	if (import)
		return import_decisions(cli, draft, import);
	if (rp_store_prepare(cli->store, &st,
			     "SELECT d.message_id, d.ordinal, d.key, d.value, d.who, p.id FROM decision d"
			     " LEFT JOIN message m ON m.message_id = d.message_id"
			     " LEFT JOIN point p ON p.draft = d.draft AND p.message = m.id"
			     " AND p.ordinal = d.ordinal WHERE d.draft = ?1"
			     " GROUP BY d.message_id, d.ordinal, d.key ORDER BY d.message_id, d.ordinal, d.key",
			     &err))
		return rp_cli_fail(&err);
	sqlite3_bind_int64(st, 1, draft);
	arr = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *mid = (const char *)sqlite3_column_text(st, 0);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		const char *val = (const char *)sqlite3_column_text(st, 3);
		const char *who = (const char *)sqlite3_column_text(st, 4);
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "message_id", json_string(mid));
			json_object_set_new(o, "ordinal", json_integer(sqlite3_column_int(st, 1)));
			json_object_set_new(o, "key", json_string(key));
			json_object_set_new(o, "value", json_string(val));
			json_object_set_new(o, "who", who ? json_string(who) : json_null());
			json_object_set_new(o, "point", sqlite3_column_type(st, 5) == SQLITE_NULL
								? json_null()
								: json_integer(sqlite3_column_int64(st, 5)));
			json_array_append_new(arr, o);
		} else {
			printf("point %-6s <%s> #%d  %s = %s%s%s\n",
			       sqlite3_column_text(st, 5) ? (const char *)sqlite3_column_text(st, 5) : "-", mid,
			       sqlite3_column_int(st, 1), key, val, who ? "  by " : "", who ? who : "");
		}
	}
	sqlite3_finalize(st);
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "draft", json_integer(draft));
		json_object_set_new(root, "decisions", arr);
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		json_decref(arr);
	}
	return 0;
}
