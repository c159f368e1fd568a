/* main: global options, the command table and dispatch. Each command lives in its own
 * cmd-NAME.c; main opens the database once, as the command's flags ask. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The arguments that make a reading command write: a subcommand (first argument) or an
 * option (anywhere). */
static const char *const draft_writes[] = { "add", NULL };
static const char *const members_writes[] = { "add", "remove", "import", NULL };
static const char *const decisions_writes[] = { "--import", NULL };

/* Readers also write derived data (threads, the analysis, a compile's record) when they
 * can; on a database they may not write, they run when that data is current. */
static const struct rp_cmd commands[] = {
	{ "fetch", cmd_fetch, RP_NEEDS_DB_WRITE, "pull new list mail over IMAP", NULL },
	{ "import", cmd_import, RP_NEEDS_DB_WRITE, "import mbox, Mailman archives, Maildir or .eml files", NULL },
	{ "draft", cmd_draft, RP_NEEDS_DB_READ, "add, list and show drafts and their sections", draft_writes },
	{ "points", cmd_points, RP_NEEDS_DB_READ, "analyse a draft's replies and list the points made", NULL },
	{ "set", cmd_set, RP_NEEDS_DB_WRITE, "record a manual decision on a point or a message", NULL },
	{ "decisions", cmd_decisions, RP_NEEDS_DB_READ, "list, export and import manual decisions", decisions_writes },
	{ "compile", cmd_compile, RP_NEEDS_DB_READ, "write the consolidated feedback on a draft", NULL },
	{ "members", cmd_members, RP_NEEDS_DB_READ, "the roster: members, their aliases and affiliations", members_writes },
	{ "check", cmd_check, RP_NEEDS_DB_READ, "show where a member's comments landed, or why not", NULL },
	{ "status", cmd_status, RP_NEEDS_DB_READ, "show lists, message counts and parse errors", NULL },
	{ "show", cmd_show, RP_NEEDS_DB_READ, "one message with its segmentation (new text, quotes...)", NULL },
	{ "threads", cmd_threads, RP_NEEDS_DB_READ, "print thread trees (rebuilt when messages changed)", NULL },
	{ "consensus", cmd_consensus, RP_NEEDS_DB_READ, "per-section positions and consensus of a draft", NULL },
	{ "votes", cmd_votes, RP_NEEDS_DB_READ, "tally formal [VOTE] threads", NULL },
};

/* 1 when this invocation of cmd stores what the user gives it: it may then create the
 * database, and must be able to write it. */
static int invocation_writes(const struct rp_cmd *cmd, int argc, char **argv)
{
	const char *const *w;
	int i;

	if (cmd->flags & RP_NEEDS_DB_WRITE)
		return 1;
	for (w = cmd->writes; w && *w; w++) {
		if ((*w)[0] != '-') {
			if (argc > 1 && strcmp(argv[1], *w) == 0)
				return 1;
			continue;
		}
		for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
			if (strcmp(argv[i], *w) == 0)
				return 1;
	}
	return 0;
}

/* 1 when this invocation only changes what the database already holds (a decision on a
 * point, a member to remove, decisions for a draft): it must not create a database, which
 * would leave an empty store at a mistyped path. */
static int invocation_modifies(const struct rp_cmd *cmd, int argc, char **argv)
{
	int i;

	if (strcmp(cmd->name, "set") == 0)
		return 1;
	if (strcmp(cmd->name, "members") == 0)
		return argc > 1 && strcmp(argv[1], "remove") == 0;
	if (strcmp(cmd->name, "decisions") == 0)
		for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
			if (strcmp(argv[i], "--import") == 0)
				return 1;
	return 0;
}

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: rapporteur [--db FILE] [--config FILE] [-v|-q] COMMAND [ARGS]\n\n"
	      "Turn a mailing list's discussion of a circulated draft into the consolidated\n"
	      "feedback document.\n\ncommands:\n",
	      f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'rapporteur COMMAND --help' describes a command.\n"
	      "Database: --db FILE, else $RAPPORTEUR_DB, else $XDG_DATA_HOME/rapporteur/rapporteur.db\n"
	      "          (created only by commands that store input: import, fetch, draft add...)\n"
	      "Config:   --config FILE, else $RAPPORTEUR_CONFIG, else $XDG_CONFIG_HOME/rapporteur/config\n",
	      f);
}

