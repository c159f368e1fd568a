/* set: a coordinator's manual decisions on a point (section, stance, disposition, note)
 * or on a message's inclusion in a draft's discussion. Stored apart from the analysis,
 * which applies them and never overwrites them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"

/* include= besides 0 (no) and 1 (yes): not given, or empty (remove the decision). */
enum { INCLUDE_UNSET = -1, INCLUDE_CLEAR = 2 };

static const char set_usage[] =
	"usage: rapporteur set POINT KEY=VALUE... [note=TEXT]\n"
	"       rapporteur set --draft DRAFT --message MESSAGE-ID include=yes|no [reason=TEXT]\n"
	"       rapporteur set --draft DRAFT --message MESSAGE-ID include=\n\n"
	"Record a manual decision; later analyses apply it and never overwrite it.\n"
	"  section=3.9|general        the section the point is about: its number, else its\n"
	"                             heading; \"preamble\" for the text before the first heading\n"
	"  stance=support|object|amend|question|note\n"
	"  disposition=accepted|rejected|noted|duplicate\n"
	"  note=TEXT                  a note shown in the comment matrix\n"
	"  KEY=                       (empty value) removes that decision\n"
	"  include=yes|no             count a message in the draft's discussion, or leave it out\n"
	"  include=                   removes that decision: the analysis judges the message again\n"
	"  --who NAME                 who decided (default: $USER)\n";

/* include= (empty): the message's inclusion by hand removed, said either way. */
static int set_clear(struct rp_cli *cli, int64_t draft, const char *message_id, struct rp_error *err)
{
	int removed, rc = rp_membership_clear(cli->store, draft, message_id, &removed, err);

	if (!rc && removed)
		printf("message <%s>: decision on its inclusion in draft %lld removed; the analysis "
		       "judges it again\n", message_id, (long long)draft);
	else if (!rc)
		printf("message <%s>: no decision on its inclusion in draft %lld to remove\n", message_id,
		       (long long)draft);
	return rc;
}

/* The options of set that take the next argument as their value (which may hold '='). */
static int takes_value(int argc, char **argv, int i)
{
	return i + 1 < argc && (strcmp(argv[i], "--who") == 0 || strcmp(argv[i], "--draft") == 0 ||
				strcmp(argv[i], "--message") == 0);
}

/* The first KEY=VALUE whose key is given again ("section=3.9 section=3.10"), else NULL:
 * one of the two would be stored silently, and the user meant only one. */
static const char *key_twice(int argc, char **argv)
{
	int i, j;

	for (i = 1; i < argc; i++) {
		size_t n = strcspn(argv[i], "=");

		if (takes_value(argc, argv, i)) {
			i++;
			continue;
		}
		if (!argv[i][n] || argv[i][0] == '-')
			continue;
		for (j = i + 1; j < argc; j++) {
			if (takes_value(argc, argv, j))
				j++;
			else if (strncmp(argv[i], argv[j], n + 1) == 0)
				return argv[i];
		}
	}
	return NULL;
}

