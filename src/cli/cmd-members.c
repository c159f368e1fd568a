/* members: the group's roster. Lists members (with the addresses they wrote from that are
 * not yet anyone's), adds or updates one, removes one, or reads a roster from CSV. One
 * member with two addresses is then one voice in the consensus, and `--attribution
 * affiliations` has affiliations to print. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/members.h"
#include "rapporteur/text.h"

static const char members_usage[] =
	"usage: rapporteur members [--json]\n"
	"       rapporteur members add ADDRESS [--name NAME] [--affiliation ORG] [--alias ADDR]...\n"
	"       rapporteur members remove ADDRESS\n"
	"       rapporteur members import ROSTER.csv\n\n"
	"The group's roster. A member is a canonical address with a name, an affiliation and\n"
	"aliases: other addresses the same person writes from. The consensus counts a member\n"
	"once whichever address a reply came from; check finds their input under any of them;\n"
	"compile --attribution affiliations prints the affiliation.\n"
	"  (no command)   list members, then the senders of stored mail who are not members\n"
	"  add            add or update a member; options not given keep their value, an empty\n"
	"                 value clears it; --alias adds an alias (repeatable)\n"
	"  remove         remove a member and its aliases\n"
	"  import         a CSV file (commas, or semicolons or tabs as its header line shows)\n"
	"                 with a header row naming the columns address (or email),\n"
	"                 name, affiliation (or organisation), aliases (separated by spaces,\n"
	"                 commas or semicolons), any case, spaces, '-' and '_' aside (\"E-mail\n"
	"                 address\", \"Full name\"); each row replaces that member's aliases; the\n"
	"                 whole file or nothing: a problem in it (a row without an address, a\n"
	"                 member on two rows, broken quoting) is named by row, and exits 1\n"
	"  --json         {members[{address, name, affiliation, aliases[]}], others[{address,\n"
	"                 name, messages}]}\n";

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "rapporteur members: %s%s%s%s\n%s", what, arg ? " '" : "", arg ? arg : "",
		arg ? "'" : "", members_usage);
	return RP_EXIT_USAGE;
}

static json_t *jstr(const sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text((sqlite3_stmt *)st, col);
	return t ? json_string((const char *)t) : json_null();
}

/* Members (others = 0: address, name, affiliation, aliases) or the senders no member covers
 * (others = 1: address, name, message count), as text or into the JSON array arr. */
static int list_rows(struct rp_cli *cli, const char *sql, int others, json_t *arr,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(cli->store, &st, sql, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);
		const char *n = (const char *)sqlite3_column_text(st, 1);
		const char *x = (const char *)sqlite3_column_text(st, 2);
		const char *al = others ? NULL : (const char *)sqlite3_column_text(st, 3);

		if (arr) {
			json_t *o = json_object();
			json_object_set_new(o, "address", jstr(st, 0));
			json_object_set_new(o, "name", jstr(st, 1));
			if (others) {
				json_object_set_new(o, "messages", json_integer(sqlite3_column_int64(st, 2)));
			} else {
				json_t *aa = json_array();
				char *copy = rp_strdup(al), *tok, *save = NULL;
				for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok;
				     tok = strtok_r(NULL, " ", &save))
					json_array_append_new(aa, json_string(tok));
				free(copy);
				json_object_set_new(o, "affiliation", jstr(st, 2));
				json_object_set_new(o, "aliases", aa);
			}
			json_array_append_new(arr, o);
		} else if (others) {
			/* a sender's "Whitaker, John" as the document names him */
			char *shown = NULL;
			if (rp_text_shown_name(NULL, n, &shown)) {
				rc = rp_error_set(err, RP_ENOMEM, "members", "out of memory");
				break;
			}
			printf("  %s%s%s%s  (%s message%s)\n", a ? a : "", shown ? " (" : "",
			       shown ? shown : "", shown ? ")" : "", x ? x : "0",
			       x && strcmp(x, "1") == 0 ? "" : "s");
			free(shown);
		} else {
			printf("%s", a ? a : "");
			if (n)
				printf("  %s", n);
			if (x)
				printf("  [%s]", x);
			if (al)
				printf("  aliases: %s", al);
			putchar('\n');
		}
	}
	if (rc != RP_ENOMEM) /* out of memory is already in err */
		rc = rc == SQLITE_DONE ? 0 : rp_store_error(cli->store, err, "reading members");
	sqlite3_finalize(st);
	return rc;
}

