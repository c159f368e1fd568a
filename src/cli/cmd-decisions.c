/* decisions: list, export and import a draft's manual decisions -- on its points, and on
 * which messages its discussion includes -- so a coordinator can review them in a
 * spreadsheet or editor and load them back. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"

static const char decisions_usage[] =
	"usage: rapporteur decisions [--json] DRAFT\n"
	"       rapporteur decisions --import FILE [--force] DRAFT\n\n"
	"List the manual decisions on DRAFT's points (section, stance, disposition, note), with\n"
	"who set them, and the messages included or excluded by hand (set --message ID\n"
	"include=). DRAFT is an id or a title. --json writes them as {\"draft\": ID,\n"
	"\"decisions\": [{message_id, ordinal, key, value, who, point}]}, the form --import\n"
	"reads back (FILE may be -); an inclusion is {message_id, ordinal: 0, key: \"include\",\n"
	"value: \"yes\" or \"no\", reason, who, point: null}. A file exported from another\n"
	"draft is refused: its section names would pin points to that draft's numbering\n"
	"(after --revises, 3.9 may be another section); --force imports it all the same. An\n"
	"inclusion whose message is not stored here is not imported (the rest is), and said so.\n\n"
	"Exit status: 0 done, 1 the file is unreadable, is not a decisions file or holds a\n"
	"decision it gets wrong (nothing is imported) or an include named a message not stored\n"
	"(the rest is imported), 2 usage, 8 no such draft.\n";

/* Manual decisions on points, then the inclusions by hand (draft_message, manual = 1) as
 * key "include" with ordinal 0 and no point, in one order: message, ordinal, key. */
static const char decisions_sql[] =
	"SELECT * FROM ("
	"SELECT d.message_id, d.ordinal, d.key, d.value, d.who, p.id, NULL AS reason FROM decision d"
	" LEFT JOIN message m ON m.message_id = d.message_id"
	" LEFT JOIN point p ON p.draft = d.draft AND p.message = m.id"
	" AND p.ordinal = d.ordinal WHERE d.draft = ?1"
	" GROUP BY d.message_id, d.ordinal, d.key"
	" UNION ALL "
	"SELECT m.message_id, 0, 'include', CASE WHEN dm.included THEN 'yes' ELSE 'no' END, dm.who, NULL,"
	" dm.reason FROM draft_message dm JOIN message m ON m.id = dm.message"
	" WHERE dm.draft = ?1 AND dm.manual = 1 GROUP BY m.message_id"
	") ORDER BY 1, 2, 3";

/* One include entry of a decisions file: the message included (yes) or excluded (no) by
 * hand, or that decision removed (null or ""). RP_ENOTFOUND: the message to include or
 * exclude is not stored. */
static int import_include(struct rp_cli *cli, int64_t draft, const char *mid, const char *value,
			  const char *reason, const char *who, struct rp_error *err)
{
	int removed;

	if (!value || !*value) {
		int rc = rp_membership_clear(cli->store, draft, mid, &removed, err);
		if (rc == RP_ENOTFOUND)
			memset(err, 0, sizeof(*err)); /* no message, so nothing to remove */
		return rc == RP_ENOTFOUND ? 0 : rc;
	}
	if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
		return rp_error_set(err, RP_EUSAGE, "include", "'%s' is not yes or no", value);
	return rp_membership_set(cli->store, draft, mid, strcmp(value, "yes") == 0, reason, who,
				 err);
}