int cmd_set(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	const char *who = getenv("USER"), *message = NULL, *reason = NULL;
	char *message_id = NULL;
	int64_t point = 0, draft = 0, pdraft = 0;
	char why[200] = "";
	int i, ordinal = 0, rc = 0, include = INCLUDE_UNSET, nkv = 0, changed = 0, removed;
	const char *twice;

	if (rp_cli_wants_help(argc, argv)) {
		fputs(set_usage, stdout);
		return 0;
	}
	if ((twice = key_twice(argc, argv))) {
		snprintf(why, sizeof(why), "%.*s= given twice: give each key once",
			 (int)strcspn(twice, "="), twice);
		goto usage;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(set_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--who") == 0 && i + 1 < argc)
			who = argv[++i];
		else if (strcmp(argv[i], "--draft") == 0 && i + 1 < argc) {
			if (rp_cli_parse_draft_id(argv[++i], &draft)) {
				snprintf(why, sizeof(why), "--draft wants a draft id, not '%.60s'", argv[i]);
				goto usage;
			}
		} else if (strcmp(argv[i], "--message") == 0 && i + 1 < argc)
			message = argv[++i];
		else if (strncmp(argv[i], "include=", 8) == 0) {
			const char *v = argv[i] + 8;
			if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) {
				include = strcmp(v, "yes") == 0;
			} else if (!*v) {
				include = INCLUDE_CLEAR;
			} else {
				snprintf(why, sizeof(why), "include= takes yes or no, not '%.60s'", v);
				goto usage;
			}
		} else if (strncmp(argv[i], "reason=", 7) == 0)
			reason = argv[i] + 7;
		else if (strchr(argv[i], '='))
			nkv++;
		else if (!point && rp_cli_parse_draft_id(argv[i], &point) == 0)
			;
		else {
			snprintf(why, sizeof(why), "%s '%.60s'",
				 argv[i][0] == '-' ? "unknown option, or one without its value:"
				 : point	   ? "one POINT only, not also"
						   : "not a point id (see 'rapporteur points DRAFT'):",
				 argv[i]);
			goto usage;
		}
	}
	if (message) {
		if (!draft || include == INCLUDE_UNSET || nkv || point ||
		    (include == INCLUDE_CLEAR && reason)) {
			snprintf(why, sizeof(why), "%s",
				 !draft ? "--message needs --draft DRAFT"
				 : include == INCLUDE_UNSET
				 ? "--message needs include=yes, include=no or include= (to remove it)"
				 : nkv || point ? "--message takes include= and reason= only, no POINT or KEY=VALUE"
						: "reason= goes with include=yes or include=no");
			goto usage;
		}
		if (message[0] == '<') {
			size_t n = strlen(message);
			message_id = rp_strndup(message + 1, n > 1 && message[n - 1] == '>' ? n - 2 : n - 1);
		} else
			message_id = rp_strdup(message);
		if (include == INCLUDE_CLEAR)
			rc = set_clear(cli, draft, message_id, &err);
		else
			rc = rp_membership_set(cli->store, draft, message_id, include, reason, who,
					       &err);
		if (!rc && include != INCLUDE_CLEAR)
			printf("message <%s> %s draft %lld\n", message_id,
			       include ? "included in" : "excluded from", (long long)draft);
		free(message_id);
		return rc ? rp_cli_fail(&err) : 0;
	}
	if (!point || !nkv || include != INCLUDE_UNSET) {
		snprintf(why, sizeof(why), "%s",
			 !point ? "which point? (its id, see 'rapporteur points DRAFT')"
			 : !nkv ? "what to set? (KEY=VALUE: section, stance, disposition, note)"
				: "include= goes with --draft and --message, not with a POINT");
		goto usage;
	}
	if ((rc = rp_point_identity(cli->store, point, &pdraft, &message_id, &ordinal, &err)))
		return rp_cli_fail(&err);
	if ((rc = rp_store_begin(cli->store, &err)))
		goto fail;
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '='), key[32];
		if (takes_value(argc, argv, i)) { /* --who a=b: a name, not a decision */
			i++;
			continue;
		}
		if (!eq || strncmp(argv[i], "include=", 8) == 0 || strncmp(argv[i], "reason=", 7) == 0)
			continue;
		if ((size_t)(eq - argv[i]) >= sizeof(key)) {
			rc = rp_error_set(&err, RP_EUSAGE, argv[i], "unknown key");
			break;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		if (eq[1]) {
			rc = rp_decision_set(cli->store, pdraft, message_id, ordinal, key, eq + 1, who, &err);
			changed++;
		} else if (!(rc = rp_decision_clear(cli->store, pdraft, message_id, ordinal, key, &removed,
						      &err))) {
			if (removed)
				changed++;
			else
				printf("point %lld (<%s> #%d): no %s decision to remove\n", (long long)point,
				       message_id, ordinal, key);
		}
		if (rc)
			break;
	}
	/* Nothing set and nothing there to remove: the decisions stay as they were. */
	if (rc || !changed) {
		rp_store_rollback(cli->store);
		if (rc)
			goto fail;
		free(message_id);
		return 0;
	}
	if ((rc = rp_store_commit(cli->store, &err)))
		goto fail;
	printf("point %lld (<%s> #%d): decision stored\n", (long long)point, message_id, ordinal);
	free(message_id);
	return 0;
fail:
	free(message_id);
	return rp_cli_fail(&err);
usage:
	if (*why)
		fprintf(stderr, "rapporteur set: %s\n", why);
	fputs(set_usage, stderr);
	return RP_EXIT_USAGE;
}