static int list_members(struct rp_cli *cli, int json)
{
	static const char members_sql[] =
		"SELECT m.address, m.name, m.affiliation,"
		" (SELECT group_concat(alias, ' ') FROM (SELECT alias FROM member_alias"
		"  WHERE member = m.id ORDER BY alias)) FROM member m ORDER BY m.address";
	/* Senders no member covers: whom the roster might still need. */
	static const char others_sql[] =
		"SELECT lower(from_addr) AS a, max(from_name), count(*) FROM message"
		" WHERE from_addr IS NOT NULL AND from_addr <> ''"
		" AND lower(from_addr) NOT IN (SELECT address FROM member)"
		" AND lower(from_addr) NOT IN (SELECT alias FROM member_alias)"
		" GROUP BY a ORDER BY count(*) DESC, a";
	struct rp_error err = { 0 };
	json_t *root = json ? json_object() : NULL;
	json_t *members = json ? json_array() : NULL, *others = json ? json_array() : NULL;
	int rc;

	if (json) {
		json_object_set_new(root, "members", members);
		json_object_set_new(root, "others", others);
	}
	rc = list_rows(cli, members_sql, 0, members, &err);
	if (!rc && !json)
		fputs("\nsenders who are not members:\n", stdout);
	if (!rc)
		rc = list_rows(cli, others_sql, 1, others, &err);
	if (!rc && json) {
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
	}
	json_decref(root);
	return rc ? rp_cli_fail(&err) : 0;
}

static int add_member(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_member_spec m = { 0 };
	struct rp_error err = { 0 };
	const char **aliases = calloc((size_t)argc, sizeof(*aliases));
	int i, rc;

	if (!aliases)
		return RP_EXIT_FAIL;
	m.aliases = aliases;
	for (i = 2; i < argc; i++) {
		int has_value = i + 1 < argc;
		if (strcmp(argv[i], "--name") == 0 && has_value)
			m.name = argv[++i];
		else if (strcmp(argv[i], "--affiliation") == 0 && has_value)
			m.affiliation = argv[++i];
		else if (strcmp(argv[i], "--alias") == 0 && has_value)
			aliases[m.n_aliases++] = argv[++i];
		else if (argv[i][0] == '-' || m.address) {
			free(aliases);
			return usage_error(argv[i][0] == '-' ? "unknown option or missing value:" : "one ADDRESS only:",
					   argv[i]);
		} else
			m.address = argv[i];
	}
	if (!m.address) {
		free(aliases);
		return usage_error("add needs an ADDRESS", NULL);
	}
	rc = rp_member_set(cli->store, &m, &err);
	free(aliases);
	return rc ? rp_cli_fail(&err) : 0;
}

int cmd_members(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	size_t n = 0;
	int rc;

	if (rp_cli_wants_help(argc, argv)) {
		fputs(members_usage, stdout);
		return 0;
	}
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "--json") == 0))
		return list_members(cli, argc == 2);
	if (strcmp(argv[1], "add") == 0)
		return add_member(cli, argc, argv);
	if (strcmp(argv[1], "remove") == 0) {
		if (argc != 3)
			return usage_error("remove takes one ADDRESS", NULL);
		rc = rp_member_remove(cli->store, argv[2], &err);
		return rc ? rp_cli_fail(&err) : 0;
	}
	if (strcmp(argv[1], "import") == 0) {
		if (argc != 3)
			return usage_error("import takes one ROSTER.csv", NULL);
		if ((rc = rp_members_import_csv(cli->store, argv[2], &n, &err))) {
			if (rc != RP_EPARSE)
				return rp_cli_fail(&err);
			/* a problem in the file: said, and nothing was imported */
			fprintf(stderr, "rapporteur: %s\nrapporteur members: nothing imported\n",
				rp_error_text(&err));
			return RP_EXIT_PROBLEM;
		}
		printf("members: %zu set from %s\n", n, argv[2]);
		return 0;
	}
	return usage_error("unknown command", argv[1]);
}
