/* cli: shared state of the command-line front end and the command table's row type. */
#ifndef RAPPORTEUR_CLI_H
#define RAPPORTEUR_CLI_H

#include "rapporteur/store.h"
#include "rapporteur/util.h"

/* Exit codes (README "Exit codes"). */
enum {
	RP_EXIT_OK = 0,
	RP_EXIT_PROBLEM = 1, /* ran, but some input had errors / something not captured */
	RP_EXIT_USAGE = 2,
	RP_EXIT_CONFIG = 3,
	RP_EXIT_NETWORK = 4,
	RP_EXIT_DB = 5,
	RP_EXIT_TLS = 6,
	RP_EXIT_AUTH = 7,
	RP_EXIT_NOTFOUND = 8,
	RP_EXIT_FAIL = 9,
	RP_EXIT_INTERRUPTED = 10, /* stopped by SIGINT or SIGTERM; what was done is kept */
};

/* What a command does with the database: READ opens an existing one (read-only when this
 * user may not write it), WRITE creates it when missing and needs it writable. */
enum {
	RP_NEEDS_DB_READ = 1,
	RP_NEEDS_DB_WRITE = 2,
};

struct rp_cli {
	const char *db_path;     /* --db, RAPPORTEUR_DB, or the XDG default */
	const char *config_path; /* --config, RAPPORTEUR_CONFIG, or the XDG default */
	struct rp_store *store;  /* opened by main according to the command's flags */
};

struct rp_cmd {
	const char *name;
	int (*fn)(struct rp_cli *cli, int argc, char **argv);
	int flags;
	const char *summary;
	/* For a READ command, the arguments that make it WRITE: a subcommand (first argument)
	 * or an option (starting with -, anywhere). NULL-terminated. */
	const char *const *writes;
};

/* Map an RP_E* code to an exit code. */
int rp_cli_exit_code(int rc);
/* Print "rapporteur: <err>" to stderr and return the mapped exit code. */
int rp_cli_fail(const struct rp_error *err);
/* A list name is printed by status, threads and the documents: one with a control
 * character (a newline, an ESC sequence) or bytes that are not UTF-8 is refused. Returns 0,
 * or says why ("rapporteur CMD: ...") and returns non-zero: a usage error. */
int rp_cli_check_list_name(const char *cmd, const char *name);
/* True when argv[i] is "-h" or "--help". */
int rp_cli_wants_help(int argc, char **argv);

/* Standard output with terminal control characters replaced by U+FFFD (safe-stdout.c):
 * guard before a command runs, unguard (flushing) after. */
int rp_cli_guard_stdout(void);
int rp_cli_unguard_stdout(void);

/* Report commands' shared helpers (cmd-compile.c): DRAFT as an id or exact title; the report
 * model of a draft after running the analysis (when analyse); output to FILE (0644) or stdout. */
struct rp_report;
int rp_cli_find_draft(struct rp_store *s, const char *arg, int64_t *out, struct rp_error *err);
int rp_cli_prepare_report(struct rp_cli *cli, const char *draft_arg, int analyse,
			  struct rp_report **out, struct rp_error *err);
/* Write a document to path ("-" or NULL: standard output), from output.c. A regular file is
 * replaced whole or not at all: written beside it, then renamed over it, so a full disk or
 * a kill leaves the previous document as it was. A new file is 0644 (a report is meant to
 * be shared); a file that exists keeps its mode and owner; a device or FIFO is written to.
 * The database and its -wal, -shm and -journal files are refused (RP_EUSAGE). */
int rp_cli_write_output(const struct rp_cli *cli, const char *path, const char *data,
			size_t len, struct rp_error *err);

/* The configuration (config.c): the file of --config or $RAPPORTEUR_CONFIG, which must exist,
 * else the default file, whose absence means the defaults. */
struct rp_config;
struct rp_consensus_config;
int rp_cli_config(struct rp_cli *cli, struct rp_config **out, struct rp_error *err);
/* Caps on hostile input from the config's [limits] section (0 keeps each default). */
struct rp_mime_limits;
void rp_cli_apply_limits(struct rp_mime_limits *l, unsigned *gzip_ratio, uint64_t *gzip_free,
			 const struct rp_config *cfg);
/* Messages per transaction of an import or a fetch: dflt, or $RAPPORTEUR_BATCH (1 to
 * 1,000,000) when set. Smaller batches commit more often and run slower. */
int rp_cli_batch_size(int dflt);
/* Consensus thresholds: the defaults overridden by the config's [consensus] section. */
void rp_cli_apply_consensus(struct rp_consensus_config *c, const struct rp_config *cfg);
int rp_cli_consensus_config(struct rp_cli *cli, struct rp_consensus_config *out,
			    struct rp_error *err);

/* One function per subcommand, each in src/cli/cmd-NAME.c. */
int cmd_fetch(struct rp_cli *cli, int argc, char **argv);
int cmd_draft(struct rp_cli *cli, int argc, char **argv);
int cmd_import(struct rp_cli *cli, int argc, char **argv);
int cmd_status(struct rp_cli *cli, int argc, char **argv);
int cmd_show(struct rp_cli *cli, int argc, char **argv);
int cmd_points(struct rp_cli *cli, int argc, char **argv);
int cmd_set(struct rp_cli *cli, int argc, char **argv);
int cmd_members(struct rp_cli *cli, int argc, char **argv);
int cmd_decisions(struct rp_cli *cli, int argc, char **argv);
/* Parse a draft id (a positive integer); RP_EUSAGE otherwise. */
int rp_cli_parse_draft_id(const char *s, int64_t *out);
int cmd_compile(struct rp_cli *cli, int argc, char **argv);
int cmd_check(struct rp_cli *cli, int argc, char **argv);
int cmd_threads(struct rp_cli *cli, int argc, char **argv);
int cmd_consensus(struct rp_cli *cli, int argc, char **argv);
int cmd_votes(struct rp_cli *cli, int argc, char **argv);

#endif
