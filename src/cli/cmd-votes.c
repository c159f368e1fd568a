/* votes: formal votes found on the lists -- per "[VOTE]" thread the latest vote of each
 * voter, the tally counted (and of the binding voters named in the config's [votes]
 * section) and the tally a "[RESULT]" message announced. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/config.h"
#include "rapporteur/store.h"

static const char votes_usage[] =
	"usage: rapporteur votes [--json] [--list L]\n\n"
	"Lists each thread whose first subject carries [VOTE]: every voter's latest +1, 0 or -1\n"
	"(from the new text of their messages), the tally, and the tally announced in a\n"
	"[RESULT] message when there is one (\"+1: 3, 0: 1\", \"+1 3\", \"3 x +1\", \"two +1 votes,\n"
	"one 0 and no -1\"), so the two can be compared. A line listing the options\n"
	"(\"+1/0/-1\") or asking others to vote casts no vote; the message that opens the\n"
	"thread, usually the call, counts only a vote that leads a line (\"+1 from me\").\n"
	"When the config's [votes] section names the binding voters (binding = addresses),\n"
	"their tally is counted apart and is the one compared with the announced result.\n"
	"  --list L  only the list named L\n"
	"  --json    [{thread, subject, votes[{voter, address, vote, message_id, binding}],\n"
	"            tally{+1, 0, -1}, binding_tally{+1, 0, -1} or null,\n"
	"            result{+1, 0, -1, message_id} or null}]; binding is null without a\n"
	"            [votes] section\n";

/* A vote as the text output shows it: "+1", "0" (an abstention has no sign), "-1". */
static const char *vote_text(int vote)
{
	return vote > 0 ? "+1" : vote < 0 ? "-1" : "0";
}

/* Is the voter at address (a member's canonical address, as votes carry it) binding: that
 * address or one of the member's aliases named in the config's [votes] binding? 1, 0, or -1
 * when the config names no binding voter. aliases: the member's aliases by address. */
static int voter_binding(sqlite3_stmt *aliases, const struct rp_config *cfg, const char *address)
{
	int r = rp_config_is_binding(cfg, address);

	if (r != 0 || !aliases || !address)
		return r;
	sqlite3_reset(aliases);
	rp_bind_text(aliases, 1, address);
	while (!r && sqlite3_step(aliases) == SQLITE_ROW)
		r = rp_config_is_binding(cfg, (const char *)sqlite3_column_text(aliases, 0)) == 1;
	sqlite3_reset(aliases);
	return r;
}

/* The binding voters' tally of t into b; 0 when the config names none. */
static int binding_tally(sqlite3_stmt *aliases, const struct rp_config *cfg,
			 const struct rp_vote_thread *t, int b[3])
{
	size_t j;

	b[0] = b[1] = b[2] = 0;
	if (rp_config_is_binding(cfg, NULL) < 0)
		return 0;
	for (j = 0; j < t->n_votes; j++)
		if (voter_binding(aliases, cfg, t->votes[j].address) == 1)
			b[t->votes[j].vote > 0 ? 0 : t->votes[j].vote == 0 ? 1 : 2]++;
	return 1;
}

static json_t *tally_json(const int t[3])
{
	json_t *o = json_object();
	json_object_set_new(o, "+1", json_integer(t[0]));
	json_object_set_new(o, "0", json_integer(t[1]));
	json_object_set_new(o, "-1", json_integer(t[2]));
	return o;
}

int cmd_votes(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_votes v = { 0 };
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };
	sqlite3_stmt *aliases = NULL;
	const char *list = NULL;
	int json = 0, i, rc;
	size_t k, j;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
			list = argv[++i];
		} else if (strncmp(argv[i], "--list=", 7) == 0) {
			list = argv[i] + 7;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(votes_usage, stdout);
			return 0;
		} else {
			fprintf(stderr, "rapporteur votes: unexpected argument '%s'\n%s", argv[i], votes_usage);
			return RP_EXIT_USAGE;
		}
	}
	if ((rc = rp_cli_config(cli, &cfg, &err)) ||
	    (rc = rp_votes_collect(&v, cli->store, list, &err)) ||
	    (rp_config_is_binding(cfg, NULL) >= 0 &&
	     (rc = rp_store_prepare(cli->store, &aliases,
				    "SELECT a.alias FROM member m JOIN member_alias a ON a.member = m.id"
				    " WHERE m.address = ?1 COLLATE NOCASE",
				    &err)))) {
		rp_votes_release(&v);
		rp_config_free(cfg);
		return rp_cli_fail(&err);
	}
	if (json) {
		json_t *root = json_array();
		for (k = 0; k < v.n; k++) {
			const struct rp_vote_thread *t = &v.threads[k];
			json_t *o = json_object(), *votes = json_array();
			int b[3], has_b = binding_tally(aliases, cfg, t, b);
			for (j = 0; j < t->n_votes; j++) {
				int bind = voter_binding(aliases, cfg, t->votes[j].address);
				json_t *vo = json_object();
				json_object_set_new(vo, "voter", json_string(t->votes[j].voter));
				json_object_set_new(vo, "address", json_string(t->votes[j].address));
				json_object_set_new(vo, "vote", json_integer(t->votes[j].vote));
				json_object_set_new(vo, "message_id", json_string(t->votes[j].message_id));
				json_object_set_new(vo, "binding", bind < 0 ? json_null() : json_boolean(bind));
				json_array_append_new(votes, vo);
			}
			json_object_set_new(o, "thread", json_string(t->thread));
			json_object_set_new(o, "subject", json_string(t->subject));
			json_object_set_new(o, "votes", votes);
			json_object_set_new(o, "tally", tally_json(t->tally));
			json_object_set_new(o, "binding_tally", has_b ? tally_json(b) : json_null());
			if (t->has_result) {
				json_t *r = tally_json(t->result);
				json_object_set_new(r, "message_id", json_string(t->result_message_id));
				json_object_set_new(o, "result", r);
			} else {
				json_object_set_new(o, "result", json_null());
			}
			json_array_append_new(root, o);
		}
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		for (k = 0; k < v.n; k++) {
			const struct rp_vote_thread *t = &v.threads[k];
			int b[3], has_b = binding_tally(aliases, cfg, t, b);
			const int *cmp = has_b ? b : t->tally;
			printf("%s\n  counted: +1 %d, 0 %d, -1 %d", t->subject, t->tally[0], t->tally[1], t->tally[2]);
			if (has_b)
				printf("; binding: +1 %d, 0 %d, -1 %d", b[0], b[1], b[2]);
			if (t->has_result)
				printf("; announced: +1 %d, 0 %d, -1 %d%s", t->result[0], t->result[1], t->result[2],
				       memcmp(t->result, cmp, sizeof(t->tally)) ? " (differs)" : "");
			putchar('\n');
			for (j = 0; j < t->n_votes; j++)
				printf("  %s %s <%s>%s\n", vote_text(t->votes[j].vote), t->votes[j].shown, t->votes[j].address,
				       voter_binding(aliases, cfg, t->votes[j].address) == 1 ? " (binding)" : "");
		}
		if (!v.n)
			puts("no vote threads");
	}
	rp_votes_release(&v);
	rp_config_free(cfg);
	sqlite3_finalize(aliases);
	return 0;
}