static int import_decisions(struct rp_cli *cli, int64_t draft, const char *file, int force)
{
	struct rp_error err = { 0 };
	json_error_t jerr;
	json_t *root, *arr, *d;
	size_t i;
	int rc = 0, n = 0, missing = 0;

	root = strcmp(file, "-") == 0 ? json_loadf(stdin, 0, &jerr) : json_load_file(file, 0, &jerr);
	if (!root) {
		if (jerr.line > 0)
			fprintf(stderr, "rapporteur decisions: %s:%d: not JSON: %s\n", file, jerr.line,
				jerr.text);
		else
			fprintf(stderr, "rapporteur decisions: %s: cannot read it: %s\n", file, jerr.text);
		return RP_EXIT_PROBLEM;
	}
	arr = json_object_get(root, "decisions");
	if (!json_is_array(arr)) {
		fprintf(stderr, "rapporteur decisions: %s: no \"decisions\" array\n", file);
		json_decref(root);
		return RP_EXIT_PROBLEM;
	}
	if (json_is_integer(json_object_get(root, "draft")) &&
	    json_integer_value(json_object_get(root, "draft")) != draft && !force) {
		fprintf(stderr,
			"rapporteur decisions: %s: holds the decisions of draft %lld, not of draft "
			"%lld; their sections name draft %lld's sections (give --force to import them "
			"all the same)\n",
			file, (long long)json_integer_value(json_object_get(root, "draft")),
			(long long)draft, (long long)json_integer_value(json_object_get(root, "draft")));
		json_decref(root);
		return RP_EXIT_PROBLEM;
	}
	if ((rc = rp_store_begin(cli->store, &err)))
		goto fail;
	json_array_foreach(arr, i, d) {
		const char *mid = json_string_value(json_object_get(d, "message_id"));
		const char *key = json_string_value(json_object_get(d, "key"));
		const char *value = json_string_value(json_object_get(d, "value"));
		const char *who = json_string_value(json_object_get(d, "who"));
		json_t *ord = json_object_get(d, "ordinal");
		int include = key && strcmp(key, "include") == 0;
		if (!mid || !key || (!include && !json_is_integer(ord))) {
			rc = rp_error_set(&err, RP_EUSAGE, file,
					  "decision %zu: needs message_id, ordinal and key", i);
			break;
		}
		rc = include ? import_include(cli, draft, mid, value,
					      json_string_value(json_object_get(d, "reason")), who, &err)
			     : rp_decision_set(cli->store, draft, mid, (int)json_integer_value(ord), key,
					       value, who, &err);
		if (rc == RP_ENOTFOUND && include) {
			/* Its message is not in this store: the rest is imported all the same. */
			fprintf(stderr, "rapporteur decisions: %s: decision %zu: no message <%s> here: "
				"its include=%s is not imported\n", file, i, mid, value ? value : "");
			memset(&err, 0, sizeof(err));
			rc = 0;
			missing++;
			continue;
		}
		if (rc) {
			snprintf(err.where, sizeof(err.where), "%.200s: decision %zu", file, i);
			break;
		}
		n++;
	}
	if (rc) {
		rp_store_rollback(cli->store);
		if (rc == RP_ENOMEM || rc == RP_EDB || rc == RP_EBUSY)
			goto fail;
		/* a decision the file gets wrong: the file's problem, and nothing was imported */
		json_decref(root);
		fprintf(stderr, "rapporteur: %s\nrapporteur decisions: nothing imported\n",
			rp_error_text(&err));
		return RP_EXIT_PROBLEM;
	}
	if ((rc = rp_store_commit(cli->store, &err)))
		goto fail;
	json_decref(root);
	printf("imported %d decision%s into draft %lld\n", n, n == 1 ? "" : "s", (long long)draft);
	return missing ? RP_EXIT_PROBLEM : 0;
fail:
	json_decref(root);
	return rp_cli_fail(&err);
}

int cmd_decisions(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	const char *import = NULL, *draft_arg = NULL;
	int64_t draft = 0;
	json_t *arr;
	int json = 0, force = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(decisions_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--import") == 0 && i + 1 < argc)
			import = argv[++i];
		else if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (!draft_arg && argv[i][0] != '-')
			draft_arg = argv[i];
		else {
			fprintf(stderr, "rapporteur decisions: %s '%s'\n%s",
				argv[i][0] == '-' ? "unknown option" : "one DRAFT only, not also", argv[i],
				decisions_usage);
			return RP_EXIT_USAGE;
		}
	}
	if (!draft_arg) {
		fprintf(stderr, "rapporteur decisions: which draft? (an id or a title)\n%s",
			decisions_usage);
		return RP_EXIT_USAGE;
	}
	if (rp_cli_find_draft(cli->store, draft_arg, &draft, &err))
		return rp_cli_fail(&err);
	if (import)
		return import_decisions(cli, draft, import, force);
	if (rp_store_prepare(cli->store, &st, decisions_sql, &err))
		return rp_cli_fail(&err);
	sqlite3_bind_int64(st, 1, draft);
	arr = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *mid = (const char *)sqlite3_column_text(st, 0);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		const char *val = (const char *)sqlite3_column_text(st, 3);
		const char *who = (const char *)sqlite3_column_text(st, 4);
		const char *reason = (const char *)sqlite3_column_text(st, 6);
		int include = strcmp(key, "include") == 0;
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
			if (include)
				json_object_set_new(o, "reason",
						    reason ? json_string(reason) : json_null());
			json_array_append_new(arr, o);
		} else if (include) {
			printf("message <%s>  include = %s%s%s%s%s%s\n", mid, val, reason ? "  (" : "",
			       reason ? reason : "", reason ? ")" : "", who ? "  by " : "", who ? who : "");
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
