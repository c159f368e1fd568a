/* main: global options, the command table and dispatch. Each command lives in its own
 * cmd-NAME.c; main opens the database once, as the command's flags ask. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct rp_cmd commands[] = {
	{ "fetch", cmd_fetch, RP_NEEDS_DB_WRITE, "pull new list mail over IMAP" },
	{ "import", cmd_import, RP_NEEDS_DB_WRITE, "import mbox, Mailman archives, Maildir or .eml files" },
	{ "draft", cmd_draft, RP_NEEDS_DB_WRITE, "add, list and show drafts and their sections" },
	{ "points", cmd_points, RP_NEEDS_DB_WRITE, "analyse a draft's replies and list the points made" },
	{ "set", cmd_set, RP_NEEDS_DB_WRITE, "record a manual decision on a point or a message" },
	{ "decisions", cmd_decisions, RP_NEEDS_DB_WRITE, "list, export and import manual decisions" },
	{ "compile", cmd_compile, RP_NEEDS_DB_WRITE, "write the consolidated feedback on a draft" },
	{ "members", cmd_members, RP_NEEDS_DB_WRITE, "the roster: members, their aliases and affiliations" },
	{ "check", cmd_check, RP_NEEDS_DB_WRITE, "show where a member's comments landed, or why not" },
	{ "status", cmd_status, RP_NEEDS_DB_READ, "show lists, message counts and parse errors" },
	{ "show", cmd_show, RP_NEEDS_DB_READ, "one message with its segmentation (new text, quotes...)" },
	{ "threads", cmd_threads, RP_NEEDS_DB_WRITE, "print thread trees (rebuilt when messages changed)" },
	{ "consensus", cmd_consensus, RP_NEEDS_DB_WRITE, "per-section positions and consensus of a draft" },
	{ "votes", cmd_votes, RP_NEEDS_DB_READ, "tally formal [VOTE] threads" },
};

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
	default: return RP_EXIT_FAIL;
	}
}

int rp_cli_fail(const struct rp_error *err)
{
	fprintf(stderr, "rapporteur: %s\n", rp_error_text(err));
	return rp_cli_exit_code(err->code);
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
	if (!cli.db_path)
		cli.db_path = getenv("RAPPORTEUR_DB");
	if (!cli.db_path)
		cli.db_path = default_db = rp_default_db_path();
	if (!cli.config_path)
		cli.config_path = getenv("RAPPORTEUR_CONFIG");
	/* A command's own --help never needs the database. */
	if ((cmd->flags & (RP_NEEDS_DB_READ | RP_NEEDS_DB_WRITE)) &&
	    !rp_cli_wants_help(argc - i, argv + i)) {
		/* Readers open read-write too when the file exists, so that a first `status`
		 * on a fresh path reports an empty store rather than failing. */
		rc = rp_store_open(&cli.store, cli.db_path, 0, &err);
		if (rc) {
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
	rp_store_close(cli.store);
	free(default_db);
	return rc;
}
