/* compile: write the consolidated feedback document of a draft (Markdown, HTML, JSON, an
 * email for sendmail -t, or the CSV comment matrix), or mail the email form with --send.
 * Runs the analysis first so the document reflects the store, unless --no-analyse asks to
 * use the stored analysis as it is. Every successful compile is recorded for `status`,
 * which then tells when new answers arrived since. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/config.h"
#include "rapporteur/report.h"

static const char compile_usage[] =
	"usage: rapporteur compile DRAFT [--format markdown|html|json|email|csv]\n"
	"                          [--attribution names|affiliations|none] [--archive-url URL]\n"
	"                          [--from ADDR] [--to ADDR] [--no-analyse] [-o FILE | --send]\n"
	"       rapporteur compile DRAFT --changes-since OLD [--format markdown|json] ...\n\n"
	"Writes the consolidated feedback on DRAFT (an id or an exact title): a preamble, then\n"
	"per section in draft order the consensus level with counts, summary bullets with who\n"
	"raised them and citations, proposed amendments with their wording, open objections and\n"
	"questions; general comments; the participants and the comment matrix (one row per point).\n"
	"  --format FMT        markdown (default), html, json (doc/report-schema.md), email (an\n"
	"                      RFC 5322 message for sendmail -t) or csv (the comment matrix)\n"
	"  --attribution A     names (default), affiliations, or none (Chatham House: counts only,\n"
	"                      and names and addresses in the comments quoted are withheld)\n"
	"  --archive-url URL   link messages to URL with %s replaced by the Message-ID, instead of\n"
	"                      mid: URIs\n"
	"  --from, --to ADDR   addresses of the email form\n"
	"  --no-analyse        use the stored analysis without running it again\n"
	"  -o FILE             write to FILE instead of standard output (a new file is created\n"
	"                      0644; one that exists keeps its mode)\n"
	"  --changes-since OLD instead, the changes in DRAFT since draft OLD (normally the one it\n"
	"                      revises; an earlier one is followed through each version between;\n"
	"                      a draft that revises DRAFT is refused):\n"
	"                      sections revised, new, removed, renumbered, each crediting\n"
	"                      the members whose comments on OLD it answers or whose proposed\n"
	"                      wording it adopts; then the unchanged sections that had comments\n"
	"  --send              mail the email form instead of writing it: pipe it to the [compile]\n"
	"                      sendmail command of the config (default /usr/sbin/sendmail -t -i;\n"
	"                      split on blanks and run without a shell). Implies --format email\n"
	"                      (another format is a usage error). To: --to, else the address of\n"
	"                      the draft's [list NAME] in the config; From: --from, else the\n"
	"                      [compile] from of the config; without either it is a usage error.\n"
	"                      A failing command (exit status not 0) is an error naming it and\n"
	"                      its status (exit 9).\n\n"
	"Each successful compile is recorded in the store: `rapporteur status` then says whether\n"
	"messages answering the draft arrived since.\n";

int rp_cli_find_draft(struct rp_store *s, const char *arg, int64_t *out, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char *end = NULL;
	long long v;
	int rc;

	errno = 0;
	v = strtoll(arg, &end, 10);
	/* An id must exist; else the text is a title, the newest version of that title. */
	if (*arg && !*end && !errno && v > 0)
		rc = rp_store_prepare(s, &st, "SELECT id FROM draft WHERE id = ?", err);
	else
		rc = rp_store_prepare(s, &st,
				      "SELECT id FROM draft WHERE title = ? ORDER BY version DESC, id DESC",
				      err);
	if (rc)
		return rc;
	if (*arg && !*end && !errno && v > 0)
		sqlite3_bind_int64(st, 1, v);
	else
		rp_bind_text(st, 1, arg);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rp_error_set(err, RP_ENOTFOUND, "draft", "no draft '%s'", arg);
}

int rp_cli_prepare_report(struct rp_cli *cli, const char *draft_arg, int analyse,
			  struct rp_report **out, struct rp_error *err)
{
	struct rp_consensus_config cfg;
	int64_t draft = 0;
	int rc;

	if ((rc = rp_cli_find_draft(cli->store, draft_arg, &draft, err)))
		return rc;
	if (analyse && (rc = rp_analyse_draft(cli->store, draft, err)))
		return rc;
	if ((rc = rp_cli_consensus_config(cli, &cfg, err)))
		return rc;
	return rp_report_build(out, cli->store, draft, &cfg, err);
}

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
		return argv[++*i];
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	return NULL;
}

/* Under the Chatham House rule, names and addresses in the quoted comments are withheld. */
static int withhold_names(struct rp_cli *cli, struct rp_report *r, struct rp_error *err)
{
	size_t n = 0;
	int rc = rp_report_withhold_names(r, cli->store, &n, err);

	if (!rc && n)
		rp_log(1, "withheld %zu name%s or address%s quoted in comments (Chatham House rule)",
		       n, n == 1 ? "" : "s", n == 1 ? "" : "es");
	return rc;
}

