/* consensus: where the group stands on each section of a draft -- level, members by stance,
 * amendments, open objections, questions and near-duplicate clusters -- as text or JSON. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"

static const char consensus_usage[] =
	"usage: rapporteur consensus [--json] [--agreed N] [--rough N] [--share X] [--isolated N]\n"
	"                            [--similar X] [--no-analyse] DRAFT\n\n"
	"Prints, for each section of DRAFT (an id or an exact title) and then for the general\n"
	"comments, the consensus level (agreed, rough consensus, contested, single view, no\n"
	"comments), the members by their current stance, the proposed amendments, the open\n"
	"objections and the questions. One member is one voice; the latest stance wins.\n"
	"The analysis runs first when messages, decisions or the code changed since it last ran\n"
	"(as for points and compile); --no-analyse reads the stored analysis as it is.\n"
	"The thresholds come from the [consensus] section of the config (agreed_min_support,\n"
	"rough_min_support, rough_min_share, isolated_max, similarity); these options win:\n"
	"  --agreed N    members in favour (support or amend) for \"agreed\" (default 2)\n"
	"  --rough N     members in favour for \"rough consensus\" (default 2)\n"
	"  --share X     least share in favour among those taking a position (default 0.66)\n"
	"  --isolated N  at most N objectors count as isolated (default 1)\n"
	"  --similar X   token-set similarity that makes two points one cluster (default 0.5)\n"
	"  --json   {draft, sections[{section, heading, level, members{support, object, amend,\n"
	"           question, note: [address]}, amendments[{point, member, address, text,\n"
	"           proposed}], open_objections[{point, member, address, text, answered}],\n"
	"           questions[{point, member, address, text, answered}],\n"
	"           clusters[{label, points, members, representative, representative_point}]}]}\n";

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *items_json(const struct rp_consensus_item *v, size_t n, int proposed, int answered)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "point", json_integer(v[i].point));
		json_object_set_new(o, "member", jstr(v[i].member.name));
		json_object_set_new(o, "address", jstr(v[i].member.address));
		json_object_set_new(o, "text", jstr(v[i].text));
		if (proposed)
			json_object_set_new(o, "proposed", jstr(v[i].proposed));
		if (answered)
			json_object_set_new(o, "answered", json_boolean(v[i].answered));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *section_json(const struct rp_section_consensus *sc)
{
	json_t *o = json_object(), *members = json_object(), *clusters = json_array();
	size_t i, k;
	int l;

	json_object_set_new(o, "section",
			    json_string(sc->section ? rp_section_ref(sc->number, sc->heading) : "general"));
	json_object_set_new(o, "heading", jstr(sc->heading));
	json_object_set_new(o, "level", json_string(rp_consensus_level_name(sc->level)));
	for (l = RP_STANCE_SUPPORT; l <= RP_STANCE_NOTE; l++) {
		json_t *a = json_array();
		for (i = 0; i < sc->n_positions; i++)
			if ((int)sc->positions[i].label == l)
				json_array_append_new(a, json_string(sc->positions[i].member.address));
		json_object_set_new(members, rp_stance_name((enum rp_stance_label)l), a);
	}
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "amendments", items_json(sc->amendments, sc->n_amendments, 1, 0));
	json_object_set_new(o, "open_objections", items_json(sc->open_objections, sc->n_open_objections, 0, 1));
	json_object_set_new(o, "questions", items_json(sc->questions, sc->n_questions, 0, 1));
	for (i = 0; i < sc->n_clusters; i++) {
		const struct rp_cluster *c = &sc->clusters[i];
		json_t *co = json_object(), *pts = json_array(), *mem = json_array();
		for (k = 0; k < c->n_points; k++)
			json_array_append_new(pts, json_integer(c->points[k]));
		for (k = 0; k < c->n_members; k++)
			json_array_append_new(mem, json_string(c->members[k].address));
		json_object_set_new(co, "label", json_string(rp_stance_name(c->label)));
		json_object_set_new(co, "points", pts);
		json_object_set_new(co, "members", mem);
		json_object_set_new(co, "representative", jstr(c->representative));
		json_object_set_new(co, "representative_point", json_integer(c->representative_point));
		json_array_append_new(clusters, co);
	}
	json_object_set_new(o, "clusters", clusters);
	return o;
}

static void print_who(const struct rp_member_ref *m)
{
	if (m->shown && *m->shown)
		printf("%s <%s>", m->shown, m->address);
	else
		printf("<%s>", m->address);
}

static void section_text(const struct rp_section_consensus *sc)
{
	size_t i;
	int l;

	/* "no comments" over the section's own questions would contradict it */
	if (!sc->section)
		printf("general comments");
	else if (sc->number || sc->heading)
		printf("%s%s%s", sc->number ? sc->number : "", sc->number && sc->heading ? " " : "",
		       sc->heading ? sc->heading : "");
	else
		printf("preamble");
	printf(": %s\n",
	       sc->level == RP_LEVEL_NO_COMMENTS && sc->n_positions ? "no position taken"
								    : rp_consensus_level_name(sc->level));
	for (l = RP_STANCE_SUPPORT; l <= RP_STANCE_NOTE; l++) {
		int first = 1;
		for (i = 0; i < sc->n_positions; i++) {
			if ((int)sc->positions[i].label != l)
				continue;
			printf(first ? "  %-9s " : ", ", rp_stance_name((enum rp_stance_label)l));
			print_who(&sc->positions[i].member);
			first = 0;
		}
		if (!first)
			putchar('\n');
	}
	for (i = 0; i < sc->n_amendments; i++) {
		printf("  amendment [%lld] ", (long long)sc->amendments[i].point);
		print_who(&sc->amendments[i].member);
		if (sc->amendments[i].proposed)
			printf(": \"%s\"", sc->amendments[i].proposed);
		putchar('\n');
	}
	for (i = 0; i < sc->n_open_objections; i++) {
		printf("  open objection [%lld] ", (long long)sc->open_objections[i].point);
		print_who(&sc->open_objections[i].member);
		printf("%s\n", sc->open_objections[i].answered ? " (answered)" : "");
	}
	for (i = 0; i < sc->n_questions; i++) {
		printf("  question [%lld] ", (long long)sc->questions[i].point);
		print_who(&sc->questions[i].member);
		printf("%s\n", sc->questions[i].answered ? " (answered)" : "");
	}
}

