/* fetch: pull new list mail over IMAP into the store, for every [list] of the config or
 * the lists named. Prints a line per problem, a closing summary, or with --json one object
 * {new, duplicates, added_to_list, errors, seconds, lists: [{name, new, ...}]}. With --watch
 * it stays connected, fetches new mail as the server announces it (IDLE) and analyses the
 * list's drafts again; connection faults are waited out (rp_imap_fetch), a signal ends it.
 * Without --watch, SIGINT or SIGTERM stops the fetch at the next message, keeping what it
 * has: the summary says "interrupted:" and the exit status is 10. */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/config.h"
#include "rapporteur/imap.h"

static const char fetch_usage[] =
	"usage: rapporteur fetch [--json] [--watch] [LIST...]\n\n"
	"Fetch new messages of each [list] of the config file (or only the LISTs named) from\n"
	"its IMAP server into the store. Only messages above the highest UID already stored\n"
	"are asked for; when the server's UIDVALIDITY changed, the folder is read again and\n"
	"messages already stored are recognised and skipped. The server's certificate and\n"
	"host name are verified before anything is sent. Network faults are retried with\n"
	"backoff (5 times in a row, or the server's 'retries'), resuming from the last\n"
	"message stored; so is a refusal the server calls temporary ([UNAVAILABLE]).\n\n"
	"  --json   print one JSON object: new, duplicates, added_to_list, errors, seconds,\n"
	"           interrupted (true when a signal stopped it: exit 10),\n"
	"           and lists: [{name, new, duplicates, added_to_list, errors, fetched,\n"
	"           uidvalidity, highest_uid, resynced, retries, error}]; added_to_list counts\n"
	"           the duplicates stored for another list only (cross-posted), now the\n"
	"           list's too\n"
	"  --watch  after fetching, stay connected and fetch new mail as it arrives (IMAP\n"
	"           IDLE) until SIGINT or SIGTERM (exit 0), analysing the list's drafts again\n"
	"           after new mail; needs exactly one list. Once the first fetch is done, a\n"
	"           connection fault (refused, reset, closed, timed out, TLS broken off) never\n"
	"           ends it: it reconnects, waiting 1 s doubling up to 5 minutes, fetches what\n"
	"           arrived meanwhile and says so on stderr (repeated failures at attempts\n"
	"           1, 2, 4, 8...). An IDLE is renewed every 25 minutes, its end unanswered\n"
	"           within the server's timeout counts as a fault. Refusals (authentication,\n"
	"           certificate, folder) still end it with their exit status; messages with\n"
	"           parse errors are said as they come and do not change the exit status\n\n"
	"Config: --config FILE, else $RAPPORTEUR_CONFIG, else ~/.config/rapporteur/config\n"
	"(see config.example). For tests, RAPPORTEUR_RETRY_DELAY, RAPPORTEUR_WATCH_MAX_DELAY and\n"
	"RAPPORTEUR_IDLE_RENEW (seconds) shorten the first wait, the longest wait and the IDLE\n"
	"renewal.\n\n"
	"Exit status: 0 fetched, 1 some messages had parse errors, 2 usage, 3 config,\n"
	"4 network or server temporarily unavailable, 5 database, 6 TLS certificate\n"
	"refused or TLS handshake failed (e.g. a port that does not speak TLS), 7\n"
	"authentication refused, 8 no such list or folder, 10 interrupted: SIGINT or SIGTERM\n"
	"stopped it at the next message, what came before is stored, the summary starts with\n"
	"\"interrupted:\" and the next fetch goes on from there. With several lists, the first\n"
	"failure decides; after a server refused authentication, its other lists are not\n"
	"tried (exit 7). Each server's password_cmd, password_file or token_cmd is read once\n"
	"per run.\n";

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t handshake_fd = -1;

static void on_signal(int sig)
{
	int fd = handshake_fd, saved = errno;

	(void)sig;
	stop_requested = 1;
	/* Anything else the signal interrupts at once; a TLS handshake has to be cut. */
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
	errno = saved; /* the interrupted call's errno is still to be read */
}