/* compile DRAFT --changes-since OLD: OLD's analysis is brought up to date first. */
static int compile_changes(struct rp_cli *cli, const char *draft_arg, const char *old_arg,
			   int analyse, const struct rp_report_options *o, const char *file)
{
	struct rp_error err = { 0 };
	struct rp_buf out = RP_BUF_INIT;
	struct rp_changes *c = NULL;
	struct rp_consensus_config cfg;
	int64_t draft = 0, old = 0;
	int rc = 0;

	if (o->format != RP_REPORT_MARKDOWN && o->format != RP_REPORT_JSON) {
		fputs("rapporteur: compile: --changes-since writes markdown or json\n", stderr);
		return RP_EXIT_USAGE;
	}
	if ((rc = rp_cli_find_draft(cli->store, draft_arg, &draft, &err)) ||
	    (rc = rp_cli_find_draft(cli->store, old_arg, &old, &err)))
		return rp_cli_fail(&err);
	if (old == draft) {
		fprintf(stderr, "rapporteur compile: --changes-since wants an earlier version than "
				"draft %lld itself\n", (long long)draft);
		return RP_EXIT_USAGE;
	}
	if ((analyse && (rc = rp_analyse_draft(cli->store, old, &err))) ||
	    (rc = rp_cli_consensus_config(cli, &cfg, &err)) ||
	    (rc = rp_report_changes(&c, cli->store, draft, old, &cfg, &err)) ||
	    /* after the comparison, which looks for the proposed wording as written */
	    (o->attribution == RP_ATTR_NONE && (rc = withhold_names(cli, c->owned_old, &err))) ||
	    (rc = rp_changes_render(&out, c, o, &err)) ||
	    (rc = rp_cli_write_output(cli, file, out.buf, out.len, &err)))
		rc = rp_cli_fail(&err);
	rp_changes_free(c);
	rp_buf_release(&out);
	return rc;
}

/* Mail the email form of r: From and To from the options, else from the config. */
/* A document with no comments at all is seldom what was meant: say why there are none, and
 * what was probably wanted (a revision is answered once circulated; what it changed is
 * compile --changes-since). */
static void warn_no_messages(const struct rp_report *r)
{
	long long d = (long long)r->draft;

	fprintf(stderr, "rapporteur compile: draft %lld has no answering messages, so the document "
			"holds no comments", d);
	if (!r->circulated)
		fprintf(stderr, ": it was added without its circulating message (draft add ... "
				"--circulated MESSAGE-ID)");
	else
		fprintf(stderr, ": no reply to <%s> is stored (fetch or import the list's mail)",
			r->circulated);
	if (r->revises)
		fprintf(stderr, "; what it changed since draft %lld: compile %lld --changes-since %lld",
			(long long)r->revises, d, (long long)r->revises);
	fputc('\n', stderr);
}

static int send_report(struct rp_cli *cli, const struct rp_report *r, struct rp_report_options *o,
		       struct rp_error *err)
{
	struct rp_config *cfg = NULL;
	const struct rp_config_list *l;
	struct rp_buf msg = RP_BUF_INIT;
	int rc;

	if ((rc = rp_cli_config(cli, &cfg, err))) {
		if (!err->code)
			rp_error_set(err, rc, "config", "%s", rp_strerror(rc));
		goto cleanup;
	}
	o->date = (int64_t)time(NULL); /* dated when sent, not by the last mail read */
	if (!o->from)
		o->from = cfg->compile.from;
	if (!o->to && r->list && (l = rp_config_find_list(cfg, r->list)))
		o->to = l->address;
	if (!o->from || !o->to) {
		/* Without a config file the settings are the defaults: name the file the
		 * setting would go in, not "defaults". */
		char *def = cli->config_path || !cfg->path || strcmp(cfg->path, "defaults") != 0
				    ? NULL
				    : rp_default_config_path();
		const char *where = def ? def : cfg->path;
		const char *none = def ? " (no such file; --config FILE names another)" : "";

		if (!o->from)
			rc = rp_error_set(err, RP_EUSAGE, "compile --send",
					  "no From address: give --from ADDR or set 'from' in the "
					  "[compile] section of %s%s",
					  where, none);
		else
			rc = rp_error_set(err, RP_EUSAGE, "compile --send",
					  "no recipient: give --to ADDR or set 'address' in the "
					  "[list %s] section of %s%s",
					  r->list ? r->list : "NAME", where, none);
		free(def);
		goto cleanup;
	}
	if ((rc = rp_report_render(&msg, r, o, err)))
		goto cleanup;
	if ((rc = rp_report_sendmail(cfg->compile.sendmail, msg.buf, msg.len, err)))
		goto cleanup;
	rp_log(1, "sent the feedback on draft %lld to %s through '%s'",
	       (long long)r->draft, o->to, cfg->compile.sendmail);
cleanup:
	rp_buf_release(&msg);
	rp_config_free(cfg);
	return rc;
}