/* What each threshold option means, hence the values it takes: a count of members is a
 * whole number ("--agreed 2.5" would be read as 2 without a word), a share is 0..1. */
static const struct threshold {
	const char *opt;
	double lo, hi;
	int whole;
	const char *wants;
} thresholds[] = {
	{ "--agreed", 1, 1e6, 1, "a whole number of members, 1 or more" },
	{ "--rough", 1, 1e6, 1, "a whole number of members, 1 or more" },
	{ "--share", 0, 1, 0, "a share from 0 to 1" },
	{ "--isolated", 0, 1e6, 1, "a whole number of objectors, 0 or more" },
	{ "--similar", 0, 1, 0, "a similarity from 0 to 1" },
};

static const struct threshold *threshold_of(const char *opt)
{
	size_t k;

	for (k = 0; k < sizeof(thresholds) / sizeof(thresholds[0]); k++)
		if (strcmp(opt, thresholds[k].opt) == 0)
			return &thresholds[k];
	return NULL;
}

/* A threshold option's value; 0 on success, RP_EUSAGE (said, naming the option and the
 * value) when missing or not what the option means. */
static int num_arg(int argc, char **argv, int *i, const struct threshold *t, double *out)
{
	char *end = NULL;
	const char *v;

	if (*i + 1 >= argc) {
		fprintf(stderr, "rapporteur consensus: %s wants a value: %s\n", t->opt, t->wants);
		return RP_EUSAGE;
	}
	v = argv[++*i];
	errno = 0;
	*out = strtod(v, &end);
	/* written as a range test that NaN fails ("nan" is a number to strtod) */
	if (errno || !*v || *end || !(*out >= t->lo && *out <= t->hi) ||
	    (t->whole && *out != (double)(long)*out)) {
		fprintf(stderr, "rapporteur consensus: %s '%.60s': wants %s\n", t->opt, v, t->wants);
		return RP_EUSAGE;
	}
	return 0;
}

static void set_threshold(struct rp_consensus_config *cfg, const char *opt, double x)
{
	if (strcmp(opt, "--agreed") == 0)
		cfg->agreed_min_support = (int)x;
	else if (strcmp(opt, "--rough") == 0)
		cfg->rough_min_support = (int)x;
	else if (strcmp(opt, "--share") == 0)
		cfg->rough_min_share = x;
	else if (strcmp(opt, "--isolated") == 0)
		cfg->isolated_max = (int)x;
	else
		cfg->cluster_jaccard = x;
}

int cmd_consensus(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_consensus_config cfg;
	double x = 0;
	struct rp_consensus c = { 0 };
	struct rp_error err = { 0 };
	const char *draft_arg = NULL;
	int64_t draft = 0;
	int json = 0, analyse = 1, i, rc;

	if (rp_cli_wants_help(argc, argv)) {
		fputs(consensus_usage, stdout);
		return 0;
	}
	/* The config first, the options then override it. */
	if ((rc = rp_cli_consensus_config(cli, &cfg, &err)))
		return rp_cli_fail(&err);
	for (i = 1; i < argc; i++) {
		const struct threshold *t;
		int bad = 0;
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--no-analyse") == 0) {
			analyse = 0;
		} else if ((t = threshold_of(argv[i]))) {
			if (!(bad = num_arg(argc, argv, &i, t, &x)))
				set_threshold(&cfg, t->opt, x);
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(consensus_usage, stdout);
			return 0;
		} else if (argv[i][0] == '-' || draft_arg) {
			fprintf(stderr, "rapporteur consensus: unexpected argument '%s'\n%s", argv[i], consensus_usage);
			return RP_EXIT_USAGE;
		} else {
			draft_arg = argv[i];
		}
		if (bad) {
			fputs(consensus_usage, stderr);
			return RP_EXIT_USAGE;
		}
	}
	if (!draft_arg) {
		fputs(consensus_usage, stderr);
		return RP_EXIT_USAGE;
	}
	rc = rp_cli_find_draft(cli->store, draft_arg, &draft, &err);
	if (!rc && analyse)
		rc = rp_analyse_draft(cli->store, draft, &err);
	if (!rc)
		rc = rp_consensus_compute(&c, cli->store, draft, &cfg, &err);
	if (rc)
		return rp_cli_fail(&err);
	if (json) {
		json_t *root = json_object(), *secs = json_array();
		size_t k;
		json_object_set_new(root, "draft", json_integer(draft));
		for (k = 0; k < c.n_sections; k++)
			json_array_append_new(secs, section_json(&c.sections[k]));
		json_object_set_new(root, "sections", secs);
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		size_t k;
		for (k = 0; k < c.n_sections; k++)
			section_text(&c.sections[k]);
	}
	rp_consensus_release(&c);
	return 0;
}
