/* check: answers a member's "was my input captured?" for one draft: each of their messages
 * and points, where it landed in the consolidated document or why it did not. Exit 1 when
 * something was not captured. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/report.h"
#include "rapporteur/thread.h"

static const char check_usage[] =
	"usage: rapporteur check WHO [--draft DRAFT] [--json|--html] [--no-analyse] [-o FILE]\n\n"
	"WHO is an address or a name (its words quoted or not); part of a name will do (\"Wout\", \"de natris\") when one\n"
	"participant of the draft has those words in their name (several: they are listed);\n"
	"a title before it (\"Dr. Ndiaye\", \"Prof Sow\") is passed over, an initial stands for a\n"
	"word (\"T. Berg\" beside Ada Berg).\n"
	"A name people writing from different addresses share lists them: give the address.\n"
	"For each message and point of WHO on DRAFT (default: the newest draft WHO answered,\n"
	"with an included message or a point; when none, the newest draft with answering\n"
	"messages): where it landed (section, summary bullet, comment matrix ID) and how it\n"
	"was understood (stance, target), or why it was not\n"
	"captured (message excluded and why, no point found). The message circulating the\n"
	"draft (or another) is shown as such, neither captured nor not captured, and not\n"
	"counted; so is a message the analysis excluded as not about the draft (an auto-reply,\n"
	"off-topic, answering another draft), and a second copy of a message (delivered twice,\n"
	"to the list and directly, or the same comments sent again), read once. When later\n"
	"versions revise\n"
	"DRAFT, what became of each point in the newest (proposed wording adopted, section\n"
	"revised, unchanged or removed, followed version by version; the section's number\n"
	"there). Comments a member forwarded for someone with no mail of their own are that\n"
	"person's (check finds them by their name or address, \"forwarded by\" the member) and\n"
	"are listed in the member's check as credited to them. Exit status 1 when something\n"
	"was not captured, 8 when WHO wrote nothing about the draft.\n"
	"  --json   {member{query, address, name, affiliation}, draft{id, title}, uncaptured,\n"
	"           unrelated, points[{message_id, subject, date, point, text, captured,\n"
	"           circulation, unrelated, where{section, bullet, matrix_row}, stance,\n"
	"           target, reason, revision{version, fate, section} or null; source,\n"
	"           forwarded_by, credited_to only when they apply}]}\n"
	"  --html   a receipt to mail back to the member\n";

/* Bring every draft's record of its answering messages up to date (mail imported since a
 * draft was last analysed), so the default draft is chosen on what the mail says. A store
 * this user may not write is read as it is. */
static int refresh_membership(struct rp_store *s, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, stale = 0;

	if (rp_store_readonly(s))
		return 0;
	if ((rc = rp_store_begin(s, err)))
		return rc;
	if ((rc = rp_thread_is_stale(s, &stale, err)) || (stale && (rc = rp_thread_update(s, err))) ||
	    (rc = rp_store_prepare(s, &st, "SELECT id FROM draft ORDER BY id", err)))
		goto fail;
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = rp_analyse_membership(s, sqlite3_column_int64(st, 0), err);
	sqlite3_finalize(st);
	if (rc)
		goto fail;
	return rp_store_commit(s, err);
fail:
	rp_store_rollback(s);
	return rc;
}

/* The draft WHO's messages answer (rp_report_check_draft), as a --draft argument. */
static int default_draft(struct rp_store *s, const char *who, int analyse, char out[32],
			 struct rp_error *err)
{
	int64_t draft = 0;
	int rc;

	if ((analyse && (rc = refresh_membership(s, err))) ||
	    (rc = rp_report_check_draft(s, who, &draft, err)))
		return rc;
	snprintf(out, 32, "%lld", (long long)draft);
	return 0;
}

int cmd_check(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	struct rp_buf out = RP_BUF_INIT, who_words = RP_BUF_INIT;
	struct rp_report *r = NULL;
	struct rp_check *c = NULL;
	enum rp_report_format fmt = RP_REPORT_MARKDOWN;
	const char *who = NULL, *draft = NULL, *file = NULL;
	char newest[32] = "";
	int i, rc = 0, analyse = 1;

	if (rp_cli_wants_help(argc, argv)) {
		fputs(check_usage, stdout);
		return RP_EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--draft") == 0 && i + 1 < argc)
			draft = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			file = argv[++i];
		else if ((strcmp(argv[i], "--json") == 0 && fmt == RP_REPORT_HTML) ||
			 (strcmp(argv[i], "--html") == 0 && fmt == RP_REPORT_JSON)) {
			fprintf(stderr, "rapporteur check: --json and --html exclude each other\n%s",
				check_usage);
			rp_buf_release(&who_words);
			return RP_EXIT_USAGE;
		} else if (strcmp(argv[i], "--json") == 0)
			fmt = RP_REPORT_JSON;
		else if (strcmp(argv[i], "--html") == 0)
			fmt = RP_REPORT_HTML;
		else if (strcmp(argv[i], "--no-analyse") == 0)
			analyse = 0;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "rapporteur check: unknown option '%s'\n%s", argv[i], check_usage);
			rp_buf_release(&who_words);
			return RP_EXIT_USAGE;
		} else if (who_words.len || who) {
			/* A name typed without quotes ("check John Whitaker") arrives as several
			 * words: they are one name. */
			if ((!who_words.len && rp_buf_adds(&who_words, who)) ||
			    rp_buf_addch(&who_words, ' ') || rp_buf_adds(&who_words, argv[i])) {
				rp_buf_release(&who_words);
				return RP_EXIT_FAIL;
			}
			who = who_words.buf;
		} else
			who = argv[i];
	}
	if (!who || !*who) {
		rp_buf_release(&who_words);
		fputs(check_usage, stderr);
		return RP_EXIT_USAGE;
	}
	if (!draft && (rc = default_draft(cli->store, who, analyse, newest, &err)) == 0)
		draft = newest;
	if (rc || (rc = rp_cli_prepare_report(cli, draft, analyse, &r, &err)) ||
	    (rc = rp_report_check(&c, cli->store, r, who, &err)) ||
	    (rc = rp_check_render(&out, c, fmt, &err)) ||
	    (rc = rp_cli_write_output(cli, file, out.buf, out.len, &err))) {
		rc = rp_cli_fail(&err);
	} else {
		rc = c->n_uncaptured ? RP_EXIT_PROBLEM : RP_EXIT_OK;
	}
	rp_check_free(c);
	rp_report_free(r);
	rp_buf_release(&out);
	rp_buf_release(&who_words);
	return rc;
}