int rp_cli_exit_code(int rc)
{
	switch (rc) {
	case 0: return RP_EXIT_OK;
	case RP_EUSAGE: return RP_EXIT_USAGE;
	case RP_ECONFIG: return RP_EXIT_CONFIG;
	case RP_ENET: return RP_EXIT_NETWORK;
	case RP_EDB:
	case RP_EBUSY: return RP_EXIT_DB;
	case RP_ETLS: return RP_EXIT_TLS;
	case RP_EAUTH: return RP_EXIT_AUTH;
	case RP_ENOTFOUND: return RP_EXIT_NOTFOUND;
	case RP_EINTR: return RP_EXIT_INTERRUPTED;
	default: return RP_EXIT_FAIL;
	}
}

int rp_cli_fail(const struct rp_error *err)
{
	fprintf(stderr, "rapporteur: %s\n", rp_error_text(err));
	return rp_cli_exit_code(err->code);
}

int rp_cli_check_list_name(const char *cmd, const char *name)
{
	struct rp_buf shown = RP_BUF_INIT;
	const char *why;

	if (rp_utf8_plain_name(name) && *name)
		return 0;
	why = !*name ? "is empty"
	      : !rp_utf8_valid(name, strlen(name))
		      ? "is not valid UTF-8"
		      : "has a control character (a newline, an escape) or a directional override";
	rp_buf_add_escaped(&shown, name);
	fprintf(stderr, "rapporteur %s: list name '%s' %s\n", cmd, shown.buf ? shown.buf : "", why);
	rp_buf_release(&shown);
	return RP_EXIT_USAGE;
}

int rp_cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct rp_cli cli = { 0 };
	struct rp_error err = { 0 };
	char *default_db = NULL;
	const struct rp_cmd *cmd = NULL;
	int i = 1, rc;
	size_t k;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			cli.db_path = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			cli.db_path = argv[i] + 5;
		else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			cli.config_path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			cli.config_path = argv[i] + 9;
		else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			rp_verbosity++;
		else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			rp_verbosity = 0;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			puts("rapporteur 0.1");
			return 0;
		} else {
			fprintf(stderr, "rapporteur: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return RP_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return RP_EXIT_USAGE;
	}
	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(commands[k].name, argv[i]) == 0)
			cmd = &commands[k];
	if (!cmd) {
		fprintf(stderr, "rapporteur: '%s' is not a command; see 'rapporteur --help'\n", argv[i]);
		return RP_EXIT_USAGE;
	}
	if (cli.db_path && !cli.db_path[0]) {
		fputs("rapporteur: --db needs a file name\n", stderr);
		return RP_EXIT_USAGE;
	}
	/* Set but empty (RAPPORTEUR_DB= in a script whose variable was not filled in) is
	 * unset, as for other variables of the shell: the default path. */
	if (!cli.db_path && (cli.db_path = getenv("RAPPORTEUR_DB")) && !cli.db_path[0])
		cli.db_path = NULL;
	if (!cli.db_path)
		cli.db_path = default_db = rp_default_db_path();
	if (!cli.config_path)
		cli.config_path = getenv("RAPPORTEUR_CONFIG");
	/* A command's own --help never needs the database. */
	if ((cmd->flags & (RP_NEEDS_DB_READ | RP_NEEDS_DB_WRITE)) &&
	    !rp_cli_wants_help(argc - i, argv + i)) {
		/* Only what stores the user's input creates a database: a reader given a
		 * mistyped path says so rather than reporting a new, empty store. */
		int writes = invocation_writes(cmd, argc - i, argv + i);
		int flags = !writes ? RP_STORE_EXISTING
			    : invocation_modifies(cmd, argc - i, argv + i) ? RP_STORE_MODIFY : 0;

		rc = rp_store_open(&cli.store, cli.db_path, flags, &err);
		if (rc == RP_ENOTFOUND) {
			fprintf(stderr,
				"rapporteur: no database at %s: import or fetch first, or check --db / "
				"RAPPORTEUR_DB\n",
				cli.db_path);
			free(default_db);
			return RP_EXIT_DB;
		} else if (rc) {
			rc = rp_cli_fail(&err);
			free(default_db);
			return rc;
		}
	}
	if (rp_cli_guard_stdout())
		fputs("rapporteur: cannot filter standard output; control characters pass\n", stderr);
	rc = cmd->fn(&cli, argc - i, argv + i);
	if (rp_cli_unguard_stdout() && !rc) {
		fputs("rapporteur: writing standard output failed\n", stderr);
		rc = RP_EXIT_FAIL;
	}
	/* a failed command that created the database leaves no empty store behind */
	if (rc)
		rp_store_close_unused(cli.store);
	else
		rp_store_close(cli.store);
	free(default_db);
	return rc;
}