struct fetch_ctx {
	struct rp_progress progress;
	struct rp_store *store;
};

static void on_progress(void *ctx, const char *list, uint64_t done, uint64_t total, uint64_t bytes)
{
	struct fetch_ctx *fc = ctx;

	fc->progress.label = list;
	fc->progress.total = total;
	rp_progress_update(&fc->progress, done, bytes);
}

static void on_event(void *ctx, const char *list, const char *what)
{
	struct fetch_ctx *fc = ctx;

	if (fc->progress.enabled)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "rapporteur fetch: %s: %s\n", list, what);
}

/* --watch: new mail changes what members said about the drafts circulated on the list, so
 * their analysis is run again at once (points, anchors, stance); `status` then shows any
 * compiled document as stale. */
static void on_arrived(void *ctx, const char *list, uint64_t n)
{
	struct fetch_ctx *fc = ctx;
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	int64_t list_id, *drafts = NULL;
	size_t nd = 0, k;

	(void)n;
	if (rp_store_list_id(fc->store, list, 0, &list_id, &err) ||
	    rp_store_prepare(fc->store, &st,
			     "SELECT id FROM draft WHERE list_id = ?1 OR list_id IS NULL ORDER BY id",
			     &err)) {
		fprintf(stderr, "rapporteur fetch: %s: %s\n", list, rp_error_text(&err));
		return;
	}
	sqlite3_bind_int64(st, 1, list_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t *nd_ = realloc(drafts, (nd + 1) * sizeof(*drafts));
		if (!nd_)
			break;
		drafts = nd_;
		drafts[nd++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	for (k = 0; k < nd; k++) {
		memset(&err, 0, sizeof(err));
		if (fc->progress.enabled)
			fputs("\r\033[K", stderr);
		if (rp_analyse_draft(fc->store, drafts[k], &err))
			fprintf(stderr, "rapporteur fetch: %s: draft %lld not re-analysed: %s\n", list,
				(long long)drafts[k], rp_error_text(&err));
		else
			fprintf(stderr, "rapporteur fetch: %s: draft %lld re-analysed\n", list,
				(long long)drafts[k]);
	}
	free(drafts);
}

static json_t *list_json(const char *name, const struct rp_imap_result *r, const char *error)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "new", json_integer((json_int_t)r->new));
	json_object_set_new(o, "duplicates", json_integer((json_int_t)r->duplicates));
	json_object_set_new(o, "added_to_list", json_integer((json_int_t)r->added_to_list));
	json_object_set_new(o, "errors", json_integer((json_int_t)r->errors));
	json_object_set_new(o, "fetched", json_integer((json_int_t)r->fetched));
	json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes));
	json_object_set_new(o, "uidvalidity", json_integer((json_int_t)r->uidvalidity));
	json_object_set_new(o, "highest_uid", json_integer((json_int_t)r->highest_uid));
	json_object_set_new(o, "resynced", json_boolean(r->resynced));
	json_object_set_new(o, "retries", json_integer(r->retries));
	json_object_set_new(o, "seconds", json_real(r->seconds));
	if (error)
		json_object_set_new(o, "error", json_string(error));
	return o;
}

