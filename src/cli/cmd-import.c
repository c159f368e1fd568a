/* import: read archives (mbox, Mailman .txt/.txt.gz, Maildir, .eml, .emlx, directories,
 * stdin) into the store. Prints one line per problem (file and offset or Message-ID), a
 * closing summary, or with --json one object: new, duplicates, added_to_list, errors,
 * seconds. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rapporteur/config.h"
#include "rapporteur/ingest.h"

static const char import_usage[] =
	"usage: rapporteur import [--list NAME] [--json] PATH...\n\n"
	"Import mail archives into the store. PATH is an mbox (mboxo or mboxrd), a Mailman\n"
	"monthly archive (2021-June.txt or .txt.gz), any gzip-compressed mbox, a Maildir, a\n"
	"single .eml message, an Apple Mail .emlx message, a directory of any of these\n"
	"(recursively), or - for stdin.\n"
	"Messages already stored are recognised and skipped; one stored for another list only\n"
	"(cross-posted) is recorded as this list's too. A broken message is stored with its\n"
	"parse error and reported; the import goes on.\n\n"
	"  --list NAME  the list the messages belong to (default: \"default\")\n"
	"  --json       print one JSON object {new, duplicates, added_to_list, errors, seconds,\n"
	"               messages, bytes}; added_to_list counts the duplicates that were\n"
	"               stored for another list only\n\n"
	"Exit status: 0 all imported, 1 some input had errors (the rest was imported),\n"
	"2 usage, 5 database failure.\n";

struct import_ctx {
	struct rp_progress progress;
};

static void report(void *ctx, const char *source, const char *what)
{
	struct import_ctx *ic = ctx;

	if (ic->progress.enabled)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "rapporteur import: %s: %s\n", source, what);
}

static void progress(void *ctx, const struct rp_ingest_stats *st)
{
	struct import_ctx *ic = ctx;

	rp_progress_update(&ic->progress, st->seen, st->bytes);
}

/* The --json summary: one object, whatever was imported (nothing when no path exists). */
static void print_json(const struct rp_ingest_stats *stats)
{
	json_t *o = json_object();

	json_object_set_new(o, "new", json_integer((json_int_t)stats->added));
	json_object_set_new(o, "duplicates", json_integer((json_int_t)stats->duplicates));
	json_object_set_new(o, "added_to_list", json_integer((json_int_t)stats->added_to_list));
	json_object_set_new(o, "errors", json_integer((json_int_t)stats->errors));
	json_object_set_new(o, "messages", json_integer((json_int_t)stats->seen));
	json_object_set_new(o, "bytes", json_integer((json_int_t)stats->bytes));
	json_object_set_new(o, "seconds", json_real(stats->seconds));
	json_dumpf(o, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
	putchar('\n');
	json_decref(o);
}

int cmd_import(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_ingest_options opt;
	struct rp_ingest_stats stats = { 0 };
	struct rp_ingest *in = NULL;
	struct rp_error err = { 0 };
	struct import_ctx ic;
	char **paths;
	int json = 0, opts_done = 0, i, rc, npaths = 0;

	rp_ingest_options_default(&opt);
	opt.bulk = 1;
	opt.batch_size = rp_cli_batch_size(opt.batch_size);
	/* Options may come before or after the paths (as in git and most GNU tools): an
	 * option after the paths used to be taken for a path, and the messages went to the
	 * default list. Only "--" makes the words after it paths whatever they look like. */
	paths = calloc((size_t)argc, sizeof(*paths));
	if (!paths) {
		fputs("rapporteur import: out of memory\n", stderr);
		return RP_EXIT_FAIL;
	}
	for (i = 1; i < argc; i++) {
		if (opts_done || (argv[i][0] != '-' || !argv[i][1]))
			paths[npaths++] = argv[i];
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--list") == 0 && i + 1 < argc)
			opt.list = argv[++i];
		else if (strncmp(argv[i], "--list=", 7) == 0 && argv[i][7])
			opt.list = argv[i] + 7;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(import_usage, stdout);
			free(paths);
			return 0;
		} else if (strcmp(argv[i], "--") == 0)
			opts_done = 1;
		else {
			fprintf(stderr, "rapporteur import: %s '%s'\n%s",
				strcmp(argv[i], "--list") == 0 ? "missing list name after" : "unknown option",
				argv[i], import_usage);
			free(paths);
			return RP_EXIT_USAGE;
		}
	}
	if (opt.list && rp_cli_check_list_name("import", opt.list)) {
		free(paths);
		return RP_EXIT_USAGE;
	}
	if (npaths <= 0) {
		fputs(import_usage, stderr);
		free(paths);
		return RP_EXIT_USAGE;
	}
	{
		/* Caps from the config's [limits], when there is a config. */
		struct rp_config *cfg = NULL;

		if (rp_cli_config(cli, &cfg, &err)) {
			free(paths);
			return rp_cli_fail(&err);
		}
		rp_cli_apply_limits(&opt.limits, &opt.gzip_max_ratio, &opt.gzip_free_bytes, cfg);
		rp_config_free(cfg);
	}
	/* When no path exists there is nothing to import into a list: say so without creating
	 * the list (a typo would otherwise leave an empty "default" list behind). */
	for (i = 0; i < npaths; i++) {
		struct stat sb;

		if (strcmp(paths[i], "-") == 0 || stat(paths[i], &sb) == 0) /* "-": stdin */
			break;
	}
	if (i == npaths) {
		for (i = 0; i < npaths; i++) {
			struct stat sb;
			struct rp_buf name = RP_BUF_INIT;
			int e = stat(paths[i], &sb) ? errno : ENOENT;

			rp_buf_add_escaped(&name, paths[i]);
			fprintf(stderr, "rapporteur import: %s: %s\n", name.buf ? name.buf : "", strerror(e));
			rp_buf_release(&name);
		}
		fputs("rapporteur import: nothing imported\n", stderr);
		stats.errors = (uint64_t)npaths; /* one error per missing path */
		if (json)
			print_json(&stats);
		free(paths);
		return RP_EXIT_PROBLEM;
	}
	rp_progress_init(&ic.progress, "importing", 0);
	opt.report = report;
	opt.progress = progress;
	opt.ctx = &ic;
	if ((rc = rp_ingest_begin(&in, cli->store, &opt, &err))) {
		free(paths);
		return rp_cli_fail(&err);
	}
	for (i = 0; i < npaths; i++) {
		if ((rc = rp_ingest_path(in, paths[i], &err)))
			break;
	}
	free(paths);
	paths = NULL;
	rp_progress_done(&ic.progress);
	if (rc) {
		struct rp_error e2 = { 0 };
		rp_ingest_finish(in, &stats, &e2);
		fprintf(stderr, "rapporteur import: stopped: %s\n", rp_error_text(&err));
		return rp_cli_exit_code(rc);
	}
	if ((rc = rp_ingest_finish(in, &stats, &err)))
		return rp_cli_fail(&err);
	if (json)
		print_json(&stats);
	else if (rp_verbosity >= 1) {
		char listed[160] = "";

		if (stats.added_to_list)
			snprintf(listed, sizeof(listed), " (%llu of them added to list %s)",
				 (unsigned long long)stats.added_to_list, opt.list ? opt.list : "default");
		printf("imported %llu new, %llu already present%s, %llu with errors in %.2f s\n",
		       (unsigned long long)stats.added, (unsigned long long)stats.duplicates, listed,
		       (unsigned long long)stats.errors, stats.seconds);
	}
	return stats.errors ? RP_EXIT_PROBLEM : RP_EXIT_OK;
}