int cmd_compile(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_report_options o = { RP_REPORT_MARKDOWN, RP_ATTR_NAMES, NULL, NULL, NULL, 0 };
	struct rp_error err = { 0 };
	struct rp_buf out = RP_BUF_INIT;
	struct rp_report *r = NULL;
	const char *draft = NULL, *file = NULL, *since = NULL, *v;
	char why[200] = "";
	int i, rc = 0, analyse = 1, k, send = 0, format_given = 0;

	if (rp_cli_wants_help(argc, argv)) {
		fputs(compile_usage, stdout);
		return RP_EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--format"))) {
			if ((k = rp_report_format_parse(v)) < 0) {
				snprintf(why, sizeof(why),
					 "'%.60s' is not a format (markdown, html, json, email, csv)", v);
				goto usage;
			}
			o.format = (enum rp_report_format)k;
			format_given = 1;
		} else if ((v = opt_value(argc, argv, &i, "--attribution"))) {
			if ((k = rp_report_attribution_parse(v)) < 0) {
				snprintf(why, sizeof(why),
					 "'%.60s' is not an attribution (names, affiliations, none)", v);
				goto usage;
			}
			o.attribution = (enum rp_attribution)k;
		} else if ((v = opt_value(argc, argv, &i, "--archive-url"))) {
			o.archive_url = v;
		} else if ((v = opt_value(argc, argv, &i, "--from"))) {
			o.from = v;
		} else if ((v = opt_value(argc, argv, &i, "--to"))) {
			o.to = v;
		} else if ((v = opt_value(argc, argv, &i, "-o")) || (v = opt_value(argc, argv, &i, "--output"))) {
			file = v;
		} else if ((v = opt_value(argc, argv, &i, "--changes-since"))) {
			since = v;
		} else if (strcmp(argv[i], "--no-analyse") == 0) {
			analyse = 0;
		} else if (strcmp(argv[i], "--send") == 0) {
			send = 1;
		} else if (argv[i][0] == '-' || draft) {
			snprintf(why, sizeof(why), "%s '%.60s'",
				 argv[i][0] == '-' ? "unknown option, or one without its value:"
						   : "one DRAFT only, not also",
				 argv[i]);
			goto usage;
		} else {
			draft = argv[i];
		}
	}
	if (!draft) {
		snprintf(why, sizeof(why), "which draft? (an id or a title)");
		goto usage;
	}
	if (since && send) {
		fputs("rapporteur compile: --changes-since and --send exclude each other\n", stderr);
		return RP_EXIT_USAGE;
	}
	if (since)
		return compile_changes(cli, draft, since, analyse, &o, file);
	if (send && format_given && o.format != RP_REPORT_EMAIL) {
		fputs("rapporteur compile: --send mails the email form; it takes no other --format\n",
		      stderr);
		return RP_EXIT_USAGE;
	}
	if (send && file) {
		fputs("rapporteur compile: --send and -o exclude each other\n", stderr);
		return RP_EXIT_USAGE;
	}
	if (send)
		o.format = RP_REPORT_EMAIL;
	if ((rc = rp_cli_prepare_report(cli, draft, analyse, &r, &err)) ||
	    (o.attribution == RP_ATTR_NONE && (rc = withhold_names(cli, r, &err))))
		goto fail;
	if (!r->messages_read)
		warn_no_messages(r);
	if (send)
		rc = send_report(cli, r, &o, &err);
	else if (!(rc = rp_report_render(&out, r, &o, &err)))
		rc = rp_cli_write_output(cli, file, out.buf, out.len, &err);
	/* Recorded only once the document was written or handed to sendmail. A reader who may
	 * not write the database gets the document all the same: the record only serves
	 * `status`, for those who keep the store. */
	if (!rc && rp_store_readonly(cli->store))
		fprintf(stderr, "rapporteur compile: not recorded for status: %s is not writable\n",
			rp_store_path(cli->store));
	else if (!rc)
		rc = rp_report_record_compile(cli->store, r->draft, (int64_t)time(NULL), &err);
fail:
	if (rc)
		rc = rp_cli_fail(&err);
	rp_report_free(r);
	rp_buf_release(&out);
	return rc;
usage:
	if (*why)
		fprintf(stderr, "rapporteur compile: %s\n", why);
	fputs(compile_usage, stderr);
	return RP_EXIT_USAGE;
}