int cmd_fetch(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_config *cfg = NULL;
	struct rp_mime_limits limits;
	struct rp_error err = { 0 };
	struct rp_imap_options opt;
	struct rp_imap_run *run = NULL;
	struct fetch_ctx fc;
	struct sigaction sa;
	const struct rp_config_list **lists = NULL;
	char *default_cfg = NULL;
	json_t *out = NULL, *jl = NULL;
	uint64_t tot_new = 0, tot_dup = 0, tot_err = 0, tot_listed = 0;
	double start = rp_now_seconds();
	size_t n = 0, k, n_failed = 0;
	char **names = NULL;
	int json = 0, watch = 0, opts_done = 0, n_names = 0, i, rc = 0, first_fail = 0;
	int interrupted = 0;

	/* Options may come before or after the list names, as for import; "--" ends them. */
	names = calloc((size_t)argc, sizeof(*names));
	if (!names)
		return RP_EXIT_FAIL;
	for (i = 1; i < argc; i++) {
		if (opts_done || argv[i][0] != '-')
			names[n_names++] = argv[i];
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--watch") == 0)
			watch = 1;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(fetch_usage, stdout);
			free(names);
			return 0;
		} else if (strcmp(argv[i], "--") == 0) {
			opts_done = 1;
		} else {
			fprintf(stderr, "rapporteur fetch: unknown option '%s'\n%s", argv[i], fetch_usage);
			free(names);
			return RP_EXIT_USAGE;
		}
	}
	for (i = 0; i < n_names; i++) {
		if (rp_cli_check_list_name("fetch", names[i])) {
			free(names);
			return RP_EXIT_USAGE;
		}
	}
	if (!cli->config_path)
		cli->config_path = default_cfg = rp_default_config_path();
	if ((rc = rp_config_load(&cfg, cli->config_path, &err))) {
		rc = rp_cli_exit_code(rc == RP_ENOTFOUND ? RP_ECONFIG : rc);
		fprintf(stderr, "rapporteur fetch: %s\n", rp_error_text(&err));
		goto cleanup;
	}
	lists = calloc(cfg->n_lists + (size_t)n_names + 1, sizeof(*lists));
	if (!lists) {
		rc = RP_EXIT_FAIL;
		goto cleanup;
	}
	if (n_names) {
		for (i = 0; i < n_names; i++) {
			if (!(lists[n++] = rp_config_find_list(cfg, names[i]))) {
				fprintf(stderr, "rapporteur fetch: no [list %s] in %s", names[i], cfg->path);
				for (k = 0; k < cfg->n_lists; k++)
					fprintf(stderr, "%s%s", k ? ", " : " (its lists: ",
						cfg->lists[k].name);
				fputs(cfg->n_lists ? ")\n" : "\n", stderr);
				rc = RP_EXIT_NOTFOUND;
				goto cleanup;
			}
		}
	} else {
		for (k = 0; k < cfg->n_lists; k++)
			lists[n++] = &cfg->lists[k];
	}
	if (n == 0) {
		fprintf(stderr, "rapporteur fetch: no [list NAME] section in %s\n", cfg->path);
		rc = RP_EXIT_CONFIG;
		goto cleanup;
	}
	/* Names from the command line and the config's [list] sections alike. */
	for (k = 0; k < n; k++) {
		if (rp_cli_check_list_name("fetch", lists[k]->name)) {
			rc = RP_EXIT_USAGE;
			goto cleanup;
		}
	}
	if (watch && n != 1) {
		fprintf(stderr, "rapporteur fetch: --watch follows one list; name it (one "
				"'rapporteur fetch --watch LIST' per list)\n");
		rc = RP_EXIT_USAGE;
		goto cleanup;
	}

	rp_imap_options_default(&opt);
	rp_progress_init(&fc.progress, "fetching", 0);
	opt.progress = on_progress;
	opt.event = on_event;
	rp_mime_limits_default(&limits);
	rp_cli_apply_limits(&limits, NULL, NULL, cfg);
	opt.limits = &limits;
	opt.ctx = &fc;
	opt.watch = watch;
	fc.store = cli->store;
	opt.arrived = on_arrived;
	opt.stop = &stop_requested;
	opt.handshake_fd = &handshake_fd;
	/* Test knobs (README): the backoff and the IDLE renewal, shortened. */
	if (getenv("RAPPORTEUR_RETRY_DELAY"))
		opt.retry_delay = atof(getenv("RAPPORTEUR_RETRY_DELAY"));
	if (getenv("RAPPORTEUR_WATCH_MAX_DELAY"))
		opt.watch_max_delay = atof(getenv("RAPPORTEUR_WATCH_MAX_DELAY"));
	if (getenv("RAPPORTEUR_IDLE_RENEW"))
		opt.idle_renew = atoi(getenv("RAPPORTEUR_IDLE_RENEW"));
	opt.batch_size = rp_cli_batch_size(opt.batch_size);
	/* Each server's secret is read once for all its lists, and a server that refused it
	 * is not asked again in this run. */
	if (rp_imap_run_new(&run)) {
		rc = RP_EXIT_FAIL;
		goto cleanup;
	}
	opt.run = run;
	/* A signal ends --watch; a one-shot fetch stops at the next message, keeping what it
	 * has (exit 10, "interrupted: ..."). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	out = json_object();
	jl = json_array();
	for (k = 0; k < n; k++) {
		struct rp_imap_result res;
		int lrc;

		if (stop_requested && !watch) {
			interrupted = 1; /* the lists after it are left for the next run */
			break;
		}
		memset(&err, 0, sizeof(err));
		lrc = rp_imap_fetch(cli->store, lists[k], &opt, &res, &err);
		rp_progress_done(&fc.progress);
		tot_new += res.new;
		tot_dup += res.duplicates;
		tot_listed += res.added_to_list;
		tot_err += res.errors;
		json_array_append_new(jl, list_json(lists[k]->name, &res, lrc ? rp_error_text(&err) : NULL));
		if (lrc == RP_EINTR) {
			interrupted = 1;
			break;
		}
		if (lrc) {
			fprintf(stderr, "rapporteur fetch: %s: %s\n", lists[k]->name, rp_error_text(&err));
			n_failed++;
			if (!first_fail)
				first_fail = lrc;
			if (lrc == RP_EDB || lrc == RP_EBUSY || lrc == RP_ENOMEM)
				break; /* the store itself failed: nothing else can work */
		} else if (!json && rp_verbosity >= 2) {
			char listed[64] = "";

			if (res.added_to_list)
				snprintf(listed, sizeof(listed), " (%llu of them added to this list)",
					 (unsigned long long)res.added_to_list);
			printf("%s: %llu new, %llu already present%s (UIDVALIDITY %u, highest UID "
			       "%u%s)\n",
			       lists[k]->name, (unsigned long long)res.new,
			       (unsigned long long)res.duplicates, listed, res.uidvalidity,
			       res.highest_uid, res.resynced ? ", re-synced" : "");
		}
	}
	if (json) {
		json_object_set_new(out, "new", json_integer((json_int_t)tot_new));
		json_object_set_new(out, "duplicates", json_integer((json_int_t)tot_dup));
		json_object_set_new(out, "added_to_list", json_integer((json_int_t)tot_listed));
		json_object_set_new(out, "errors", json_integer((json_int_t)tot_err));
		json_object_set_new(out, "seconds", json_real(rp_now_seconds() - start));
		/* As the summary's "interrupted:" and exit 10 say it; --watch ended by a
		 * signal is its normal end. */
		json_object_set_new(out, "interrupted", json_boolean(interrupted));
		json_object_set(out, "lists", jl);
		json_dumpf(out, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
	} else if (rp_verbosity >= 1) {
		char listed[64] = "", failed[64] = "";

		if (tot_listed)
			snprintf(listed, sizeof(listed), " (%llu of them added to another list)",
				 (unsigned long long)tot_listed);
		/* Below the errors on stderr, a summary must not read as a clean run. */
		if (n_failed)
			snprintf(failed, sizeof(failed), " (%zu failed)", n_failed);
		printf("%sfetched %llu new, %llu already present%s, %llu with errors from %zu list%s%s "
		       "in %.2f s%s\n",
		       interrupted ? "interrupted: " : "", (unsigned long long)tot_new,
		       (unsigned long long)tot_dup, listed, (unsigned long long)tot_err, n,
		       n == 1 ? "" : "s", failed, rp_now_seconds() - start,
		       interrupted ? "; run fetch again to continue" : "");
	}
	/* --watch runs until stopped: a signal ending it is its normal end (0), the parse notes
	 * of the messages it stored having been said as they came. */
	rc = interrupted ? RP_EXIT_INTERRUPTED
	     : first_fail ? rp_cli_exit_code(first_fail)
	     : tot_err && !watch ? RP_EXIT_PROBLEM
				 : RP_EXIT_OK;
cleanup:
	rp_imap_run_free(run);
	json_decref(jl);
	json_decref(out);
	free(lists);
	free(names);
	rp_config_free(cfg);
	free(default_cfg);
	return rc;
}
